// Affirm's merchant API: direct checkout, authorize, void. Basic auth with the public
// and private key; every call goes through callProvider (timeout, zod, error classes).
import { callProvider, basicAuth, joinUrl } from '../http';
import type { AffirmConfig } from './config';
import type { AffirmCheckout, AffirmCheckoutResponse, AffirmTransaction } from './schemas';
import { affirmCheckoutResponseSchema, affirmTransactionSchema, describeAffirmError } from './schemas';

export interface AffirmClientOptions {
  timeoutMs?: number;
}

export interface AffirmClient {
  createCheckout(checkout: AffirmCheckout): Promise<AffirmCheckoutResponse>;
  authorize(checkoutToken: string, orderId: string, idempotencyKey: string): Promise<AffirmTransaction>;
  voidTransaction(transactionId: string, idempotencyKey: string): Promise<void>;
}

export function createAffirmClient(config: AffirmConfig, options: AffirmClientOptions = {}): AffirmClient {
  const authorization = basicAuth(config.publicKey, config.privateKey);
  const common = {
    provider: 'affirm' as const,
    method: 'POST' as const,
    timeoutMs: options.timeoutMs,
    describeError: describeAffirmError,
  };
  return {
    createCheckout: (checkout) =>
      callProvider({
        ...common,
        url: joinUrl(config.apiUrl, '/api/v2/checkout/direct'),
        headers: { authorization },
        body: { json: checkout },
        schema: affirmCheckoutResponseSchema,
      }),
    authorize: (checkoutToken, orderId, idempotencyKey) =>
      callProvider({
        ...common,
        url: joinUrl(config.apiUrl, '/api/v1/transactions'),
        // The key makes a retried activity get the same transaction instead of an error.
        headers: { authorization, 'idempotency-key': idempotencyKey },
        body: { json: { transaction_id: checkoutToken, order_id: orderId } },
        schema: affirmTransactionSchema,
      }),
    voidTransaction: async (transactionId, idempotencyKey) => {
      await callProvider({
        ...common,
        url: joinUrl(config.apiUrl, `/api/v1/transactions/${encodeURIComponent(transactionId)}/void`),
        headers: { authorization, 'idempotency-key': idempotencyKey },
        body: { json: {} },
      });
    },
  };
}
