import type { CheckoutStatus } from '../../../workflows/contract';
import { CHECKOUT_STATUSES } from '../../../workflows/contract';
import type { DecisionContext, Stimulus } from '../../../workflows/decide';
import { decide } from '../../../workflows/decide';
import type { OutcomeKind, ProviderEvent } from '../../../workflows/domain';
import { OUTCOME_KINDS } from '../../../workflows/domain';

const plain = { authorizeBeforeComplete: false };
const affirm = { authorizeBeforeComplete: true };
type Policy = typeof plain;

/** iwocaPay-like context unless told otherwise; the session is "ref-1". */
function at(status: CheckoutStatus, policy: Policy = plain): DecisionContext {
  return { status, policy, provider: 'iwocapay', sessionReference: 'ref-1' };
}

function event(kind: OutcomeKind, extra: Partial<ProviderEvent> = {}): Stimulus {
  return {
    type: 'event',
    event: {
      provider: 'iwocapay',
      kind,
      rawStatus: kind,
      occurredAt: '2025-01-01T00:00:00.000Z',
      eventId: `e-${kind}`,
      source: 'webhook',
      ...extra,
    },
  };
}

describe('decide', () => {
  it('maps each outcome kind of a provider without an authorize step', () => {
    expect(decide(at('awaitingCustomer', plain), event('fulfil'))).toEqual({ type: 'complete' });
    expect(decide(at('awaitingCustomer', plain), event('cancel'))).toEqual({
      type: 'cancel',
      reason: 'declined',
      atProvider: false,
    });
    expect(decide(at('awaitingCustomer', plain), event('wait'))).toEqual({
      type: 'keepWaiting',
      note: 'pending',
    });
    expect(decide(at('awaitingCustomer', plain), event('refund'))).toEqual({
      type: 'keepWaiting',
      note: 'refund',
    });
    expect(decide(at('awaitingCustomer', plain), event('unknown'))).toEqual({
      type: 'keepWaiting',
      note: 'unknownStatus',
    });
    // An authorize step from a provider that has none is not understood, never a completion.
    expect(decide(at('awaitingCustomer', plain), event('authorize'))).toEqual({
      type: 'keepWaiting',
      note: 'unknownStatus',
    });
  });

  it("calls a provider's own expiry an expiry, not a decline", () => {
    expect(decide(at('awaitingCustomer'), event('cancel', { rawStatus: 'expired' }))).toEqual({
      type: 'cancel',
      reason: 'expired',
      atProvider: false,
    });
  });

  it('authorizes before completing when the policy says so, and only with a token', () => {
    const withToken = (kind: OutcomeKind, extra: Partial<ProviderEvent> = {}) =>
      decide(at('awaitingCustomer', affirm), event(kind, { authorizationToken: 'tok', ...extra }));
    // The decision carries where the token came from: a browser's refused token decides nothing.
    expect(withToken('authorize')).toEqual({ type: 'authorize', checkoutToken: 'tok', source: 'webhook' });
    expect(withToken('fulfil', { source: 'redirect' })).toMatchObject({ source: 'redirect' });
    expect(decide(at('awaitingCustomer', affirm), event('authorize'))).toEqual({
      type: 'keepWaiting',
      note: 'missingToken',
    });
  });

  it('is monotonic: nothing changes a completed or cancelled checkout', () => {
    const stimuli: Stimulus[] = [
      ...OUTCOME_KINDS.map((kind) => event(kind, { authorizationToken: 'tok' })),
      { type: 'merchantCancel' },
      { type: 'deadline', deadline: 'ttl' },
      { type: 'deadline', deadline: 'sessionTimeout' },
    ];
    for (const status of ['completed', 'cancelled'] as const) {
      for (const stimulus of stimuli) {
        for (const policy of [plain, affirm]) {
          expect(decide(at(status, policy), stimulus)).toEqual({ type: 'ignore', note: 'afterDecision' });
        }
      }
    }
  });

  it('cancels on merchant request and at the TTL, closing the session at the provider', () => {
    for (const status of ['awaitingCustomer', 'timedOut'] as const) {
      expect(decide(at(status, plain), { type: 'merchantCancel' })).toEqual({
        type: 'cancel',
        reason: 'merchantCancelled',
        atProvider: true,
      });
      expect(decide(at(status, plain), { type: 'deadline', deadline: 'ttl' })).toEqual({
        type: 'cancel',
        reason: 'expired',
        atProvider: true,
      });
    }
  });

  it('times out only an open wait, once', () => {
    const timeout: Stimulus = { type: 'deadline', deadline: 'sessionTimeout' };
    expect(decide(at('awaitingCustomer', plain), timeout)).toEqual({ type: 'timeOut' });
    expect(decide(at('timedOut', plain), timeout)).toEqual({ type: 'ignore', note: 'notApplicable' });
    expect(decide(at('authorizing', plain), timeout)).toEqual({ type: 'ignore', note: 'notApplicable' });
  });

  it('still completes a timed-out checkout on a verified success (WiPay recovery window)', () => {
    expect(decide(at('timedOut', plain), event('fulfil'))).toEqual({ type: 'complete' });
  });

  it('never applies an event for another session or provider', () => {
    const foreign = { type: 'keepWaiting', note: 'foreignSession' };
    expect(decide(at('awaitingCustomer'), event('fulfil', { providerReference: 'ref-2' }))).toEqual(foreign);
    expect(decide(at('awaitingCustomer'), event('fulfil', { provider: 'wipay' }))).toEqual(foreign);
    expect(decide(at('awaitingCustomer'), event('fulfil', { providerReference: 'ref-1' }))).toEqual({
      type: 'complete',
    });
    // Authorize-first providers prove the token by authorizing it (and checking amount and order).
    expect(
      decide(
        at('awaitingCustomer', affirm),
        event('authorize', { providerReference: 'tok', authorizationToken: 'tok' }),
      ),
    ).toEqual({ type: 'authorize', checkoutToken: 'tok', source: 'webhook' });
  });

  it('covers every status', () => {
    for (const status of CHECKOUT_STATUSES)
      expect(decide(at(status, plain), event('wait')).type).toBeDefined();
  });

  describe('amounts', () => {
    const expected = { amount: '49.90', currency: 'EUR' };
    const checked = (extra: Partial<DecisionContext> = {}): DecisionContext => ({
      ...at('awaitingCustomer'),
      expected,
      ...extra,
    });

    it('completes when the reported amount is the same in any decimal spelling, or absent', () => {
      for (const amount of ['49.9', '49.90', '049.900', undefined])
        expect(decide(checked(), event('fulfil', { amount, currency: 'EUR' }))).toEqual({ type: 'complete' });
      expect(decide(checked(), event('fulfil', { currency: 'eur' }))).toEqual({ type: 'complete' });
      expect(decide(checked(), event('fulfil'))).toEqual({ type: 'complete' });
    });

    it('holds a completion whose amount or currency differs', () => {
      expect(decide(checked(), event('fulfil', { amount: '4.99' }))).toEqual({
        type: 'hold',
        reported: { amount: '4.99', currency: undefined },
        reportedBy: 'event',
      });
      expect(decide(checked(), event('fulfil', { amount: '49.90', currency: 'GBP' }))).toMatchObject({
        type: 'hold',
        reportedBy: 'event',
      });
      // Not a decimal at all is not the same amount.
      expect(decide(checked(), event('fulfil', { amount: '4.99e1' })).type).toBe('hold');
    });

    it("holds a completion when the session's create answer reported another amount", () => {
      const session = { amount: '499.00', currency: 'EUR' };
      expect(decide(checked({ sessionReported: session }), event('fulfil'))).toEqual({
        type: 'hold',
        reported: session,
        reportedBy: 'session',
      });
      expect(
        decide(checked({ sessionReported: { amount: '49.9', currency: 'EUR' } }), event('fulfil')).type,
      ).toBe('complete');
    });

    it('compares only completions: a decline with another amount still cancels', () => {
      expect(decide(checked(), event('cancel', { amount: '1.00' })).type).toBe('cancel');
    });
  });

  describe('a held checkout', () => {
    const held = at('held');

    it('is not ended by a deadline, a merchant cancel or any event; refunds are still listed', () => {
      expect(decide(held, { type: 'deadline', deadline: 'ttl' })).toEqual({
        type: 'ignore',
        note: 'notApplicable',
      });
      expect(decide(held, { type: 'merchantCancel' })).toEqual({ type: 'keepWaiting', note: 'held' });
      for (const kind of ['fulfil', 'cancel', 'wait', 'unknown'] as const)
        expect(decide(held, event(kind))).toEqual({ type: 'keepWaiting', note: 'held' });
      expect(decide(held, event('refund'))).toEqual({ type: 'keepWaiting', note: 'refund' });
    });

    it('follows ops: complete, or cancel without a last read at the provider', () => {
      expect(decide(held, { type: 'resolveHold', request: { action: 'complete' } })).toEqual({
        type: 'complete',
      });
      expect(decide(held, { type: 'resolveHold', request: { action: 'cancel', note: 'refunded' } })).toEqual({
        type: 'cancel',
        reason: 'opsCancelled',
        atProvider: false,
      });
    });

    it('ignores a resolution when not held', () => {
      const resolve: Stimulus = { type: 'resolveHold', request: { action: 'complete' } };
      expect(decide(at('awaitingCustomer'), resolve)).toEqual({ type: 'ignore', note: 'notApplicable' });
      expect(decide(at('completed'), resolve)).toEqual({ type: 'ignore', note: 'afterDecision' });
    });
  });
});
