// How the simulated Create Request answers, and what it has been sent. A queued answer
// shape applies to the next creates and then falls back to the simulator's option, so a
// test can make one answer unreadable and see whether the caller sends the create again.
import express from 'express';
import { z } from 'zod';
import { badControlRequest } from '../control';
import type { CreateAnswerShape, SimulatedRequest, SimulatorContext } from './state';

/** The garbled answer: a proxy's page in place of the JSON, after the request was created. */
const GARBLED_CREATE_ANSWER = '<html><body>upstream answered</body></html>';

const queueSchema = z
  .object({
    shape: z.enum(['inv_id', 'request_token', 'garbled']),
    count: z.number().int().min(1).max(100).default(1),
  })
  .strict();

/** The shape for this create: the next queued one, else the simulator's option. */
export function takeCreateAnswer(ctx: SimulatorContext): CreateAnswerShape {
  return ctx.createAnswers.shift() ?? ctx.options.createAnswer ?? 'inv_id';
}

/** Writes the 200 answer for a request the simulator has just created. */
export function sendCreateAnswer(
  res: express.Response,
  shape: CreateAnswerShape,
  request: SimulatedRequest,
  href: string,
) {
  if (shape === 'garbled') return void res.status(200).type('html').send(GARBLED_CREATE_ANSWER);
  if (shape === 'request_token') return void res.status(200).json({ href, request_token: request.invId });
  res.status(200).json({ inv_id: request.invId, href, amount: request.amount });
}

/**
 * Control routes (mounted under /_sandbox):
 *   POST /create-answers {shape: inv_id | request_token | garbled, count?}  queue answer shapes
 *   GET  /requests?merchant_transaction_id=…  the requests created, optionally for one id
 *   POST /reset                                forgets the queue, then the generic reset runs
 */
export function createAnswerRouter(ctx: SimulatorContext): express.Router {
  const router = express.Router();
  router.use(express.json());
  router.post('/create-answers', (req, res) => {
    const parsed = queueSchema.safeParse(req.body ?? {});
    if (!parsed.success) return badControlRequest(res, parsed.error);
    for (let i = 0; i < parsed.data.count; i += 1) ctx.createAnswers.push(parsed.data.shape);
    res.json({ queued: ctx.createAnswers.length });
  });
  router.post('/reset', (_req, _res, next) => {
    ctx.createAnswers.length = 0;
    next();
  });
  router.get('/requests', (req, res) => {
    const wanted =
      typeof req.query.merchant_transaction_id === 'string' ? req.query.merchant_transaction_id : undefined;
    const requests = [...ctx.requests.values()].filter(
      (request) => wanted === undefined || request.merchantTransactionId === wanted,
    );
    res.json({ requests });
  });
  return router;
}
