// Ecomtrade24's merchant API: me.php (integration mode, methods), session.php (create)
// and status.php, all with `Authorization: Bearer <API key>`. The order id we send is
// our checkout id, so webhooks name the checkout directly.
import { InvalidAmountError, toTwoDecimals } from '../../money';
import { ProviderError } from '../errors';
import { callProvider, joinUrl } from '../http';
import type { CreateSessionInput, ProviderSession, StatusReading } from '../types';
import type { Ecomtrade24Config } from './config';
import { decideMethod, type Ecomtrade24MethodCheck } from './routing';
import {
  errorBodySchema,
  meResponseSchema,
  sessionResponseSchema,
  statusResponseSchema,
  type MeResponse,
} from './schemas';
import { mapEcomtrade24Status } from './status';

export interface ClientOptions {
  timeoutMs?: number;
}

export function describeEcomtrade24Error(body: unknown): string | undefined {
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) return undefined;
  const parts = [parsed.data.error, parsed.data.message].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join(': ') : undefined;
}

/** The request body; exported so tests can check the wire shape. Never carries `provider`. */
export function buildSessionRequest(config: Ecomtrade24Config, input: CreateSessionInput, method?: string) {
  let amount: string;
  try {
    amount = toTwoDecimals(input.amount);
  } catch (err) {
    if (err instanceof InvalidAmountError)
      throw new ProviderError('ecomtrade24', `amount: ${err.message}`, false);
    throw err;
  }
  return {
    domain: config.domain,
    amount,
    currency: input.currency,
    order_id: input.checkoutId,
    return_url: input.returnUrl,
    cancel_url: input.cancelUrl,
    customer_email: input.customer.email,
    ...(method === undefined ? {} : { method }),
  };
}

export class Ecomtrade24Client {
  constructor(
    private readonly config: Ecomtrade24Config,
    private readonly options: ClientOptions = {},
  ) {}

  private request(method: 'GET' | 'POST', path: string) {
    return {
      provider: 'ecomtrade24' as const,
      method,
      url: joinUrl(this.config.apiUrl, path),
      headers: { authorization: `Bearer ${this.config.apiKey}` },
      timeoutMs: this.options.timeoutMs,
      describeError: describeEcomtrade24Error,
    };
  }

  me(): Promise<MeResponse> {
    return callProvider({ ...this.request('GET', 'gateway/me.php'), schema: meResponseSchema });
  }

  async checkMethod(requested: string | undefined): Promise<Ecomtrade24MethodCheck> {
    return decideMethod(await this.me(), requested);
  }

  async createSession(input: CreateSessionInput): Promise<ProviderSession> {
    // me.php is asked only when the buyer chose a method: without one there is nothing to decide.
    let method: string | undefined;
    if (input.options?.method !== undefined) {
      const check = await this.checkMethod(input.options.method);
      if (!check.allowed) throw new ProviderError('ecomtrade24', check.reason, false);
      method = check.method;
    }
    const response = await callProvider({
      ...this.request('POST', 'gateway/session.php'),
      body: { json: buildSessionRequest(this.config, input, method) },
      schema: sessionResponseSchema,
    });
    if (!response.ok) {
      const reason = describeEcomtrade24Error(response) ?? 'session refused';
      throw new ProviderError('ecomtrade24', `POST /gateway/session.php refused: ${reason}`, false);
    }
    return {
      providerReference: response.session_id,
      redirectUrl: response.checkout_url,
      expiresAt: response.expires_at,
      amount: response.amount,
      currency: response.currency,
    };
  }

  async readStatus(sessionId: string): Promise<StatusReading> {
    const url = `gateway/status.php?session_id=${encodeURIComponent(sessionId)}`;
    const response = await callProvider({ ...this.request('GET', url), schema: statusResponseSchema });
    if (response.ok === false) {
      const reason = describeEcomtrade24Error(response) ?? 'status refused';
      throw new ProviderError('ecomtrade24', `GET /gateway/status.php refused: ${reason}`, false);
    }
    const { status, amount, currency } = response;
    return {
      providerReference: response.session_id ?? sessionId,
      rawStatus: status,
      kind: mapEcomtrade24Status(status),
      amount,
      currency,
    };
  }
}
