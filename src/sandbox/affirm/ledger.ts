// What Affirm does to an authorized transaction after the order: capture (in full or, with
// split capture, in parts), refund, void, and shipping updates. Each operation checks the
// ledger first and answers Affirm's error code when Affirm would refuse [doc: error codes
// page], so nothing a refusal names is ever written. Amounts are integer cents.
import { z } from 'zod';
import type {
  AffirmCaptureRequest,
  AffirmRefundRequest,
  AffirmUpdateRequest,
} from '../../providers/affirm/schemas';
import {
  affirmCaptureRequestSchema,
  affirmRefundRequestSchema,
  affirmUpdateRequestSchema,
} from '../../providers/affirm/schemas';
import type { SimulatedTransaction, SimulatorContext, StoredReply, TransactionEvent } from './state';
import { affirmError, affirmId } from './state';

export function refuse(status: number, code: string, message: string, field?: string): StoredReply {
  return { status, body: affirmError(status, 'invalid_request', code, message, field) };
}

const notFound = (): StoredReply => ({
  status: 404,
  body: affirmError(404, 'not_found', 'not-found', 'The transaction could not be found'),
});

function invalidBody(error: { issues: Array<{ path: PropertyKey[]; message: string }> }): StoredReply {
  const issue = error.issues[0];
  return refuse(400, 'invalid_field', issue?.message ?? 'invalid request', issue?.path.join('.'));
}

function isExpiredAuthorization(ctx: SimulatorContext, transaction: SimulatedTransaction): boolean {
  return ctx.now().getTime() >= transaction.authorizationExpiresAt.getTime();
}

function record(
  ctx: SimulatorContext,
  transaction: SimulatedTransaction,
  event: Omit<TransactionEvent, 'id' | 'created'>,
): TransactionEvent {
  const full: TransactionEvent = { id: affirmId(), created: ctx.now().toISOString(), ...event };
  transaction.events.push(full);
  return full;
}

/** The capture (or refund) object Affirm answers with [doc: the capture object]. */
function eventBody(transaction: SimulatedTransaction, event: TransactionEvent, extra: object) {
  return {
    id: event.id,
    transaction_id: transaction.id,
    type: event.type,
    amount: event.amount,
    currency: transaction.currency,
    order_id: event.order_id ?? transaction.orderId,
    created: event.created,
    ...extra,
  };
}

function capture(
  ctx: SimulatorContext,
  transaction: SimulatedTransaction,
  body: AffirmCaptureRequest,
): StoredReply {
  if (transaction.status === 'voided') return refuse(400, 'capture-voided', 'Cannot capture voided charge');
  if (isExpiredAuthorization(ctx, transaction))
    return refuse(400, 'expired-authorization', 'Cannot capture a charge with an expired authorization hold');
  const capturable = transaction.amount - transaction.captured;
  if (capturable <= 0) return refuse(409, 'capture-limit-exceeded', 'Nothing left to capture on this charge');
  // Without `amount` Affirm captures the whole authorization [doc: amount is for split capture].
  const amount = body.amount ?? capturable;
  if (amount > capturable) {
    return refuse(
      409,
      'capture-limit-exceeded',
      'Cannot capture for an amount greater than the total capturable balance',
      'amount',
    );
  }
  transaction.captured += amount;
  transaction.status = transaction.captured === transaction.amount ? 'captured' : 'partially_captured';
  const event = record(ctx, transaction, {
    type: 'capture',
    amount,
    order_id: body.order_id,
    shipping_carrier: body.shipping_carrier,
    shipping_confirmation: body.shipping_confirmation,
  });
  return { status: 200, body: eventBody(transaction, event, { fee: 0 }) };
}

function refund(
  ctx: SimulatorContext,
  transaction: SimulatedTransaction,
  body: AffirmRefundRequest,
): StoredReply {
  if (transaction.status === 'voided') return refuse(400, 'refund-voided', 'Cannot refund a voided charge');
  if (transaction.captured === 0)
    return refuse(400, 'refund-uncaptured', 'Cannot refund a charge that has not been captured');
  const refundable = transaction.captured - transaction.refunded;
  // Without `amount` Affirm refunds everything captured and not yet refunded [doc].
  const amount = body.amount ?? refundable;
  if (amount > refundable || refundable <= 0)
    return refuse(400, 'refund-exceeded', 'Exceeded maximum refund', 'amount');
  transaction.refunded += amount;
  transaction.status = transaction.refunded === transaction.amount ? 'refunded' : 'partially_refunded';
  const event = record(ctx, transaction, { type: 'refund', amount });
  return { status: 200, body: eventBody(transaction, event, { fee_refunded: 0 }) };
}

function voidTransaction(ctx: SimulatorContext, transaction: SimulatedTransaction): StoredReply {
  // Affirm voids an authorization that nothing was captured from yet [doc: void].
  if (transaction.status !== 'authorized') return refuse(400, 'transaction-not-authorized', 'Not authorized');
  transaction.status = 'voided';
  const event = record(ctx, transaction, { type: 'void', amount: transaction.amount - transaction.captured });
  return { status: 200, body: eventBody(transaction, event, {}) };
}

function update(
  ctx: SimulatorContext,
  transaction: SimulatedTransaction,
  body: AffirmUpdateRequest,
): StoredReply {
  if (transaction.status === 'voided')
    return refuse(400, 'transaction-voided', 'Cannot update a voided charge');
  const event = record(ctx, transaction, {
    type: 'update',
    order_id: body.order_id,
    shipping_carrier: body.shipping_carrier,
    shipping_confirmation: body.shipping_confirmation,
  });
  return { status: 200, body: eventBody(transaction, event, {}) };
}

interface AfterSaleOperation<B> {
  schema: z.ZodType<B, z.ZodTypeDef, unknown>;
  apply(ctx: SimulatorContext, transaction: SimulatedTransaction, body: B): StoredReply;
}

const operation = <B>(op: AfterSaleOperation<B>): AfterSaleOperation<unknown> =>
  op as AfterSaleOperation<unknown>;

/** `POST /api/v1/transactions/{id}/{name}` for each name here. */
export const AFTER_SALE_OPERATIONS = {
  capture: operation({ schema: affirmCaptureRequestSchema, apply: capture }),
  refund: operation({ schema: affirmRefundRequestSchema, apply: refund }),
  void: operation({ schema: z.unknown(), apply: voidTransaction }),
  update: operation({ schema: affirmUpdateRequestSchema, apply: update }),
};

/** Finds the transaction and reads the body, then lets the operation decide. */
export function runAfterSale(
  ctx: SimulatorContext,
  name: keyof typeof AFTER_SALE_OPERATIONS,
  id: string,
  rawBody: unknown,
): StoredReply {
  const transaction = ctx.transactions.get(id);
  if (!transaction) return notFound();
  const op = AFTER_SALE_OPERATIONS[name];
  const parsed = op.schema.safeParse(rawBody ?? {});
  if (!parsed.success) return invalidBody(parsed.error);
  return op.apply(ctx, transaction, parsed.data);
}

/** The ledger as the control API shows it (cents), so a test can compare it with ours. */
export function ledgerOf(ctx: SimulatorContext, transaction: SimulatedTransaction) {
  return {
    id: transaction.id,
    checkout_id: transaction.checkoutId,
    order_id: transaction.orderId,
    status: transaction.status,
    currency: transaction.currency,
    authorized: transaction.amount,
    captured: transaction.captured,
    refunded: transaction.refunded,
    voided: transaction.status === 'voided',
    authorization_expiration: transaction.authorizationExpiresAt.toISOString(),
    /** Past the window nothing more can be captured; Affirm voids what was not [doc]. */
    authorization_expired: isExpiredAuthorization(ctx, transaction),
    events: transaction.events,
  };
}
