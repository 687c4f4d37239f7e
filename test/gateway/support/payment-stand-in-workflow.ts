// TEST STAND-IN for the payment workflow (workflows/payment/payment.ts, built in parallel):
// registered only in the gateway tests' own worker, it implements just the part of the
// payment contract the gateway's refund routing needs, honestly: the providerRefund
// signal counted once per eventId, never above what was captured, and the paymentState
// query. A provider without a capture step has captured everything it authorized. The
// workflow ends once everything is refunded, as a finished payment does. Replace it by
// the real workflow once that lands.
import { condition, setHandler } from '@temporalio/workflow';
import { fromMinorUnits, isDecimalAmount, toMinorUnits } from '../../../src/money';
import { paymentStateQuery, providerRefundSignal } from '../../../workflows/payment/contract';
import type { PaymentInput, PaymentState, ProviderRefundNotice } from '../../../workflows/payment/contract';

export async function paymentStandInWorkflow(input: PaymentInput): Promise<PaymentState> {
  const captured = toMinorUnits(input.amount);
  let refunded = 0;
  const seen = new Set<string>();
  const state: PaymentState = {
    checkoutId: input.checkoutId,
    merchantOrderId: input.merchantOrderId,
    provider: input.provider,
    currency: input.currency,
    status: 'captured',
    authorized: fromMinorUnits(captured),
    captured: fromMinorUnits(captured),
    refunded: fromMinorUnits(0),
    voided: false,
    captures: [],
    refunds: [],
    shipments: [],
    attention: [],
  };

  const applyRefund = (notice: ProviderRefundNotice): void => {
    if (seen.has(notice.eventId)) return;
    seen.add(notice.eventId);
    const open = captured - refunded;
    const asked =
      notice.amount === undefined ? open : isDecimalAmount(notice.amount) ? toMinorUnits(notice.amount) : -1;
    if (asked <= 0 || asked > open) {
      state.attention.push({
        kind: 'providerRefundOverCaptured',
        at: notice.occurredAt,
        detail: `provider refund ${notice.eventId} is not within the ${fromMinorUnits(open)} still refundable`,
      });
      return;
    }
    refunded += asked;
    state.refunded = fromMinorUnits(refunded);
    state.status = refunded === captured ? 'refunded' : 'partiallyRefunded';
    state.refunds.push({
      id: `provider-refund-${state.refunds.length + 1}`,
      amount: fromMinorUnits(asked),
      status: 'succeeded',
      at: notice.occurredAt,
      source: 'provider',
      eventId: notice.eventId,
    });
  };

  setHandler(providerRefundSignal, applyRefund);
  setHandler(paymentStateQuery, () => state);
  await condition(() => refunded === captured);
  return state;
}
