// The watch activity (activities/status-watch.ts): each attempt one read, run as the
// server runs its retries (MockActivityEnvironment gives the attempt number).
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createStatusWatchActivities } from '../../../activities/status-watch';
import { ProviderError } from '../../../src/providers/errors';
import { createProviderRegistry } from '../../../src/providers/registry';
import type { ProviderAdapter, StatusReading } from '../../../src/providers/types';
import { PERMANENT_PROVIDER_ERROR, STATUS_UNCHANGED } from '../../../workflows/failures';

const reading = (kind: StatusReading['kind'], rawStatus: string): StatusReading => ({
  providerReference: 'ref',
  kind,
  rawStatus,
  amount: '250.00',
  currency: 'GBP',
});

function watchWith(readStatus: () => Promise<StatusReading>) {
  const reads: number[] = [];
  const adapter = {
    id: 'iwocapay',
    createSession: async () => ({ providerReference: 'ref', redirectUrl: 'https://pay.example/ref' }),
    parseInbound: () => {
      throw new Error('not used');
    },
    readStatus: async () => {
      reads.push(reads.length + 1);
      return readStatus();
    },
  } as unknown as ProviderAdapter;
  const { watchProviderStatus } = createStatusWatchActivities(createProviderRegistry({ iwocapay: adapter }));
  const attempt = (n: number, maxReads = 100) =>
    new MockActivityEnvironment({ attempt: n, taskQueue: 'tq-provider-iwocapay' }).run(watchProviderStatus, {
      provider: 'iwocapay' as const,
      providerReference: 'ref',
      reads: maxReads,
    });
  return { attempt, reads };
}

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

describe('watchProviderStatus', () => {
  it('attempt 1 only arms the schedule: no read, a retryable StatusUnchanged', async () => {
    const watch = watchWith(async () => reading('fulfil', 'SUCCESSFUL'));
    const failure = await failureOf(watch.attempt(1));
    // BENIGN: the SDK logs it at DEBUG and leaves it out of its failure metrics.
    expect(failure).toMatchObject({ type: STATUS_UNCHANGED, nonRetryable: false, category: 'BENIGN' });
    expect(watch.reads).toHaveLength(0);
  });

  it('a read that changes nothing retries; one that may change something returns with its attempt', async () => {
    const pending = watchWith(async () => reading('wait', 'PENDING'));
    expect(await failureOf(pending.attempt(2))).toMatchObject({
      type: STATUS_UNCHANGED,
      nonRetryable: false,
    });
    const paid = watchWith(async () => reading('fulfil', 'SUCCESSFUL'));
    expect(await paid.attempt(5)).toEqual({ reading: reading('fulfil', 'SUCCESSFUL'), attempt: 5 });
  });

  it('its last read before the TTL returns even when nothing changed', async () => {
    const watch = watchWith(async () => reading('wait', 'PENDING'));
    expect(await watch.attempt(4, 3)).toMatchObject({ reading: { kind: 'wait' }, attempt: 4 });
  });

  it('a transient failure stays retryable; a refusal ends the watch', async () => {
    const down = watchWith(async () => {
      throw new ProviderError('iwocapay', 'unavailable', true, 503);
    });
    const transient = await down.attempt(2).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(transient).toBeInstanceOf(ProviderError);
    const refused = watchWith(async () => {
      throw new ProviderError('iwocapay', 'bad request', false, 400);
    });
    expect(await failureOf(refused.attempt(2))).toMatchObject({
      type: PERMANENT_PROVIDER_ERROR,
      nonRetryable: true,
    });
  });
});
