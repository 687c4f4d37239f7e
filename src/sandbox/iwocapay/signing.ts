// The X-Iwocapay-Hmac-Sha256 signature on GET order answers, and the control route that
// spoils the next ones (left off, or made with another key) so tests can check that an
// unverifiable answer is never believed.
import express from 'express';
import { z } from 'zod';
import { signWebhook } from '../../providers/iwocapay/signature';
import { badControlRequest } from '../control';
import type { SimulatorContext } from './state';

/** Sends `body` as the exact JSON bytes it signs. */
export function sendSigned(ctx: SimulatorContext, res: express.Response, body: unknown): void {
  const raw = JSON.stringify(body);
  const spoil = ctx.signing.shift();
  if (spoil !== 'missing') {
    const key = spoil === 'wrong' ? `${ctx.options.accessToken}-wrong` : ctx.options.accessToken;
    res.set('X-Iwocapay-Hmac-Sha256', signWebhook(key, raw));
  }
  res.type('application/json').send(raw);
}

const signingSchema = z
  .object({ mode: z.enum(['missing', 'wrong']), times: z.number().int().min(1).max(100).default(1) })
  .strict();

/** POST /signing {mode: "missing" | "wrong", times?}: how the next GET order answers are signed. */
export function createSigningControl(ctx: SimulatorContext): express.Router {
  const router = express.Router();
  router.post('/signing', express.json(), (req, res) => {
    const parsed = signingSchema.safeParse(req.body ?? {});
    if (!parsed.success) return badControlRequest(res, parsed.error);
    const { mode, times } = parsed.data;
    ctx.signing.push(...Array.from({ length: times }, () => mode));
    res.json({ queued: ctx.signing.length });
  });
  // Then on to the generic reset, which knows nothing of this queue.
  router.post('/reset', (_req, _res, next) => {
    ctx.signing.length = 0;
    next();
  });
  return router;
}
