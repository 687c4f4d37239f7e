// How the simulators deliver webhooks/postbacks to the orchestrator: like a real
// provider, a non-2xx or a connection error is retried with backoff. Tests and the
// demo can shape each delivery (drop, duplicate, delay, hold for reordering, corrupt
// the signature) to prove the orchestrator survives what real networks do.

export interface OutboundDelivery {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  body: string;
}

export interface DeliveryShaping {
  /** Never send it (a lost webhook). */
  drop?: boolean;
  /** Send it this many times in all (default 1). */
  copies?: number;
  /** Wait this long before the first attempt. */
  delayMs?: number;
  /** Hold it until `releaseHeld()`; released deliveries go out newest first (reordering). */
  hold?: boolean;
  /** Replace the signature with a wrong one (the simulator applies this when signing). */
  badSignature?: boolean;
}

export interface DeliveryAttempt {
  url: string;
  status: number | 'error';
  at: string;
}

export interface DeliveryRetryPolicy {
  maxAttempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_DELIVERY_RETRY: DeliveryRetryPolicy = {
  maxAttempts: 8,
  initialBackoffMs: 500,
  maxBackoffMs: 30_000,
};

/** Backoff waits never keep a process alive on their own: a stopped sandbox just exits. */
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export class WebhookDeliverer {
  private readonly held: OutboundDelivery[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  readonly attempts: DeliveryAttempt[] = [];
  private stopped = false;

  constructor(private readonly retry: DeliveryRetryPolicy = DEFAULT_DELIVERY_RETRY) {}

  /** Queues a delivery in the background; it never throws into the caller. */
  send(delivery: OutboundDelivery, shaping: DeliveryShaping = {}): void {
    if (shaping.drop) return;
    if (shaping.hold) {
      this.held.push(delivery);
      return;
    }
    const copies = Math.max(1, shaping.copies ?? 1);
    for (let i = 0; i < copies; i++) this.track(this.deliver(delivery, shaping.delayMs ?? 0));
  }

  /**
   * Sends every held delivery, newest first, each once the one before it was answered:
   * released together, they would race each other to the receiver and could land in any
   * order. A delivery the receiver refuses is retried in the background as usual.
   */
  releaseHeld(): number {
    const released = this.held.splice(0).reverse();
    let previousAnswered: Promise<void> = Promise.resolve();
    for (const delivery of released) {
      const after = previousAnswered;
      let answered = () => {};
      previousAnswered = new Promise<void>((resolve) => (answered = resolve));
      this.track(after.then(() => this.deliver(delivery, 0, answered)));
    }
    return released.length;
  }

  /** Resolves when every delivery in flight has succeeded or given up. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** Stops retrying; used when a simulator shuts down. */
  stop(): void {
    this.stopped = true;
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  /** `answered` runs once the first attempt has its answer (or there will be none). */
  private async deliver(
    delivery: OutboundDelivery,
    delayMs: number,
    answered: () => void = () => {},
  ): Promise<void> {
    try {
      if (delayMs > 0) await sleep(delayMs);
      let backoff = this.retry.initialBackoffMs;
      for (let attempt = 1; attempt <= this.retry.maxAttempts && !this.stopped; attempt++) {
        const status = await this.attempt(delivery);
        this.attempts.push({ url: delivery.url, status, at: new Date().toISOString() });
        answered();
        if (typeof status === 'number' && status >= 200 && status < 300) return;
        if (attempt < this.retry.maxAttempts) await sleep(backoff);
        backoff = Math.min(backoff * 2, this.retry.maxBackoffMs);
      }
    } finally {
      answered();
    }
  }

  private async attempt(delivery: OutboundDelivery): Promise<number | 'error'> {
    try {
      const response = await fetch(delivery.url, {
        method: delivery.method,
        headers: delivery.headers,
        body: delivery.body,
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return 'error';
    }
  }
}
