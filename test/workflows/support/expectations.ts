// Assertions on what matters most: the order table. Exactly one order for a fulfilled
// checkout, none otherwise; late events recorded, never applied.
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Activities } from '../../../activities';
import type { InboundEventRecord } from '../../../src/store';
import { checkoutStateQuery, merchantCancelSignal } from '../../../workflows/contract';
import type { ProviderId } from '../../../workflows/domain';
import type { CheckoutHandle, Harness } from './harness';
import type { ReceivedCall } from './receiver';
import { pollUntil } from '../../helpers/poll-until';

export async function expectOneOrder(h: Harness, checkoutId: string, orderId?: string): Promise<void> {
  expect(await h.store.countOrders(checkoutId)).toBe(1);
  const order = await h.store.getOrderByCheckout(checkoutId);
  if (orderId !== undefined) expect(order?.orderId).toBe(orderId);
  expect((await h.store.getCheckout(checkoutId))?.status).toBe('completed');
}

export async function expectNoOrder(h: Harness, checkoutId: string): Promise<void> {
  expect(await h.store.countOrders(checkoutId)).toBe(0);
  expect((await h.store.getCheckout(checkoutId))?.status).toBe('cancelled');
}

export function webhookCalls(h: Harness, provider: ProviderId): ReceivedCall[] {
  return h.receiver.calls.filter((call) => call.provider === provider);
}

/** Waits (real time) for the inbound-event record of a late event. */
export async function lateRecordFor(
  h: Harness,
  providerReference: string,
  rawStatus: string,
  timeoutMs = 15_000,
): Promise<InboundEventRecord> {
  return pollUntil(
    async () =>
      (await h.store.listInboundEvents()).find(
        (r) => r.providerReference === providerReference && r.rawStatus === rawStatus,
      ),
    (record): record is InboundEventRecord => record !== undefined,
    { what: `the inbound record for ${providerReference} ${rawStatus}`, timeoutMs },
  );
}

export async function waitFor(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  await pollUntil(check, (done) => done, { what, timeoutMs });
}

/** Holds an activity until the test opens it, to make "what arrives while deciding" deterministic. */
export function createGate(): { wait(): Promise<void>; open(): void } {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { wait: () => opened, open: () => open() };
}

/** Activities whose completeOrder waits for the gate. */
export function holdingCompletion(gate: { wait(): Promise<void> }) {
  return (real: Activities): Activities => ({
    ...real,
    completeOrder: async (input) => {
      await gate.wait();
      return real.completeOrder(input);
    },
  });
}

/** After the decision a merchant cancel has nowhere to go: the workflow is closed (the gateway answers 409). */
export async function expectCancelChangesNothing(h: Harness, handle: CheckoutHandle, checkoutId: string) {
  const before = await handle.query(checkoutStateQuery);
  await expect(handle.signal(merchantCancelSignal, { requestedAt: h.now().toISOString() })).rejects.toThrow(
    WorkflowNotFoundError,
  );
  expect(await handle.query(checkoutStateQuery)).toEqual(before);
  expect(await h.store.countOrders(checkoutId)).toBe(before.status === 'completed' ? 1 : 0);
}

/** Server time from opening the checkout to its decision. */
export function elapsedMs(state: { openedAt: string; decidedAt?: string }): number {
  return Date.parse(state.decidedAt ?? '') - Date.parse(state.openedAt);
}

/** The merchant cancels now (by the server clock), as the gateway's cancel endpoint does. */
export async function sendMerchantCancel(h: Harness, handle: CheckoutHandle): Promise<void> {
  await handle.signal(merchantCancelSignal, { requestedAt: h.now().toISOString() });
}

/** The checkout decided to cancel for `cancelReason`, and no order exists for it. */
export async function expectCancelled(
  h: Harness,
  { checkoutId, handle }: { checkoutId: string; handle: CheckoutHandle },
  cancelReason: string,
): Promise<void> {
  expect(await h.decisionOf(handle)).toMatchObject({ status: 'cancelled', cancelReason });
  await expectNoOrder(h, checkoutId);
}
