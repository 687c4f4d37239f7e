// Ecomtrade24 adapter: create a hosted session (naming a method only for smart-routing
// packages), learn the outcome from signed webhooks or by polling status.php.
import type { ProviderAdapter } from '../types';
import { Ecomtrade24Client, type ClientOptions } from './client';
import type { Ecomtrade24Config } from './config';
import { parseEcomtrade24Inbound } from './inbound';
import type { Ecomtrade24MethodCheck } from './routing';
import type { MeResponse } from './schemas';

export { loadEcomtrade24Config, type Ecomtrade24Config } from './config';
export { describeEcomtrade24Error, Ecomtrade24Client } from './client';
export { decideMethod, HOSTED_CHECKOUT_MODE, type Ecomtrade24MethodCheck } from './routing';
export { ECOMTRADE24_STATUS_OUTCOMES, ECOMTRADE24_STATUSES, mapEcomtrade24Status } from './status';
export { ECOMTRADE24_SIGNATURE_HEADERS, signWebhook } from './signature';

export function createEcomtrade24Adapter(
  config: Ecomtrade24Config,
  options: ClientOptions = {},
): ProviderAdapter {
  const client = new Ecomtrade24Client(config, options);
  return {
    id: 'ecomtrade24',
    createSession: (input) => client.createSession(input),
    readStatus: (sessionId) => client.readStatus(sessionId),
    parseInbound: (channel, request) => parseEcomtrade24Inbound(config, channel, request),
  };
}

/**
 * For the gateway, before it starts a checkout: may the buyer's method be used? Reads
 * me.php; `method` in the answer is what the session will send (undefined: omitted).
 */
export function checkEcomtrade24Method(
  config: Ecomtrade24Config,
  requested: string | undefined,
  options: ClientOptions = {},
): Promise<Ecomtrade24MethodCheck> {
  return new Ecomtrade24Client(config, options).checkMethod(requested);
}

/** For a checkout page that lists the methods the merchant's package offers. */
export function readEcomtrade24Profile(
  config: Ecomtrade24Config,
  options: ClientOptions = {},
): Promise<MeResponse> {
  return new Ecomtrade24Client(config, options).me();
}
