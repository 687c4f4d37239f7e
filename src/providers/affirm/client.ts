// Affirm's merchant API: direct checkout, authorize, and after the order capture, refund,
// void and update. Basic auth with the public and private key; every call goes through
// callProvider (timeout, zod, error classes), and every transaction call carries the
// caller's Idempotency-Key so a retry gets the first answer instead of a second effect.
import type { z } from 'zod';
import { callProvider, basicAuth, joinUrl } from '../http';
import type { AffirmConfig } from './config';
import type {
  AffirmCaptureRequest,
  AffirmCheckout,
  AffirmCheckoutRead,
  AffirmCheckoutResponse,
  AffirmRefundRequest,
  AffirmTransaction,
  AffirmMoneyEvent,
  AffirmUpdateRequest,
} from './schemas';
import {
  affirmCheckoutReadSchema,
  affirmCheckoutResponseSchema,
  affirmMoneyEventSchema,
  affirmTransactionSchema,
  describeAffirmError,
} from './schemas';

export interface AffirmClientOptions {
  timeoutMs?: number;
}

export interface AffirmClient {
  createCheckout(checkout: AffirmCheckout): Promise<AffirmCheckoutResponse>;
  /** Read Checkout: the checkout object, by checkout_id (which is also its checkout_token) [doc]. */
  readCheckout(checkoutId: string): Promise<AffirmCheckoutRead>;
  authorize(checkoutToken: string, orderId: string, idempotencyKey: string): Promise<AffirmTransaction>;
  voidTransaction(transactionId: string, idempotencyKey: string): Promise<void>;
  capture(
    transactionId: string,
    body: AffirmCaptureRequest,
    idempotencyKey: string,
  ): Promise<AffirmMoneyEvent>;
  refund(transactionId: string, body: AffirmRefundRequest, idempotencyKey: string): Promise<AffirmMoneyEvent>;
  update(transactionId: string, body: AffirmUpdateRequest, idempotencyKey: string): Promise<void>;
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
    readCheckout: (checkoutId) =>
      callProvider({
        ...common,
        method: 'GET',
        url: joinUrl(config.apiUrl, `/api/v2/checkout/${encodeURIComponent(checkoutId)}`),
        headers: { authorization },
        schema: affirmCheckoutReadSchema,
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
      await transactionCall(transactionId, 'void', {}, idempotencyKey);
    },
    capture: (transactionId, body, idempotencyKey) =>
      transactionCall(transactionId, 'capture', body, idempotencyKey, affirmMoneyEventSchema),
    refund: (transactionId, body, idempotencyKey) =>
      transactionCall(transactionId, 'refund', body, idempotencyKey, affirmMoneyEventSchema),
    update: async (transactionId, body, idempotencyKey) => {
      await transactionCall(transactionId, 'update', body, idempotencyKey);
    },
  };

  function transactionCall<S extends z.ZodTypeAny>(
    transactionId: string,
    action: 'capture' | 'refund' | 'void' | 'update',
    body: object,
    idempotencyKey: string,
    schema?: S,
  ): Promise<z.infer<S>> {
    return callProvider({
      ...common,
      url: joinUrl(config.apiUrl, `/api/v1/transactions/${encodeURIComponent(transactionId)}/${action}`),
      headers: { authorization, 'idempotency-key': idempotencyKey },
      body: { json: body },
      schema,
    });
  }
}
