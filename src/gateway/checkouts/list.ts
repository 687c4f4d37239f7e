// GET /checkouts: the order store's checkouts, newest first, a page at a time. The query
// is checked by zod (an unknown parameter, a repeated one or a cursor we never issued is
// a 400), and the answer is shaped as checkoutListSchema.
import { z } from '../openapi/zod';
import { PROVIDER_IDS } from '../../../workflows/domain';
import { safeIssues, valueFreeErrorMap } from '../../config/issues';
import { metadataSchema } from './metadata';
import type { CheckoutListItem, CheckoutListPage, OrderStore } from '../../store';
import { decodeCheckoutCursor, encodeCheckoutCursor } from '../../store';
import { HttpError } from '../errors';
import { ORDER_ID_PATTERN } from './schema';

export const STORE_STATUSES = ['open', 'completed', 'cancelled'] as const;

export const listQuerySchema = z
  .object({
    status: z.enum(STORE_STATUSES).optional(),
    provider: z.enum(PROVIDER_IDS).optional(),
    orderId: z.string().regex(ORDER_ID_PATTERN, 'must be an order id').optional(),
    createdAfter: z
      .string()
      .datetime({ offset: true, message: 'must be an ISO-8601 instant with a zone' })
      .optional(),
    cursor: z.string().max(512).optional().describe('nextCursor of the previous page, as given'),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

export const checkoutListItemSchema = z
  .object({
    checkoutId: z.string(),
    orderId: z.string(),
    provider: z.enum(PROVIDER_IDS),
    /** The order store's view: open until completed or cancelled. */
    status: z.enum(STORE_STATUSES),
    amount: z.string().describe('decimal string, e.g. "49.95"'),
    currency: z.string(),
    providerReference: z.string().nullable(),
    reason: z.string().nullable(),
    metadata: metadataSchema,
    createdAt: z.string().describe('ISO-8601 instant'),
    updatedAt: z.string().describe('ISO-8601 instant'),
  })
  .openapi('CheckoutListItem');

export const checkoutListSchema = z
  .object({
    items: z.array(checkoutListItemSchema),
    /** Pass as `cursor` for the next page; null on the last page. */
    nextCursor: z.string().nullable(),
  })
  .openapi('CheckoutList');
export type CheckoutList = z.infer<typeof checkoutListSchema>;

function listItem(item: CheckoutListItem): z.infer<typeof checkoutListItemSchema> {
  return {
    checkoutId: item.checkoutId,
    orderId: item.merchantOrderId,
    provider: item.provider,
    status: item.status,
    amount: item.amount,
    currency: item.currency,
    providerReference: item.providerReference,
    reason: item.cancelReason,
    metadata: item.metadata,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
  };
}

function listAnswer(page: CheckoutListPage): CheckoutList {
  return {
    items: page.items.map(listItem),
    nextCursor: page.next ? encodeCheckoutCursor(page.next) : null,
  };
}

export async function listCheckouts(store: OrderStore | undefined, rawQuery: unknown): Promise<CheckoutList> {
  const parsed = listQuerySchema.safeParse(rawQuery, { errorMap: valueFreeErrorMap });
  if (!parsed.success) {
    throw new HttpError(400, 'invalid_query', 'the query parameters are invalid', safeIssues(parsed.error));
  }
  const { cursor, orderId, ...filters } = parsed.data;
  const after = cursor === undefined ? undefined : decodeCheckoutCursor(cursor);
  if (cursor !== undefined && after === undefined) {
    throw new HttpError(400, 'invalid_cursor', 'cursor is not one this API issued');
  }
  if (!store) throw storeNotConfigured();
  const page = await store.listCheckouts({
    ...filters,
    ...(orderId === undefined ? {} : { merchantOrderId: orderId }),
    ...(after === undefined ? {} : { after }),
  });
  return listAnswer(page);
}

export function storeNotConfigured(): HttpError {
  return new HttpError(501, 'store_not_configured', 'this gateway has no order store to read from');
}
