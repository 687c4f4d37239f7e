// Webhook → signal throughput and latency, product against a bare client, in one harness:
// the real gateway app and worker (test/gateway/support/harness.ts) on a dev server. The
// product half posts verified WeGetFinancing approvals to /webhooks/wegetfinancing; the
// bare half signals the same event to other checkouts straight from a client. Rounds
// alternate so load from elsewhere on the machine hits both alike. Not part of the suite:
//   npx jest --testMatch '<rootDir>/test/gateway/*.measure.ts' test/gateway/webhook-throughput.measure.ts
import { providerEventSignal, checkoutWorkflowId } from '../../workflows/contract';
import type { ProviderEvent } from '../../workflows/domain';
import type { Harness } from './support/harness';
import { startHarness } from './support/harness';
import { send } from './support/http';
import { wgfPostback } from './support/inbound';
import { openCheckout } from './support/checkouts';
import type { OpenedCheckout } from './support/checkouts';

jest.setTimeout(60 * 60_000);

const PER_ROUND = Number(process.env.MEASURE_POSTBACKS ?? 100);
const ROUNDS = Number(process.env.MEASURE_ROUNDS ?? 2);
const CONCURRENCY = 8;
/**
 * `preapproved` (the default) changes nothing in the checkout, so what is timed is the path
 * to the signal alone; `approved` also sets off each checkout's completion in this process,
 * whose work then overlaps the slower half's window (MEASURE_STATUS=approved).
 */
const STATUS = process.env.MEASURE_STATUS === 'approved' ? 'approved' : 'preapproved';

async function timedAll(items: OpenedCheckout[], call: (item: OpenedCheckout) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) {
        const item = items[next++]!;
        const start = performance.now();
        await call(item);
        latencies.push(performance.now() - start);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)]!;
  return { perSecond: items.length / seconds, p50: at(0.5), p99: at(0.99) };
}

it('webhook → signal: product against a bare client', async () => {
  const h: Harness = await startHarness();
  try {
    const receiver = `${h.url}/webhooks/wegetfinancing`;
    const product = (checkout: OpenedCheckout) => {
      const message = wgfPostback({
        request_token: checkout.providerReference,
        merchant_transaction_id: checkout.checkoutId,
        updates: { status: STATUS },
      });
      return send(receiver, { method: 'POST', ...message }).then((answer) => {
        if (answer.status !== 200) throw new Error(`answered ${answer.status}`);
      });
    };
    const bare = (checkout: OpenedCheckout) => {
      const event: ProviderEvent = {
        provider: 'wegetfinancing',
        checkoutReference: checkout.checkoutId,
        providerReference: checkout.providerReference,
        kind: STATUS === 'approved' ? 'fulfil' : 'wait',
        rawStatus: STATUS,
        occurredAt: new Date().toISOString(),
        eventId: `wegetfinancing:bare-${checkout.checkoutId}`,
        source: 'webhook',
      };
      return h.client.workflow
        .getHandle(checkoutWorkflowId(checkout.checkoutId))
        .signal(providerEventSignal, event);
    };
    const lines: string[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      for (const [name, call] of [
        ['bare', bare],
        ['product', product],
      ] as const) {
        const checkouts: OpenedCheckout[] = [];
        for (let i = 0; i < PER_ROUND; i += 1) checkouts.push(await openCheckout(h, 'wegetfinancing'));
        const result = await timedAll(checkouts, call);
        lines.push(
          `round ${round} ${name}: ${result.perSecond.toFixed(1)}/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms`,
        );
        // Let the completions the signals set off finish before the next round.
        await new Promise((resolve) => setTimeout(resolve, 5_000));
      }
    }
    console.log(lines.join('\n'));
  } finally {
    await h.close();
  }
});
