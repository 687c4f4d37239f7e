// TEST STAND-IN for a worker still on the code before the session update carried the state
// and the memo: its session update answers the bare session, as that code did. Registered
// under the product's workflow type on its own task queue, so the gateway's start
// (src/gateway/checkouts/start.ts) is seen tolerating the old answer.
import { condition, setHandler } from '@temporalio/workflow';
import type { CheckoutInput, CheckoutSession } from '../../../workflows/contract';
import { sessionUpdate } from '../../../workflows/contract';

export async function checkoutWorkflow(input: CheckoutInput): Promise<void> {
  const session: CheckoutSession = {
    providerReference: `old-${input.session.checkoutId}`,
    redirectUrl: `http://127.0.0.1/old/${input.session.checkoutId}`,
  };
  setHandler(sessionUpdate, () => session);
  // Runs until the test environment goes away.
  await condition(() => false);
}
