import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '../../workflows/support/history-json';
import { timerLatenessMs } from './history-figures';

// A committed history with one timer that fired and one that was cancelled:
// timer 1 started 02:30:02.370 for 209.966 s (due 02:33:32.336) and fired 02:33:32.338.
const FIXTURE = join(__dirname, '..', '..', 'histories', 'wipay-timed-out-then-paid.json');

function fixtureJson(): { events: Array<Record<string, unknown>> } {
  return JSON.parse(readFileSync(FIXTURE, 'utf8')) as { events: Array<Record<string, unknown>> };
}

describe('timerLatenessMs', () => {
  it('measures each fired timer against its start plus its duration, and skips cancelled ones', () => {
    expect(timerLatenessMs(historyFromJSON(fixtureJson()))).toEqual([2]);
  });

  it('counts a timer that fired 1.5 s after it was due as 1.5 s late', () => {
    const json = fixtureJson();
    const fired = json.events.find((event) => event.eventType === 'EVENT_TYPE_TIMER_FIRED');
    if (!fired) throw new Error('the fixture has no fired timer');
    fired.eventTime = '2096-11-04T02:33:33.836Z';
    expect(timerLatenessMs(historyFromJSON(json))).toEqual([1500]);
  });
});
