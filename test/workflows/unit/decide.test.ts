import { CHECKOUT_STATUSES } from '../../../workflows/contract';
import type { Stimulus } from '../../../workflows/decide';
import { decide } from '../../../workflows/decide';
import type { OutcomeKind, ProviderEvent } from '../../../workflows/domain';
import { OUTCOME_KINDS } from '../../../workflows/domain';

const plain = { authorizeBeforeComplete: false };
const affirm = { authorizeBeforeComplete: true };

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
    expect(decide('awaitingCustomer', plain, event('fulfil'))).toEqual({ type: 'complete' });
    expect(decide('awaitingCustomer', plain, event('cancel'))).toEqual({
      type: 'cancel',
      reason: 'declined',
      atProvider: false,
    });
    expect(decide('awaitingCustomer', plain, event('wait'))).toEqual({
      type: 'keepWaiting',
      note: 'pending',
    });
    expect(decide('awaitingCustomer', plain, event('refund'))).toEqual({
      type: 'keepWaiting',
      note: 'refund',
    });
    expect(decide('awaitingCustomer', plain, event('unknown'))).toEqual({
      type: 'keepWaiting',
      note: 'unknownStatus',
    });
    // An authorize step from a provider that has none is not understood, never a completion.
    expect(decide('awaitingCustomer', plain, event('authorize'))).toEqual({
      type: 'keepWaiting',
      note: 'unknownStatus',
    });
  });

  it('authorizes before completing when the policy says so, and only with a token', () => {
    expect(decide('awaitingCustomer', affirm, event('authorize', { authorizationToken: 'tok' }))).toEqual({
      type: 'authorize',
      checkoutToken: 'tok',
    });
    expect(decide('awaitingCustomer', affirm, event('fulfil', { authorizationToken: 'tok' }))).toEqual({
      type: 'authorize',
      checkoutToken: 'tok',
    });
    expect(decide('awaitingCustomer', affirm, event('authorize'))).toEqual({
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
          expect(decide(status, policy, stimulus)).toEqual({ type: 'ignore', note: 'afterDecision' });
        }
      }
    }
  });

  it('cancels on merchant request and at the TTL, closing the session at the provider', () => {
    for (const status of ['awaitingCustomer', 'timedOut'] as const) {
      expect(decide(status, plain, { type: 'merchantCancel' })).toEqual({
        type: 'cancel',
        reason: 'merchantCancelled',
        atProvider: true,
      });
      expect(decide(status, plain, { type: 'deadline', deadline: 'ttl' })).toEqual({
        type: 'cancel',
        reason: 'expired',
        atProvider: true,
      });
    }
  });

  it('times out only an open wait, once', () => {
    const timeout: Stimulus = { type: 'deadline', deadline: 'sessionTimeout' };
    expect(decide('awaitingCustomer', plain, timeout)).toEqual({ type: 'timeOut' });
    expect(decide('timedOut', plain, timeout)).toEqual({ type: 'ignore', note: 'notApplicable' });
    expect(decide('authorizing', plain, timeout)).toEqual({ type: 'ignore', note: 'notApplicable' });
  });

  it('still completes a timed-out checkout on a verified success (WiPay recovery window)', () => {
    expect(decide('timedOut', plain, event('fulfil'))).toEqual({ type: 'complete' });
  });

  it('covers every status', () => {
    for (const status of CHECKOUT_STATUSES) expect(decide(status, plain, event('wait')).type).toBeDefined();
  });
});
