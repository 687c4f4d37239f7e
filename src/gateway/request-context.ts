// Per-request context: a child logger (later narrowed with checkoutId and provider, so
// every line names its checkout) and the HTTP metric recorded when the answer is sent.
import { randomUUID } from 'node:crypto';
import type express from 'express';
import type { Logger } from '../logging/logger';
import type { GatewayMetrics } from '../metrics/metrics';

const loggers = new WeakMap<express.Request, Logger>();

/** The request's logger; `requestContext` is the app's first middleware, so it is always there. */
export function loggerFor(req: express.Request): Logger {
  const log = loggers.get(req);
  if (!log) throw new Error('requestContext middleware is not installed');
  return log;
}

/** Adds fields (checkoutId, provider) to every later line of this request. */
export function bindLogger(req: express.Request, fields: Record<string, string | undefined>): Logger {
  const log = loggerFor(req).child(fields);
  loggers.set(req, log);
  return log;
}

/** The matched route pattern (never the raw path, which would explode label cardinality). */
export function routeLabel(req: express.Request): string {
  const route: unknown = req.route;
  if (typeof route === 'object' && route !== null && 'path' in route && typeof route.path === 'string') {
    return `${req.baseUrl}${route.path}`;
  }
  return 'unmatched';
}

export function requestContext(logger: Logger, metrics: GatewayMetrics): express.RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    loggers.set(req, logger.child({ requestId: randomUUID(), method: req.method, path: req.path }));
    res.on('finish', () => {
      const route = routeLabel(req);
      metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      loggerFor(req).info({ status: res.statusCode, route, ms: Math.round(ms) }, 'request done');
    });
    next();
  };
}
