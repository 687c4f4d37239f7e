// Reading the provider's status API. A reading is handled exactly like a verified
// event; a failed read is only counted, because the next scheduled poll tries again.
import type { StatusReading } from '../src/providers/types';
import type { CheckoutRun } from './checkout-run';
import { nowIso } from './checkout-run';
import type { ProviderEvent } from './domain';
import type { Arrival } from './ledger';
import { providerCallFailure } from './failures';
import { countPoll } from './metrics';
import { providerPolls } from './proxies';

export function pollEvent(run: CheckoutRun, reading: StatusReading): ProviderEvent {
  return {
    provider: run.state.provider,
    checkoutReference: run.state.checkoutId,
    providerReference: reading.providerReference,
    kind: reading.kind,
    rawStatus: reading.rawStatus,
    occurredAt: nowIso(),
    // The same status read twice is one event: repeated PENDING polls count as duplicates.
    eventId: `poll:${reading.providerReference}:${reading.rawStatus}`,
    source: 'poll',
    amount: reading.amount,
    currency: reading.currency,
    ...(reading.authorizationToken === undefined ? {} : { authorizationToken: reading.authorizationToken }),
  };
}

export interface Read {
  event: ProviderEvent;
  arrival: Arrival;
}

/** One status read, recorded in the ledger; undefined when the read failed after its retries. */
export async function readProviderStatus(run: CheckoutRun): Promise<Read | undefined> {
  const providerReference = run.state.session?.providerReference;
  if (providerReference === undefined) return undefined;
  run.state.polls += 1;
  try {
    const reading = await providerPolls.pollProviderStatus({
      provider: run.state.provider,
      providerReference,
    });
    countPoll(run.state.provider, reading.kind);
    const event = pollEvent(run, reading);
    return { event, arrival: run.admit(event) };
  } catch (error) {
    countPoll(run.state.provider, 'failed');
    run.state.pollFailures += 1;
    run.state.detail = `status poll failed: ${providerCallFailure(error).message}`;
    return undefined;
  }
}
