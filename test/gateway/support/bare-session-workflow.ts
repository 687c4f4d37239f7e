// The floor POST /checkouts is measured against (test/gateway/create-latency.bench.ts): an
// Update-With-Start whose update answers once one activity returned the session. Nothing
// the product does (store rows, references, lookups) is in it.
import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';

export const bareSessionUpdate = defineUpdate<{ redirectUrl: string }>('bareSession');

const { bareCreateSession } = proxyActivities<{
  bareCreateSession(checkoutId: string): Promise<{ redirectUrl: string }>;
}>({ startToCloseTimeout: '10s' });

export async function bareSessionWorkflow(checkoutId: string): Promise<void> {
  const opened: { session?: { redirectUrl: string } } = {};
  setHandler(bareSessionUpdate, async () => {
    await condition(() => opened.session !== undefined);
    return opened.session as { redirectUrl: string };
  });
  opened.session = await bareCreateSession(checkoutId);
}
