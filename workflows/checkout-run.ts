// One run of a checkout: its state, its inbox of signals and how it waits. Signal
// handlers only classify and enqueue; the workflow's loop does all the work in order,
// so a decision is never taken inside a handler.
import {
  condition,
  log,
  setCurrentDetails,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type {
  AttentionEntry,
  PaidAfterCancelEntry,
  ResolveHoldRequest,
  CancelReason,
  CarriedState,
  CheckoutInput,
  CheckoutState,
  CheckoutStatus,
} from './contract';
import { isDecided } from './contract';
import type { DecisionContext } from './decide';
import { decide } from './decide';
import { initialState, searchAttributesOf, summaryOf } from './checkout-state';
import { describeAttention, parseResolveHold } from './holds';
import type { DeadlineContext, PollSchedule, Wake } from './deadlines';
import { firstPollSchedule, nextWake, withFinalRead } from './deadlines';
import type { ProviderEvent } from './domain';
import type { Arrival } from './ledger';
import { admit, withRefund } from './ledger';
import { countAttention, countConclusion } from './metrics';
import type { MerchantEventType, PublishMerchantEventInput } from './merchant-events/contract';
import { leanHistory, since } from './lean-history';
import type { CheckoutTiming, ProviderPolicy } from './policies';
import { localStore, store } from './proxies';
import { WakeTimer } from './wake-timer';
import { StatusWatch } from './watch';
import { PROVIDER_POLICIES, timingFor } from './policies';

export type InboxItem =
  | { type: 'event'; event: ProviderEvent }
  | { type: 'merchantCancel' }
  | { type: 'pollNow' }
  | { type: 'resolveHold'; request: ResolveHoldRequest };
export type Work = InboxItem | { type: 'wake'; wake: Wake };

/** Well below Temporal's 50k-event limit, so a replay of any run stays quick. */
export const HISTORY_EVENT_LIMIT = 1500;
/**
 * Signals this run may receive before it continues as new, far below Temporal's per-run
 * limit (`history.maximumSignalsPerExecution`, 10,000 by default): signals that change
 * nothing (coalesced hints) still count there.
 */
export const SIGNALS_PER_RUN_LIMIT = 500;
/** Hint-triggered status reads are at least this far apart; a hint in between waits for it. */
export const HINT_POLL_SPACING_MS = 30_000;
/** The statuses a merchant hears about (workflows/merchant-events/). */
const STATUS_EVENTS: Partial<Record<CheckoutStatus, MerchantEventType>> = {
  completed: 'checkout.completed',
  cancelled: 'checkout.cancelled',
  timedOut: 'checkout.timedOut',
};
/** Attention entries that only annotate a hold; every other kind tells the merchant. */
const QUIET_ATTENTION: readonly AttentionEntry['kind'][] = ['merchantCancelRequested', 'resolved'];

/** Late events kept for the late-payment phase at once; verified events are few, so this is slack. */
const LATE_ARRIVALS_LIMIT = 100;
/** Runs started before this change keep waiting as they did, so their histories replay. */
const BOUNDED_SIGNALS_PATCH = 'bounded-unauthenticated-signals';
/** Runs started before Affirm's checkout was read never polled it; their histories replay. */
const CONFIRMATION_READS_PATCH = 'affirm-confirmation-reads';

export interface Conclusion {
  status: Extract<CheckoutStatus, 'completed' | 'cancelled'>;
  cancelReason?: CancelReason;
  detail?: string;
  orderId?: string;
}

export class CheckoutRun {
  readonly policy: ProviderPolicy;
  readonly timing: CheckoutTiming;
  /** Reads the provider on a schedule: its status API, or (Affirm) its checkout for a lost confirmation. */
  readonly polls: boolean;
  readonly state: CheckoutState;
  private recentEventIds: string[];
  private readonly inbox: InboxItem[] = [];
  poll?: PollSchedule;
  /** A terminal decision is being carried out; from here on every event is late. */
  private closing = false;
  private signalsThisRun = 0;
  /** When a hint that arrived inside the spacing will be answered by a status read. */
  private hintedPollAtMs?: number;
  private lastHintedPollAtMs?: number;
  private readonly boundsSignals: boolean;
  /** This run records the lean-history patch (lean-history.ts). */
  readonly lean: boolean;
  /** The timer of a lean run's waits. */
  readonly wakeTimer = new WakeTimer();
  /**
   * A lean run of a provider with a status API polls by a watch activity's retries
   * (watch.ts) instead of a timer and an activity per read; Affirm's confirmation reads
   * and runs without the marker keep their scheduled polls.
   */
  readonly watch?: StatusWatch;
  /** Merchant events noted since the loop last published them (checkout.ts). */
  private merchantEvents: Omit<PublishMerchantEventInput, 'checkoutId' | 'checkout'>[] = [];
  /**
   * Events that came after the decision, kept for the late-payment phase
   * (late-payments.ts), which looks for money among them; bounded, each counted anyway.
   */
  private readonly lateArrivals: ProviderEvent[] = [];
  /** The unit of work the loop is carrying out, if any (a cancel's answer waits for it). */
  private working?: Work['type'];

  constructor(readonly input: CheckoutInput) {
    // First: it decides whether the older patches below record markers at all. A run that
    // a lean run continued is lean by its input alone (CarriedState.lean).
    this.lean = input.carried?.lean === true || leanHistory();
    this.policy = PROVIDER_POLICIES[input.provider];
    this.timing = timingFor(input.provider, input.timing);
    this.polls =
      this.policy.polls ||
      (this.policy.confirmationReads !== undefined && this.since(CONFIRMATION_READS_PATCH));
    const carried = input.carried;
    this.state = carried ? { ...carried.state, run: carried.state.run + 1 } : initialState(input, nowIso());
    this.recentEventIds = carried ? [...carried.recentEventIds] : [];
    this.boundsSignals = this.since(BOUNDED_SIGNALS_PATCH);
    // A watching run has no poll schedule of its own (the watch reads), so no poll wake.
    if (this.lean && this.policy.polls) {
      this.watch = new StatusWatch(this, carried?.pollIntervalMs ?? this.timing.firstPollMs);
      // A watching run carries only a spaced hint's read as its next poll (carry()).
      this.hintedPollAtMs = carried?.nextPollAt;
    } else if (carried?.nextPollAt !== undefined && carried.pollIntervalMs !== undefined) {
      this.poll = { nextPollAtMs: carried.nextPollAt, intervalMs: carried.pollIntervalMs };
    } else if (this.polls) {
      this.poll = firstPollSchedule(Date.parse(this.state.openedAt), this.timing);
    }
  }

  /** Whether a path guarded by a patch older than lean-history is taken (lean-history.ts). */
  since(olderPatchId: string): boolean {
    return since(this.lean, olderPatchId);
  }

  /** The order store's activities: local ones in a lean run. */
  get store(): typeof store {
    return this.lean ? localStore : store;
  }

  get decided(): boolean {
    return this.closing || isDecided(this.state.status);
  }

  /** Counts the event in the ledger; late refunds are still listed, never applied. */
  admit(event: ProviderEvent): Arrival {
    const receivedAt = nowIso();
    const result = admit(
      { counters: this.state.events, recentEventIds: this.recentEventIds },
      event,
      this.decided,
      receivedAt,
    );
    this.state.events = result.book.counters;
    this.recentEventIds = result.book.recentEventIds;
    if (result.arrival === 'afterDecision' && event.kind === 'refund') {
      this.state.refunds = withRefund(this.state.refunds, event, receivedAt);
    }
    return result.arrival;
  }

  onProviderEvent(event: ProviderEvent): void {
    this.signalsThisRun += 1;
    this.enqueueEvent(event);
  }

  /** An event recorded for an unknown checkout and claimed by this one: as if signalled. */
  onRecordedEvent(event: ProviderEvent): void {
    this.enqueueEvent(event);
  }

  private enqueueEvent(event: ProviderEvent): void {
    const arrival = this.admit(event);
    if (arrival === 'new') this.inbox.push({ type: 'event', event });
    else if (arrival === 'afterDecision') this.keepLate(event);
    this.showSummary();
  }

  /**
   * A hint only matters while undecided, for providers we can poll; several hints make one
   * poll, and hint-triggered polls are spaced (a flood of hints must not hammer the provider).
   */
  onPollNow(): void {
    this.signalsThisRun += 1;
    if (this.decided || !this.polls || this.inbox.some((item) => item.type === 'pollNow')) return;
    if (!this.boundsSignals) {
      this.inbox.push({ type: 'pollNow' });
      return;
    }
    if (this.hintedPollAtMs !== undefined) return;
    const spacedAtMs = (this.lastHintedPollAtMs ?? -Infinity) + HINT_POLL_SPACING_MS;
    if (spacedAtMs <= Date.now()) this.inbox.push({ type: 'pollNow' });
    else this.hintedPollAtMs = spacedAtMs;
  }

  /** After the decision a cancel changes nothing (the gateway answers 409 from the query). */
  onMerchantCancel(): void {
    this.signalsThisRun += 1;
    if (this.decided || this.inbox.some((item) => item.type === 'merchantCancel')) return;
    this.inbox.push({ type: 'merchantCancel' });
  }

  /**
   * The merchant's cancel was carried out or found moot: decided, or neither queued, nor
   * being worked on, nor overtaken by a decision under way (a held checkout notes it and
   * stays held).
   */
  get merchantCancelSettled(): boolean {
    if (isDecided(this.state.status)) return true;
    if (this.closing) return false;
    return this.working !== 'merchantCancel' && !this.inbox.some((item) => item.type === 'merchantCancel');
  }

  async carryOut(work: Work, apply: (run: CheckoutRun, work: Work) => Promise<void>): Promise<void> {
    this.working = work.type;
    try {
      await apply(this, work);
    } finally {
      this.working = undefined;
    }
  }

  /** Ops' answer counts only while held, and only the first: the hold is resolved once. */
  onResolveHold(value: unknown): void {
    const request = parseResolveHold(value);
    if (!request)
      return void log.warn('resolveHold ignored: expected {action: "complete" | "cancel", note?}');
    if (
      this.decided ||
      this.state.status !== 'held' ||
      this.inbox.some((item) => item.type === 'resolveHold')
    )
      return void log.warn('resolveHold ignored: the checkout is not held, or a resolution is under way');
    this.inbox.push({ type: 'resolveHold', request });
  }

  decisionContext(): DecisionContext {
    const { status, provider, session, amount, currency } = this.state;
    return {
      status,
      policy: this.policy,
      provider,
      sessionReference: session?.providerReference,
      expected: { amount, currency },
      sessionReported: session && { amount: session.amount, currency: session.currency },
    };
  }

  /**
   * Takes a queued event that would complete the checkout (or hold it, when its amount
   * is wrong), if any: checked before a cancel is carried out, because a payment that
   * arrived while we were closing came first.
   */
  takeQueuedCompletion(): ProviderEvent | undefined {
    const context = this.decisionContext();
    const index = this.inbox.findIndex((item) => {
      if (item.type !== 'event') return false;
      const decision = decide(context, item).type;
      return decision === 'complete' || decision === 'hold';
    });
    const [item] = index < 0 ? [] : this.inbox.splice(index, 1);
    return item?.type === 'event' ? item.event : undefined;
  }

  /** A queued Affirm-style confirmation (a token to authorize), left in the inbox. */
  hasQueuedConfirmation(): boolean {
    return this.queuedConfirmationIndex() >= 0;
  }

  /** Takes the queued confirmation that a cancel met: it is authorized before cancelling. */
  takeQueuedConfirmation(): ProviderEvent | undefined {
    const index = this.queuedConfirmationIndex();
    const [item] = index < 0 ? [] : this.inbox.splice(index, 1);
    return item?.type === 'event' ? item.event : undefined;
  }

  private queuedConfirmationIndex(): number {
    const context = this.decisionContext();
    return this.inbox.findIndex(
      (item) => item.type === 'event' && decide(context, item).type === 'authorize',
    );
  }

  takeLateArrival(): ProviderEvent | undefined {
    return this.lateArrivals.shift();
  }

  get hasLateArrival(): boolean {
    return this.lateArrivals.length > 0;
  }

  /** Paid after the cancel: listed for ops and findable by NeedsAttention. */
  notePaidAfterCancel(entry: PaidAfterCancelEntry): void {
    log.warn(`payment after cancel: ${entry.action.kind}`, {
      provider: entry.provider,
      eventId: entry.eventId,
    });
    this.noteAttention(entry);
    this.setStatus(this.state.status, { detail: describeAttention(entry) });
  }

  get idle(): boolean {
    return this.inbox.length === 0;
  }

  /** Time to continue as new: a long history, Temporal's suggestion, or many signals this run. */
  get runIsLong(): boolean {
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > HISTORY_EVENT_LIMIT) return true;
    return this.boundsSignals && this.signalsThisRun >= SIGNALS_PER_RUN_LIMIT;
  }

  /**
   * The first of: something in the inbox, a spaced hint's poll, or the next deadline (a
   * durable timer). Undefined when the wait ended early with nothing to do: the run grew
   * long (signals that change nothing never fill the inbox, so without this an idle run
   * would never continue as new and would run into Temporal's per-run signal limit), or a
   * spaced hint needs an earlier timer.
   */
  async nextWork(): Promise<Work | undefined> {
    this.watch?.ensure();
    const wake = nextWake(this.deadlineContext());
    // No wake at all while held: only the inbox (or a long run) ends the wait.
    const wakeAtMs = wake?.atMs ?? Infinity;
    const hintedAtMs = this.hintedPollAtMs ?? Infinity;
    const dueAtMs = Math.min(wakeAtMs, hintedAtMs);
    if (this.idle && dueAtMs > Date.now()) {
      // Also stop for a long run (to continue as new) and for a newly spaced hint (an earlier timer).
      const stopEarly = () =>
        this.boundsSignals && (this.runIsLong || (this.hintedPollAtMs ?? Infinity) !== hintedAtMs);
      const wakeUp = () => !this.idle || stopEarly();
      const woken = this.lean ? await this.waitLean(dueAtMs, wakeUp) : await waitFor(dueAtMs, wakeUp);
      if (woken && this.idle) return undefined;
    }
    const work: Work | undefined =
      this.inbox.shift() ??
      (hintedAtMs < wakeAtMs && hintedAtMs <= Date.now()
        ? { type: 'pollNow' }
        : wake && { type: 'wake', wake });
    // Any read answers every hint that came before it; only hinted reads count for the spacing.
    if (work?.type === 'pollNow') this.lastHintedPollAtMs = Date.now();
    if (work?.type === 'pollNow' || (work?.type === 'wake' && work.wake.kind === 'poll'))
      this.hintedPollAtMs = undefined;
    return work;
  }

  /** What the deadlines are computed from (a watching run has no `poll`, so no poll wake). */
  deadlineContext(): DeadlineContext {
    return {
      openedAtMs: Date.parse(this.state.openedAt),
      policy: { ...this.policy, polls: this.polls },
      timing: this.timing,
      status: this.state.status,
      sessionExpiresAt: this.state.session?.expiresAt,
      merchantExpiresAt: this.state.merchantExpiresAt,
      avs: this.input.session.options?.avs === true,
      poll: this.poll && withFinalRead(this.poll, Date.now(), this.finalReadAtMs()),
      authorizeRetryAt: this.state.pendingAuthorization?.retryAt,
    };
  }

  /** A lean run keeps its timer across waits for the same instant (wake-timer.ts). */
  private async waitLean(dueAtMs: number, wakeUp: () => boolean): Promise<boolean> {
    if (dueAtMs !== Infinity) return this.wakeTimer.waitUntil(dueAtMs, wakeUp);
    // An open-ended wait (held) has no timer to keep.
    this.wakeTimer.cancel();
    return waitFor(dueAtMs, wakeUp);
  }

  /** Affirm: the last read of its checkout, a margin before the session (and its token) expires. */
  private finalReadAtMs(): number | undefined {
    const margin = this.policy.confirmationReads?.finalReadBeforeExpiryMs;
    const expiresAtMs = Date.parse(this.state.session?.expiresAt ?? '');
    return margin === undefined || !Number.isFinite(expiresAtMs) ? undefined : expiresAtMs - margin;
  }

  /** Mutates in place: callers hold `run.state` across awaits. */
  setStatus(status: CheckoutStatus, changes: Partial<CheckoutState> = {}): void {
    const previous = this.state.status;
    Object.assign(this.state, changes, { status });
    const type = STATUS_EVENTS[status];
    if (type && status !== previous) this.merchantEvents.push({ type, occurrence: status });
    const pairs = searchAttributesOf(this.state);
    // A lean run upserts only what the execution does not show yet (start set the first status).
    const changed = this.lean ? pairs.filter((pair) => !isShown(pair)) : pairs;
    if (changed.length > 0) upsertSearchAttributes(changed);
    this.showSummary();
  }

  /** Marks the start of carrying out a terminal decision. */
  beginClosing(): void {
    this.closing = true;
    this.watch?.cancel();
  }

  /**
   * Stops short of a decision and waits for ops: no deadline ends a held checkout, later
   * events are still counted, and `resolveHold` carries out complete or cancel once.
   */
  hold(entry: AttentionEntry): void {
    this.closing = false;
    this.watch?.cancel();
    const detail = describeAttention(entry);
    log.warn(`checkout held for ops: ${entry.kind}`, { detail });
    this.noteAttention(entry);
    this.setStatus('held', { detail });
  }

  /**
   * The one place an attention entry is added: every kind but the annotations of a hold
   * also becomes a checkout.needsAttention event, numbered by its place in the list.
   */
  noteAttention(entry: AttentionEntry): void {
    const attention = this.state.attention ?? [];
    this.state.attention = [...attention, entry];
    if (QUIET_ATTENTION.includes(entry.kind)) return;
    this.merchantEvents.push({
      type: 'checkout.needsAttention',
      occurrence: `attention-${attention.length}`,
      attention: { ...entry },
    });
    countAttention(this.state.provider, entry.kind);
  }

  /** The merchant events noted so far, with the checkout as it is now; the list starts over. */
  takeMerchantEvents(): PublishMerchantEventInput[] {
    const noted = this.merchantEvents;
    this.merchantEvents = [];
    return noted.map((event) => ({ ...event, checkoutId: this.state.checkoutId, checkout: this.state }));
  }

  /** Listed once per hold, for ops to weigh; the hold's reason stays the detail. */
  noteMerchantCancelWhileHeld(): void {
    const attention = this.state.attention ?? [];
    if (attention[attention.length - 1]?.kind === 'merchantCancelRequested') return;
    this.noteAttention({ kind: 'merchantCancelRequested', at: nowIso() });
    this.showSummary();
  }

  /** Ops answered a hold: recorded with the hold it resolves, before its path is carried out. */
  noteResolution(request: ResolveHoldRequest): void {
    const entry: AttentionEntry = { kind: 'resolved', ...request, at: nowIso() };
    this.noteAttention(entry);
    this.state.detail = describeAttention(entry);
  }

  conclude(conclusion: Conclusion): void {
    const { status, ...changes } = conclusion;
    this.setStatus(status, { ...changes, decidedAt: nowIso() });
    countConclusion(this.state.provider, conclusion);
    this.drainLateInbox();
  }

  showSummary(): void {
    setCurrentDetails(summaryOf(this.state));
  }

  /** A spaced hint still waiting becomes the next run's next poll, so it is not lost. */
  carry(): CarriedState {
    const nextPollAt = this.watch
      ? this.hintedPollAtMs
      : this.poll && Math.min(this.poll.nextPollAtMs, this.hintedPollAtMs ?? Infinity);
    // The watch was stopped (checkout.ts); the next run's watch continues at the interval it reached.
    return {
      state: this.state,
      recentEventIds: this.recentEventIds,
      ...(this.lean ? { lean: true } : {}),
      nextPollAt,
      pollIntervalMs: this.watch ? this.watch.reachedIntervalMs : this.poll?.intervalMs,
    };
  }

  private keepLate(event: ProviderEvent): void {
    if (this.lateArrivals.length < LATE_ARRIVALS_LIMIT) this.lateArrivals.push(event);
  }

  /** Events queued while the decision ran were admitted as new; they turned out to be late. */
  private drainLateInbox(): void {
    for (const item of this.inbox.splice(0)) {
      if (item.type !== 'event') continue;
      this.keepLate(item.event);
      this.state.events = { ...this.state.events, afterDecision: this.state.events.afterDecision + 1 };
      if (item.event.kind === 'refund')
        this.state.refunds = withRefund(this.state.refunds, item.event, nowIso());
    }
  }
}

/** A wait as runs before lean-history wait: a new timer each time. */
async function waitFor(dueAtMs: number, wakeUp: () => boolean): Promise<boolean> {
  if (dueAtMs === Infinity) return condition(wakeUp).then(() => true);
  return condition(wakeUp, dueAtMs - Date.now());
}

/** The execution's search attribute already has this value (the SDK keeps it current on upsert). */
function isShown(pair: SearchAttributeUpdatePair): boolean {
  const shown = workflowInfo()
    .typedSearchAttributes.getAll()
    .find((current) => current.key.name === pair.key.name);
  return shown !== undefined && shown.value === pair.value;
}

export function nowIso(): string {
  return new Date(Date.now()).toISOString();
}
