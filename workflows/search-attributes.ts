// The custom search attributes ops search checkouts by in the Temporal UI
// (e.g. `MerchantOrderId = "A-1001"`, `CheckoutStatus = "awaitingCustomer"`,
// `NeedsAttention = true` for the checkouts held for a person).
import { defineSearchAttributeKey } from '@temporalio/common';

export const CheckoutProviderKey = defineSearchAttributeKey('CheckoutProvider', 'KEYWORD');
export const CheckoutStatusKey = defineSearchAttributeKey('CheckoutStatus', 'KEYWORD');
export const MerchantOrderIdKey = defineSearchAttributeKey('MerchantOrderId', 'KEYWORD');
export const ProviderReferenceKey = defineSearchAttributeKey('ProviderReference', 'KEYWORD');
/** Set once a checkout was held: true while it waits for ops, false once they resolved it. */
export const NeedsAttentionKey = defineSearchAttributeKey('NeedsAttention', 'BOOL');

/** Every custom attribute; a server must have these registered before checkouts start. */
export const CHECKOUT_SEARCH_ATTRIBUTES = [
  CheckoutProviderKey,
  CheckoutStatusKey,
  MerchantOrderIdKey,
  ProviderReferenceKey,
  NeedsAttentionKey,
] as const;
