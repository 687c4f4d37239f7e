// The bare workflow the product is measured against: the checkout's shape (an
// update-with-start answered with the session, one signal, one closing activity) and no
// product logic. Runs on its own task queue with its own worker (bare/worker.ts).
import { condition, defineSignal, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
import type { BareActivities, BareSession } from './activities';

export const bareSessionUpdate = defineUpdate<BareSession>('session');
export const bareEventSignal = defineSignal<[string]>('providerEvent');

const { openBareSession, completeBare } = proxyActivities<BareActivities>({
  startToCloseTimeout: '30 seconds',
});

export async function bareCheckoutWorkflow(checkoutId: string): Promise<string> {
  const opened: { session?: BareSession } = {};
  let status: string | undefined;
  setHandler(bareSessionUpdate, async () => {
    await condition(() => opened.session !== undefined);
    return opened.session as BareSession;
  });
  setHandler(bareEventSignal, (received) => {
    status = received;
  });
  opened.session = await openBareSession(checkoutId);
  await condition(() => status !== undefined);
  await completeBare(checkoutId, status as string);
  return status as string;
}
