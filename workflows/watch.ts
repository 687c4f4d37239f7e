// Infrequent status polling by activity retries (Temporal's pattern for polls minutes
// apart): a lean run of a provider with a status API (policy.polls) keeps one
// watchProviderStatus activity pending while it waits. Its retry policy is the poll
// schedule (1, 3, 7, 15 min, then every 15), each attempt one read; a read that changes
// nothing is a retryable failure, which writes no history event and needs no workflow
// task. The watch returns only with a reading that may change something (handled like a
// scheduled poll's reading: ledger, poll:<ref>:<status> event id, decide) or at its last
// read before the TTL. While it runs its reads show in the Temporal UI as the pending
// activity's attempt count and last failure; state.polls adds them when it ends.
import { ActivityFailure, TimeoutFailure } from '@temporalio/common';
import { CancellationScope, isCancellation } from '@temporalio/workflow';
import type { WatchProviderStatusResult } from '../activities/types';
import { watchOptions } from './activity-options';
import type { CheckoutRun } from './checkout-run';
import { ttlAtMs } from './deadlines';
import { providerCallFailure } from './failures';
import { pollEvent } from './polling';
import { onProviderQueues } from './proxies';
import type { WatchSchedule } from './watch-schedule';
import { gapAfter, readsBefore } from './watch-schedule';

interface Running {
  scope: CancellationScope;
  schedule: WatchSchedule;
  /** Settles once the server confirmed the end (the activity waits for its cancellation). */
  settled: Promise<void>;
}

export class StatusWatch {
  private running?: Running;
  /** The TTL is near: the last read was made (or none fits); the TTL path reads once more. */
  private done = false;

  /** `intervalMs`: where the next watch starts (the first poll's interval, or what a run reached). */
  constructor(
    private readonly run: CheckoutRun,
    private intervalMs: number,
  ) {}

  /** The interval the schedule reached: the next run's watch continues from it. */
  get reachedIntervalMs(): number {
    return this.intervalMs;
  }

  /** Starts a watch if the checkout waits for its customer and none runs. */
  ensure(): void {
    const { run } = this;
    const providerReference = run.state.session?.providerReference;
    if (this.running || this.done || run.decided || run.state.status === 'held') return;
    if (providerReference === undefined) return;
    const nowMs = Date.now();
    const untilMs = ttlAtMs(run.deadlineContext());
    const schedule: WatchSchedule = {
      startedAtMs: nowMs,
      intervalMs: this.intervalMs,
      maxIntervalMs: run.timing.maxPollIntervalMs,
    };
    const reads = readsBefore(schedule, untilMs);
    if (reads === 0) {
      this.done = true;
      return;
    }
    const scope = new CancellationScope();
    const calls = onProviderQueues(
      watchOptions(schedule.intervalMs, schedule.maxIntervalMs, untilMs - nowMs),
    );
    const settled = scope
      .run(() => calls.watchProviderStatus({ provider: run.state.provider, providerReference, reads }))
      .then(
        (result) => this.onResult(scope, result),
        (error: unknown) => this.onFailure(scope, error),
      );
    this.running = { scope, schedule, settled };
  }

  /**
   * Before a continue-as-new: cancelled and confirmed, so no attempt of it is left to a
   * closed run (the next run starts its own watch at the interval this one reached).
   */
  async stop(): Promise<void> {
    const running = this.running;
    this.cancel();
    await running?.settled;
  }

  /**
   * At a decision or a hold: no read after it; the reads made so far count. Nothing waits
   * for the server's confirmation (the run goes on with its decision).
   */
  cancel(): void {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    this.countReadsSoFar(running.schedule);
    running.scope.cancel();
  }

  private onResult(scope: CancellationScope, result: WatchProviderStatusResult): void {
    const running = this.take(scope);
    if (!running) return;
    this.countReads(running.schedule, result.attempt - 1);
    if (result.reading.kind === 'wait') {
      this.done = true;
      return;
    }
    this.run.onRecordedEvent(pollEvent(this.run, result.reading));
    // Queued: the loop decides on it, then looks again. Nothing queued (a status already
    // seen): the run may be asleep until its TTL, so the next watch starts from here.
    if (this.run.idle) this.ensure();
  }

  private onFailure(scope: CancellationScope, error: unknown): void {
    const running = this.take(scope);
    if (!running || isCancellation(error)) return;
    this.countReadsSoFar(running.schedule);
    // Its scheduleToClose: the TTL is here, and the TTL path runs as it always did.
    if (error instanceof ActivityFailure && error.cause instanceof TimeoutFailure) {
      this.done = true;
      return;
    }
    // The provider refused: counted like a failed poll; the next watch starts at the ceiling.
    const failure = providerCallFailure(error);
    this.run.state.pollFailures += 1;
    this.run.state.detail = `status poll failed: ${failure.message}`;
    this.intervalMs = running.schedule.maxIntervalMs;
    this.run.showSummary();
    this.ensure();
  }

  /** The watch this settlement belongs to, unless it was cancelled (or replaced) since. */
  private take(scope: CancellationScope): Running | undefined {
    if (this.running?.scope !== scope) return undefined;
    const running = this.running;
    this.running = undefined;
    return running;
  }

  /** A cancelled or failed watch: the reads its schedule made by now. */
  private countReadsSoFar(schedule: WatchSchedule): void {
    this.countReads(schedule, readsBefore(schedule, Date.now() + 1));
  }

  /** The watch's reads join `polls`; the next watch starts at the interval they reached. */
  private countReads(schedule: WatchSchedule, reads: number): void {
    this.run.state.polls += reads;
    this.intervalMs = gapAfter(schedule, reads);
  }
}
