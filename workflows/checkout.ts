// The checkout workflow: one checkout attempt from session creation to exactly one
// end, completed or cancelled. Handlers are registered first; everything else happens
// in the loop below, one unit of work at a time, in arrival order.
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { applyWork } from './apply';
import { CheckoutRun } from './checkout-run';
import type { CheckoutInput, CheckoutResult } from './contract';
import {
  SESSION_FAILED_ERROR,
  checkoutStateQuery,
  merchantCancelSignal,
  pollNowSignal,
  providerEventSignal,
  resolveHoldSignal,
  sessionUpdate,
} from './contract';
import { openSession } from './open-session';

/** Well below Temporal's 50k-event limit, so a replay of any run stays quick. */
export const HISTORY_EVENT_LIMIT = 1500;

export async function checkoutWorkflow(input: CheckoutInput): Promise<CheckoutResult> {
  const run = new CheckoutRun(input);
  registerHandlers(run);
  if (input.carried) run.setStatus(run.state.status);
  else await openSession(run);

  while (!run.decided) {
    if (historyIsLong()) {
      // Signals that arrive meanwhile land in the inbox; continue only with nothing pending.
      await condition(allHandlersFinished);
      if (run.idle) await continueAsNew<typeof checkoutWorkflow>({ ...input, carried: run.carry() });
    }
    await applyWork(run, await run.nextWork());
  }
  await condition(allHandlersFinished);
  return run.state;
}

function registerHandlers(run: CheckoutRun): void {
  setHandler(providerEventSignal, (event) => run.onProviderEvent(event));
  setHandler(pollNowSignal, () => run.onPollNow());
  setHandler(merchantCancelSignal, () => run.onMerchantCancel());
  setHandler(resolveHoldSignal, (request) => run.onResolveHold(request));
  setHandler(checkoutStateQuery, () => run.state);
  // The gateway's Update-With-Start: answers once the session is open and recorded (or failed).
  setHandler(sessionUpdate, async () => {
    await condition(() => run.state.status !== 'creatingSession');
    if (run.state.session) return run.state.session;
    throw ApplicationFailure.nonRetryable(run.state.detail ?? 'session failed', SESSION_FAILED_ERROR);
  });
}

function historyIsLong(): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength > HISTORY_EVENT_LIMIT;
}
