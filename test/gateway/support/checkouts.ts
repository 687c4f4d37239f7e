// Checkout-level helpers over the harness: open one through the API, read its state
// through the API (the workflow's query) and wait for a status or for the workflow to close.
import { checkoutWorkflowId } from '../../../workflows/contract';
import type { ProviderId } from '../../../workflows/domain';
import type { Harness } from './harness';
import { api, checkoutBody, eventually, record } from './http';
import { pollUntil } from '../../helpers/poll-until';
import { workflowClosed } from '../../helpers/workflow-closed';

export interface OpenedCheckout {
  checkoutId: string;
  orderId: string;
  providerReference: string;
  redirectUrl: string;
}

export async function openCheckout(
  h: Harness,
  provider: ProviderId,
  overrides: Record<string, unknown> = {},
): Promise<OpenedCheckout> {
  const body = checkoutBody(provider, overrides);
  const answer = await api(h.url, 'POST', '/checkouts', body);
  if (answer.status !== 201) throw new Error(`POST /checkouts answered ${answer.status}: ${answer.text}`);
  const created = record(answer.json);
  return {
    checkoutId: String(created.checkoutId),
    orderId: String(created.orderId),
    providerReference: String(created.providerReference),
    redirectUrl: String(created.redirectUrl),
  };
}

export async function readState(h: Harness, checkoutId: string): Promise<Record<string, unknown>> {
  const answer = await api(h.url, 'GET', `/checkouts/${checkoutId}`);
  if (answer.status !== 200) throw new Error(`GET /checkouts/${checkoutId} answered ${answer.status}`);
  return record(answer.json);
}

export function waitForStatus(h: Harness, checkoutId: string, status: string, timeoutMs = 30_000) {
  // pollUntil, not eventually: a timeout then names the status the checkout was left in.
  return pollUntil(
    () => readState(h, checkoutId),
    (state) => state.status === status,
    { what: `${checkoutId} to be ${status}`, timeoutMs, intervalMs: 100 },
  );
}

export function waitForClosed(h: Harness, checkoutId: string, timeoutMs = 30_000) {
  const handle = h.client.workflow.getHandle(checkoutWorkflowId(checkoutId));
  return workflowClosed(handle, `${checkoutId} to close`, timeoutMs);
}

/** The ledger of what the checkout has seen (GET /checkouts/:id `events`). */
export async function eventsSeen(h: Harness, checkoutId: string): Promise<Record<string, unknown>> {
  return record((await readState(h, checkoutId)).events);
}

export function waitForInboundEvent(
  h: Harness,
  match: (row: {
    eventId: string;
    reason: string;
    providerReference: string | null;
    checkoutReference: string | null;
  }) => boolean,
) {
  return eventually(
    async () => (await h.store.listInboundEvents()).find(match),
    30_000,
    'the inbound event to be recorded',
  );
}

/**
 * The state that must not change after a rejected message: query and order table agree.
 * `polled`: the checkout may have polled its provider (a poll hint), which is not an event.
 */
export async function expectUntouched(
  h: Harness,
  checkoutId: string,
  options: { polled?: boolean } = {},
): Promise<void> {
  const state = await readState(h, checkoutId);
  expect(state.status).toBe('awaitingCustomer');
  if (!options.polled) expect(record(state.events).received).toBe(0);
  expect(await h.store.countOrders(checkoutId)).toBe(0);
  expect((await h.store.getCheckout(checkoutId))?.status).toBe('open');
}
