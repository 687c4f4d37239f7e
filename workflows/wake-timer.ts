// The durable timer a checkout waits on, kept while its instant stays the same: an event
// that ends a wait early (and does not move the deadline) leaves the timer running for the
// next wait, instead of cancelling it and starting the same one again (two history events
// per event). A wait for another instant cancels the old timer first, as before.
import { CancellationScope, condition, sleep } from '@temporalio/workflow';

interface Timer {
  atMs: number;
  scope: CancellationScope;
  fired: Promise<void>;
}

export class WakeTimer {
  private current?: Timer;

  /** Like condition(wakeUp, atMs - now): true when wakeUp held first, false when the instant came. */
  async waitUntil(atMs: number, wakeUp: () => boolean): Promise<boolean> {
    const fired = this.timerFor(atMs);
    const early = new CancellationScope();
    const woken = early.run(() => condition(wakeUp)).then(() => true);
    // Cancelled below once the timer won; that rejection is expected, not a failure.
    woken.catch(() => undefined);
    try {
      return await Promise.race([woken, fired.then(() => false)]);
    } finally {
      early.cancel();
    }
  }

  /** Before a wait with no instant (held): a timer left running would wake the run for nothing. */
  cancel(): void {
    this.current?.scope.cancel();
    this.current = undefined;
  }

  private timerFor(atMs: number): Promise<void> {
    if (this.current?.atMs === atMs) return this.current.fired;
    this.cancel();
    const scope = new CancellationScope();
    const fired = scope.run(() => sleep(atMs - Date.now()));
    fired.catch(() => undefined);
    this.current = { atMs, scope, fired };
    return fired;
  }
}
