// The media type of a request body, read from the header itself: express's req.is()
// answers "no match" when the body is empty, which would turn a 400 into a 415.
import type express from 'express';

/** "application/json; charset=utf-8" → "application/json"; undefined without the header. */
export function mediaType(req: express.Request): string | undefined {
  const header = req.get('content-type');
  if (!header) return undefined;
  return header.split(';')[0]?.trim().toLowerCase() || undefined;
}
