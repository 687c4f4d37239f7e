// Opening the checkout: the cart is recorded in the order store, then the provider's
// session is created and its reference stored. Either store call may be refused for
// good (src/store/errors.ts); the checkout then ends sessionFailed instead of retrying
// forever, and a session the provider already opened is closed there where it can be.
import type { CheckoutRun } from './checkout-run';
import { CLOSED_ROW_DETAIL } from './contract';
import { providerCallFailure, storeRefusal } from './failures';
import { cancelCheckout, cancelSessionAtProvider } from './outcomes';
import type { ClaimRecordedEventsResult } from '../activities';
import { providerCalls, store } from './proxies';
import { claimRecordedEvents } from './recorded-events';

/**
 * A run whose checkout row is already completed or cancelled (its first workflow was
 * deleted by retention, and this id was started again) ends without a provider session.
 */
export const CLOSED_ROW_PATCH = 'closed-row-opens-no-session';

export async function openSession(run: CheckoutRun): Promise<void> {
  const { input, state } = run;
  run.setStatus('creatingSession');
  const { checkoutId, merchantOrderId, provider, amount, currency } = state;
  let recorded;
  try {
    const metadata = state.metadata === undefined ? {} : { metadata: state.metadata };
    recorded = await run.store.recordCheckout({
      checkoutId,
      merchantOrderId,
      provider,
      amount,
      currency,
      ...metadata,
    });
  } catch (error) {
    // The store holds no checkout of ours to cancel (invalid, or another with this id).
    const reason = storeRefusal(error);
    run.beginClosing();
    run.conclude({
      status: 'cancelled',
      cancelReason: 'sessionFailed',
      detail: `order store refused the checkout: ${reason}`,
    });
    return;
  }
  // Histories from before the store answered a status carry none: they take the old path.
  const rowStatus = recorded.status;
  if ((rowStatus === 'completed' || rowStatus === 'cancelled') && run.since(CLOSED_ROW_PATCH)) {
    // The store keeps the truth (its order, its reason); this run only says it ended.
    run.beginClosing();
    run.conclude({
      status: 'cancelled',
      cancelReason: 'sessionFailed',
      detail: `${CLOSED_ROW_DETAIL} (${rowStatus}); no session was opened`,
    });
    return;
  }
  let created;
  try {
    created = await providerCalls.createProviderSession({ provider, session: input.session });
  } catch (error) {
    return cancelCheckout(run, 'sessionFailed', false, providerCallFailure(error).message);
  }
  const providerReference = created.providerReference;
  let claimed: ClaimRecordedEventsResult | undefined;
  try {
    // A lean run stores the reference and claims what was recorded for it in one call.
    if (run.lean)
      claimed = await run.store.recordProviderReference({ checkoutId, provider, providerReference });
    else await store.setProviderReference({ checkoutId, providerReference });
  } catch (error) {
    // Never handed to the customer: close it at the provider, and end without it.
    const reason = `order store refused the provider reference: ${storeRefusal(error)}`;
    const closed = await cancelSessionAtProvider(run, created.providerReference);
    const closing = closed ? 'closed at the provider' : 'not closed at the provider';
    return cancelCheckout(run, 'sessionFailed', false, `${reason} (session ${closing})`);
  }
  state.session = {
    providerReference: created.providerReference,
    redirectUrl: created.redirectUrl,
    expiresAt: created.expiresAt,
    ...(created.amount === undefined ? {} : { amount: created.amount }),
    ...(created.currency === undefined ? {} : { currency: created.currency }),
  };
  run.setStatus('awaitingCustomer');
  await claimRecordedEvents(run, claimed);
}
