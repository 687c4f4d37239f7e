// One run of a checkout: its state, its inbox of signals and how it waits. Signal
// handlers only classify and enqueue; the workflow's loop does all the work in order,
// so a decision is never taken inside a handler.
import { condition, log, setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import type {
  AttentionEntry,
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
import type { PollSchedule, Wake } from './deadlines';
import { firstPollSchedule, nextWake } from './deadlines';
import type { ProviderEvent } from './domain';
import type { Arrival } from './ledger';
import { admit, withRefund } from './ledger';
import type { CheckoutTiming, ProviderPolicy } from './policies';
import { PROVIDER_POLICIES, timingFor } from './policies';

export type InboxItem =
  | { type: 'event'; event: ProviderEvent }
  | { type: 'merchantCancel' }
  | { type: 'pollNow' }
  | { type: 'resolveHold'; request: ResolveHoldRequest };
export type Work = InboxItem | { type: 'wake'; wake: Wake };

export interface Conclusion {
  status: Extract<CheckoutStatus, 'completed' | 'cancelled'>;
  cancelReason?: CancelReason;
  detail?: string;
  orderId?: string;
}

export class CheckoutRun {
  readonly policy: ProviderPolicy;
  readonly timing: CheckoutTiming;
  readonly state: CheckoutState;
  private recentEventIds: string[];
  private readonly inbox: InboxItem[] = [];
  poll?: PollSchedule;
  /** A terminal decision is being carried out; from here on every event is late. */
  private closing = false;

  constructor(readonly input: CheckoutInput) {
    this.policy = PROVIDER_POLICIES[input.provider];
    this.timing = timingFor(input.provider, input.timing);
    const carried = input.carried;
    this.state = carried ? { ...carried.state, run: carried.state.run + 1 } : initialState(input, nowIso());
    this.recentEventIds = carried ? [...carried.recentEventIds] : [];
    if (carried?.nextPollAt !== undefined && carried.pollIntervalMs !== undefined) {
      this.poll = { nextPollAtMs: carried.nextPollAt, intervalMs: carried.pollIntervalMs };
    } else if (this.policy.polls) {
      this.poll = firstPollSchedule(Date.parse(this.state.openedAt), this.timing);
    }
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
    if (this.admit(event) === 'new') this.inbox.push({ type: 'event', event });
    this.showSummary();
  }

  /** A hint only matters while undecided, for providers we can poll; several hints make one poll. */
  onPollNow(): void {
    if (this.decided || !this.policy.polls || this.inbox.some((item) => item.type === 'pollNow')) return;
    this.inbox.push({ type: 'pollNow' });
  }

  /** After the decision a cancel changes nothing (the gateway answers 409 from the query). */
  onMerchantCancel(): void {
    if (this.decided || this.inbox.some((item) => item.type === 'merchantCancel')) return;
    this.inbox.push({ type: 'merchantCancel' });
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

  get idle(): boolean {
    return this.inbox.length === 0;
  }

  /** The first of: something in the inbox, or the next deadline (a durable timer). */
  async nextWork(): Promise<Work> {
    const wake = nextWake({
      openedAtMs: Date.parse(this.state.openedAt),
      policy: this.policy,
      timing: this.timing,
      status: this.state.status,
      sessionExpiresAt: this.state.session?.expiresAt,
      avs: this.input.session.options?.avs === true,
      poll: this.poll,
    });
    // No wake (held): only the inbox can end the wait.
    if (!wake) await condition(() => !this.idle);
    else if (this.idle && wake.atMs > Date.now()) await condition(() => !this.idle, wake.atMs - Date.now());
    const item = this.inbox.shift();
    if (item) return item;
    if (!wake) throw new Error('woke with an empty inbox and no deadline');
    return { type: 'wake', wake };
  }

  /** Mutates in place: callers hold `run.state` across awaits. */
  setStatus(status: CheckoutStatus, changes: Partial<CheckoutState> = {}): void {
    Object.assign(this.state, changes, { status });
    upsertSearchAttributes(searchAttributesOf(this.state));
    this.showSummary();
  }

  /** Marks the start of carrying out a terminal decision. */
  beginClosing(): void {
    this.closing = true;
  }

  /**
   * Stops short of a decision and waits for ops: no deadline ends a held checkout, later
   * events are still counted, and `resolveHold` carries out complete or cancel once.
   */
  hold(entry: AttentionEntry): void {
    this.closing = false;
    const detail = describeAttention(entry);
    log.warn(`checkout held for ops: ${entry.kind}`, { detail });
    this.setStatus('held', { attention: [...(this.state.attention ?? []), entry], detail });
  }

  /** Listed once per hold, for ops to weigh; the hold's reason stays the detail. */
  noteMerchantCancelWhileHeld(): void {
    const attention = this.state.attention ?? [];
    if (attention[attention.length - 1]?.kind === 'merchantCancelRequested') return;
    this.state.attention = [...attention, { kind: 'merchantCancelRequested', at: nowIso() }];
    this.showSummary();
  }

  /** Ops answered a hold: recorded with the hold it resolves, before its path is carried out. */
  noteResolution(request: ResolveHoldRequest): void {
    const entry: AttentionEntry = { kind: 'resolved', ...request, at: nowIso() };
    this.state.attention = [...(this.state.attention ?? []), entry];
    this.state.detail = describeAttention(entry);
  }

  conclude(conclusion: Conclusion): void {
    const { status, ...changes } = conclusion;
    this.setStatus(status, { ...changes, decidedAt: nowIso() });
    this.drainLateInbox();
  }

  showSummary(): void {
    setCurrentDetails(summaryOf(this.state));
  }

  carry(): CarriedState {
    return {
      state: this.state,
      recentEventIds: this.recentEventIds,
      nextPollAt: this.poll?.nextPollAtMs,
      pollIntervalMs: this.poll?.intervalMs,
    };
  }

  /** Events queued while the decision ran were admitted as new; they turned out to be late. */
  private drainLateInbox(): void {
    for (const item of this.inbox.splice(0)) {
      if (item.type !== 'event') continue;
      this.state.events = { ...this.state.events, afterDecision: this.state.events.afterDecision + 1 };
      if (item.event.kind === 'refund')
        this.state.refunds = withRefund(this.state.refunds, item.event, nowIso());
    }
  }
}

export function nowIso(): string {
  return new Date(Date.now()).toISOString();
}
