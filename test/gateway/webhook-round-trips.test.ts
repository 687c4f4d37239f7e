// What one verified provider postback costs Temporal before the provider gets its 200:
// the signal that makes it durable, and nothing else. Every call the gateway's client
// makes is seen by a client interceptor, which can also hold a call back: an answer that
// waited for an avoidable round trip would then never arrive.
import type { WorkflowClientInterceptor } from '@temporalio/client';
import type { Harness } from './support/harness';
import { startHarness } from './support/harness';
import { api, eventually, send } from './support/http';
import { wgfPostback } from './support/inbound';
import { openCheckout, waitForStatus } from './support/checkouts';
import { scrapeMetrics } from './support/metrics';

jest.setTimeout(120_000);

/** The calls made while `recording`; describes are held until `release` while `holding`. */
const calls = { recording: false, holding: false, seen: [] as string[], released: [] as Array<() => void> };

function seen(name: string): void {
  if (calls.recording) calls.seen.push(name);
}

const counting: WorkflowClientInterceptor = {
  async start(input, next) {
    seen('start');
    return next(input);
  },
  async signal(input, next) {
    seen(`signal ${input.signalName}`);
    return next(input);
  },
  async query(input, next) {
    seen(`query ${input.queryType}`);
    return next(input);
  },
  async describe(input, next) {
    seen('describe');
    if (calls.recording && calls.holding) await new Promise<void>((resolve) => calls.released.push(resolve));
    return next(input);
  },
};

function record(holding: boolean): void {
  Object.assign(calls, { recording: true, holding, seen: [] });
}

function stopRecording(): void {
  Object.assign(calls, { recording: false, holding: false });
  for (const release of calls.released.splice(0)) release();
}

/** Within `ms`, or the reason it did not come. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not come within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

describe('a WeGetFinancing postback, by Temporal round trips', () => {
  let h: Harness;
  let receiver: string;

  beforeAll(async () => {
    h = await startHarness({ clientInterceptors: { workflow: [counting] } });
    receiver = `${h.url}/webhooks/wegetfinancing`;
  });
  afterEach(stopRecording);
  afterAll(async () => {
    await h?.close();
  });

  const approval = (checkout: { checkoutId: string; providerReference: string }) =>
    wgfPostback({
      request_token: checkout.providerReference,
      merchant_transaction_id: checkout.checkoutId,
      updates: { status: 'approved' },
    });

  it('an approval for a running checkout is answered after exactly one call: the signal', async () => {
    const checkout = await openCheckout(h, 'wegetfinancing');
    record(true);
    const answer = await within(5_000, 'the 200', send(receiver, { method: 'POST', ...approval(checkout) }));
    expect(answer.status).toBe(200);
    // The paid-after-cancel read may follow the answer (it is held here), never precede it.
    expect(calls.seen.filter((call) => call !== 'describe')).toEqual(['signal providerEvent']);
    stopRecording();
    await waitForStatus(h, checkout.checkoutId, 'completed');
  });

  it('a status update that pays nothing costs the signal alone, before and after the answer', async () => {
    const checkout = await openCheckout(h, 'wegetfinancing');
    record(false);
    const pending = wgfPostback({
      request_token: checkout.providerReference,
      merchant_transaction_id: checkout.checkoutId,
      updates: { status: 'preapproved' },
    });
    expect((await send(receiver, { method: 'POST', ...pending })).status).toBe(200);
    // Let anything issued after the answer show up too.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(calls.seen).toEqual(['signal providerEvent']);
  });

  const paidAfterCancel = async () => {
    const { text } = await scrapeMetrics(h.metrics);
    const line = /checkout_gateway_checkout_paid_after_cancel_total\{provider="wegetfinancing"\} (\d+)/.exec(
      text,
    );
    return Number(line?.[1] ?? 0);
  };

  it('an approval for a cancelled checkout still counts as paid after cancel, once answered', async () => {
    const checkout = await openCheckout(h, 'wegetfinancing');
    const before = await paidAfterCancel();
    expect((await api(h.url, 'POST', `/checkouts/${checkout.checkoutId}/cancel`)).status).toBe(202);
    record(true);
    const answer = await within(5_000, 'the 200', send(receiver, { method: 'POST', ...approval(checkout) }));
    expect(answer.status).toBe(200);
    // Held: the count waits for its read, the answer did not.
    expect(await paidAfterCancel()).toBe(before);
    stopRecording();
    await eventually(async () => ((await paidAfterCancel()) === before + 1 ? true : undefined));
  });
});
