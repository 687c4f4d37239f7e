// The order store's behaviour, run unchanged against every driver variant.
import type { OrderStore } from '../../src/store';
import { lifecycleContract } from './contract-lifecycle';
import { paidAfterCancelContract } from './contract-paid-after-cancel';
import { paymentsContract } from './contract-payments';
import { recordsContract } from './contract-records';

/** Registers the contract; `store` is read lazily because the suite opens it in beforeAll. */
export function orderStoreContract(store: () => OrderStore): void {
  describe('checkout records', () => recordsContract(store));
  describe('complete and cancel', () => lifecycleContract(store));
  describe('payment operations', () => paymentsContract(store));
  describe('payments after cancel', () => paidAfterCancelContract(store));
}
