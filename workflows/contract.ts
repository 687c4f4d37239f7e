// The checkout workflow's contract: everything the workflow, the worker, the gateway
// and the tests share. Nobody repeats a message name, a status or an id format.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CreateSessionInput } from '../src/providers/types';
import type { ReportedMoney } from './amounts';
import type { OutcomeKind, ProviderEvent, ProviderId } from './domain';
import type { CheckoutTiming } from './policies';

export const DEFAULT_TASK_QUEUE = 'checkouts';

export const CHECKOUT_STATUSES = [
  'creatingSession',
  'awaitingCustomer',
  'authorizing',
  'timedOut',
  /** Waiting for ops: something is wrong that only a person may decide (see `attention`). */
  'held',
  'completed',
  'cancelled',
] as const;
export type CheckoutStatus = (typeof CHECKOUT_STATUSES)[number];

export const CANCEL_REASONS = [
  'declined',
  'expired',
  'merchantCancelled',
  'sessionFailed',
  'authorizationRefused',
  /** Ops resolved a held checkout with `resolveHold` {action: 'cancel'}. */
  'opsCancelled',
] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

export function isDecided(status: CheckoutStatus): boolean {
  return status === 'completed' || status === 'cancelled';
}

/** What the workflow needs to run one checkout attempt; the gateway builds it. */
export interface CheckoutInput {
  session: CreateSessionInput;
  provider: ProviderId;
  /** Overrides of the provider policy's durations (milliseconds). */
  timing?: Partial<CheckoutTiming>;
  /** The merchant's own labels (POST /checkouts `metadata`): kept on the state, never sent to the provider. */
  metadata?: Record<string, string>;
  /** The merchant's deadline (ISO-8601), already checked against the provider's maximum: the TTL ends no later. */
  expiresAt?: string;
  /** Present only when the workflow continued as new: what the earlier run learned. */
  carried?: CarriedState;
}

export interface CheckoutSession {
  providerReference: string;
  redirectUrl: string;
  expiresAt?: string;
  /** What the provider said the session is for, when its create answer says (WeGetFinancing). */
  amount?: string;
  currency?: string;
}

/**
 * Why a checkout needs a person. amountMismatch: a fulfilling event (or the session the
 * provider created) reported another amount or currency than the checkout's; money may
 * have moved, so nothing is completed or cancelled automatically. storeRefused: the order
 * store refused a write for good (invalid input, or a row with another identity).
 */
export type AttentionEntry =
  | {
      kind: 'amountMismatch';
      provider: ProviderId;
      expected: { amount: string; currency: string };
      reported: ReportedMoney;
      /** Who reported it: the fulfilling event itself, or the session's create answer. */
      reportedBy: 'event' | 'session';
      eventId: string;
      at: string;
    }
  | {
      kind: 'storeRefused';
      operation: 'completeOrder' | 'cancelOrder';
      reason: string;
      at: string;
    }
  | {
      /** The merchant asked to cancel while held: for ops to weigh, it decides nothing. */
      kind: 'merchantCancelRequested';
      at: string;
    }
  | {
      kind: 'resolved';
      action: ResolveHoldRequest['action'];
      note?: string;
      at: string;
    }
  | PaidAfterCancelEntry;

/**
 * A verified payment that arrived after the checkout was cancelled (by the merchant or
 * our TTL) at a provider that cannot close its session: the order stays cancelled, and
 * the money is compensated where the provider has a call for it, else left to ops.
 */
export interface PaidAfterCancelEntry {
  kind: 'paidAfterCancel';
  provider: ProviderId;
  /** What the payment was for: the amount the provider reported, else the checkout's. */
  amount: string;
  currency?: string;
  at: string;
  eventId: string;
  action: LatePaymentAction;
}

/**
 * What became of the late money. voided / cancelledAtProvider: we undid it at the
 * provider. refundAtProvider: ops must refund it there (`detail` says why we could not).
 * `reference`: the provider's id to quote (transaction, order or session).
 */
export interface LatePaymentAction {
  kind: 'voided' | 'cancelledAtProvider' | 'refundAtProvider';
  reference: string;
  detail?: string;
}

/** Ops' answer to a held checkout (Temporal UI: signal `resolveHold`). */
export interface ResolveHoldRequest {
  action: 'complete' | 'cancel';
  note?: string;
}

export interface EventSummary {
  eventId: string;
  kind: OutcomeKind;
  rawStatus: string;
  source: ProviderEvent['source'];
  receivedAt: string;
}

/** Counters ops read to see what the providers sent, including what changed nothing. */
export interface EventLedger {
  received: number;
  duplicates: number;
  /** Arrived after the decision: recorded, acknowledged, never applied. */
  afterDecision: number;
  unknownStatus: number;
  /** Named another provider or another session than this checkout's: never applied. */
  foreign: number;
  lastSeen?: EventSummary;
}

export interface RefundNotice {
  eventId: string;
  amount?: string;
  receivedAt: string;
}

export interface CheckoutState {
  checkoutId: string;
  merchantOrderId: string;
  provider: ProviderId;
  amount: string;
  currency: string;
  status: CheckoutStatus;
  cancelReason?: CancelReason;
  /** Human-readable detail of the last failure or refusal (never a secret). */
  detail?: string;
  session?: CheckoutSession;
  orderId?: string;
  providerTransactionId?: string;
  openedAt: string;
  decidedAt?: string;
  events: EventLedger;
  refunds: RefundNotice[];
  /**
   * Status reads made. A status watch's reads (workflows/watch.ts) are added when it ends;
   * while it runs they show in the Temporal UI as the pending activity's attempt count and
   * last failure.
   */
  polls: number;
  /** Status polls that failed after their retries (a watch: ended by a refusal); the next poll time still stands. */
  pollFailures: number;
  /** Affirm: authorizations whose amount, order id or session did not match; each was voided. */
  authorizationMismatches: number;
  /**
   * Affirm: a confirmation whose authorization failed transiently (after the activity's own
   * retries); it is tried again on a durable timer until it succeeds or its token expires.
   */
  pendingAuthorization?: PendingAuthorization;
  /** Affirm: what browser returns asked to authorize (absent until the first one; runs before it lack it). */
  redirectAuthorizations?: RedirectAuthorizations;
  /**
   * Why the checkout is or was held, oldest first, and how ops resolved it. Absent in
   * states written before holds existed.
   */
  attention?: AttentionEntry[];
  /** 1 for the first run; +1 at every continue-as-new (history kept bounded). */
  run: number;
  /** The merchant's labels from the input; absent when it sent none (and in runs before metadata existed). */
  metadata?: Record<string, string>;
  /** The merchant's deadline from the input (ISO-8601); absent when it set none. */
  merchantExpiresAt?: string;
  returnUrl: string;
  cancelUrl: string;
}

/** A confirmation kept for another authorize attempt; `retryAt` is ISO-8601. */
export interface PendingAuthorization {
  checkoutToken: string;
  source: ProviderEvent['source'];
  /** Authorize calls that failed transiently so far, each after its own activity retries. */
  failures: number;
  retryAt: string;
}

/** Browser-return tokens: authorized (called the provider), refused by it, or over the limit (not called). */
export interface RedirectAuthorizations {
  attempted: number;
  refused: number;
  overLimit: number;
}

export type CheckoutResult = CheckoutState;

/** State that survives continue-as-new, so a long poll keeps its history bounded. */
export interface CarriedState {
  state: CheckoutState;
  recentEventIds: string[];
  /**
   * The run that continued recorded the lean-history patch: this one is lean too without
   * asking patched() again, which would record a marker and the SDK's TemporalChangeVersion
   * upsert, two events a run (workflows/lean-history.ts).
   */
  lean?: boolean;
  nextPollAt?: number;
  pollIntervalMs?: number;
}

export interface MerchantCancelRequest {
  requestedAt: string;
}

/** A verified provider event (webhook, postback, redirect). */
export const providerEventSignal = defineSignal<[ProviderEvent]>('providerEvent');
/** An unsigned or unverifiable notice: poll the provider's status API now, apply nothing. */
export const pollNowSignal = defineSignal<[]>('pollNow');
export const merchantCancelSignal = defineSignal<[MerchantCancelRequest]>('merchantCancel');
/**
 * The outcome of the merchant cancel signalled before it: answered once that cancel was
 * carried out (or found moot) with the state then, so the gateway can tell the merchant
 * that a payment in flight won. Changes nothing itself.
 */
export const merchantCancelOutcomeUpdate = defineUpdate<CheckoutState>('merchantCancelOutcome');
/** Ops: carry out the complete or cancel path of a held checkout, once. Ignored unless held. */
export const resolveHoldSignal = defineSignal<[ResolveHoldRequest]>('resolveHold');
export const checkoutStateQuery = defineQuery<CheckoutState>('checkoutState');
/** Memo key naming the request that started the run: tells 201 (that request started it) from 200. */
export const STARTED_BY_MEMO = 'startedByRequest';
/**
 * The session update's answer: the session's own fields (the answer's whole shape before,
 * and still all a worker of that code answers), plus what the gateway answers POST
 * /checkouts with, so it needs no describe or query after the update: the checkout's state
 * when the update answered, and the run's STARTED_BY_MEMO.
 */
export type SessionAnswer = CheckoutSession & { checkout?: CheckoutState; startedByRequest?: string };
/** Resolves once the provider session exists; fails with type SessionFailed when it cannot be made. */
export const sessionUpdate = defineUpdate<SessionAnswer>('session');

export const SESSION_FAILED_ERROR = 'SessionFailed';
/**
 * The start of a session failure's detail when the order store had closed the checkout
 * before this run (its workflow gone past retention): the gateway then looks again rather
 * than answer 502, since nothing failed at the provider.
 */
export const CLOSED_ROW_DETAIL = 'the order store already closed this checkout';

const WORKFLOW_ID_PREFIX = 'checkout-';

export function checkoutWorkflowId(checkoutId: string): string {
  return `${WORKFLOW_ID_PREFIX}${checkoutId}`;
}

export function checkoutIdFromWorkflowId(workflowId: string): string | undefined {
  return workflowId.startsWith(WORKFLOW_ID_PREFIX) ? workflowId.slice(WORKFLOW_ID_PREFIX.length) : undefined;
}

/**
 * One merchant order can have several attempts (a new one only after the previous
 * closed without completing); the attempt number keeps their ids apart and readable.
 */
export function checkoutIdFor(merchantOrderId: string, attempt: number): string {
  return `${merchantOrderId}-a${attempt}`;
}

export function attemptFromCheckoutId(
  checkoutId: string,
): { merchantOrderId: string; attempt: number } | undefined {
  const match = /^(.+)-a([1-9]\d*)$/.exec(checkoutId);
  return match ? { merchantOrderId: match[1] as string, attempt: Number(match[2]) } : undefined;
}

/** The small workflow that durably records an event for a closed or unknown checkout. */
export interface InboundEventRecord {
  event: ProviderEvent;
  reason: 'unknownCheckout' | 'closedCheckout';
  /** The closed checkout the event names, when the gateway found it. */
  checkoutId?: string;
}

export function inboundEventWorkflowId(event: ProviderEvent): string {
  return `inbound-${event.provider}-${event.eventId}`;
}
