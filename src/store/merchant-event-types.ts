// The order store's vocabulary for outbound merchant events (src/store/merchant-events.ts).
import type { MerchantEventStatus, MerchantEventType } from '../../workflows/merchant-events/contract';

export interface MerchantEventInput {
  /** Derived from (checkout, type, occurrence): a repeat is the same event. */
  id: string;
  checkoutId: string;
  type: MerchantEventType;
  /** The checkout as GET /checkouts/:id shows it (the sequence number is added on delivery). */
  data: Record<string, unknown>;
  createdAt: string;
}

export interface MerchantEventAttempt {
  /** 1, 2, … over every delivery of the event, redeliveries included. */
  attempt: number;
  attemptedAt: string;
  /** The merchant's answer; null when none came (timeout, connection refused). */
  statusCode: number | null;
  durationMs: number;
  /** Why it was not delivered: httpStatus, redirect, timeout, connection; null when delivered. */
  errorClass: string | null;
}

export interface MerchantEventRecord {
  id: string;
  /** Global insertion order; GET /events pages by it. */
  position: number;
  checkoutId: string;
  /** 1, 2, … per checkout, in the order its events were published. */
  seq: number;
  type: MerchantEventType;
  createdAt: string;
  data: Record<string, unknown>;
  status: MerchantEventStatus;
  attemptCount: number;
  deliveredAt: string | null;
  /** Oldest first; empty where not read. */
  attempts: MerchantEventAttempt[];
}

export interface MerchantEventAttemptInput {
  eventId: string;
  attemptedAt: string;
  statusCode?: number;
  durationMs: number;
  errorClass?: string;
  delivered: boolean;
}

export interface MerchantEventQuery {
  checkoutId?: string;
  type?: MerchantEventType;
  before?: number;
  limit: number;
}

export interface MerchantEventList {
  /** Newest first. */
  events: MerchantEventRecord[];
  /** The `before` of the next (older) page, when there is one. */
  nextBefore?: number;
}

export interface MerchantEventStore {
  /** Writes the event once; a repeat returns the first write. */
  recordMerchantEvent(input: MerchantEventInput): Promise<{ created: boolean; event: MerchantEventRecord }>;
  getMerchantEvent(eventId: string): Promise<MerchantEventRecord | undefined>;
  /** One HTTP attempt; a 2xx marks the event delivered. False for an unknown event. */
  recordMerchantEventAttempt(input: MerchantEventAttemptInput): Promise<{ recorded: boolean }>;
  /** The delivery gave up; an event delivered meanwhile stays delivered. */
  markMerchantEventFailed(eventId: string): Promise<{ updated: boolean }>;
  listMerchantEvents(query: MerchantEventQuery): Promise<MerchantEventList>;
}
