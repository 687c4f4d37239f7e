// Figures read back from workflow histories: how many events a workflow took (every
// run of a continue-as-new chain), and how late its durable timers fired.
import type { Client } from '@temporalio/client';
import type { History } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { historiesOf } from '../../workflows/support/history';

const EventType = temporal.api.enums.v1.EventType;

interface ProtoTime {
  seconds?: { toNumber(): number } | number | string | null;
  nanos?: number | null;
}

/**
 * A proto Timestamp or Duration in ms. Not @temporalio/common's tsToMs: histories read
 * from JSON carry Long values of another protobufjs copy, which it cannot multiply.
 */
function protoMs(time: ProtoTime | null | undefined): number | undefined {
  if (!time) return undefined;
  const { seconds } = time;
  const whole = typeof seconds === 'object' && seconds !== null ? seconds.toNumber() : Number(seconds ?? 0);
  return whole * 1000 + Math.round((time.nanos ?? 0) / 1e6);
}

export async function eventCount(client: Client, workflowId: string): Promise<number> {
  const runs = await historiesOf(client, workflowId);
  return runs.reduce((sum, run) => sum + run.events, 0);
}

/** Per fired timer: fired time minus (started time + its duration), in ms. */
export function timerLatenessMs(history: History): number[] {
  const started = new Map<string, number>();
  const lateness: number[] = [];
  for (const event of history.events ?? []) {
    const at = protoMs(event.eventTime);
    if (at === undefined) continue;
    if (event.eventType === EventType.EVENT_TYPE_TIMER_STARTED) {
      const duration = protoMs(event.timerStartedEventAttributes?.startToFireTimeout) ?? 0;
      started.set(String(event.eventId), at + duration);
    }
    if (event.eventType === EventType.EVENT_TYPE_TIMER_FIRED) {
      const due = started.get(String(event.timerFiredEventAttributes?.startedEventId));
      if (due !== undefined) lateness.push(at - due);
    }
  }
  return lateness;
}

export async function firedTimerLatenessMs(client: Client, workflowId: string): Promise<number[]> {
  const runs = await historiesOf(client, workflowId);
  return runs.flatMap((run) => timerLatenessMs(run.history));
}
