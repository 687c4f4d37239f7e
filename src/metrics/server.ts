// Prometheus /metrics on a listener of its own. The gateway's main port faces providers and
// the internet; the metrics say how much traffic each provider sends and how often
// verification fails, which is nobody else's business. A separate port bound to loopback
// (METRICS_HOST/METRICS_PORT) keeps them private without a second secret to manage:
// scrapers normally sit next to the process (sidecar, node agent, the compose network).
import express from 'express';
import type { GatewayMetrics } from './metrics';

export function metricsApp(metrics: GatewayMetrics): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', (_req, res, next) => {
    metrics.registry.metrics().then(
      (text) => res.set('Content-Type', metrics.registry.contentType).send(text),
      (err: unknown) => next(err),
    );
  });
  app.use((_req, res) =>
    res.status(404).type('text/plain').send('not found: this port serves GET /metrics\n'),
  );
  return app;
}
