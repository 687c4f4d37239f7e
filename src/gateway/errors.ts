// One error shape for every answer that is not a success: `{error: {code, message}}`.
// Messages are written for the caller and never carry secrets, stack traces or the
// internals of a failure; the details go to the log instead.
import type express from 'express';
import type { SafeIssue } from '../config/issues';
import { loggerFor } from './request-context';
import { isTemporalUnavailable } from './temporal-errors';

export interface ErrorBody {
  error: { code: string; message: string; issues?: SafeIssue[] };
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: SafeIssue[],
    /** Beside `error` in the body, for an answer that must also show state (never secrets). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function sendError(res: express.Response, error: HttpError): void {
  const body: ErrorBody = { error: { code: error.code, message: error.message } };
  if (error.issues) body.error.issues = error.issues;
  res.status(error.status).json(error.extra ? { ...error.extra, ...body } : body);
}

/** body-parser signals its failures with a `type` (and `status`) on the error. */
function bodyParserError(err: unknown): HttpError | undefined {
  if (typeof err !== 'object' || err === null || !('type' in err)) return undefined;
  switch (err.type) {
    case 'entity.too.large':
      return new HttpError(413, 'payload_too_large', 'request body is larger than the limit');
    case 'entity.parse.failed':
      return new HttpError(400, 'malformed_body', 'request body is not valid JSON');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpError(415, 'unsupported_encoding', 'request body encoding or charset is not supported');
    case 'request.aborted':
      return new HttpError(400, 'request_aborted', 'request body was not received completely');
    default:
      return undefined;
  }
}

/** Maps anything thrown by a route to an answer; unexpected errors become an opaque 500. */
export function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  const parserError = bodyParserError(err);
  if (parserError) return parserError;
  if (isTemporalUnavailable(err)) {
    // 503 makes providers deliver again and tells the backend to retry.
    return new HttpError(503, 'temporal_unavailable', 'the workflow service is unavailable, retry later');
  }
  return new HttpError(500, 'internal_error', 'internal error');
}

export const errorHandler: express.ErrorRequestHandler = (err: unknown, req, res, next) => {
  if (res.headersSent) return next(err);
  const httpError = toHttpError(err);
  const log = loggerFor(req);
  if (httpError.status >= 500) log.error({ err }, `answered ${httpError.status}: ${httpError.code}`);
  else log.info({ status: httpError.status, code: httpError.code }, httpError.message);
  sendError(res, httpError);
};

/** Express 4 does not catch rejected promises; this hands them to the error handler. */
export function asyncRoute(
  handler: (req: express.Request, res: express.Response) => Promise<void>,
): express.RequestHandler {
  return (req, res, next) => {
    handler(req, res).catch(next);
  };
}

export const notFoundHandler: express.RequestHandler = (_req, res) => {
  sendError(res, new HttpError(404, 'not_found', 'no such route'));
};
