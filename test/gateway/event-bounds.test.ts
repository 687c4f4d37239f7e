// What the gateway passes on from a verified message is bounded: an event whose ids,
// status, amount or currency are out of bounds is 400 and reaches no workflow. And a
// checkout held for ops (here: iwocaPay reported another amount) shows as held, with
// its reason, in GET /checkouts/:id and in a NeedsAttention visibility search.
import { checkoutWorkflowId } from '../../workflows/contract';
import type { Harness } from './support/harness';
import { startHarness } from './support/harness';
import { eventually, record, send } from './support/http';
import { iwocapayWebhook } from './support/inbound';
import { expectUntouched, openCheckout, waitForStatus } from './support/checkouts';

jest.setTimeout(120_000);

describe('inbound event bounds and holds through the gateway', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const receiver = () => `${h.url}/webhooks/iwocapay`;

  async function signalsReceived(checkoutId: string): Promise<number> {
    const history = await h.client.workflow.getHandle(checkoutWorkflowId(checkoutId)).fetchHistory();
    return (history.events ?? []).filter((event) => event.workflowExecutionSignaledEventAttributes).length;
  }

  it('answers 400 to a signed event whose order id is 300 characters, and signals nothing', async () => {
    const checkout = await openCheckout(h, 'iwocapay');
    const longId = 'x'.repeat(300);
    const webhook = iwocapayWebhook({
      order_id: longId,
      reference: checkout.checkoutId,
      status: 'SUCCESSFUL',
      amount: 120,
    });
    const answer = await send(receiver(), { method: 'POST', ...webhook });
    expect(answer.status).toBe(400);
    expect(record(record(answer.json).error).code).toBe('malformed_message');
    expect(answer.text).not.toContain(longId);
    expect(await signalsReceived(checkout.checkoutId)).toBe(0);
    await expectUntouched(h, checkout.checkoutId);
    // The log says which field, never the value.
    expect(h.logs.some((line) => line.includes('providerReference') && line.includes('eventId'))).toBe(true);
    expect(h.logs.join('\n')).not.toContain(longId);
  });

  it('answers 400 to a signed event whose status is not printable text, and signals nothing', async () => {
    const checkout = await openCheckout(h, 'iwocapay');
    const webhook = iwocapayWebhook({
      order_id: checkout.providerReference,
      reference: checkout.checkoutId,
      status: 'SUCCESSFUL\n',
    });
    expect((await send(receiver(), { method: 'POST', ...webhook })).status).toBe(400);
    expect(await signalsReceived(checkout.checkoutId)).toBe(0);
    await expectUntouched(h, checkout.checkoutId);
  });

  it('shows a checkout held on another amount in GET /checkouts/:id and in a NeedsAttention search', async () => {
    const checkout = await openCheckout(h, 'iwocapay');
    const webhook = iwocapayWebhook({
      order_id: checkout.providerReference,
      reference: checkout.checkoutId,
      status: 'SUCCESSFUL',
      amount: 12,
    });
    expect((await send(receiver(), { method: 'POST', ...webhook })).status).toBe(200);
    const state = await waitForStatus(h, checkout.checkoutId, 'held');
    expect(state).toMatchObject({
      needsAttention: true,
      reason: null,
      order: null,
      detail: expect.stringMatching(/reported 12\.00 GBP, the checkout is for 120\.00 GBP/),
      attention: [
        {
          kind: 'amountMismatch',
          provider: 'iwocapay',
          expected: { amount: '120.00', currency: 'GBP' },
          reported: { amount: '12.00' },
          reportedBy: 'event',
          eventId: `iwocapay:${checkout.providerReference}:SUCCESSFUL`,
        },
      ],
    });
    expect(await h.store.countOrders(checkout.checkoutId)).toBe(0);
    const workflowId = checkoutWorkflowId(checkout.checkoutId);
    const found = await eventually(
      async () => {
        const query = `NeedsAttention = true AND WorkflowId = "${workflowId}"`;
        for await (const execution of h.client.workflow.list({ query })) return execution.workflowId;
        return undefined;
      },
      20_000,
      'the held checkout in a NeedsAttention search',
    );
    expect(found).toBe(workflowId);
  });
});
