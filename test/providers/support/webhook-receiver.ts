// A stand-in for the gateway's webhook endpoint in the provider end-to-end tests: it runs
// the real adapter's parseInbound on the raw body and records what it made of it.
import express from 'express';
import { VerificationError } from '../../../src/providers/errors';
import type { InboundResult, ProviderAdapter } from '../../../src/providers/types';
import type { ProviderEvent } from '../../../workflows/domain';

export interface WebhookReceiver {
  /** Everything parseInbound returned, in arrival order. */
  received: InboundResult[];
  /** Statuses to answer with, one per delivery, before parsing anything (to make the simulator retry). */
  answers: number[];
  /** The verified events among `received`. */
  events(): ProviderEvent[];
  reset(): void;
}

/**
 * Mounts POST `path` on `host`. A verification failure is 401 and any other parse failure
 * 400, as in the gateway; what a parsed result is answered with differs per provider, so
 * `answerFor` decides.
 */
export function mountWebhookReceiver(
  host: express.Express,
  path: string,
  adapter: ProviderAdapter,
  answerFor: (result: InboundResult) => number,
): WebhookReceiver {
  const receiver: WebhookReceiver = {
    received: [],
    answers: [],
    events: () => receiver.received.flatMap((r) => (r.type === 'event' ? [r.event] : [])),
    reset() {
      receiver.received.length = 0;
      receiver.answers.length = 0;
    },
  };
  host.post(path, express.raw({ type: '*/*' }), (req, res) => {
    const forced = receiver.answers.shift();
    if (forced) return void res.status(forced).send('forced');
    try {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const result = adapter.parseInbound('webhook', {
        method: 'POST',
        headers,
        rawBody,
        query: {},
        receivedAt: new Date(),
      });
      receiver.received.push(result);
      res.status(answerFor(result)).json({});
    } catch (err) {
      res.status(err instanceof VerificationError ? 401 : 400).json({});
    }
  });
  return receiver;
}

/** POSTs a sandbox action and waits until the simulator has delivered every webhook it caused. */
export async function postSandboxAction(
  url: string,
  body: object,
  deliverer: { idle(): Promise<void> },
): Promise<Response> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await deliverer.idle();
  return response;
}
