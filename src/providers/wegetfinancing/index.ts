// WeGetFinancing adapter: create a financing request, then learn the decision from
// signed postbacks. There is no status API to poll and no cancel call. After the order it
// reports shipping status; it has no refund call (refunds arrive as `refund` postbacks).
import type { ProviderAdapter } from '../types';
import { createFinancingRequest, type ClientOptions } from './client';
import type { WeGetFinancingConfig } from './config';
import { parseWeGetFinancingInbound } from './inbound';
import { sendShippingStatus } from './shipping';

export { loadWeGetFinancingConfig, type WeGetFinancingConfig } from './config';
export { describeWeGetFinancingError, POSTBACK_VERSION } from './client';
export { mapWeGetFinancingStatus, WGF_STATUS_OUTCOMES, WGF_STATUSES } from './status';
export { signPostback, verifyPostback } from './signature';
export { WGF_SHIPPING_STATUSES } from './shipping';

export interface WeGetFinancingAdapterOptions extends ClientOptions {
  /** The clock for the shipping status's delivery date; injectable for tests. */
  now?: () => Date;
}

export function createWeGetFinancingAdapter(
  config: WeGetFinancingConfig,
  options: WeGetFinancingAdapterOptions = {},
): ProviderAdapter {
  return {
    id: 'wegetfinancing',
    createSession: (input) => createFinancingRequest(config, input, options),
    updateShipping: (input) => sendShippingStatus(config, input, options),
    parseInbound: (channel, request) => parseWeGetFinancingInbound(config, channel, request),
  };
}
