// The gateway's Prometheus metrics, on a registry of its own (tests and a second app in
// one process never collide on prom-client's global one). The HELP text of each metric
// says exactly what it counts: the gateway is stateless, so it counts requests and the
// signals it handed to Temporal, never decisions: those are the worker's checkout_*
// counters (workflows/metrics.ts), emitted where the workflow decides.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface GatewayMetrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  verificationFailures: Counter<'provider'>;
  inboundEvents: Counter<'provider' | 'outcome'>;
  inboundOverBudget: Counter<'provider' | 'input'>;
  signalLatency: Histogram<'provider' | 'operation'>;
  checkoutsStarted: Counter<'provider'>;
  signals: Counter<'provider' | 'signal' | 'kind'>;
  paidAfterCancel: Counter<'provider'>;
}

export interface MetricsOptions {
  /** Process metrics (CPU, memory, event loop); off in tests to keep scrapes small. */
  collectDefaults?: boolean;
  prefix?: string;
}

export function createMetrics(options: MetricsOptions = {}): GatewayMetrics {
  const prefix = options.prefix ?? 'checkout_gateway_';
  const registry = new Registry();
  if (options.collectDefaults ?? true) collectDefaultMetrics({ register: registry, prefix });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({
      name: `${prefix}http_requests_total`,
      help: 'HTTP requests answered, by route pattern (never the raw path) and status code.',
      labelNames: ['method', 'route', 'status'],
      registers,
    }),
    verificationFailures: new Counter({
      name: `${prefix}webhook_verification_failures_total`,
      help: 'Inbound provider messages whose signature, hash or credentials failed (answered 401 or, for unsigned notices, turned into a poll).',
      labelNames: ['provider'],
      registers,
    }),
    inboundEvents: new Counter({
      name: `${prefix}inbound_events_total`,
      help: 'Verified inbound provider messages handed to Temporal, by outcome: signalled (a running checkout), recorded (unknown or closed checkout) or pollHint.',
      labelNames: ['provider', 'outcome'],
      registers,
    }),
    inboundOverBudget: new Counter({
      name: `${prefix}inbound_over_budget_total`,
      help: 'Unauthenticated inbound inputs over their budget, answered as usual with nothing sent to Temporal, by input: pollHint (per checkout), lookup (per provider reference) or record (browser return for a closed or unknown checkout).',
      labelNames: ['provider', 'input'],
      registers,
    }),
    signalLatency: new Histogram({
      name: `${prefix}temporal_signal_duration_seconds`,
      help: 'Time until Temporal accepted a signal or a record-workflow start, by operation (providerEvent, pollNow, merchantCancel, recordInboundEvent).',
      labelNames: ['provider', 'operation'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    checkoutsStarted: new Counter({
      name: `${prefix}checkouts_started_total`,
      help: 'Checkout attempts this gateway started whose provider session opened (POST /checkouts answered 201).',
      labelNames: ['provider'],
      registers,
    }),
    signals: new Counter({
      name: `${prefix}signals_total`,
      help: 'Signals a running checkout accepted from this gateway, by signal (providerEvent, merchantCancel, pollNow) and, for providerEvent, the event kind (fulfil, authorize, cancel, pending, …). Redeliveries count again; the workflow decides once.',
      labelNames: ['provider', 'signal', 'kind'],
      registers,
    }),
    paidAfterCancel: new Counter({
      name: `${prefix}checkout_paid_after_cancel_total`,
      help: 'Verified payment events (fulfil) delivered to a checkout that was already cancelled: still listening for late money, or closed. Redeliveries count again; the checkout and the order store record each event once.',
      labelNames: ['provider'],
      registers,
    }),
  };
}
