// Identical POST /checkouts that arrive together (a backend retrying on its own timeout,
// a double submit upstream) share one look-up and one Update-With-Start in this process.
// Temporal admits at most 10 in-flight updates per workflow (the server's
// history.maxInFlightUpdates): past that it refuses the next with RESOURCE_EXHAUSTED, and
// twenty identical requests at once had some answered 503 though their checkout was fine.
import { createHash } from 'node:crypto';
import type { CreateCheckoutRequest } from './schema';
import type { CreateOutcome } from './create';

export type CreateOnce = (
  request: CreateCheckoutRequest,
  create: () => Promise<CreateOutcome>,
) => Promise<CreateOutcome>;

/** One per gateway app: requests to different apps (and Temporal servers) never share. */
export function coalesceIdenticalCreates(): CreateOnce {
  const inFlight = new Map<string, Promise<CreateOutcome>>();
  return async (request, create) => {
    // The whole request, not only the order id: a repeat with another amount must still be
    // compared with the checkout (409 order_conflict), not handed the first one's answer.
    const key = createHash('sha256').update(JSON.stringify(request)).digest('hex');
    const running = inFlight.get(key);
    if (running) {
      const shared = await running;
      // Only the request that started the checkout is its creator; the others are repeats.
      return shared.status === 201 ? { status: 200, body: shared.body } : shared;
    }
    const work = create();
    inFlight.set(key, work);
    try {
      return await work;
    } finally {
      inFlight.delete(key);
    }
  };
}
