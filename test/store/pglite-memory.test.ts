// The order store on in-memory PGlite: the fastest full run of the contract.
import { createPgliteDriver, openOrderStore } from '../../src/store';
import type { OrderStore } from '../../src/store';
import { orderStoreContract } from './contract';
import { driverContract } from './driver-contract';

describe('PGlite driver (memory://)', () => {
  driverContract(() => createPgliteDriver('memory://'));
});

describe('order store on PGlite (memory://)', () => {
  let store: OrderStore;
  beforeAll(async () => {
    store = await openOrderStore({ dataDir: 'memory://' });
  });
  afterAll(async () => {
    await store.close();
  });

  it('is the embedded store', () => {
    expect(store.kind).toBe('pglite');
  });

  orderStoreContract(() => store);
});
