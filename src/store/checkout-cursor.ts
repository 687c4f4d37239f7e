// The opaque cursor of GET /checkouts: base64url of the last row's key. It is read back
// with zod, so a cursor that was edited or guessed is refused, never half-used.
import { z } from 'zod';
import type { CheckoutCursor } from './checkout-list-types';

const MAX_CURSOR_LENGTH = 512;

const cursorKeySchema = z
  .object({
    t: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
    id: z.string().min(1).max(200),
  })
  .strict();

export function encodeCheckoutCursor(cursor: CheckoutCursor): string {
  return Buffer.from(JSON.stringify({ t: cursor.createdAt, id: cursor.checkoutId }), 'utf8').toString(
    'base64url',
  );
}

/** The cursor's key, or undefined when it is not one we could have issued. */
export function decodeCheckoutCursor(text: string): CheckoutCursor | undefined {
  if (text.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = cursorKeySchema.safeParse(json);
  return parsed.success ? { createdAt: parsed.data.t, checkoutId: parsed.data.id } : undefined;
}
