// Smart routing: which payment method (if any) a session may name. Packages in
// `hosted_checkout` mode must omit `method` (the hosted page lets the buyer choose);
// smart-routing packages may send one of the methods `GET /gateway/me.php` lists.
import type { MeResponse } from './schemas';

export const HOSTED_CHECKOUT_MODE = 'hosted_checkout';

export type Ecomtrade24MethodCheck =
  | {
      allowed: true;
      integrationMode: string;
      methods: string[];
      /** What to send as `method`: undefined means omit the field. */
      method?: string;
    }
  | { allowed: false; integrationMode: string; methods: string[]; reason: string };

/** Pure decision over a me.php answer; `requested` is the buyer's choice, if any. */
export function decideMethod(me: MeResponse, requested: string | undefined): Ecomtrade24MethodCheck {
  const base = { integrationMode: me.integration_mode, methods: me.methods };
  if (me.integration_mode === HOSTED_CHECKOUT_MODE || requested === undefined) {
    return { allowed: true, ...base, method: undefined };
  }
  if (me.methods.includes(requested)) return { allowed: true, ...base, method: requested };
  return {
    allowed: false,
    ...base,
    reason: `method ${JSON.stringify(requested)} is not offered (offered: ${me.methods.join(', ') || 'none'})`,
  };
}
