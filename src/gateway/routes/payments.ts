// The merchant's calls after the order: captures, refunds, a void and shipments of a
// completed checkout. Each body is checked by zod, then sent to the checkout's payment
// workflow as an Update (its ID carries the Idempotency-Key), whose validators refuse
// what the payment cannot take before anything is written.
import express from 'express';
import type { z } from 'zod';
import type { UpdateDefinition } from '@temporalio/common';
import { captureUpdate, refundUpdate, shipmentUpdate, voidUpdate } from '../../../workflows/payment/contract';
import { safeIssues, valueFreeErrorMap } from '../../config/issues';
import { requireApiKey } from '../auth';
import type { ResolvedDeps } from '../deps';
import { HttpError, asyncRoute } from '../errors';
import { runPaymentUpdate } from '../payments/execute';
import { updateIdFor } from '../payments/idempotency';
import { captureBodySchema, refundBodySchema, shipmentBodySchema, voidBodySchema } from '../payments/schema';
import type { CaptureAnswer, RefundAnswer, ShipmentAnswer, VoidAnswer } from '../payments/responses';
import { paymentDetail } from '../payments/state';
import { checkoutIdParam, requireJson } from './checkouts';

const JSON_LIMIT = '16kb';

function parseBody<S extends z.ZodTypeAny>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body ?? {}, { errorMap: valueFreeErrorMap });
  if (!parsed.success)
    throw new HttpError(400, 'invalid_request', 'the request body is invalid', safeIssues(parsed.error));
  return parsed.data as z.output<S>;
}

export function paymentsRouter(deps: ResolvedDeps): express.Router {
  const router = express.Router();
  const auth = requireApiKey(deps.config.apiKeys);
  const json = [requireJson(), express.json({ limit: JSON_LIMIT })];

  /** One route: parse, derive the Update ID, run the Update, answer `{[name]: result}`. */
  function route<S extends z.ZodTypeAny, Ret>(
    path: string,
    operation: string,
    schema: S,
    update: UpdateDefinition<Ret, [z.output<S>]> | UpdateDefinition<Ret, []>,
    answer: (result: Ret) => { status: number; body: unknown },
    bodyRequired = true,
  ): void {
    const middleware = bodyRequired ? json : [express.json({ limit: JSON_LIMIT })];
    router.post(
      `/checkouts/:checkoutId/${path}`,
      auth,
      ...middleware,
      asyncRoute(async (req, res) => {
        const checkoutId = checkoutIdParam(req);
        const body = parseBody(schema, req.body);
        const updateId = updateIdFor(req, operation, body);
        const args = (bodyRequired ? [body] : []) as never;
        const result = await runPaymentUpdate(
          deps.client,
          checkoutId,
          update as UpdateDefinition<Ret, never>,
          updateId,
          args,
        );
        const { status, body: answerBody } = answer(result);
        res.status(status).json(answerBody);
      }),
    );
  }

  route('captures', 'capture', captureBodySchema, captureUpdate, (capture) => ({
    status: 201,
    body: {
      capture: { id: capture.id, amount: capture.amount, status: capture.status },
    } satisfies CaptureAnswer,
  }));
  route('refunds', 'refund', refundBodySchema, refundUpdate, (refund) => ({
    status: 201,
    body: { refund: { id: refund.id, amount: refund.amount, status: refund.status } } satisfies RefundAnswer,
  }));
  route('shipments', 'shipment', shipmentBodySchema, shipmentUpdate, (shipment) => ({
    status: 201,
    body: { shipment } satisfies ShipmentAnswer,
  }));
  route(
    'void',
    'void',
    voidBodySchema,
    voidUpdate,
    (payment) => ({
      status: 200,
      body: { payment: paymentDetail(payment) } satisfies VoidAnswer,
    }),
    false,
  );
  return router;
}
