// Affirm's merchant API as the simulator serves it: same paths, Basic auth with the
// public:private key pair, integer-cent amounts, Affirm's error body on every refusal.
import express from 'express';
import { constantTimeEqual } from '../../providers/crypto';
import { basicAuth } from '../../providers/http';
import { affirmAuthorizeRequestSchema, affirmCheckoutSchema } from '../../providers/affirm/schemas';
import { injectFaults } from '../control';
import type { SimulatedCheckout, SimulatedTransaction, SimulatorContext, StoredReply } from './state';
import { AFTER_SALE_OPERATIONS, refuse, runAfterSale } from './ledger';
import { affirmError, affirmId, affirmTimestamp, defaultErrorBody, isExpired } from './state';

/** Affirm authorizations expire after 30 days [doc]. */
const AUTHORIZATION_LIFETIME_MS = 30 * 24 * 3_600_000;

export function createApiRouter(ctx: SimulatorContext): express.Router {
  const router = express.Router();
  const expected = basicAuth(ctx.options.publicKey, ctx.options.privateKey);
  router.use('/api', express.json(), (req, res, next) => {
    if (constantTimeEqual(req.headers.authorization ?? '', expected)) return next();
    res
      .status(401)
      .json(affirmError(401, 'unauthorized', 'invalid-api-keys', 'Invalid public or private API key'));
  });

  router.post('/api/v2/checkout/direct', injectFaults(ctx.faults, 'create', defaultErrorBody), (req, res) => {
    const parsed = affirmCheckoutSchema.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') ?? '';
      return void res
        .status(400)
        .json(affirmError(400, 'invalid_request', 'invalid_field', issue?.message ?? '', field));
    }
    const body = parsed.data;
    const checkout: SimulatedCheckout = {
      id: affirmId(),
      orderId: body.order_id,
      total: body.total,
      currency: body.currency ?? 'USD',
      confirmationUrl: body.merchant.user_confirmation_url,
      confirmationAction: body.merchant.user_confirmation_url_action ?? 'POST',
      cancelUrl: body.merchant.user_cancel_url,
      state: 'created',
      created: affirmTimestamp(ctx.now()),
      expiresAt: expiryOf(body.checkout_expiration, body.expiration_time),
      events: [],
    };
    ctx.checkouts.set(checkout.id, checkout);
    res.json({
      checkout_id: checkout.id,
      redirect_url: `${ctx.options.baseUrl}/checkout/${checkout.id}/new`,
    });
  });

  // Read Checkout [doc: GET v2/checkout/{checkout_id}]: the checkout object. Its
  // `checkout_status` (pending | confirmed | failed | expired) follows third-party
  // descriptions of the API [3p]; Affirm's own reference does not list the field.
  router.get('/api/v2/checkout/:id', injectFaults(ctx.faults, 'read', defaultErrorBody), (req, res) => {
    const checkout = ctx.checkouts.get(req.params.id ?? '');
    if (!checkout)
      return void res.status(404).json(affirmError(404, 'not_found', 'not-found', 'Checkout not found'));
    res.json({
      checkout_id: checkout.id,
      order_id: checkout.orderId,
      total: checkout.total,
      currency: checkout.currency,
      checkout_status: checkoutStatusOf(ctx, checkout),
    });
  });

  router.post('/api/v1/transactions', injectFaults(ctx.faults, 'authorize', defaultErrorBody), (req, res) => {
    replyOnce(ctx, req, res, 'authorize', () => authorize(ctx, req.body));
  });

  // Read a transaction: the transaction object with its events [doc: GET v1/transactions/{id}].
  router.get('/api/v1/transactions/:id', (req, res) => {
    const transaction = ctx.transactions.get(req.params.id ?? '');
    if (!transaction)
      return void res
        .status(404)
        .json(affirmError(404, 'not_found', 'not-found', 'The transaction could not be found'));
    res.json(transactionBody(transaction));
  });
  for (const operation of Object.keys(AFTER_SALE_OPERATIONS) as Array<keyof typeof AFTER_SALE_OPERATIONS>) {
    router.post(
      `/api/v1/transactions/:id/${operation}`,
      injectFaults(ctx.faults, operation, defaultErrorBody),
      (req, res) => {
        const id = req.params.id ?? '';
        replyOnce(
          ctx,
          req,
          res,
          `${operation}:${id}`,
          () => runAfterSale(ctx, operation, id, req.body),
          operation,
        );
      },
    );
  }
  return router;
}

/** The confirmation stays readable after the authorization; an open checkout past its expiry is expired. */
function checkoutStatusOf(ctx: SimulatorContext, checkout: SimulatedCheckout): string {
  if (checkout.state === 'confirmed' || checkout.state === 'authorized') return 'confirmed';
  if (checkout.state === 'not_approved') return 'failed';
  return isExpired(ctx, checkout) ? 'expired' : 'pending';
}

/**
 * Affirm documents two deadlines: `checkout_expiration` (the checkout_id expires; whole
 * seconds, the schema refuses milliseconds) and `expiration_time` (confirmation refused
 * after it). The simulated checkout ends at the earlier of the two.
 */
function expiryOf(...deadlines: Array<string | undefined>): Date | undefined {
  const instants = deadlines.filter((d): d is string => d !== undefined).map((d) => Date.parse(d));
  return instants.length ? new Date(Math.min(...instants)) : undefined;
}

/** Same Idempotency-Key, same reply: a retried call never authorizes or voids twice. */
function replyOnce(
  ctx: SimulatorContext,
  req: express.Request,
  res: express.Response,
  scope: string,
  handle: () => StoredReply,
  operation?: string,
): void {
  const key = req.header('idempotency-key');
  const stored = key ? ctx.idempotent.get(`${scope}:${key}`) : undefined;
  const reply = stored ?? handle();
  if (key && !stored && reply.status < 300) ctx.idempotent.set(`${scope}:${key}`, reply);
  // Fault `{operation}-response`: the call took effect, but its answer is lost (a status
  // instead of it, or a delay past the caller's timeout), as a reset connection would.
  const lost = operation ? ctx.faults.take(`${operation}-response`) : undefined;
  if (!lost) return void res.status(reply.status).json(reply.body);
  const answer = () => res.status(lost.status ?? 500).json(lost.body ?? defaultErrorBody(lost.status ?? 500));
  if (lost.delayMs) setTimeout(answer, lost.delayMs).unref();
  else answer();
}

function authorize(ctx: SimulatorContext, rawBody: unknown): StoredReply {
  const parsed = affirmAuthorizeRequestSchema.safeParse(rawBody);
  if (!parsed.success) return refuse(400, 'invalid_field', 'transaction_id is required', 'transaction_id');
  const checkout = ctx.checkouts.get(parsed.data.transaction_id);
  if (!checkout) return refuse(400, 'checkout-token-invalid', 'Unknown checkout token', 'transaction_id');
  if (checkout.state === 'not_approved') return refuse(400, 'auth-declined', 'The customer was not approved');
  if (checkout.transactionId)
    return refuse(400, 'checkout-already-authorized', 'Checkout already authorized');
  if (checkout.state !== 'confirmed') return refuse(400, 'checkout-not-confirmed', 'Checkout not confirmed');
  if (isExpired(ctx, checkout)) return refuse(400, 'checkout-expired', 'The checkout has expired');
  const transaction: SimulatedTransaction = {
    id: `${affirmId(4)}-${affirmId(4)}`,
    checkoutId: checkout.id,
    // Affirm keeps the checkout object's order_id, so a token from another order shows it.
    orderId: checkout.orderId ?? parsed.data.order_id,
    amount: checkout.total,
    captured: 0,
    refunded: 0,
    currency: checkout.currency,
    status: 'authorized',
    created: ctx.now().toISOString(),
    authorizationExpiresAt: new Date(ctx.now().getTime() + AUTHORIZATION_LIFETIME_MS),
    events: [],
  };
  transaction.events.push({
    id: affirmId(),
    type: 'auth',
    amount: transaction.amount,
    created: transaction.created,
  });
  ctx.transactions.set(transaction.id, transaction);
  checkout.transactionId = transaction.id;
  checkout.state = 'authorized';
  return { status: 200, body: transactionBody(transaction) };
}

function transactionBody(transaction: SimulatedTransaction) {
  return {
    id: transaction.id,
    checkout_id: transaction.checkoutId,
    order_id: transaction.orderId,
    status: transaction.status,
    amount: transaction.amount,
    amount_refunded: transaction.refunded,
    currency: transaction.currency,
    created: transaction.created,
    authorization_expiration: transaction.authorizationExpiresAt.toISOString(),
    events: transaction.events,
  };
}
