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
});
