// The money after the order, end to end (issue 11), as a merchant meets it: real
// processes, the Temporal dev server, PostgreSQL, the Affirm simulator. An Affirm
// checkout is paid, captured in two parts through POST /checkouts/:id/captures, partly
// refunded through /refunds (each with an Idempotency-Key), and GET /checkouts/:id shows
// the totals; at the end the simulator's ledger for the transaction equals ours.
// Needs the payment workflow and merchant routes (pay-core) and the Affirm simulator's
// capture/refund endpoints and ledger (pay-providers): it fails until both are merged.
import { z } from 'zod';
import { APPROVE_BODY, actAsCustomer, sampleCheckoutRequest } from '../../src/demo/merchant-client';
import { bodyOf } from '../../src/demo/payment-answers';
import type { ApiResult, PaymentSummary } from '../../src/demo/payment-answers';
import { fromMinorUnits, toMinorUnits } from '../../src/money';
import { startStack } from './support/stack';
import type { Stack } from './support/stack';

jest.setTimeout(240_000);

let stack: Stack;

beforeAll(async () => {
  stack = await startStack('payments');
}, 240_000);

afterAll(async () => {
  await stack?.close();
});

function ok<T>(result: ApiResult<T>, status: number): T {
  const body = bodyOf(`expected ${status}:`, result);
  expect(result.status).toBe(status);
  return body;
}

/** The payment as GET shows it now; it must be there. */
async function paymentNow(checkoutId: string): Promise<PaymentSummary> {
  const payment = ok(await stack.api.getPayment(checkoutId), 200);
  if (!payment) throw new Error(`GET /checkouts/${checkoutId} shows no payment`);
  return payment;
}

const controlSession = z.object({ transactionId: z.string().min(1) });
/** The simulator's ledger in cents, with Affirm's transaction events (auth, capture, refund, void, update). */
const ledgerSchema = z.object({
  captured: z.number().int(),
  refunded: z.number().int(),
  events: z.array(z.object({ type: z.string(), amount: z.number().int().optional() })),
});

/**
 * The simulator's ledger for the checkout's Affirm transaction, from its control API
 * (GET /affirm/_sandbox/transactions/{id}), as captured and refunded decimal strings;
 * its totals must agree with its own list of capture and refund events.
 */
async function simulatorTotals(
  affirmCheckoutId: string | null,
): Promise<{ captured: string; refunded: string }> {
  if (affirmCheckoutId === null) throw new Error('the checkout has no Affirm checkout id');
  const base = `${stack.sandboxUrl}/affirm/_sandbox`;
  const session = controlSession.parse(await (await fetch(`${base}/sessions/${affirmCheckoutId}`)).json());
  const ledgerAnswer = await fetch(`${base}/transactions/${encodeURIComponent(session.transactionId)}`);
  expect(ledgerAnswer.status).toBe(200);
  const ledger = ledgerSchema.parse(await ledgerAnswer.json());
  const sum = (type: string) =>
    ledger.events
      .filter((event) => event.type === type)
      .reduce((total, event) => total + (event.amount ?? 0), 0);
  expect({ captured: sum('capture'), refunded: sum('refund') }).toEqual({
    captured: ledger.captured,
    refunded: ledger.refunded,
  });
  return { captured: fromMinorUnits(ledger.captured), refunded: fromMinorUnits(ledger.refunded) };
}

it('Affirm: checkout, two partial captures, a partial refund; GET shows the totals and the simulator agrees', async () => {
  const created = await stack.api.createCheckout(
    sampleCheckoutRequest('affirm', `e2e-pay-${Date.now()}`, '49.95'),
  );
  expect(created.status).toBe(201);
  const { checkoutId, providerReference } = created.body;
  const acted = await actAsCustomer(
    stack.sandboxUrl,
    'affirm',
    providerReference,
    'approve',
    APPROVE_BODY.affirm,
  );
  expect(acted.status).toBeLessThan(300);
  expect((await stack.api.waitForStatus(checkoutId, ['completed', 'cancelled'], 60_000)).status).toBe(
    'completed',
  );

  // AFFIRM_CAPTURE defaults to manual: authorized, nothing captured yet.
  const before = await stack.api.waitForPayment(checkoutId, 20_000);
  expect(before).toMatchObject({ authorized: '49.95', captured: '0.00', refunded: '0.00' });
  expect(before.authorizationExpiresAt).toEqual(expect.any(String));

  const shipping = { carrier: 'UPS', trackingNumber: '1Z999AA10123456784' };
  const first = ok(
    await stack.api.capture(checkoutId, { amount: '30.00', shipping }, `${checkoutId}-cap-1`),
    201,
  );
  expect(first.capture).toMatchObject({ amount: '30.00' });
  // The same key again: the first answer, nothing captured twice.
  const repeat = ok(
    await stack.api.capture(checkoutId, { amount: '30.00', shipping }, `${checkoutId}-cap-1`),
    201,
  );
  expect(repeat.capture.id).toBe(first.capture.id);
  const rest = ok(await stack.api.capture(checkoutId, {}, `${checkoutId}-cap-2`), 201);
  expect(rest.capture.amount).toBe('19.95');
  // Fully captured: nothing more can be captured.
  const more = await stack.api.capture(checkoutId, { amount: '0.01' }, `${checkoutId}-cap-3`);
  expect(more.status).toBe(409);

  const refund = ok(
    await stack.api.refund(
      checkoutId,
      { amount: '10.00', reason: 'one item returned' },
      `${checkoutId}-ref-1`,
    ),
    201,
  );
  expect(refund.refund.amount).toBe('10.00');
  const tooMuch = await stack.api.refund(checkoutId, { amount: '40.00' }, `${checkoutId}-ref-2`);
  expect(tooMuch.status).toBe(422);

  const after = await paymentNow(checkoutId);
  expect(after).toMatchObject({ authorized: '49.95', captured: '49.95', refunded: '10.00' });
  expect(after.captures.map((capture) => capture.amount)).toEqual(['30.00', '19.95']);
  expect(after.refunds.map((entry) => entry.amount)).toEqual(['10.00']);
  expect(toMinorUnits(after.refunded)).toBeLessThanOrEqual(toMinorUnits(after.captured));

  expect(await simulatorTotals(providerReference)).toEqual({
    captured: after.captured,
    refunded: after.refunded,
  });
});

it('WeGetFinancing: a refund postback after completion, delivered 5 times, is counted once in the totals', async () => {
  const created = await stack.api.createCheckout(
    sampleCheckoutRequest('wegetfinancing', `e2e-wgf-refund-${Date.now()}`, '49.95'),
  );
  expect(created.status).toBe(201);
  const { checkoutId, providerReference } = created.body;
  await actAsCustomer(stack.sandboxUrl, 'wegetfinancing', providerReference, 'approve');
  expect((await stack.api.waitForStatus(checkoutId, ['completed'], 60_000)).status).toBe('completed');
  // No capture step at WeGetFinancing: what was approved is captured.
  expect(await stack.api.waitForPayment(checkoutId, 20_000)).toMatchObject({
    captured: '49.95',
    refunded: '0.00',
  });

  const deliverer = stack.sandbox.simulators.wegetfinancing.deliverer;
  const refund = await actAsCustomer(stack.sandboxUrl, 'wegetfinancing', providerReference, 'refund', {
    amount: '15.00',
    delivery: { copies: 5 },
  });
  expect(refund.status).toBe(200);
  await deliverer.idle();
  const answered = deliverer.attempts.filter((attempt) => attempt.url.endsWith('/webhooks/wegetfinancing'));
  expect(answered.slice(-5).map((attempt) => attempt.status)).toEqual([200, 200, 200, 200, 200]);

  let payment = await paymentNow(checkoutId);
  for (let attempt = 0; attempt < 50 && payment.refunded === '0.00'; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    payment = await paymentNow(checkoutId);
  }
  expect(payment).toMatchObject({ captured: '49.95', refunded: '15.00' });
  expect(payment.refunds.map((entry) => entry.amount)).toEqual(['15.00']);
});
