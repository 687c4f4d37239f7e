// WeGetFinancing adapter: create a financing request, then learn the decision from
// signed postbacks. There is no status API to poll and no cancel call.
import type { ProviderAdapter } from '../types';
import { createFinancingRequest, type ClientOptions } from './client';
import type { WeGetFinancingConfig } from './config';
import { parseWeGetFinancingInbound } from './inbound';

export { loadWeGetFinancingConfig, type WeGetFinancingConfig } from './config';
export { describeWeGetFinancingError, POSTBACK_VERSION } from './client';
export { mapWeGetFinancingStatus, WGF_STATUS_OUTCOMES, WGF_STATUSES } from './status';
export { signPostback, verifyPostback } from './signature';

export function createWeGetFinancingAdapter(
  config: WeGetFinancingConfig,
  options: ClientOptions = {},
): ProviderAdapter {
  return {
    id: 'wegetfinancing',
    createSession: (input) => createFinancingRequest(config, input, options),
    parseInbound: (channel, request) => parseWeGetFinancingInbound(config, channel, request),
  };
}
