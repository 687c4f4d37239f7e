// The order store's behaviour, run unchanged against every driver variant.
import type { OrderStore } from '../../src/store';
import { claimsContract } from './contract-claims';
import { lifecycleContract } from './contract-lifecycle';
import { merchantEventsContract } from './contract-merchant-events';
import { idempotencyContract, listContract } from './contract-list';
import { paidAfterCancelContract } from './contract-paid-after-cancel';
import { paymentsContract } from './contract-payments';
import { recordsContract } from './contract-records';

/** Registers the contract; `store` is read lazily because the suite opens it in beforeAll. */
export function orderStoreContract(store: () => OrderStore): void {
  describe('checkout records', () => recordsContract(store));
  describe('complete and cancel', () => lifecycleContract(store));
  describe('payment operations', () => paymentsContract(store));
  describe('merchant events', () => merchantEventsContract(store));
  describe('checkout list and metadata', () => listContract(store));
  describe('idempotency keys', () => idempotencyContract(store));
  describe('claims of recorded events', () => claimsContract(store));
  describe('payments after cancel', () => paidAfterCancelContract(store));
}
