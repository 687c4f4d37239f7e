// The customer's browser, for WiPay's only signal: the redirect to response_url.
// Shaping mirrors what real browsers do to it: closed before the redirect (drop),
// refreshed (copies), slow (delayMs), or a stale tab replayed later (hold/release).
import type { DeliveryShaping } from '../delivery';

export interface BrowserVisit {
  url: string;
  status: number | 'error';
  at: string;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export class SimulatedBrowser {
  readonly visits: BrowserVisit[] = [];
  private readonly held: string[] = [];
  private readonly inFlight = new Set<Promise<void>>();

  /** Resolves once every GET this call makes is done (background ones: see idle()). */
  async visit(url: string, shaping: DeliveryShaping): Promise<BrowserVisit[]> {
    if (shaping.drop) return [];
    if (shaping.hold) {
      this.held.push(url);
      return [];
    }
    const work = this.go(url, Math.max(1, shaping.copies ?? 1), shaping.delayMs ?? 0);
    // A delayed redirect is not waited for: the control call answers at once.
    if (shaping.delayMs) {
      this.track(work.then(() => undefined));
      return [];
    }
    return work;
  }

  /** Replays held redirects, newest first (reordering), one after the other so they land in that order. */
  releaseHeld(): number {
    const released = this.held.splice(0).reverse();
    let previous: Promise<unknown> = Promise.resolve();
    for (const url of released) {
      previous = previous.then(() => this.go(url, 1, 0));
      this.track(previous.then(() => undefined));
    }
    return released.length;
  }

  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async go(url: string, copies: number, delayMs: number): Promise<BrowserVisit[]> {
    if (delayMs > 0) await sleep(delayMs);
    const visits: BrowserVisit[] = [];
    for (let i = 0; i < copies; i++) {
      const visit = { url, status: await this.get(url), at: new Date().toISOString() };
      this.visits.push(visit);
      visits.push(visit);
    }
    return visits;
  }

  private async get(url: string): Promise<number | 'error'> {
    try {
      // The merchant's page may redirect the customer on; the browser's arrival is what counts.
      const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(10_000) });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return 'error';
    }
  }
}
