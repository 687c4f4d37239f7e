// WeGetFinancing's shipping status, as its official PHP SDK sends it (and its WooCommerce
// plugin, on an order's change to "shipped"): a token from `POST /v3/auth`, then
// `POST /v3/lead/{inv_id}/shipping_status` with that token in X-WGT-ACCESS-TOKEN. The v3
// API is on the apisrv.* host. WeGetFinancing takes no idempotency key here; setting the
// same status again is harmless, so a retried call changes nothing more.
import { z } from 'zod';
import { ProviderError } from '../errors';
import { callProvider, joinUrl } from '../http';
import type { ShippingUpdateInput } from '../types';
import type { ClientOptions } from './client';
import { describeWeGetFinancingError } from './client';
import type { WeGetFinancingConfig } from './config';

/** The SDK's `UpdateShippingStatusRequestEntity::VALID_STATUSES`. */
export const WGF_SHIPPING_STATUSES = ['shipped', 'stocked', 'shortage', 'delivered'] as const;
export type WeGetFinancingShippingStatus = (typeof WGF_SHIPPING_STATUSES)[number];

/**
 * Our shipment statuses onto the SDK's. dispatched and delivered are the SDK's own words;
 * accepted (in stock, ready to ship) → stocked and partial (some items short) → shortage
 * are our reading [?]. A recall has no WeGetFinancing status, so it is refused here.
 */
const STATUS_FOR: Record<ShippingUpdateInput['status'], WeGetFinancingShippingStatus | undefined> = {
  accepted: 'stocked',
  partial: 'shortage',
  dispatched: 'shipped',
  delivered: 'delivered',
  recalled: undefined,
};

const V3_HOSTS: Record<string, string> = {
  'https://api.sandbox.wegetfinancing.com': 'https://apisrv.sandbox.wegetfinancing.com',
  'https://api.wegetfinancing.com': 'https://apisrv.wegetfinancing.com',
};

/** WGF_API_V3_URL, else the apisrv.* host beside a known api.* host, else the same base (a simulator). */
export function v3BaseUrl(config: WeGetFinancingConfig): string {
  if (config.apiV3Url) return config.apiV3Url;
  const base = config.apiUrl.replace(/\/+$/, '');
  return V3_HOSTS[base] ?? base;
}

const tokenSchema = z.object({ access_token: z.string().min(1) }).passthrough();

export interface ShippingStatusBody {
  shipping_status: WeGetFinancingShippingStatus;
  tracking_id: string;
  tracking_company: string;
  /** YYYY-MM-DD; the plugin sends tomorrow for "shipped". */
  delivery_date: string;
}

/** The SDK's body (snake_case of its entity's public fields; inv_id goes in the path). */
export function buildShippingStatus(input: ShippingUpdateInput, now: Date): ShippingStatusBody {
  const status = STATUS_FOR[input.status];
  if (!status) {
    throw new ProviderError(
      'wegetfinancing',
      `shipment status ${input.status} has no WeGetFinancing status`,
      false,
    );
  }
  // Delivered means today; otherwise the expected delivery, as the plugin does, a day on.
  const days = status === 'delivered' ? 0 : 1;
  const deliveryDate = new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
  return {
    shipping_status: status,
    tracking_id: input.trackingNumber,
    tracking_company: input.carrier,
    delivery_date: deliveryDate,
  };
}

export async function sendShippingStatus(
  config: WeGetFinancingConfig,
  input: ShippingUpdateInput,
  options: ClientOptions & { now?: () => Date } = {},
): Promise<void> {
  if (!input.providerReference) {
    throw new ProviderError('wegetfinancing', 'a shipping status needs the request token (inv_id)', false);
  }
  const body = buildShippingStatus(input, (options.now ?? (() => new Date()))());
  const base = v3BaseUrl(config);
  const common = {
    provider: 'wegetfinancing' as const,
    method: 'POST' as const,
    timeoutMs: options.timeoutMs,
    describeError: describeWeGetFinancingError,
  };
  // A token per call, as the SDK does: nothing to cache, expire or share between workers.
  const token = await callProvider({
    ...common,
    url: joinUrl(base, 'v3/auth'),
    body: { json: { client_id: config.username, client_secret: config.password } },
    schema: tokenSchema,
  });
  await callProvider({
    ...common,
    url: joinUrl(base, `v3/lead/${encodeURIComponent(input.providerReference)}/shipping_status`),
    headers: { 'x-wgt-access-token': token.access_token },
    body: { json: body },
  });
}
