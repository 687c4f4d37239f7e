// Which attempt of a merchant order is the current one. Attempt ids are computed
// (checkoutIdFor(orderId, n)), so the answer comes from describing attempt 1, 2, … until
// one does not exist: strongly consistent, unlike a visibility query, which matters when
// twenty identical requests arrive at once.
import type { Client } from '@temporalio/client';
import type { CheckoutState } from '../../../workflows/contract';
import { checkoutIdFor } from '../../../workflows/contract';
import { completedCheckoutResult, describeCheckout } from './state';

/** A merchant order gets this many attempts; past that something is wrong upstream. */
export const MAX_ATTEMPTS = 25;

export type LatestAttempt =
  | { kind: 'none' }
  /** Open (or finishing): the repeat joins it. */
  | { kind: 'running'; attempt: number; checkoutId: string }
  /** Closed with the order completed: repeats get it back, never a new attempt. */
  | { kind: 'completed'; attempt: number; checkoutId: string; state: CheckoutState }
  /** Closed without completing (cancelled, failed, terminated, timed out): a new attempt may start. */
  | { kind: 'closed'; attempt: number };

export async function findLatestAttempt(client: Client, merchantOrderId: string): Promise<LatestAttempt> {
  let latest: { attempt: number; status: string; listeningLate: boolean } | undefined;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const described = await describeCheckout(client, checkoutIdFor(merchantOrderId, attempt));
    if (!described) break;
    // Cancelled, still running only to catch a late payment (workflows/late-payments.ts).
    const listeningLate = described.status === 'RUNNING' && described.checkoutStatus === 'cancelled';
    latest = { attempt, status: described.status, listeningLate };
  }
  if (!latest) return { kind: 'none' };
  const { attempt, status, listeningLate } = latest;
  if (listeningLate) return { kind: 'closed', attempt };
  const checkoutId = checkoutIdFor(merchantOrderId, attempt);
  switch (status) {
    // Describe follows continue-as-new to the newest run; seeing the old run's status is a race.
    case 'RUNNING':
    case 'CONTINUED_AS_NEW':
      return { kind: 'running', attempt, checkoutId };
    case 'COMPLETED': {
      const state = await completedCheckoutResult(client, checkoutId);
      return state.status === 'completed'
        ? { kind: 'completed', attempt, checkoutId, state }
        : { kind: 'closed', attempt };
    }
    default:
      return { kind: 'closed', attempt };
  }
}
