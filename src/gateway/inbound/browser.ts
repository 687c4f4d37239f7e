// Where a customer's browser goes after its return reached Temporal: the merchant's own
// pages, taken from the checkout's state. The event is already safe in Temporal at this
// point, so a failure to look the pages up only costs the customer a plain answer.
import type { Client } from '@temporalio/client';
import type { ProviderEvent } from '../../../workflows/domain';
import type { Logger } from '../../logging/logger';
import { queryCheckout } from '../checkouts/state';
import type { ReceiverAnswer } from './receivers';

/** One of the checkout's merchant pages, or undefined when the checkout cannot be read. */
async function merchantPage(
  client: Client,
  checkoutId: string,
  page: 'returnUrl' | 'cancelUrl',
  log: Logger,
): Promise<string | undefined> {
  try {
    const state = await queryCheckout(client, checkoutId);
    return state?.[page];
  } catch (err) {
    log.warn({ err }, 'could not read the checkout for the browser redirect');
    return undefined;
  }
}

export async function browserDestination(
  client: Client,
  answer: Exclude<ReceiverAnswer, 'ack'>,
  checkoutId: string | undefined,
  event: ProviderEvent,
  log: Logger,
): Promise<string | undefined> {
  if (checkoutId === undefined) return undefined;
  // Only the provider's verified success counts as success; the workflow still decides the order.
  const page = answer === 'returnUrl' || event.kind === 'fulfil' ? 'returnUrl' : 'cancelUrl';
  return merchantPage(client, checkoutId, page, log);
}

/** A browser return with nothing to apply (WiPay's failed redirect): the checkout's cancel page. */
export function cancelDestination(
  client: Client,
  checkoutId: string,
  log: Logger,
): Promise<string | undefined> {
  return merchantPage(client, checkoutId, 'cancelUrl', log);
}
