// The payment book's rules as pure functions: what validators refuse, with which type,
// how pending amounts count, and how provider refund notices are clamped.
import { ApplicationFailure } from '@temporalio/common';
import { affirmCaptureModeFromEnv } from '../../../src/config/payments';
import type { PaymentState } from '../../../workflows/payment/contract';
import { PAYMENT_REFUSALS } from '../../../workflows/payment/contract';
import type { Book } from '../../../workflows/payment/ledger';
import {
  checkCapture,
  checkRefund,
  checkShipment,
  checkVoid,
  isFinished,
  providerRefund,
  statusOf,
} from '../../../workflows/payment/ledger';
import { decimalOf, minorOf } from '../../../workflows/money';
import { PAYMENT_POLICIES } from '../../../workflows/payment/policies';

function book(changes: Partial<PaymentState> = {}, provider: 'affirm' | 'wipay' = 'affirm'): Book {
  return {
    state: {
      checkoutId: 'o-a1',
      merchantOrderId: 'o',
      provider,
      currency: 'USD',
      status: 'authorized',
      authorized: '100.00',
      captured: provider === 'affirm' ? '0.00' : '100.00',
      refunded: '0.00',
      voided: false,
      captures: [],
      refunds: [],
      shipments: [],
      attention: [],
      ...changes,
    },
    policy: PAYMENT_POLICIES[provider],
    capabilities: { capture: true, refund: true, void: true, updateShipping: true },
    expired: false,
    pending: { capture: 0, refund: 0 },
  };
}

function refusal(check: () => unknown): string | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    if (error instanceof ApplicationFailure) return error.type ?? undefined;
    throw error;
  }
}

describe('payment ledger', () => {
  it('parses decimal strings to minor units without floats, and back', () => {
    expect([minorOf('0.1'), minorOf('19.99'), minorOf('1344'), minorOf('0.07')]).toEqual([
      10, 1999, 134400, 7,
    ]);
    for (const bad of ['1.234', '-1', '1e3', ' 1', '01', '', '1.']) expect(minorOf(bad)).toBeUndefined();
    expect([decimalOf(0), decimalOf(7), decimalOf(134400)]).toEqual(['0.00', '0.07', '1344.00']);
  });

  it('captures up to the authorization, counting what is pending', () => {
    const b = book({ captured: '60.00' });
    expect(checkCapture(b, '40.00')).toBe(4000);
    expect(checkCapture(b, undefined)).toBe(4000);
    b.pending.capture = 3000;
    expect(refusal(() => checkCapture(b, '10.01'))).toBe(PAYMENT_REFUSALS.invalidAmount);
    expect(checkCapture(b, '10.01', false)).toBe(1001);
    expect(refusal(() => checkCapture(b, '0'))).toBe(PAYMENT_REFUSALS.invalidAmount);
    expect(refusal(() => checkCapture(b, '1.001'))).toBe(PAYMENT_REFUSALS.invalidAmount);
  });

  it('refuses a capture after a void, after expiry, when fully captured, or where the money was taken at once', () => {
    expect(refusal(() => checkCapture(book({ voided: true }), undefined))).toBe(PAYMENT_REFUSALS.conflict);
    expect(refusal(() => checkCapture({ ...book(), expired: true }, undefined))).toBe(
      PAYMENT_REFUSALS.conflict,
    );
    expect(refusal(() => checkCapture(book({ captured: '100.00' }), undefined))).toBe(
      PAYMENT_REFUSALS.conflict,
    );
    expect(refusal(() => checkCapture(book({}, 'wipay'), '1.00'))).toBe(PAYMENT_REFUSALS.conflict);
    const noCall = {
      ...book(),
      capabilities: { capture: false, refund: true, void: true, updateShipping: false },
    };
    expect(refusal(() => checkCapture(noCall, '1.00'))).toBe(PAYMENT_REFUSALS.notSupported);
    expect(refusal(() => checkShipment(noCall, false))).toBe(PAYMENT_REFUSALS.notSupported);
  });

  it('refunds up to what was captured, never after a void; voids only before a capture', () => {
    expect(refusal(() => checkRefund(book(), '1.00'))).toBe(PAYMENT_REFUSALS.conflict);
    const b = book({ captured: '50.00', refunded: '20.00' });
    expect(checkRefund(b, '30.00')).toBe(3000);
    b.pending.refund = 1;
    expect(refusal(() => checkRefund(b, '30.00'))).toBe(PAYMENT_REFUSALS.invalidAmount);
    expect(refusal(() => checkRefund(book({ captured: '50.00', refunded: '50.00' }), '0.01'))).toBe(
      PAYMENT_REFUSALS.conflict,
    );
    expect(refusal(() => checkVoid(b))).toBe(PAYMENT_REFUSALS.conflict);
    expect(refusal(() => checkVoid(book({}, 'wipay')))).toBe(PAYMENT_REFUSALS.notSupported);
    expect(refusal(() => checkVoid(book()))).toBeUndefined();
  });

  it('counts a provider refund once per event id, clamped to what is left, and says when it was over', () => {
    const b = book({ captured: '30.00' });
    const at = '2026-01-01T00:00:00.000Z';
    expect(providerRefund(b, { eventId: 'e1', amount: '10.00', occurredAt: at }, at)).toMatchObject({
      over: false,
    });
    expect(providerRefund(b, { eventId: 'e1', amount: '10.00', occurredAt: at }, at)).toEqual({
      over: false,
    });
    expect(providerRefund(b, { eventId: 'e2', amount: '25.00', occurredAt: at }, at)).toMatchObject({
      over: true,
    });
    expect(b.state).toMatchObject({ refunded: '30.00', status: 'refunded' });
    expect(b.state.refunds.map((r) => r.amount)).toEqual(['10.00', '20.00']);
  });

  it('derives the status and when nothing more can happen', () => {
    expect(statusOf(book({ captured: '40.00' }))).toBe('partiallyCaptured');
    expect(statusOf({ ...book({ captured: '40.00' }), expired: true })).toBe('captured');
    expect(statusOf({ ...book(), expired: true })).toBe('expired');
    expect(isFinished({ ...book(), expired: true })).toBe(true);
    expect(isFinished(book({ captured: '40.00', refunded: '40.00' }))).toBe(false);
    expect(isFinished(book({ captured: '100.00', refunded: '100.00' }))).toBe(true);
    expect(isFinished(book({ voided: true }))).toBe(true);
  });

  it('reads AFFIRM_CAPTURE: manual by default, onComplete, and a clear error otherwise', () => {
    expect(affirmCaptureModeFromEnv({})).toBe('manual');
    expect(affirmCaptureModeFromEnv({ AFFIRM_CAPTURE: ' ' })).toBe('manual');
    expect(affirmCaptureModeFromEnv({ AFFIRM_CAPTURE: 'onComplete' })).toBe('onComplete');
    expect(() => affirmCaptureModeFromEnv({ AFFIRM_CAPTURE: 'later' })).toThrow(
      'AFFIRM_CAPTURE must be one of manual, onComplete',
    );
  });
});
