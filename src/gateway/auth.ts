// Bearer API keys for the backend API. Keys are compared as SHA-256 digests with
// timingSafeEqual, against every configured key without stopping early, so neither the
// length of a key nor which key matched shows in the response time.
import { createHash, timingSafeEqual } from 'node:crypto';
import type express from 'express';
import { HttpError, sendError } from './errors';

const BEARER = /^Bearer ([^\s]+)$/i;

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export function createKeyMatcher(apiKeys: readonly string[]): (candidate: string) => boolean {
  const digests = apiKeys.map(digest);
  return (candidate) => {
    const presented = digest(candidate);
    let matched = false;
    for (const known of digests) matched = timingSafeEqual(known, presented) || matched;
    return matched;
  };
}

/** The API key the request presented (after requireApiKey: a valid one), or undefined. */
export function presentedApiKey(req: express.Request): string | undefined {
  return BEARER.exec(req.get('authorization') ?? '')?.[1];
}

export function requireApiKey(apiKeys: readonly string[]): express.RequestHandler {
  const matches = createKeyMatcher(apiKeys);
  return (req, res, next) => {
    const presented = presentedApiKey(req);
    if (presented !== undefined && matches(presented)) return next();
    res.set('WWW-Authenticate', 'Bearer');
    sendError(
      res,
      new HttpError(401, 'unauthorized', 'a valid API key is required (Authorization: Bearer <key>)'),
    );
  };
}
