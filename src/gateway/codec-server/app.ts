// Temporal's codec-server protocol over the product's payload codec, so ops who hold a
// codec-server key see decrypted payloads in the Web UI and the CLI:
//   POST …/encode, POST …/decode   body and answer {payloads: [{metadata: {k: base64}, data: base64}]}
// (proto3 JSON of temporal.api.common.v1.Payloads). As the protocol asks, only the last
// path segment picks the operation, so the key may also sit in the path,
// /codec/<key>/decode: the Web UI sends an Authorization header only with its own OIDC
// token over https, so a UI (or a browser's own codec setting) is given
// http(s)://host:port/codec/<key> as its endpoint. Tools send `Authorization: Bearer <key>`
// to /codec/encode and /codec/decode. CORS answers the configured UI origins only.
import type { Payload, PayloadCodec } from '@temporalio/common';
import { ValueError } from '@temporalio/common';
import express from 'express';
import { z } from 'zod';
import { safeIssues, valueFreeErrorMap } from '../../config/issues';
import type { Logger } from '../../logging/logger';
import { createKeyMatcher } from '../auth';
import { HttpError, sendError, toHttpError } from '../errors';
import type { CodecServerConfig } from './config';

const BEARER = /^Bearer ([^\s]+)$/i;
const BODY_LIMIT = '4mb';
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const base64 = z.string().regex(BASE64, 'must be base64');
// Proto3 JSON leaves out an empty repeated field: the CLI sends `{}` for no payloads.
const payloadsBody = z.object({
  payloads: z
    .array(
      z.object({
        metadata: z.record(base64).nullish(),
        data: base64.nullish(),
      }),
    )
    .default([]),
});
type JsonPayload = z.infer<typeof payloadsBody>['payloads'][number];

const fromJson = (payload: JsonPayload): Payload => ({
  metadata: Object.fromEntries(
    Object.entries(payload.metadata ?? {}).map(([name, value]) => [
      name,
      new Uint8Array(Buffer.from(value, 'base64')),
    ]),
  ),
  data: new Uint8Array(Buffer.from(payload.data ?? '', 'base64')),
});

const toJson = (payload: Payload) => ({
  metadata: Object.fromEntries(
    Object.entries(payload.metadata ?? {}).map(([name, value]) => [
      name,
      Buffer.from(value).toString('base64'),
    ]),
  ),
  data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64'),
});

export interface CodecServerDeps {
  codec: PayloadCodec;
  config: CodecServerConfig;
  logger: Logger;
}

function cors(allowed: readonly string[]): express.RequestHandler {
  return (req, res, next) => {
    const origin = req.get('origin');
    if (origin !== undefined && allowed.includes(origin)) {
      res.set('Access-Control-Allow-Origin', origin);
      // The UI's "include cross-origin credentials" switch makes the browser demand this.
      res.set('Access-Control-Allow-Credentials', 'true');
      res.vary('Origin');
    }
    if (req.method !== 'OPTIONS') return next();
    // A preflight carries no credentials: it is answered without a key, and grants nothing.
    res.set('Access-Control-Allow-Methods', 'POST, OPTIONS');
    res.set('Access-Control-Allow-Headers', 'Content-Type, Authorization, X-Namespace');
    res.set('Access-Control-Max-Age', '600');
    res.status(204).end();
  };
}

export function createCodecServerApp({ codec, config, logger }: CodecServerDeps): express.Express {
  const matches = createKeyMatcher(config.keys);
  const app = express();
  app.disable('x-powered-by');
  app.use(cors(config.corsOrigins));

  const handle =
    (operation: 'encode' | 'decode'): express.RequestHandler =>
    async (req, res, next) => {
      try {
        const presented = req.params.key ?? BEARER.exec(req.get('authorization') ?? '')?.[1];
        if (presented === undefined || !matches(presented)) {
          res.set('WWW-Authenticate', 'Bearer');
          throw new HttpError(
            401,
            'unauthorized',
            'a codec-server key is required (Authorization: Bearer <key>)',
          );
        }
        const parsed = payloadsBody.safeParse(req.body, { errorMap: valueFreeErrorMap });
        if (!parsed.success) {
          throw new HttpError(400, 'invalid_body', 'expected {payloads: [...]}', safeIssues(parsed.error));
        }
        const payloads = parsed.data.payloads.map(fromJson);
        const converted =
          operation === 'encode' ? await codec.encode(payloads) : await codec.decode(payloads);
        res.json({ payloads: converted.map(toJson) });
      } catch (err) {
        next(err);
      }
    };

  const json = express.json({ limit: BODY_LIMIT, type: () => true });
  for (const operation of ['encode', 'decode'] as const) {
    app.post(`/codec/${operation}`, json, handle(operation));
    app.post(`/codec/:key/${operation}`, json, handle(operation));
  }
  app.use((_req, res) => sendError(res, new HttpError(404, 'not_found', 'no such route')));
  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const known = toHttpError(err);
    // A payload naming a key that is not configured (or not decrypting): say so, the
    // message names the key id only.
    const error =
      known.status === 500 && err instanceof ValueError
        ? new HttpError(422, 'undecodable_payload', err.message)
        : known;
    if (error.status >= 500) logger.error({ err }, 'codec server failed');
    sendError(res, error);
  });
  return app;
}
