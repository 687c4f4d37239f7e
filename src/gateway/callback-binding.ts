// Browser returns (Affirm's user_confirmation_url, WiPay's response_url) are
// unauthenticated: anyone can type the URL. We bind each return URL to its checkout
// with an HMAC over the values we put in it (checkout id, requested amount), keyed by a
// deployment secret, so a return can only ever speak for the checkout it was made for,
// and the gateway learns that checkout's requested amount without asking Temporal.
import { createHmac } from 'node:crypto';
import { constantTimeEqual } from '../providers/crypto';

/** Names chosen so they cannot collide with what the providers append to the URL. */
export const BOUND_CHECKOUT_PARAM = 'checkout_id';
export const BOUND_AMOUNT_PARAM = 'requested_total';
export const BOUND_SIGNATURE_PARAM = 'callback_sig';

export interface BoundCallback {
  checkoutId: string;
  /** The checkout's requested amount (decimal string), where the URL carries it. */
  amount?: string;
}

/** Domain separation: the same secret never signs anything but callback bindings. */
const PURPOSE = 'checkout-callback-v1';

function signatureOf(secret: string, bound: BoundCallback): string {
  const message = [PURPOSE, bound.checkoutId, bound.amount ?? ''].join('\n');
  return createHmac('sha256', secret).update(message).digest('base64url');
}

/** The return URL with the checkout's values and their signature appended. */
export function bindCallbackUrl(url: string, secret: string, bound: BoundCallback): string {
  const target = new URL(url);
  target.searchParams.set(BOUND_CHECKOUT_PARAM, bound.checkoutId);
  if (bound.amount !== undefined) target.searchParams.set(BOUND_AMOUNT_PARAM, bound.amount);
  target.searchParams.set(BOUND_SIGNATURE_PARAM, signatureOf(secret, bound));
  return target.toString();
}

/** The bound values when the signature over them is ours; undefined for anything else. */
export function readBoundCallback(
  query: Record<string, string | undefined>,
  secret: string,
): BoundCallback | undefined {
  const checkoutId = query[BOUND_CHECKOUT_PARAM];
  const signature = query[BOUND_SIGNATURE_PARAM];
  if (checkoutId === undefined || signature === undefined) return undefined;
  const bound: BoundCallback = { checkoutId, amount: query[BOUND_AMOUNT_PARAM] };
  return constantTimeEqual(signature, signatureOf(secret, bound)) ? bound : undefined;
}

/**
 * Without CALLBACK_SECRET (allowed outside production) the key is derived from the first
 * API key: stable across restarts and shared by every gateway with the same keys.
 */
export function derivedCallbackSecret(apiKey: string): string {
  return createHmac('sha256', apiKey).update(PURPOSE).digest('base64url');
}
