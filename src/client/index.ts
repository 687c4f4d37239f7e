// The typed client of the merchant API: openapi-fetch over the types openapi-typescript
// generated from GET /openapi.json (schema.d.ts, `npm run client:generate`). Paths,
// parameters, bodies and answers are checked by the compiler against the document.
import createClient from 'openapi-fetch';
import type { Client } from 'openapi-fetch';
import type { components, paths } from './schema';

export type { components, paths } from './schema';
export type CheckoutApi = Client<paths>;

type Schemas = components['schemas'];
export type CreateCheckoutRequest = Schemas['CreateCheckoutRequest'];
export type CheckoutSummary = Schemas['CheckoutSummary'];
export type Checkout = Schemas['Checkout'];
export type CheckoutList = Schemas['CheckoutList'];
export type Payment = Schemas['Payment'];
export type Metadata = Schemas['Metadata'];

export interface CheckoutApiOptions {
  /** The gateway's base URL, e.g. http://127.0.0.1:3000 */
  baseUrl: string;
  apiKey: string;
  /** Each call gives up after this long (default 30 s). */
  timeoutMs?: number;
}

export function createCheckoutApi(options: CheckoutApiOptions): CheckoutApi {
  const timeoutMs = options.timeoutMs ?? 30_000;
  return createClient<paths>({
    baseUrl: options.baseUrl,
    headers: { authorization: `Bearer ${options.apiKey}` },
    fetch: (request) => fetch(request, { signal: AbortSignal.timeout(timeoutMs) }),
  });
}
