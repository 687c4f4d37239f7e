// The gateway's express app. createApp never listens: main.ts owns the process, and
// tests listen on an ephemeral port. Body parsers are per route (raw bytes for the
// provider receivers, JSON for the backend API); an app-wide JSON parser would consume
// the bytes that webhook signatures are computed on.
import express from 'express';
import type { GatewayDeps } from './deps';
import { resolveDeps } from './deps';
import { errorHandler, notFoundHandler } from './errors';
import { requestContext } from './request-context';
import { traceRequests } from './trace-requests';
import { checkoutsRouter } from './routes/checkouts';
import { eventsRouter } from './routes/events';
import { openApiRouter } from './openapi/router';
import { opsRouter } from './routes/ops';
import { paymentsRouter } from './routes/payments';
import { webhooksRouter } from './routes/webhooks';

export function createApp(gatewayDeps: GatewayDeps): express.Express {
  const deps = resolveDeps(gatewayDeps);
  const app = express();
  app.disable('x-powered-by');
  app.use(traceRequests());
  app.use(requestContext(deps.logger, deps.metrics));
  // Routers declare full paths, so the route label in metrics is the whole pattern.
  app.use(opsRouter(deps));
  app.use(openApiRouter());
  app.use(webhooksRouter(deps));
  app.use(checkoutsRouter(deps));
  app.use(paymentsRouter(deps));
  app.use(eventsRouter(deps));
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
