// POST /checkouts as a decision: return the current attempt of this merchant order, or
// start the next one. A repeat of a running or completed checkout gets it back (200);
// a new attempt starts only after the previous one closed without completing.
import type { CheckoutState } from '../../../workflows/contract';
import { CLOSED_ROW_DETAIL, checkoutIdFor, isDecided } from '../../../workflows/contract';
import { sameAmount } from '../../money';
import type { ResolvedDeps } from '../deps';
import { HttpError } from '../errors';
import { MAX_ATTEMPTS, findLatestAttempt } from './attempts';
import type { OrderIdentity } from './attempts';
import { assertMethodOffered } from './method-check';
import type { CreateCheckoutRequest } from './schema';
import { checkoutInputFor, startAttempt } from './start';
import type { CheckoutSummary } from './responses';
import { checkoutSummary, queryCheckout, queryRunningCheckout } from './state';

export interface CreateOutcome {
  status: 200 | 201;
  body: CheckoutSummary;
}

/** Lost races (an attempt closing while we start its successor) are retried this often. */
const ROUNDS = 3;

export async function createOrResumeCheckout(
  deps: ResolvedDeps,
  request: CreateCheckoutRequest,
): Promise<CreateOutcome> {
  const { client } = deps;
  let methodChecked = false;
  for (let round = 0; round < ROUNDS; round++) {
    // Only the first look trusts an empty store: a retry follows a refused start, whose
    // attempt exists in Temporal even though the store never got its row.
    const latest = await findLatestAttempt(deps, request.orderId, { trustEmptyStore: round === 0 });
    if (latest.kind === 'completed') {
      assertSameOrder(latest.identity, request);
      return { status: 200, body: latest.summary };
    }

    let attempt: number;
    if (latest.kind === 'running') {
      // The lookup just described it as running: the query alone says how far it got.
      const state = await queryRunningCheckout(client, latest.checkoutId);
      if (state) {
        assertSameOrder(state, request);
        if (state.session || isDecided(state.status)) return answer(200, state);
      }
      // Still creating its session: join it below and wait for the same update.
      attempt = latest.attempt;
    } else {
      attempt = latest.kind === 'none' ? 1 : latest.attempt + 1;
      if (attempt > MAX_ATTEMPTS) {
        throw new HttpError(
          409,
          'too_many_attempts',
          `order ${request.orderId} already has ${MAX_ATTEMPTS} attempts`,
        );
      }
      if (!methodChecked) await assertMethodOffered(deps.checkEcomtrade24Method, request);
      methodChecked = true;
    }

    const checkoutId = checkoutIdFor(request.orderId, attempt);
    const input = checkoutInputFor(request, checkoutId, deps);
    const outcome = await startAttempt(client, deps.taskQueue, input);
    if (outcome.kind === 'idTaken') continue;
    // The attempt's row was closed already (its workflow gone, the store remembering): the
    // workflow ended without a session; look again, the store now decides.
    if (outcome.kind === 'sessionFailed' && outcome.reason.includes(CLOSED_ROW_DETAIL)) continue;
    if (outcome.kind === 'sessionFailed') {
      throw new HttpError(
        502,
        'session_failed',
        `${request.provider} could not open a session: ${outcome.reason}`,
      );
    }
    if (outcome.startedHere) deps.metrics.checkoutsStarted.inc({ provider: request.provider });
    const status = outcome.startedHere ? 201 : 200;
    if (outcome.state) return answer(status, outcome.state);
    // A worker of older code answered the bare session: the query adds the status.
    const state = await queryCheckout(client, checkoutId);
    if (!state) throw new Error(`checkout ${checkoutId} answered its session update but not its query`);
    return answer(status, { ...state, session: state.session ?? outcome.session });
  }
  throw new HttpError(
    409,
    'attempt_conflict',
    'attempts of this order changed while starting; retry the request',
  );
}

/**
 * An order id names one purchase: a repeat that asks for a different provider or amount
 * is a client bug, and silently answering with the other checkout would hide it.
 */
function assertSameOrder<T extends OrderIdentity>(state: T, request: CreateCheckoutRequest): T {
  const same =
    state.provider === request.provider &&
    state.currency === request.currency &&
    sameAmount(state.amount, request.amount);
  if (!same) {
    throw new HttpError(
      409,
      'order_conflict',
      `order ${request.orderId} already has checkout ${state.checkoutId} with ${state.provider} for ${state.amount} ${state.currency}`,
    );
  }
  return state;
}

function answer(status: CreateOutcome['status'], state: CheckoutState): CreateOutcome {
  return { status, body: checkoutSummary(state) };
}
