// Issue 10: retention removes closed workflows, the order store keeps them. With the
// workflows deleted (`temporal workflow delete`, as retention would), a repeat
// POST /checkouts must still find the completed order (no second payment), a cancelled
// one must lead to the next attempt number (not -a1 again), identical concurrent repeats
// must still make one checkout, and a workflow started again under a closed checkout's id
// must never open a provider session. Real Temporal dev server, real worker, WGF simulator.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { checkoutInputFor } from '../../src/gateway/checkouts/start';
import { createCheckoutSchema } from '../../src/gateway/checkouts/schema';
import { resolveToolchain } from '../../src/temporal/toolchain';
import { checkoutWorkflow } from '../../workflows';
import { checkoutIdFor, checkoutWorkflowId } from '../../workflows/contract';
import type { Harness } from './support/harness';
import { startHarness } from './support/harness';
import { waitForClosed, waitForStatus } from './support/checkouts';
import { api, checkoutBody, eventually, record } from './support/http';

jest.setTimeout(120_000);
const run = promisify(execFile);

describe('the order store is the source of truth for attempts and outcomes', () => {
  let h: Harness;
  type Closed = Awaited<ReturnType<typeof closedAttempt>>;
  let completed: Closed;
  let cancelled: Closed;
  let cancelledAgain: Closed;
  let completedAgain: Closed;
  beforeAll(async () => {
    h = await startHarness({ gatewayReadsStore: true });
    // The server deletes asynchronously (and slowly): all four at once, waited for together.
    [completed, cancelled, cancelledAgain, completedAgain] = await Promise.all([
      closedAttempt('completed'),
      closedAttempt('cancelled'),
      closedAttempt('cancelled'),
      closedAttempt('completed'),
    ]);
  });
  afterAll(async () => {
    await h?.close();
  });

  /** What retention does to a closed workflow, with the CLI an operator would use. */
  async function deleteWorkflow(checkoutId: string): Promise<void> {
    const { cliPath } = resolveToolchain();
    if (!cliPath) throw new Error('no Temporal CLI: run scripts/temporal-toolchain.sh');
    const workflowId = checkoutWorkflowId(checkoutId);
    await run(cliPath, [
      'workflow',
      'delete',
      '--address',
      h.env.address,
      '--namespace',
      'default',
      '--workflow-id',
      workflowId,
    ]);
    await eventually(
      async () => {
        try {
          await h.client.workflow.getHandle(workflowId).describe();
          return undefined;
        } catch {
          return true; // not found any more
        }
      },
      90_000,
      `${workflowId} to be deleted`,
    );
  }

  const sessionsOf = (orderId: string) =>
    [...h.sandboxes.wgf.requests.values()].filter((request) =>
      request.merchantTransactionId?.startsWith(`${orderId}-a`),
    );

  async function closedAttempt(outcome: 'completed' | 'cancelled') {
    const body = checkoutBody('wegetfinancing');
    const created = record((await api(h.url, 'POST', '/checkouts', body)).json);
    const checkoutId = String(created.checkoutId);
    if (outcome === 'completed') {
      await h.sandboxes.control('wegetfinancing', `/sessions/${String(created.providerReference)}/approve`);
    } else {
      expect((await api(h.url, 'POST', `/checkouts/${checkoutId}/cancel`)).status).toBe(202);
    }
    await waitForStatus(h, checkoutId, outcome);
    // A cancelled checkout listens for late payments for days (workflows/late-payments.ts);
    // deleting it while it listens stands in for that end plus the namespace's retention.
    if (outcome === 'completed') await waitForClosed(h, checkoutId);
    await deleteWorkflow(checkoutId);
    return { body, checkoutId, providerReference: String(created.providerReference) };
  }

  it('answers a repeat for a completed order from the store once its workflow is gone, opening no session', async () => {
    const { body, checkoutId, providerReference } = completed;
    const repeat = await api(h.url, 'POST', '/checkouts', body);
    expect(repeat.status).toBe(200);
    expect(record(repeat.json)).toEqual({
      checkoutId,
      orderId: body.orderId,
      provider: 'wegetfinancing',
      status: 'completed',
      redirectUrl: null,
      providerReference,
      expiresAt: null,
      // The merchant's labels outlive the workflow too (none were sent here).
      metadata: {},
    });
    expect(sessionsOf(String(body.orderId))).toHaveLength(1);
    expect(await h.store.countOrders(checkoutId)).toBe(1);

    // GET answers from the store too, instead of 404.
    const read = await api(h.url, 'GET', `/checkouts/${checkoutId}`);
    expect(read.status).toBe(200);
    const detail = record(read.json);
    expect(detail).toMatchObject({ checkoutId, status: 'completed', amount: '49.95', source: 'orderStore' });
    expect(record(detail.order).orderId).toBe((await h.store.getOrderByCheckout(checkoutId))?.orderId);
    // It cannot be cancelled any more, and says so.
    expect((await api(h.url, 'POST', `/checkouts/${checkoutId}/cancel`)).status).toBe(409);
  });

  it('starts attempt 2 (not attempt 1 again) after a cancelled attempt whose workflow is gone', async () => {
    const { body } = cancelled;
    const retry = await api(h.url, 'POST', '/checkouts', body);
    expect(retry.status).toBe(201);
    expect(record(retry.json).checkoutId).toBe(checkoutIdFor(String(body.orderId), 2));
  });

  it('still makes one checkout of 20 concurrent repeats after a deleted cancelled attempt', async () => {
    const { body } = cancelledAgain;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => api(h.url, 'POST', '/checkouts', body)),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 200)).toHaveLength(19);
    const ids = new Set(answers.map((answer) => record(answer.json).checkoutId));
    expect(ids).toEqual(new Set([checkoutIdFor(String(body.orderId), 2)]));
    expect(sessionsOf(String(body.orderId))).toHaveLength(2);
  });

  it('a workflow started again under a closed checkout id ends without calling the provider', async () => {
    const { body, checkoutId } = completedAgain;
    const request = createCheckoutSchema.parse(body);
    const input = checkoutInputFor(request, checkoutId, {
      config: { publicBaseUrl: h.url },
      callbackSecret: 'store-truth-callback-secret-0123456789',
    });
    const handle = await h.client.workflow.start(checkoutWorkflow, {
      workflowId: checkoutWorkflowId(checkoutId),
      taskQueue: h.taskQueue,
      args: [input],
    });
    // Either it ends, or (the old behaviour) it opens a second session and waits for the customer.
    await eventually(
      async () => {
        const { status } = await handle.describe();
        return status.name !== 'RUNNING' || sessionsOf(String(body.orderId)).length > 1 ? true : undefined;
      },
      30_000,
      'the re-run to end or open a session',
    );
    expect(sessionsOf(String(body.orderId))).toHaveLength(1);
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'cancelled', cancelReason: 'sessionFailed' });
    expect(result.detail).toContain('already closed this checkout (completed)');
    expect(sessionsOf(String(body.orderId))).toHaveLength(1);
    expect((await h.store.getCheckout(checkoutId))?.status).toBe('completed');
    expect(await h.store.countOrders(checkoutId)).toBe(1);
  });
});
