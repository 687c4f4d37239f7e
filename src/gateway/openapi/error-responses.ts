// Error answers in the OpenAPI document: one `{error: {code, message, issues?}}` shape
// (errors.ts), with the code narrowed to exactly the strings each route can answer with
// at each status. Codes that every route of a kind can answer are listed once here.
import { z } from 'zod';
import type { ResponseConfig } from '@asteasolutions/zod-to-openapi';

/** Status → the codes a route answers with at that status. */
export type ErrorCodes = Record<number, readonly string[]>;

/** Any route: a fault of ours, or Temporal not answering. */
export const SERVER_ERRORS: ErrorCodes = {
  500: ['internal_error'],
  503: ['temporal_unavailable'],
};

/** Routes behind requireApiKey. */
export const AUTH_ERRORS: ErrorCodes = { 401: ['unauthorized'] };

/** Routes that read a JSON body (requireJson + express.json). */
export const JSON_BODY_ERRORS: ErrorCodes = {
  400: ['invalid_request', 'malformed_body', 'request_aborted'],
  413: ['payload_too_large'],
  415: ['unsupported_media_type', 'unsupported_encoding'],
};

/** Routes that take an Idempotency-Key header. */
export const IDEMPOTENCY_ERRORS: ErrorCodes = {
  400: ['invalid_idempotency_key'],
  409: ['idempotency_key_reused'],
  501: ['idempotency_unavailable'],
};

export function mergeCodes(...sets: ErrorCodes[]): ErrorCodes {
  const merged: Record<number, string[]> = {};
  for (const set of sets) {
    for (const [status, codes] of Object.entries(set)) {
      const list = (merged[Number(status)] ??= []);
      for (const code of codes) if (!list.includes(code)) list.push(code);
    }
  }
  return merged;
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'The request is invalid; nothing changed',
  401: 'No valid API key, or a provider message that could not be authenticated',
  404: 'No such checkout (or provider)',
  409: 'Conflicts with what already happened; nothing changed',
  413: 'The body is larger than the limit',
  415: 'The body is not of an accepted media type or encoding',
  422: 'Understood, but cannot be done; nothing changed',
  500: 'Internal error (details are only in the log)',
  501: 'This gateway is not set up for this (it has no order store)',
  502: 'The provider refused or could not be reached',
  503: 'The workflow service did not answer; retry later',
};

function errorBody(codes: readonly string[]) {
  const [first, ...rest] = codes as [string, ...string[]];
  return z.object({
    error: z.object({
      code: z.enum([first, ...rest]),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  });
}

export function errorResponses(codes: ErrorCodes): Record<string, ResponseConfig> {
  const responses: Record<string, ResponseConfig> = {};
  for (const [status, list] of Object.entries(codes)) {
    if (list.length === 0) continue;
    responses[status] = {
      description: `${DESCRIPTIONS[Number(status)] ?? 'Error'}: ${list.join(', ')}`,
      content: { 'application/json': { schema: errorBody(list) } },
    };
  }
  return responses;
}
