// Continuing a checkout as new with what it learned (CheckoutRun.carry). A lean run
// (lean-history.ts) also hands its search attributes to the next run's start, so the next
// run shows the checkout from its first event and upserts only what changes after that.
import type { SearchAttributePair } from '@temporalio/common';
import { continueAsNew, makeContinueAsNewFunc, workflowInfo } from '@temporalio/workflow';
import type { checkoutWorkflow } from './checkout';
import type { CheckoutRun } from './checkout-run';
import type { CheckoutInput } from './contract';
import { CHECKOUT_SEARCH_ATTRIBUTES } from './search-attributes';

export function continueCheckout(run: CheckoutRun, input: CheckoutInput): Promise<never> {
  const next: CheckoutInput = { ...input, carried: run.carry() };
  if (!run.lean) return continueAsNew<typeof checkoutWorkflow>(next);
  return makeContinueAsNewFunc<typeof checkoutWorkflow>({ typedSearchAttributes: shownAttributes() })(next);
}

/** Ours only: the SDK's own (TemporalChangeVersion) belongs to each run's patches. */
function shownAttributes(): SearchAttributePair[] {
  const ours = new Set<string>(CHECKOUT_SEARCH_ATTRIBUTES.map((key) => key.name));
  return workflowInfo()
    .typedSearchAttributes.getAll()
    .filter((pair) => ours.has(pair.key.name));
}
