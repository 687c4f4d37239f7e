// Endpoints for the platform: liveness (the process answers) and readiness (Temporal
// answers, so traffic can be sent here). Prometheus metrics are not here: they have a
// listener of their own (src/metrics/server.ts), so the public port never serves them.
import express from 'express';
import type { ResolvedDeps } from '../deps';
import { HttpError, asyncRoute, sendError } from '../errors';
import { loggerFor } from '../request-context';
import { withDeadline } from '../temporal-errors';

/** Short: a load balancer's probe must not hang on a dead server. */
const READY_TIMEOUT_MS = 2_000;

export function opsRouter(deps: ResolvedDeps): express.Router {
  const router = express.Router();
  const { client } = deps;

  router.get('/healthz', (_req, res) => {
    res.status(200).json({ status: 'ok' });
  });

  router.get(
    '/readyz',
    asyncRoute(async (req, res) => {
      try {
        await withDeadline(client.connection, READY_TIMEOUT_MS, () =>
          client.connection.workflowService.getSystemInfo({}),
        );
        res.status(200).json({ status: 'ready' });
      } catch (err) {
        // Probes run every few seconds: the reason is enough, a stack per probe is noise.
        const reason = err instanceof Error ? err.message : String(err);
        loggerFor(req).warn({ reason }, 'not ready: Temporal did not answer');
        sendError(res, new HttpError(503, 'temporal_unavailable', 'Temporal is not reachable'));
      }
    }),
  );

  return router;
}
