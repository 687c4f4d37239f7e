// Builds Affirm's checkout object from our CreateSessionInput. Every amount goes
// through toMinorUnits: Affirm wants integer cents and we never do float math on money.
import { toMinorUnits } from '../../money';
import type { Address, CreateSessionInput, Customer, LineItem } from '../types';
import type { AffirmCheckout } from './schemas';

/** Our confirm route reads this back to find the checkout without trusting anything else. */
export const CHECKOUT_ID_PARAM = 'checkout_id';

export function confirmationUrlFor(redirectUrl: string, checkoutId: string): string {
  const url = new URL(redirectUrl);
  url.searchParams.set(CHECKOUT_ID_PARAM, checkoutId);
  return url.toString();
}

export function buildAffirmCheckout(input: CreateSessionInput, expiresAt: Date): AffirmCheckout {
  const total = toMinorUnits(input.amount);
  const shippingAmount = input.shippingAmount === undefined ? undefined : toMinorUnits(input.shippingAmount);
  const taxAmount = input.taxAmount === undefined ? undefined : toMinorUnits(input.taxAmount);
  const billing = contact(input.customer, input.customer.billingAddress);
  return {
    merchant: {
      user_confirmation_url: confirmationUrlFor(input.callbacks.redirectUrl, input.checkoutId),
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
    expiration_time: expiresAt.toISOString(),
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
