// A merchant's webhook endpoint on 127.0.0.1: the sandbox's receiver, which verifies every
// delivery with the `standardwebhooks` package before it answers, plus what tests read.
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import express from 'express';
import { merchantEventId } from '../../../src/merchant-events/envelope';
import { listenLocal } from '../../../src/sandbox/control';
import type { MerchantDelivery, MerchantReceiver } from '../../../src/sandbox/merchant/receiver';
import { createMerchantReceiver } from '../../../src/sandbox/merchant/receiver';
import type { merchantEventDeliveryWorkflow } from '../../../workflows';
import type { DeliveryOutcome, MerchantEventType } from '../../../workflows/merchant-events/contract';
import { merchantEventWorkflowId } from '../../../workflows/merchant-events/contract';

/** A Standard Webhooks secret: whsec_ + base64 of 24 bytes. */
export const MERCHANT_SECRET = `whsec_${Buffer.from('merchant-events-test-key!').toString('base64')}`;

export interface Merchant {
  url: string;
  receiver: MerchantReceiver;
  /** Every request that carried this webhook-id, verified or not. */
  deliveriesOf(eventId: string): MerchantDelivery[];
  close(): Promise<void>;
}

export async function startMerchant(): Promise<Merchant> {
  const receiver = createMerchantReceiver(MERCHANT_SECRET);
  const app = express();
  app.use('/hooks', receiver.router);
  const server = await listenLocal(app);
  return {
    url: `${server.url}/hooks`,
    receiver,
    deliveriesOf: (eventId) => receiver.deliveries.filter((d) => d.webhookId === eventId),
    close: () => server.close(),
  };
}

export const eventIdOf = (checkoutId: string, type: MerchantEventType, occurrence: string) =>
  merchantEventId(checkoutId, type, occurrence);

/** Waits (in real time) until the event's delivery workflow exists, then for its outcome. */
export async function deliveryOutcome(
  client: Client,
  eventId: string,
  timeoutMs = 20_000,
): Promise<DeliveryOutcome> {
  const handle = client.workflow.getHandle<typeof merchantEventDeliveryWorkflow>(
    merchantEventWorkflowId(eventId),
  );
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await handle.describe();
      return await handle.result();
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
