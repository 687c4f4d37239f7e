// Pieces every simulator's control API shares: shaping the next webhook deliveries,
// injecting faults into the next API calls, and the generic `/_sandbox` routes for both.
// Provider-specific customer actions (approve, decline, …) are added by each simulator.
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { DeliveryShaping, WebhookDeliverer } from './delivery';

export const deliveryShapingSchema = z
  .object({
    drop: z.boolean().optional(),
    copies: z.number().int().min(1).max(20).optional(),
    delayMs: z.number().int().min(0).max(600_000).optional(),
    hold: z.boolean().optional(),
    badSignature: z.boolean().optional(),
  })
  .strict();

/** Shaping queued for the next deliveries: each delivery consumes one entry. */
export class NextDeliveryShaping {
  private readonly queue: DeliveryShaping[] = [];

  push(shaping: DeliveryShaping, count = 1): void {
    for (let i = 0; i < count; i++) this.queue.push(shaping);
  }

  /** An explicit per-action shaping wins over (and does not consume) the queue. */
  take(explicit?: DeliveryShaping): DeliveryShaping {
    if (explicit) return explicit;
    return this.queue.shift() ?? {};
  }

  clear(): void {
    this.queue.length = 0;
  }
}

export const faultSchema = z
  .object({
    /** Which endpoint to disturb, e.g. "create", "status", "cancel", "me". */
    operation: z.string().min(1),
    /** Answer this status instead of handling the call. */
    status: z.number().int().min(400).max(599).optional(),
    /** Body to answer with; defaults to the provider's own error body for `status`. */
    body: z.unknown().optional(),
    /** Wait this long before answering (a client timeout shorter than this sees a timeout). */
    delayMs: z.number().int().min(0).max(600_000).optional(),
    /** How many calls in a row the fault applies to. */
    times: z.number().int().min(1).max(100).default(1),
  })
  .strict();
export type Fault = z.output<typeof faultSchema>;

/** Faults armed for the next calls of each operation. */
export class FaultPlan {
  private readonly faults: Fault[] = [];

  add(fault: Fault): void {
    this.faults.push({ ...fault });
  }

  take(operation: string): Fault | undefined {
    const fault = this.faults.find((candidate) => candidate.operation === operation);
    if (!fault) return undefined;
    fault.times -= 1;
    if (fault.times <= 0) this.faults.splice(this.faults.indexOf(fault), 1);
    return fault;
  }

  clear(): void {
    this.faults.length = 0;
  }
}

/**
 * Middleware in front of a provider endpoint: applies the next armed fault, if any.
 * `errorBody` renders the provider's own error body for a status.
 */
export function injectFaults(
  plan: FaultPlan,
  operation: string,
  errorBody: (status: number) => unknown,
): express.RequestHandler {
  return (_req, res, next) => {
    const fault = plan.take(operation);
    if (!fault) return next();
    const answer = () => {
      if (fault.status === undefined) return next();
      res.status(fault.status).json(fault.body ?? errorBody(fault.status));
    };
    // unref: a hung answer must not hold the process open once its server is closed.
    if (fault.delayMs) setTimeout(answer, fault.delayMs).unref();
    else answer();
  };
}

export interface ControlState {
  deliverer: WebhookDeliverer;
  shaping: NextDeliveryShaping;
  faults: FaultPlan;
}

/** Answers 400 with zod's issues; control-API callers are developers and tests. */
export function badControlRequest(res: express.Response, error: z.ZodError): void {
  res.status(400).json({ error: 'invalid control request', issues: error.issues });
}

/**
 * The generic `/_sandbox` routes (mount the result at `/_sandbox`):
 *   POST /deliveries/next     {drop?, copies?, delayMs?, hold?, badSignature?, count?}
 *   POST /deliveries/release  sends held deliveries, newest first → {released}
 *   GET  /deliveries          delivery attempts so far → {attempts}
 *   POST /faults              {operation, status?, body?, delayMs?, times?}
 *   POST /reset               forgets queued shaping and faults
 */
export function createControlRouter(state: ControlState): express.Router {
  const router = express.Router();
  router.use(express.json());
  const nextSchema = deliveryShapingSchema.extend({ count: z.number().int().min(1).max(100).default(1) });

  router.post('/deliveries/next', (req, res) => {
    const parsed = nextSchema.safeParse(req.body ?? {});
    if (!parsed.success) return badControlRequest(res, parsed.error);
    const { count, ...shaping } = parsed.data;
    state.shaping.push(shaping, count);
    res.json({ queued: count });
  });
  router.post('/deliveries/release', (_req, res) => {
    res.json({ released: state.deliverer.releaseHeld() });
  });
  router.get('/deliveries', (_req, res) => {
    res.json({ attempts: state.deliverer.attempts });
  });
  router.post('/faults', (req, res) => {
    const parsed = faultSchema.safeParse(req.body ?? {});
    if (!parsed.success) return badControlRequest(res, parsed.error);
    state.faults.add(parsed.data);
    res.json({ armed: parsed.data });
  });
  router.post('/reset', (_req, res) => {
    state.shaping.clear();
    state.faults.clear();
    res.json({ reset: true });
  });
  return router;
}

/** One customer action: the states it may start from and what it does (state change, webhook). */
export interface SessionAction<S, B> {
  from: readonly string[];
  apply(session: S, body: B): void;
}

/**
 * The per-session control routes (mount at `/_sandbox`):
 *   GET  /sessions/:id           the simulated session
 *   POST /sessions/:id/:action   runs the action: 404 unknown, 400 bad body, 409 wrong state
 */
export function createSessionActionRouter<S extends { state: string }, B>(options: {
  sessions: Pick<Map<string, S>, 'get'>;
  bodySchema: z.ZodType<B, z.ZodTypeDef, unknown>;
  actions: Record<string, SessionAction<S, B>>;
}): express.Router {
  const router = express.Router();
  router.use(express.json());
  router.get('/sessions/:id', (req, res) => {
    const session = options.sessions.get(req.params.id);
    if (!session) return void res.status(404).json({ error: 'unknown session' });
    res.json(session);
  });
  router.post('/sessions/:id/:action', (req, res) => {
    const session = options.sessions.get(req.params.id);
    if (!session) return void res.status(404).json({ error: 'unknown session' });
    const action = Object.hasOwn(options.actions, req.params.action)
      ? options.actions[req.params.action]
      : undefined;
    if (!action)
      return void res.status(404).json({ error: 'unknown action', actions: Object.keys(options.actions) });
    const parsed = options.bodySchema.safeParse(req.body ?? {});
    if (!parsed.success) return badControlRequest(res, parsed.error);
    if (!action.from.includes(session.state)) {
      return void res
        .status(409)
        .json({ error: `cannot ${req.params.action} a session that is ${session.state}` });
    }
    action.apply(session, parsed.data);
    res.json(session);
  });
  return router;
}

export interface LocalServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 with an ephemeral port (tests, demos); close() drops keep-alive sockets. */
export function listenLocal(app: express.Application): Promise<LocalServer> {
  return new Promise((resolve, reject) => {
    const server = app.listen(0, '127.0.0.1');
    server.once('error', reject);
    server.once('listening', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') return reject(new Error('not a TCP server'));
      const { port }: AddressInfo = address;
      resolve({
        url: `http://127.0.0.1:${port}`,
        server,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
