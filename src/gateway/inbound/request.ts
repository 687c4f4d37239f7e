// What a provider sent, exactly as it arrived: the raw bytes (signatures are computed
// on them), lower-case headers and the query string as plain strings. Nothing here is
// trusted yet; the adapter verifies first and parses second.
import type express from 'express';
import type { InboundRequest } from '../../providers/types';
import { readBoundCallback } from '../callback-binding';

const NO_BODY = Buffer.alloc(0);

function flatHeaders(req: express.Request): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/**
 * Read from the raw URL rather than express's `req.query`, whose qs parser turns
 * `a[b]=c` into objects; a repeated name keeps its first value.
 */
function flatQuery(req: express.Request): Record<string, string | undefined> {
  const query: Record<string, string | undefined> = {};
  for (const [name, value] of new URL(req.originalUrl, 'http://gateway.invalid').searchParams) {
    if (!(name in query)) query[name] = value;
  }
  return query;
}

export function toInboundRequest(
  req: express.Request,
  receivedAt: Date,
  callbackSecret: string,
): InboundRequest {
  const body: unknown = req.body;
  const query = flatQuery(req);
  return {
    method: req.method,
    headers: flatHeaders(req),
    rawBody: Buffer.isBuffer(body) ? body : NO_BODY,
    query,
    receivedAt,
    boundCallback: readBoundCallback(query, callbackSecret),
  };
}
