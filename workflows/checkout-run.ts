// One run of a checkout: its state, its inbox of signals and how it waits. Signal
// handlers only classify and enqueue; the workflow's loop does all the work in order,
// so a decision is never taken inside a handler.
import { condition, setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import type { CancelReason, CarriedState, CheckoutInput, CheckoutState, CheckoutStatus } from './contract';
import { isDecided } from './contract';
import type { DecisionContext } from './decide';
import { decide } from './decide';
import { initialState, searchAttributesOf, summaryOf } from './checkout-state';
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
  | { type: 'pollNow' };
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

  decisionContext(): DecisionContext {
    const { status, provider, session } = this.state;
    return { status, policy: this.policy, provider, sessionReference: session?.providerReference };
  }

  /**
   * Takes a queued event that would complete the checkout, if any: checked before a
   * cancel is carried out, because a payment that arrived while we were closing came first.
   */
  takeQueuedCompletion(): ProviderEvent | undefined {
    const context = this.decisionContext();
    const index = this.inbox.findIndex(
      (item) => item.type === 'event' && decide(context, item).type === 'complete',
    );
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
    const remainingMs = wake.atMs - Date.now();
    if (this.idle && remainingMs > 0) await condition(() => !this.idle, remainingMs);
    return this.inbox.shift() ?? { type: 'wake', wake };
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
