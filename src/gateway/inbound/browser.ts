// Where a customer's browser goes after its return reached Temporal: the merchant's own
// pages, taken from the checkout's state. The event is already safe in Temporal at this
// point, so a failure to look the pages up only costs the customer a plain answer.
import type { Client } from '@temporalio/client';
import type { ProviderEvent } from '../../../workflows/domain';
import type { Logger } from '../../logging/logger';
import { queryCheckout } from '../checkouts/state';
import type { ReceiverAnswer } from './receivers';

export async function browserDestination(
  client: Client,
  answer: Exclude<ReceiverAnswer, 'ack'>,
  checkoutId: string | undefined,
  event: ProviderEvent,
  log: Logger,
): Promise<string | undefined> {
  if (checkoutId === undefined) return undefined;
  try {
    const state = await queryCheckout(client, checkoutId);
    if (!state) return undefined;
    if (answer === 'returnUrl') return state.returnUrl;
    // Only the provider's verified success counts as success; the workflow still decides the order.
    return event.kind === 'fulfil' ? state.returnUrl : state.cancelUrl;
  } catch (err) {
    log.warn({ err }, 'could not read the checkout for the browser redirect');
    return undefined;
  }
}
