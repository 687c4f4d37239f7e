// WiPay's result hash: lowercase hex MD5 of transaction_id + total + api_key, with the
// total written with two decimals even when the redirect shows it trimmed ("1344" is
// hashed as "1344.00"). Six public integrations agree on the formula [3p].
import { toTwoDecimals } from '../../money';
import { constantTimeEqual, md5Hex } from '../crypto';

export function wipayResultHash(transactionId: string, total: string, apiKey: string): string {
  return md5Hex(`${transactionId}${toTwoDecimals(total)}${apiKey}`);
}

/** Constant-time check; a malformed total or a hash of the wrong length is simply false. */
export function isValidWipayHash(
  transactionId: string,
  total: string,
  apiKey: string,
  hash: string,
): boolean {
  let expected: string;
  try {
    expected = wipayResultHash(transactionId, total, apiKey);
  } catch {
    return false;
  }
  return constantTimeEqual(expected, hash.toLowerCase());
}
