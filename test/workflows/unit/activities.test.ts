// The activities' jobs beyond calling through: classify provider and store failures so
// that Temporal retries only what can succeed, and check an authorization against the checkout.
import { ApplicationFailure } from '@temporalio/common';
import { createActivities } from '../../../activities';
import { ProviderDisabledError, ProviderError } from '../../../src/providers/errors';
import { createProviderRegistry } from '../../../src/providers/registry';
import type { Authorization, ProviderAdapter } from '../../../src/providers/types';
import type { OrderStore } from '../../../src/store';
import { openOrderStore } from '../../../src/store';
import {
  CHECKOUT_MISMATCH_ERROR,
  INVALID_STORE_INPUT_ERROR,
  PERMANENT_PROVIDER_ERROR,
} from '../../../workflows/failures';

function adapterWith(overrides: Partial<ProviderAdapter>): ProviderAdapter {
  return {
    id: 'affirm',
    createSession: async () => ({ providerReference: 'ref', redirectUrl: 'https://pay.example/ref' }),
    parseInbound: () => {
      throw new Error('not used');
    },
    ...overrides,
  };
}

function activitiesFor(adapter: ProviderAdapter) {
  // The store is not reached by the provider activities under test.
  return createActivities({
    providers: createProviderRegistry({ affirm: adapter }),
    store: {} as OrderStore,
  });
}

const authorizeInput = {
  provider: 'affirm' as const,
  checkoutId: 'A-1-a1',
  checkoutToken: 'tok',
  amount: '499.99',
  idempotencyKey: 'A-1-a1-authorize-1',
};

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('provider activities', () => {
  it('turns a permanent provider error into a non-retryable failure', async () => {
    const activities = activitiesFor(
      adapterWith({
        createSession: async () => {
          throw new ProviderError('affirm', 'invalid total', false, 400);
        },
      }),
    );
    const failure = await failureOf(
      activities.createProviderSession({ provider: 'affirm', session: {} as never }),
    );
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({
      type: PERMANENT_PROVIDER_ERROR,
      nonRetryable: true,
      message: 'affirm: invalid total',
    });
  });

  it('rethrows a transient provider error as is, for Temporal to retry', async () => {
    const transient = new ProviderError('affirm', 'bad gateway', true, 502);
    const activities = activitiesFor(
      adapterWith({
        createSession: async () => {
          throw transient;
        },
      }),
    );
    expect(
      await failureOf(activities.createProviderSession({ provider: 'affirm', session: {} as never })),
    ).toBe(transient);
  });

  it('treats a disabled provider and a missing operation as permanent', async () => {
    const activities = createActivities({ providers: createProviderRegistry({}), store: {} as OrderStore });
    const disabled = await failureOf(
      activities.pollProviderStatus({ provider: 'iwocapay', providerReference: 'x' }),
    );
    expect(disabled).toMatchObject({ type: PERMANENT_PROVIDER_ERROR, nonRetryable: true });
    expect(new ProviderDisabledError('iwocapay').message).toContain('iwocapay');
    const missing = await failureOf(
      activitiesFor(adapterWith({})).cancelProviderSession({ provider: 'affirm', providerReference: 'x' }),
    );
    expect(missing).toMatchObject({
      type: PERMANENT_PROVIDER_ERROR,
      message: 'affirm has no cancelSession call',
    });
  });

  describe('authorizeProviderTransaction', () => {
    const authorizing = (authorization: Authorization) =>
      activitiesFor(adapterWith({ authorize: async () => authorization })).authorizeProviderTransaction(
        authorizeInput,
      );

    it('accepts the same amount in any decimal spelling, for this order', async () => {
      expect(
        await authorizing({ transactionId: 't1', status: 'authorized', amount: '499.99', orderId: 'A-1-a1' }),
      ).toEqual({ outcome: 'authorized', transactionId: 't1', amount: '499.99' });
      expect(
        await authorizing({ transactionId: 't1', status: 'authorized', amount: '499.99' }),
      ).toMatchObject({
        outcome: 'authorized',
      });
    });

    it('reports a different amount, another order or an odd status as a mismatch to void', async () => {
      expect(await authorizing({ transactionId: 't2', status: 'authorized', amount: '49.99' })).toEqual({
        outcome: 'mismatch',
        transactionId: 't2',
        detail: 'authorized 49.99, checkout amount is 499.99',
      });
      expect(
        await authorizing({ transactionId: 't3', status: 'authorized', amount: '499.99', orderId: 'B-2-a1' }),
      ).toMatchObject({
        outcome: 'mismatch',
        transactionId: 't3',
        detail: expect.stringContaining('B-2-a1'),
      });
      expect(await authorizing({ transactionId: 't4', status: 'pending', amount: '499.99' })).toMatchObject({
        outcome: 'mismatch',
      });
    });

    it("holds the authorization to this checkout's provider session, else to the order id", async () => {
      const forSession = (authorization: Authorization) =>
        activitiesFor(adapterWith({ authorize: async () => authorization })).authorizeProviderTransaction({
          ...authorizeInput,
          providerReference: 'CHK1',
        });
      const base = { transactionId: 't6', status: 'authorized', amount: '499.99', orderId: 'A-1-a1' };
      expect(await forSession({ ...base, sessionReference: 'CHK1' })).toMatchObject({
        outcome: 'authorized',
      });
      expect(await forSession({ ...base, sessionReference: 'CHK2' })).toEqual({
        outcome: 'mismatch',
        transactionId: 't6',
        detail: 'authorization is for session CHK2, not CHK1',
      });
      // A transaction that does not name its checkout is still held to the order id.
      expect(await forSession({ ...base, orderId: 'B-2-a1' })).toMatchObject({
        outcome: 'mismatch',
        detail: expect.stringContaining('B-2-a1'),
      });
    });

    it('passes the idempotency key through to the provider', async () => {
      const authorize = jest.fn(async () => ({
        transactionId: 't5',
        status: 'authorized',
        amount: '499.99',
      }));
      await activitiesFor(adapterWith({ authorize })).authorizeProviderTransaction(authorizeInput);
      expect(authorize).toHaveBeenCalledWith({
        checkoutToken: 'tok',
        checkoutId: 'A-1-a1',
        idempotencyKey: 'A-1-a1-authorize-1',
      });
    });
  });
});

describe('store activities', () => {
  let store: OrderStore;
  let sequence = 0;
  /** A fresh checkout per test: one in-memory store serves the whole file. */
  const newCheckout = () => ({
    checkoutId: `S-${++sequence}-a1`,
    merchantOrderId: `S-${sequence}`,
    provider: 'iwocapay' as const,
    amount: '250.00',
    currency: 'GBP',
  });
  const storeActivities = () => createActivities({ providers: createProviderRegistry({}), store });

  let closed = false;
  beforeAll(async () => {
    store = await openOrderStore({ dataDir: 'memory://' });
  });
  afterAll(async () => {
    if (!closed) await store.close();
  });

  it('refuses a provider reference over 200 characters once, non-retryably, naming no value', async () => {
    const checkout = newCheckout();
    await storeActivities().recordCheckout(checkout);
    const reference = 'r'.repeat(300);
    const failure = await failureOf(
      storeActivities().setProviderReference({
        checkoutId: checkout.checkoutId,
        providerReference: reference,
      }),
    );
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: INVALID_STORE_INPUT_ERROR, nonRetryable: true });
    expect((failure as Error).message).toMatch(/setProviderReference: invalid input/);
    expect((failure as Error).message).not.toContain(reference);
    expect((await store.getCheckout(checkout.checkoutId))?.providerReference).toBeNull();
  });

  it('never quotes the refused value: the message reaches the checkout detail and the merchant', async () => {
    const secretish = 'sk_live_0123456789abcdef';
    const failure = await failureOf(
      storeActivities().recordCheckout({ ...newCheckout(), provider: secretish as 'iwocapay' }),
    );
    expect(failure).toMatchObject({ type: INVALID_STORE_INPUT_ERROR, nonRetryable: true });
    expect((failure as Error).message).toMatch(/provider: must be one of/);
    expect((failure as Error).message).not.toContain(secretish);
  });

  it('refuses a write naming the checkout with another amount as a non-retryable mismatch', async () => {
    const checkout = newCheckout();
    await storeActivities().recordCheckout(checkout);
    for (const call of [
      storeActivities().recordCheckout({ ...checkout, amount: '25.00' }),
      storeActivities().completeOrder({ ...checkout, currency: 'EUR' }),
      storeActivities().cancelOrder({ ...checkout, amount: '1.00', reason: 'declined' }),
    ]) {
      expect(await failureOf(call)).toMatchObject({ type: CHECKOUT_MISMATCH_ERROR, nonRetryable: true });
    }
    expect(await store.countOrders(checkout.checkoutId)).toBe(0);
  });

  // Last: it closes the file's store.
  it('rethrows anything else as is, for Temporal to retry (an outage is not a refusal)', async () => {
    await store.close();
    closed = true;
    const failure = await failureOf(storeActivities().recordCheckout(newCheckout()));
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(ApplicationFailure);
  });
});
