// The delivery of one merchant event, top to bottom: attempt, and on anything but a 2xx
// wait on a durable timer with exponential backoff and attempt again, until the
// schedule gives up (three days by default); then the event is failed in the store, this
// execution is flagged NeedsAttention, and a checkout.needsAttention event says so.
// Workflow id merchant-event-<eventId>: one delivery per event id. Every attempt sends
// the same webhook-id; a merchant deduplicates by it (Standard Webhooks).
import { condition, proxyActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { storeOptions } from '../activity-options';
import { NeedsAttentionKey } from '../search-attributes';
import type { AttemptResult, DeliveryInput, DeliveryOutcome, DeliverySchedule } from './contract';
import { DEFAULT_DELIVERY_SCHEDULE, DELIVERY_EXHAUSTED, deliverNowSignal } from './contract';

/** Room for the store write after the HTTP attempt's own time limit. */
const RECORD_MARGIN_MS = 5_000;

export async function merchantEventDeliveryWorkflow(input: DeliveryInput): Promise<DeliveryOutcome> {
  const schedule: DeliverySchedule = { ...DEFAULT_DELIVERY_SCHEDULE, ...input.schedule };
  // One try per activity: a failed or lost attempt (a worker killed mid-send) is this
  // workflow's to retry, on its own schedule, with the same event id.
  const sender = proxyActivities<Activities>({
    startToCloseTimeout: schedule.attemptTimeoutMs + RECORD_MARGIN_MS,
    retry: { maximumAttempts: 1 },
  });
  const records = proxyActivities<Activities>(storeOptions);
  let woken = false;
  setHandler(deliverNowSignal, () => void (woken = true));

  const startedAt = nowIso();
  const giveUpAtMs = Date.now() + schedule.giveUpAfterMs;
  let attempts = 0;
  const outcome = (status: DeliveryOutcome['status']): DeliveryOutcome => ({
    eventId: input.eventId,
    status,
    attempts,
    startedAt,
    endedAt: nowIso(),
  });
  for (;;) {
    attempts += 1;
    const result = await attempt(() => sender.deliverMerchantEvent({ eventId: input.eventId }));
    if (result.delivered) return outcome('delivered');
    const waitMs = backoffMs(schedule, attempts);
    if (Date.now() + waitMs > giveUpAtMs) break;
    woken = false;
    await condition(() => woken, waitMs);
  }

  await records.markMerchantEventFailed({ eventId: input.eventId });
  upsertSearchAttributes([{ key: NeedsAttentionKey, value: true }]);
  if (input.raisesAttention)
    await records.publishMerchantEvent({
      checkoutId: input.checkoutId,
      type: 'checkout.needsAttention',
      occurrence: `${DELIVERY_EXHAUSTED}:${input.eventId}`,
      attention: { kind: DELIVERY_EXHAUSTED, eventId: input.eventId, eventType: input.type },
    });
  return outcome('failed');
}

function nowIso(): string {
  return new Date(Date.now()).toISOString();
}

/** A lost attempt (timed out, worker gone) counts as a failed one. */
async function attempt(send: () => Promise<AttemptResult>): Promise<AttemptResult> {
  try {
    return await send();
  } catch {
    return { delivered: false, errorClass: 'attemptLost' };
  }
}

/**
 * 5 s, 10 s, 20 s, … capped (at an hour by default), each up to 10 % longer, so the events
 * of one outage do not all come back at once. Math.random is the workflow's seeded one:
 * a replay waits the same.
 */
export function backoffMs(schedule: DeliverySchedule, attempts: number): number {
  const exponent = Math.min(attempts - 1, 30);
  const base = Math.min(schedule.firstRetryMs * 2 ** exponent, schedule.maxRetryMs);
  return Math.round(base * (1 + 0.1 * Math.random()));
}
