// Builds Affirm's checkout object from our CreateSessionInput. Every amount goes
// through toMinorUnits: Affirm wants integer cents and we never do float math on money.
import { toMinorUnits } from '../../money';
import type { Address, CreateSessionInput, Customer, LineItem } from '../types';
import type { AffirmCheckout } from './schemas';

/**
 * Affirm's `checkout_expiration`: ISO 8601 in UTC without milliseconds [doc]. Callers pass
 * an instant already on a whole second (see `checkoutExpiryFrom`), so what Affirm reads and
 * what our TTL counts from are the same instant.
 */
export function affirmExpiration(at: Date): string {
  return `${at.toISOString().slice(0, 19)}Z`;
}

/** The checkout's expiry, cut to the whole second Affirm's format can carry. */
export function checkoutExpiryFrom(now: Date, ttlMinutes: number): Date {
  const ms = now.getTime() + ttlMinutes * 60_000;
  return new Date(Math.floor(ms / 1000) * 1000);
}

/**
 * The redirect URL arrives bound to its checkout (the gateway's signed `checkout_id` and
 * `callback_sig`); Affirm keeps its query and adds `checkout_token` [doc], so it goes out as is.
 */
export function buildAffirmCheckout(input: CreateSessionInput, expiresAt: Date): AffirmCheckout {
  const total = toMinorUnits(input.amount);
  const shippingAmount = input.shippingAmount === undefined ? undefined : toMinorUnits(input.shippingAmount);
  const taxAmount = input.taxAmount === undefined ? undefined : toMinorUnits(input.taxAmount);
  const billing = contact(input.customer, input.customer.billingAddress);
  return {
    merchant: {
      user_confirmation_url: input.callbacks.redirectUrl,
      user_cancel_url: input.cancelUrl,
      user_confirmation_url_action: 'GET',
    },
    billing,
    shipping: contact(input.customer, input.customer.shippingAddress ?? input.customer.billingAddress),
    items: input.items?.length
      ? input.items.map(item)
      : [summaryItem(input, total - (shippingAmount ?? 0) - (taxAmount ?? 0))],
    order_id: input.checkoutId,
    currency: input.currency,
    total,
    shipping_amount: shippingAmount,
    tax_amount: taxAmount,
    checkout_expiration: affirmExpiration(expiresAt),
  };
}

function contact(customer: Customer, address: Address | undefined): NonNullable<AffirmCheckout['billing']> {
  return {
    name: { first: customer.firstName, last: customer.lastName },
    address: address && {
      line1: address.street1,
      city: address.city,
      state: address.state,
      zipcode: address.zipcode,
      country: address.country,
    },
    email: customer.email,
    phone_number: customer.phone,
  };
}

function item(line: LineItem): AffirmCheckout['items'][number] {
  return {
    sku: line.sku,
    display_name: line.name,
    unit_price: toMinorUnits(line.unitPrice),
    qty: line.quantity,
  };
}

/** Affirm requires at least one item; without a cart we send the order itself as one line. */
function summaryItem(input: CreateSessionInput, netCents: number): AffirmCheckout['items'][number] {
  return {
    sku: input.merchantOrderId,
    display_name: `Order ${input.merchantOrderId}`,
    unit_price: Math.max(0, netCents),
    qty: 1,
  };
}
