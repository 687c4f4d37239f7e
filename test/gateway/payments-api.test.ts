// The merchant API after the order, on the dev server with the real gateway, worker and
// Affirm simulator: an Affirm checkout completed through the API is captured, shipped,
// refunded and voided through it. Affirm's capture and refund are carried out by the
// TEST-LOCAL ledger adapter (the simulator has no such endpoints yet); its void is the
// simulator's own.
import type { ProviderRegistry } from '../../src/providers/registry';
import { paymentWorkflowId } from '../../workflows/payment/contract';
import type { ProviderAdapter } from '../../src/providers/types';
import type { LedgerAdapter } from '../workflows/support/ledger-adapter';
import { createLedgerAdapter } from '../workflows/support/ledger-adapter';
import type { OpenedCheckout } from './support/checkouts';
import { openCheckout, readState, waitForStatus } from './support/checkouts';
import type { Harness } from './support/harness';
import { API_KEY, startHarness } from './support/harness';
import type { Answer } from './support/http';
import { record, send } from './support/http';
import { pollUntil } from '../helpers/poll-until';

let h: Harness;
let ledger: LedgerAdapter;

/** Affirm as configured against the simulator, with capture, refund and shipping from the ledger. */
function withLedger(real: ProviderRegistry): ProviderRegistry {
  ledger = createLedgerAdapter('affirm', () => Date.now());
  const affirm = real.get('affirm');
  const hybrid: ProviderAdapter = Object.assign(Object.create(affirm) as ProviderAdapter, {
    capture: ledger.capture,
    refund: ledger.refund,
    updateShipping: ledger.updateShipping,
  });
  return { ...real, get: (id) => (id === 'affirm' ? hybrid : real.get(id)) };
}

beforeAll(async () => {
  h = await startHarness({ wrapProviders: withLedger });
}, 120_000);
afterAll(() => h?.close());

function post(
  path: string,
  body?: unknown,
  idempotencyKey?: string,
  key: string | null = API_KEY,
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (key !== null) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
  return send(`${h.url}${path}`, {
    method: 'POST',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** An Affirm checkout approved at the simulator and completed; the ledger mirrors its authorization. */
async function completedAffirm(): Promise<OpenedCheckout & { transactionId: string }> {
  const checkout = await openCheckout(h, 'affirm');
  await h.sandboxes.control('affirm', `/sessions/${checkout.providerReference}/approve`, {
    followRedirect: true,
  });
  const state = await waitForStatus(h, checkout.checkoutId, 'completed');
  const transactionId = String(record(state.order).providerTransactionId);
  ledger.open(transactionId, '49.95', { validDays: 30 });
  return { ...checkout, transactionId };
}

async function paymentOf(checkoutId: string): Promise<Record<string, unknown>> {
  const state = await pollUntil(
    () => readState(h, checkoutId),
    (read) => Boolean(read.payment),
    { what: 'the payment in GET /checkouts/:id', intervalMs: 100 },
  );
  return record(state.payment);
}

const errorCode = (answer: Answer) => record(record(answer.json).error).code;

describe('merchant API: payments', () => {
  it('captures in part, repeats by Idempotency-Key, refunds in part, and GET shows the totals', async () => {
    const { checkoutId, transactionId } = await completedAffirm();
    expect(await paymentOf(checkoutId)).toMatchObject({
      status: 'authorized',
      authorized: '49.95',
      captured: '0.00',
      refunded: '0.00',
      voided: false,
      authorizationExpiresAt: expect.any(String),
    });
    const body = { amount: '20.00', shipping: { carrier: 'UPS', trackingNumber: '1Z999AA1' } };
    const first = await post(`/checkouts/${checkoutId}/captures`, body, 'cap-1');
    expect(first.status).toBe(201);
    expect(record(first.json).capture).toMatchObject({ amount: '20.00', status: 'succeeded' });
    const repeat = await post(`/checkouts/${checkoutId}/captures`, body, 'cap-1');
    expect(repeat.status).toBe(201);
    expect(repeat.json).toEqual(first.json);
    const reused = await post(`/checkouts/${checkoutId}/captures`, { amount: '1.00' }, 'cap-1');
    expect([reused.status, errorCode(reused)]).toEqual([409, 'payment_conflict']);
    expect(ledger.ledger.get(transactionId)?.captures).toEqual([2000]);

    const over = await post(`/checkouts/${checkoutId}/captures`, { amount: '29.96' }, 'cap-2');
    expect([over.status, errorCode(over)]).toEqual([422, 'invalid_amount']);
    const refund = await post(
      `/checkouts/${checkoutId}/refunds`,
      { amount: '5.00', reason: 'scratched' },
      'ref-1',
    );
    expect(refund.status).toBe(201);
    expect(record(refund.json).refund).toMatchObject({ amount: '5.00', status: 'succeeded' });
    const overRefund = await post(`/checkouts/${checkoutId}/refunds`, { amount: '15.01' }, 'ref-2');
    expect([overRefund.status, errorCode(overRefund)]).toEqual([422, 'invalid_amount']);

    const payment = await paymentOf(checkoutId);
    expect(payment).toMatchObject({ status: 'partiallyRefunded', captured: '20.00', refunded: '5.00' });
    expect((payment.captures as unknown[]).length).toBe(1);
    expect((payment.refunds as unknown[]).length).toBe(1);
    expect(ledger.ledger.get(transactionId)).toMatchObject({ captured: 2000, refunded: 500 });
    const stored = await h.store.listPaymentOperations(checkoutId);
    expect(stored.map((op) => [op.kind, op.amount])).toEqual([
      ['capture', '20.00'],
      ['refund', '5.00'],
    ]);
  });

  it('a shipment with capture: true captures the rest with its tracking; without, it updates shipping', async () => {
    const { checkoutId, transactionId } = await completedAffirm();
    const shipped = await post(`/checkouts/${checkoutId}/shipments`, {
      carrier: 'FedEx',
      trackingNumber: '7712',
      status: 'partial',
    });
    expect(shipped.status).toBe(201);
    expect(ledger.ledger.get(transactionId)?.shipments).toHaveLength(1);
    const captured = await post(`/checkouts/${checkoutId}/shipments`, {
      carrier: 'FedEx',
      trackingNumber: '7713',
      capture: true,
    });
    expect(captured.status).toBe(201);
    expect(record(record(captured.json).shipment).captureId).toEqual(expect.any(String));
    expect(ledger.ledger.get(transactionId)?.captures).toEqual([4995]);
    expect(await paymentOf(checkoutId)).toMatchObject({ status: 'captured', captured: '49.95' });
    const again = await post(`/checkouts/${checkoutId}/captures`, {});
    expect([again.status, errorCode(again)]).toEqual([409, 'payment_conflict']);
  });

  it('voids at Affirm (200), then answers 409 to a second void and to a capture', async () => {
    const { checkoutId, transactionId } = await completedAffirm();
    const voided = await post(`/checkouts/${checkoutId}/void`);
    expect(voided.status).toBe(200);
    expect(record(voided.json).payment).toMatchObject({ status: 'voided', voided: true });
    expect(h.sandboxes.affirm.transactions.get(transactionId)?.status).toBe('voided');
    const second = await post(`/checkouts/${checkoutId}/void`);
    expect(second.status).toBe(409);
    const capture = await post(`/checkouts/${checkoutId}/captures`, {});
    expect(capture.status).toBe(409);
    expect(ledger.ledger.get(transactionId)?.captures).toEqual([]);
  });

  it('answers 400, 401, 404 and 409 (not completed) before anything is done', async () => {
    const open = await openCheckout(h, 'affirm');
    const notCompleted = await post(`/checkouts/${open.checkoutId}/captures`, {});
    expect([notCompleted.status, errorCode(notCompleted)]).toEqual([409, 'not_completed']);
    const { checkoutId } = await completedAffirm();
    await paymentOf(checkoutId);
    const float = await post(`/checkouts/${checkoutId}/captures`, { amount: 10.5 });
    expect([float.status, errorCode(float)]).toEqual([400, 'invalid_request']);
    const badKey = await post(`/checkouts/${checkoutId}/refunds`, { amount: '1.00' }, 'key with spaces');
    expect([badKey.status, errorCode(badKey)]).toEqual([400, 'invalid_idempotency_key']);
    const unknownField = await post(`/checkouts/${checkoutId}/refunds`, { amount: '1.00', to: 'x' });
    expect(unknownField.status).toBe(400);
    const noKey = await post(`/checkouts/${checkoutId}/captures`, {}, undefined, null);
    expect(noKey.status).toBe(401);
    const unknown = await post('/checkouts/nope-never-a1/captures', {});
    expect([unknown.status, errorCode(unknown)]).toEqual([404, 'checkout_not_found']);
    const nothingCaptured = await post(`/checkouts/${checkoutId}/refunds`, { amount: '1.00' });
    expect([nothingCaptured.status, errorCode(nothingCaptured)]).toEqual([409, 'payment_conflict']);
    expect(await paymentOf(checkoutId)).toMatchObject({ captured: '0.00', refunded: '0.00' });
  });

  it('still shows a completed checkout when no worker can answer for its payment', async () => {
    const { checkoutId } = await completedAffirm();
    await paymentOf(checkoutId);
    const payment = h.client.workflow.getHandle(paymentWorkflowId(checkoutId));
    await payment.terminate('replaced by one on a queue no worker serves');
    await h.client.workflow.start('paymentWorkflow', {
      workflowId: paymentWorkflowId(checkoutId),
      taskQueue: `nobody-${checkoutId}`,
      args: [
        {
          checkoutId,
          merchantOrderId: 'x',
          provider: 'affirm',
          currency: 'USD',
          amount: '1.00',
          completedAt: new Date().toISOString(),
        },
      ],
    });
    const state = await readState(h, checkoutId);
    expect(state).toMatchObject({ status: 'completed', payment: null, paymentUnavailable: true });
  }, 30_000);
});
