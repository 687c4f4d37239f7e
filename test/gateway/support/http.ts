// Small HTTP helpers for gateway tests: the backend API with its bearer key, raw
// requests for the receivers, the body of a valid checkout request, and polling.
import type { ProviderId } from '../../../workflows/domain';
import { API_KEY } from './harness';
import { pollUntil } from '../../helpers/poll-until';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON, or undefined when the body is not JSON. */
  json: unknown;
}

async function toAnswer(response: Response): Promise<Answer> {
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export async function send(url: string, options: RequestOptions = {}): Promise<Answer> {
  return toAnswer(
    await fetch(url, {
      method: options.method ?? 'GET',
      headers: options.headers,
      body: options.body,
      redirect: 'manual',
    }),
  );
}

/** The backend API: JSON with the bearer key (pass key: null to send none). */
export function api(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  key: string | null = API_KEY,
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (key !== null) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return send(`${baseUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

let orderCounter = 0;

/** A fresh order id per call, unique across test files and runs. */
export function newOrderId(prefix = 'ord'): string {
  orderCounter += 1;
  return `${prefix}-${Date.now().toString(36)}-${process.pid}-${orderCounter}`;
}

export function checkoutBody(
  provider: ProviderId,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    orderId: newOrderId(),
    provider,
    amount: provider === 'iwocapay' ? '120.00' : '49.95',
    currency: provider === 'iwocapay' ? 'GBP' : provider === 'wipay' ? 'TTD' : 'USD',
    customer: {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com',
      phone: '5125550100',
      billingAddress: { street1: '1 Main St', city: 'Austin', state: 'TX', zipcode: '73301', country: 'US' },
    },
    items: [{ sku: 'SKU-1', name: 'Analytical engine', unitPrice: '49.95', quantity: 1 }],
    returnUrl: 'https://shop.example/thanks',
    cancelUrl: 'https://shop.example/cancelled',
    ...overrides,
  };
}

/** Polls until `probe` returns a value (not undefined) or the time is up. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  return pollUntil(probe, (value): value is T => value !== undefined, { what, timeoutMs, intervalMs: 100 });
}

/** Narrows an unknown JSON body to a record, failing the test otherwise. */
export function record(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`expected a JSON object, got ${JSON.stringify(value)}`);
  }
  return Object.fromEntries(Object.entries(value));
}
