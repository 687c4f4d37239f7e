// The checkout workflow: one checkout attempt from session creation to exactly one
// end, completed or cancelled. Handlers are registered first; everything else happens
// in the loop below, one unit of work at a time, in arrival order.
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { applyWork } from './apply';
import { CheckoutRun } from './checkout-run';
import { continueCheckout } from './continue-checkout';
import type { CheckoutInput, CheckoutResult, SessionAnswer } from './contract';
import {
  SESSION_FAILED_ERROR,
  STARTED_BY_MEMO,
  checkoutStateQuery,
  merchantCancelSignal,
  merchantCancelOutcomeUpdate,
  pollNowSignal,
  providerEventSignal,
  resolveHoldSignal,
  sessionUpdate,
} from './contract';
import { publishMerchantEvents } from './merchant-events/publish';
import { LATE_PAYMENT_LISTENING_PATCH, listenForLatePayments, listensForLatePayments } from './late-payments';
import { openSession } from './open-session';
import { PAYMENT_LIFECYCLE_PATCH, startPaymentLifecycle } from './payment/start';

export { HISTORY_EVENT_LIMIT } from './checkout-run';

export async function checkoutWorkflow(input: CheckoutInput): Promise<CheckoutResult> {
  const run = new CheckoutRun(input);
  registerHandlers(run);
  if (input.carried) run.setStatus(run.state.status);
  else await openSession(run);

  while (!run.decided) {
    if (run.runIsLong) {
      // A lean polling run's watch ends first; if the run goes on after all, it starts again.
      if (run.watch) await run.watch.stop();
      // Signals that arrive meanwhile land in the inbox; continue only with nothing pending.
      await condition(allHandlersFinished);
      if (run.idle) await continueCheckout(run, input);
    }
    // Nothing to do: the wait ended early (a long run, a new hint time); look again.
    const work = await run.nextWork();
    if (work) await run.carryOut(work, applyWork);
    // Before the next unit of work (and before any continue-as-new), so none is lost.
    await publishMerchantEvents(run.takeMerchantEvents(), { lean: run.lean });
  }
  // A session that failed decided before the loop.
  await publishMerchantEvents(run.takeMerchantEvents(), { lean: run.lean });
  await condition(allHandlersFinished);
  // The order's money lives on in its own workflow (workflows/payment/payment.ts).
  if (run.state.status === 'completed' && run.since(PAYMENT_LIFECYCLE_PATCH))
    await startPaymentLifecycle(run.state, run.store);
  // A cancelled session may still be paid until its own end: listen for that money.
  if (listensForLatePayments(run.state) && run.since(LATE_PAYMENT_LISTENING_PATCH)) {
    if ((await listenForLatePayments(run)) === 'long') {
      await condition(allHandlersFinished);
      await continueCheckout(run, input);
    }
    await condition(allHandlersFinished);
  }
  return run.state;
}

function registerHandlers(run: CheckoutRun): void {
  setHandler(providerEventSignal, (event) => run.onProviderEvent(event));
  setHandler(pollNowSignal, () => run.onPollNow());
  setHandler(merchantCancelSignal, () => run.onMerchantCancel());
  // The gateway's cancel answer: the state once the signalled cancel was carried out (or was moot).
  setHandler(merchantCancelOutcomeUpdate, async () => {
    await condition(() => run.merchantCancelSettled);
    return run.state;
  });
  setHandler(resolveHoldSignal, (request) => run.onResolveHold(request));
  setHandler(checkoutStateQuery, () => run.state);
  // The gateway's Update-With-Start: answers once the session is open and recorded (or failed).
  // The answer carries the state and the memo too, so the gateway asks nothing more; an
  // update's result is no command, so this changes no history.
  setHandler(sessionUpdate, async (): Promise<SessionAnswer> => {
    await condition(() => run.state.status !== 'creatingSession');
    const { session } = run.state;
    if (!session) {
      throw ApplicationFailure.nonRetryable(run.state.detail ?? 'session failed', SESSION_FAILED_ERROR);
    }
    const startedBy = workflowInfo().memo?.[STARTED_BY_MEMO];
    return {
      ...session,
      checkout: run.state,
      ...(typeof startedBy === 'string' ? { startedByRequest: startedBy } : {}),
    };
  });
}
