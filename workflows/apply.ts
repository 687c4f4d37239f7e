// One unit of work from the loop: turn it into a decision (decide.ts) and carry it out.
import { log } from '@temporalio/workflow';
import type { CheckoutRun, Work } from './checkout-run';
import { nowIso } from './checkout-run';
import type { Decision, Stimulus } from './decide';
import { decide } from './decide';
import { afterScheduledPoll } from './deadlines';
import type { ProviderEvent } from './domain';
import { amountMismatchEntry } from './holds';
import { countUnknownStatus, withRefund } from './ledger';
import { authorizeCheckout, cancelCheckout, completeCheckout, retryAuthorization } from './outcomes';
import { readProviderStatus } from './polling';

export async function applyWork(run: CheckoutRun, work: Work): Promise<void> {
  switch (work.type) {
    case 'event':
      return handleEvent(run, work.event);
    case 'merchantCancel':
      return execute(run, { type: 'merchantCancel' });
    case 'pollNow':
      // An extra read on a hint: the backoff schedule stays as it was.
      return poll(run);
    case 'resolveHold':
      // Recorded first, so the path it starts (which may hold again) has it in its history.
      run.noteResolution(work.request);
      return execute(run, { type: 'resolveHold', request: work.request }, run.state.detail);
    case 'wake':
      if (work.wake.kind === 'authorizeRetry') return retryAuthorization(run);
      if (work.wake.kind !== 'poll') return execute(run, { type: 'deadline', deadline: work.wake.kind });
      if (run.poll) run.poll = afterScheduledPoll(run.poll, Date.now(), run.timing);
      return poll(run);
  }
}

async function poll(run: CheckoutRun): Promise<void> {
  const read = await readProviderStatus(run);
  if (read?.arrival === 'new') await handleEvent(run, read.event);
}

function handleEvent(run: CheckoutRun, event: ProviderEvent): Promise<void> {
  return execute(run, { type: 'event', event });
}

/** `detail`: why, when the stimulus itself says (ops' resolution). */
async function execute(run: CheckoutRun, stimulus: Stimulus, detail?: string): Promise<void> {
  const decision: Decision = decide(run.decisionContext(), stimulus);
  switch (decision.type) {
    case 'complete':
      return completeCheckout(run, detail);
    case 'authorize':
      return authorizeCheckout(run, decision.checkoutToken, decision.source);
    case 'cancel':
      return cancelCheckout(run, decision.reason, decision.atProvider, detail);
    case 'hold':
      if (stimulus.type === 'event')
        run.hold(amountMismatchEntry(run.state, decision, stimulus.event, nowIso()));
      return;
    case 'timeOut':
      run.setStatus('timedOut', {
        detail: 'session expired without a verified result; a late success still completes',
      });
      return;
    case 'keepWaiting':
      if (stimulus.type === 'event') noteWaiting(run, decision.note, stimulus.event);
      else if (stimulus.type === 'merchantCancel') run.noteMerchantCancelWhileHeld();
      return;
    case 'ignore':
      return;
  }
}

function noteWaiting(
  run: CheckoutRun,
  note: Extract<Decision, { type: 'keepWaiting' }>['note'],
  event: ProviderEvent,
) {
  const { state } = run;
  switch (note) {
    case 'pending':
    case 'held':
      break;
    case 'refund':
      // Before completion a refund decides nothing; it is listed for reconciliation.
      state.refunds = withRefund(state.refunds, event, nowIso());
      break;
    case 'unknownStatus':
      state.events = countUnknownStatus(state.events);
      state.detail = `unknown ${state.provider} status ${JSON.stringify(event.rawStatus)}`;
      break;
    case 'foreignSession':
      state.events = { ...state.events, foreign: state.events.foreign + 1 };
      state.detail = `event ${event.eventId} names ${event.provider} ${event.providerReference ?? '?'}, not this session`;
      break;
    case 'missingToken':
      state.events = countUnknownStatus(state.events);
      state.detail = `confirmation ${event.eventId} carried no authorization token`;
      break;
  }
  // What we could not use is logged as well as counted (the workflow logger skips replays).
  if (note !== 'pending' && note !== 'refund' && note !== 'held')
    log.warn(`event not applied: ${note}`, { detail: state.detail });
  run.showSummary();
}
