// History budgets of the two shapes issue 14 measured, on the time-skipping server: the
// WeGetFinancing happy path (one approved postback) and the 72-hour iwocaPay poll. Each
// prints its events by type and its activities by name, so a change shows where it went.
import type { History } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { checkoutWorkflowId } from '../../workflows/contract';
import type { Harness } from './support/harness';
import { closedResultOf, createHarness, waitForState } from './support/harness';
import { historiesOf } from './support/history';
import { startIwocaPay, startWeGetFinancing } from './support/sandboxes';
import { expectNoOrder, expectOneOrder } from './support/expectations';

let h: Harness;

beforeAll(async () => {
  h = await createHarness([startWeGetFinancing, startIwocaPay]);
}, 120_000);
afterAll(() => h?.close());

const EventType = temporal.api.enums.v1.EventType;
type HistoryEvent = NonNullable<History['events']>[number];

/** "ACTIVITY_TASK_SCHEDULED" for an event (without the enum's EVENT_TYPE_ prefix). */
const typeName = (event: HistoryEvent) =>
  (EventType[event.eventType ?? 0] ?? '?').replace(/^EVENT_TYPE_/, '');

/** "ACTIVITY_TASK_SCHEDULED: 3, …" and "completeOrder: 1, …" for one or more runs. */
function breakdown(histories: History[]): { types: string; activities: string } {
  const types = new Map<string, number>();
  const activities = new Map<string, number>();
  const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const history of histories)
    for (const event of history.events ?? []) {
      add(types, typeName(event));
      const scheduled = event.activityTaskScheduledEventAttributes?.activityType?.name;
      if (scheduled) add(activities, scheduled);
      const marker = event.markerRecordedEventAttributes?.markerName;
      if (marker) add(types, `marker ${marker}`);
    }
  const list = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([key, count]) => `${key}: ${count}`)
      .join(', ');
  return { types: list(types), activities: list(activities) };
}

/**
 * The history as one line per workflow task: what woke it, then the commands it wrote.
 * "signal | task | marker, activity scheduled" shows where an extra task came from.
 */
function timeline(history: History): string {
  const lines: string[] = [];
  let line: string[] = [];
  for (const event of history.events ?? []) {
    const type = typeName(event);
    if (type === 'WORKFLOW_TASK_SCHEDULED') {
      if (line.length) lines.push(line.join(' '));
      line = [];
      continue;
    }
    if (type === 'WORKFLOW_TASK_STARTED') continue;
    const marker = event.markerRecordedEventAttributes?.markerName;
    const upserted = event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields;
    const detail = marker ?? (upserted ? Object.keys(upserted).join(',') : undefined);
    line.push(type === 'WORKFLOW_TASK_COMPLETED' ? '|' : detail ? `${type}(${detail})` : type);
  }
  if (line.length) lines.push(line.join(' '));
  return lines.map((text, index) => `    ${index}: ${text}`).join('\n');
}

function report(label: string, runs: { events: number; history: History }[]): number {
  const total = runs.reduce((sum, run) => sum + run.events, 0);
  const { types, activities } = breakdown(runs.map((run) => run.history));
  const last = runs.at(-1);
  console.log(
    `${label}: ${runs.length} run(s), ${total} events\n  by type: ${types}\n  activities: ${activities}` +
      (last && last.events <= 80 ? `\n  by workflow task (last run):\n${timeline(last.history)}` : ''),
  );
  return total;
}

describe('history budgets (issue 14)', () => {
  it('the WeGetFinancing happy path (one approved postback) takes at most 35 events', async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle, session } = await h.start('wegetfinancing', tq);
      await h.sandbox('wegetfinancing').act(session.providerReference, 'approve');
      // Waits in real time (a result() would let the server skip to the TTL first), and by
      // describe, not query: see closedResultOf.
      const result = await closedResultOf(handle);
      expect(result).toMatchObject({ status: 'completed', events: { received: 1 } });
      await expectOneOrder(h, checkoutId, result.orderId);
      const runs = await historiesOf(h.env.client, checkoutWorkflowId(checkoutId));
      expect(runs).toHaveLength(1);
      expect(report('WeGetFinancing happy path', runs)).toBeLessThanOrEqual(35);
    });
  });

  it('an event that does not move the deadline keeps the TTL timer: one timer, none cancelled', async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle, session } = await h.start('wegetfinancing', tq);
      await h.sandbox('wegetfinancing').act(session.providerReference, 'preapprove');
      await waitForState(handle, (s) => s.events.received === 1, 'the preapproved postback');
      await h.sandbox('wegetfinancing').act(session.providerReference, 'approve');
      expect((await h.decisionOf(handle)).status).toBe('completed');
      const runs = await historiesOf(h.env.client, checkoutWorkflowId(checkoutId));
      report('WeGetFinancing preapproved, then approved', runs);
      const events = runs[0]?.history.events ?? [];
      expect(events.filter((event) => event.timerStartedEventAttributes)).toHaveLength(1);
      expect(events.filter((event) => event.timerCanceledEventAttributes)).toHaveLength(0);
    });
  });

  // Issue 14 asked for fewer than 3,247 (the figure before it; 3,252 with the timer polls of
  // the lean path). The reads are now a watch activity's retries (workflows/watch.ts), which
  // write no events: measured 52 to 55 in one run.
  it('the 72-hour iwocaPay poll until its TTL takes at most 60 events in all', async () => {
    await h.withWorker(async (tq) => {
      const { checkoutId, handle } = await h.start('iwocapay', tq);
      const result = await handle.result();
      expect(result).toMatchObject({ status: 'cancelled', cancelReason: 'expired' });
      // The cadence is the policy's: 1, 3, 7, 15 min, then every 15 min; the poll at the TTL yields.
      expect(result.polls).toBe(4 + (72 * 60 - 15) / 15 - 1);
      const runs = await historiesOf(h.env.client, checkoutWorkflowId(checkoutId));
      expect(report(`iwocaPay 72-hour poll (${result.polls} polls)`, runs)).toBeLessThanOrEqual(60);
      await expectNoOrder(h, checkoutId);
    });
  }, 180_000);
});
