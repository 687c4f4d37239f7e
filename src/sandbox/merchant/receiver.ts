// A merchant's webhook endpoint, as the Standard Webhooks documentation has one: verify
// webhook-id, webhook-timestamp and webhook-signature over the raw body with the
// `standardwebhooks` package (which also refuses timestamps over 5 minutes off), answer
// 2xx quickly, and deduplicate by webhook-id, since a retry carries the same id. It keeps
// what it got so a developer (GET /merchant) and tests can see it. `answer` lets a test
// (or `POST /merchant/_sandbox/answer`) make it answer something else, or hold a request.
import express from 'express';
import { Webhook } from 'standardwebhooks';
import { z } from 'zod';

export interface MerchantDelivery {
  webhookId: string;
  type?: string;
  verified: boolean;
  /** What the endpoint answered. */
  status: number;
  receivedAt: string;
  /** The verified body; absent when verification failed. */
  event?: { id: string; type: string; createdAt: string; data: Record<string, unknown> };
}

/** How to answer one verified delivery: a status, after whatever the promise waits for. */
export type Answer = (delivery: MerchantDelivery) => number | Promise<number>;

export interface MerchantReceiver {
  router: express.Router;
  /** Every request, in arrival order. */
  deliveries: MerchantDelivery[];
  /** Verified, answered 2xx, deduplicated by webhook-id: what the merchant acted on. */
  events(): NonNullable<MerchantDelivery['event']>[];
  /** Replaces how verified deliveries are answered (default: 200). */
  answer: Answer;
}

const answerSchema = z
  .object({ status: z.number().int().min(200).max(599), times: z.number().int().min(1).max(1000) })
  .strict();

export function createMerchantReceiver(secret: string): MerchantReceiver {
  const webhook = new Webhook(secret);
  const deliveries: MerchantDelivery[] = [];
  const queued: number[] = [];
  const receiver: MerchantReceiver = {
    router: express.Router(),
    deliveries,
    events() {
      const seen = new Map<string, NonNullable<MerchantDelivery['event']>>();
      for (const d of deliveries)
        if (d.event && d.status < 300 && !seen.has(d.webhookId)) seen.set(d.webhookId, d.event);
      return [...seen.values()];
    },
    answer: () => queued.shift() ?? 200,
  };
  const { router } = receiver;

  router.post('/', express.raw({ type: () => true, limit: '1mb' }), (req, res, next) => {
    receive(req, res).catch(next);
  });

  async function receive(req: express.Request, res: express.Response): Promise<void> {
    const body = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const headers = {
      'webhook-id': req.header('webhook-id') ?? '',
      'webhook-timestamp': req.header('webhook-timestamp') ?? '',
      'webhook-signature': req.header('webhook-signature') ?? '',
    };
    const delivery: MerchantDelivery = {
      webhookId: headers['webhook-id'],
      verified: false,
      status: 400,
      receivedAt: new Date().toISOString(),
    };
    try {
      const event = webhook.verify(body, headers) as MerchantDelivery['event'];
      Object.assign(delivery, { verified: true, event, type: event?.type });
    } catch {
      deliveries.push(delivery);
      return void res.status(400).json({ error: 'signature verification failed' });
    }
    delivery.status = await receiver.answer(delivery);
    deliveries.push(delivery);
    res.status(delivery.status).end();
  }

  router.get('/', (_req, res) => {
    res.json({ events: receiver.events(), deliveries });
  });

  /** The next `times` verified deliveries are answered `status` (e.g. 503: the merchant is down). */
  router.post('/_sandbox/answer', express.json(), (req, res) => {
    const parsed = answerSchema.safeParse(req.body);
    if (!parsed.success) return void res.status(400).json({ error: 'expected {status, times}' });
    for (let i = 0; i < parsed.data.times; i++) queued.push(parsed.data.status);
    res.status(204).end();
  });

  return receiver;
}
