// WiPay's result hash: lowercase hex MD5 of transaction_id + the ORIGINAL (requested)
// total with two decimals + api_key, no separators. The redirect's own `total` is the
// final total, which includes the fee under customer_pay or split, so it is not what
// the hash covers (WiPay Payments API v1.0.8, Transaction Response: `hash`, `total`).
import { toTwoDecimals } from '../../money';
import { constantTimeEqual, md5Hex } from '../crypto';

export function wipayResultHash(transactionId: string, requestedTotal: string, apiKey: string): string {
  return md5Hex(`${transactionId}${toTwoDecimals(requestedTotal)}${apiKey}`);
}

/** Constant-time check; a malformed total or a hash of the wrong length is simply false. */
export function isValidWipayHash(
  transactionId: string,
  requestedTotal: string,
  apiKey: string,
  hash: string,
): boolean {
  let expected: string;
  try {
    expected = wipayResultHash(transactionId, requestedTotal, apiKey);
  } catch {
    return false;
  }
  return constantTimeEqual(expected, hash.toLowerCase());
}
