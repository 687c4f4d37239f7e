// One way to call a provider: a timeout on every call, the response validated with
// zod, and failures classified so activities know whether a retry can help.
import type { z } from 'zod';
import type { ProviderId } from '../../workflows/domain';
import { ProviderError, UnreadableSuccessError } from './errors';

export const DEFAULT_PROVIDER_TIMEOUT_MS = 10_000;
const MAX_REASON_CHARS = 500;

export type RequestBody = { json: unknown } | { form: Record<string, string> };

export interface ProviderRequest<S extends z.ZodTypeAny> {
  provider: ProviderId;
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: RequestBody;
  /** Validates a 2xx body; omit for calls whose success has no body we use. */
  schema?: S;
  timeoutMs?: number;
  /** Builds the readable reason from a provider's error body (e.g. WeGetFinancing's `reasons`). */
  describeError?: (body: unknown) => string | undefined;
}

/** A read, or a call the provider deduplicates by key: sending it again changes nothing. */
function isRepeatable(request: ProviderRequest<z.ZodTypeAny>): boolean {
  if (request.method === 'GET') return true;
  return Object.keys(request.headers ?? {}).some((name) => name.toLowerCase() === 'idempotency-key');
}

/** Statuses that a later attempt can succeed on; every other 4xx is permanent. */
function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 425 || status === 429;
}

function encodeBody(body: RequestBody | undefined): { payload?: string; contentType?: string } {
  if (!body) return {};
  if ('json' in body) return { payload: JSON.stringify(body.json), contentType: 'application/json' };
  return {
    payload: new URLSearchParams(body.form).toString(),
    contentType: 'application/x-www-form-urlencoded',
  };
}

function parseMaybeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function reasonFrom(body: unknown, describe?: (body: unknown) => string | undefined): string {
  const described = describe?.(body);
  const text = described ?? (typeof body === 'string' ? body : JSON.stringify(body));
  return text.length > MAX_REASON_CHARS ? `${text.slice(0, MAX_REASON_CHARS)}…` : text;
}

export async function callProvider<S extends z.ZodTypeAny>(request: ProviderRequest<S>): Promise<z.infer<S>> {
  const { payload, contentType } = encodeBody(request.body);
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  if (contentType) headers['content-type'] = contentType;
  const where = `${request.method} ${new URL(request.url).pathname}`;

  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers,
      body: payload,
      signal: AbortSignal.timeout(request.timeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS),
    });
  } catch (err) {
    // Checked by name, not instanceof: fetch's DOMException comes from another realm under jest.
    const timedOut = typeof err === 'object' && err !== null && 'name' in err && err.name === 'TimeoutError';
    const cause = timedOut ? 'timed out' : 'connection failed';
    throw new ProviderError(request.provider, `${where} ${cause}`, true);
  }

  const unreadable = () =>
    new UnreadableSuccessError(request.provider, where, response.status, isRepeatable(request));
  let text: string;
  try {
    text = await response.text();
  } catch {
    // The body was cut off (reset, timeout mid-body). After a 2xx the provider has acted.
    if (response.ok) throw unreadable();
    throw new ProviderError(
      request.provider,
      `${where} answered ${response.status}, body cut off`,
      true,
      response.status,
    );
  }
  const body = text.length > 0 ? parseMaybeJson(text) : undefined;
  if (!response.ok) {
    throw new ProviderError(
      request.provider,
      `${where} answered ${response.status}: ${reasonFrom(body ?? '', request.describeError)}`,
      isRetryableStatus(response.status),
      response.status,
    );
  }
  if (!request.schema) return undefined;
  const parsed = request.schema.safeParse(body);
  // A 2xx we cannot read is not "nothing happened": retrying a create could open a second session.
  if (!parsed.success) throw unreadable();
  return parsed.data;
}

/** HTTP Basic header value. */
export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** Joins a base URL and a path without doubling or dropping slashes. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
