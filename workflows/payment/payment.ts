// The payment workflow: the money of one completed checkout, from authorization (or the
// payment itself, where the provider takes it at once) to the last refund. Merchant
// requests arrive as Updates whose validators refuse before anything is written; every
// money movement then waits its turn, is checked again against everything before it,
// and is carried out at the provider, in our state, and in the order store, in that
// order. Durable timers flag an Affirm authorization five days before it lapses and close
// it when it does. It ends when nothing more can happen, or PAYMENT_LIFETIME_DAYS after
// the order.
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  currentUpdateInfo,
  log,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { PaymentOperationInput } from '../../src/store';
import { providerCallOptions, storeOptions } from '../activity-options';
import { onProviderQueues } from '../proxies';
import { providerCallFailure, storeRefusal } from '../failures';
import { NeedsAttentionKey } from '../search-attributes';
import type {
  CaptureMode,
  CaptureRecord,
  PaymentAttention,
  PaymentInput,
  PaymentState,
  ProviderRefundNotice,
  RefundRecord,
  Shipping,
  ShipmentRecord,
  ShipmentRequest,
} from './contract';
import {
  PAYMENT_REFUSALS,
  captureUpdate,
  paymentStateQuery,
  providerRefundSignal,
  refundUpdate,
  shipmentUpdate,
  voidUpdate,
} from './contract';
import type { KeyedAnswers } from './idempotency';
import { checkKey, merchantKeyOf } from './idempotency';
import type { Book, PaymentCapabilities } from './ledger';
import {
  addCapture,
  addRefund,
  capturable,
  checkCapture,
  checkRefund,
  checkShipment,
  checkVoid,
  isFinished,
  minor,
  providerRefund,
  refuse,
  statusOf,
} from './ledger';
import type { MerchantEventType } from '../merchant-events/contract';
import { publishMerchantEvents } from '../merchant-events/publish';
import { decimalOf } from '../money';
import { DAY_MS, PAYMENT_LIFETIME_DAYS, PAYMENT_POLICIES } from './policies';
import type { PaymentPolicy } from './policies';
import { Serial } from './serial';

/** Far below Temporal's 50k-event limit: a payment's history stays quick to replay. */
export const PAYMENT_HISTORY_LIMIT = 2000;

/** What one run hands the next when it continues as new. */
export interface CarriedPayment {
  state: PaymentState;
  expired: boolean;
  /** The day-25 look at the authorization happened (listed for attention if anything was left). */
  expiryNoticed: boolean;
  capabilities?: PaymentCapabilities;
  captureMode?: CaptureMode;
  answers: KeyedAnswers;
  seenNotices: string[];
}

const providerMoney = onProviderQueues(providerCallOptions);
const records = proxyActivities<Activities>(storeOptions);

export async function paymentWorkflow(input: PaymentInput, carried?: CarriedPayment): Promise<PaymentState> {
  const policy = PAYMENT_POLICIES[input.provider];
  const book: Book = {
    state: carried?.state ?? openingState(input, policy),
    policy,
    capabilities: carried?.capabilities ?? input.setup?.capabilities,
    expired: carried?.expired ?? false,
    pending: { capture: 0, refund: 0 },
  };
  if (!carried) book.state.status = statusOf(book);
  const answers: KeyedAnswers = { ...carried?.answers };
  const seenNotices = new Set(carried?.seenNotices ?? []);
  const serial = new Serial();
  let captureMode = carried?.captureMode ?? input.setup?.captureMode;
  let expiryNoticed = carried?.expiryNoticed ?? false;
  let anonymous = 0;

  // ---- Handlers first: nothing that arrives is ever dropped. ----
  setHandler(paymentStateQuery, () => book.state);

  setHandler(captureUpdate, (request) => keyed((key) => capture(key, request.amount, request.shipping)), {
    validator: (request) => {
      if (answeredKey()) return;
      checkCapture(book, request.amount);
    },
  });
  setHandler(refundUpdate, (request) => keyed((key) => refund(key, request.amount, request.reason)), {
    validator: (request) => {
      if (answeredKey()) return;
      checkRefund(book, request.amount);
    },
  });
  setHandler(voidUpdate, () => keyed(() => voidAuthorization()), {
    validator: () => {
      if (answeredKey()) return;
      checkVoid(book);
    },
  });
  setHandler(shipmentUpdate, (request) => keyed((key) => ship(key, request)), {
    validator: (request) => {
      if (answeredKey()) return;
      checkShipment(book, request.capture === true, request.amount);
    },
  });
  // Async, so continue-as-new and the end wait for it (allHandlersFinished).
  setHandler(providerRefundSignal, async (notice) => {
    if (typeof notice?.eventId !== 'string' || notice.eventId === '')
      return void log.warn('providerRefund ignored: no eventId');
    await serial.run(async () => onProviderRefund(notice));
  });

  // ---- Start: learn the provider's calls, and capture at once where configured. ----
  const ready = book.capabilities ? Promise.resolve() : learnProvider();
  if (!carried) {
    await ready;
    if (policy.capturesLater && captureMode === 'onComplete')
      await capture('onComplete', undefined, undefined).catch((error: unknown) =>
        log.warn('capture on completion failed; the merchant may capture', { error: String(error) }),
      );
  }

  // ---- Wait for the deadlines until nothing more can happen. ----
  const endAtMs = Date.parse(input.completedAt) + PAYMENT_LIFETIME_DAYS * DAY_MS;
  while (!isFinished(book) && Date.now() < endAtMs) {
    if (runIsLong()) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof paymentWorkflow>(input, carry());
    }
    const dueAtMs = Math.min(nextDeadlineMs() ?? Infinity, endAtMs);
    const waitMs = dueAtMs - Date.now();
    if (waitMs > 0) await condition(() => isFinished(book) || runIsLong(), waitMs);
    if (passDeadlines() === 'expiring') await announce('payment.authorizationExpiring', 'authorization');
  }
  await condition(allHandlersFinished);
  return book.state;

  // ---- The operations, each carried out in turn. ----

  async function capture(
    key: string,
    amount: string | undefined,
    shipping?: Shipping,
  ): Promise<CaptureRecord> {
    const reserved = checkCapture(book, amount);
    book.pending.capture += reserved;
    try {
      return await serial.run(async () => {
        await ready;
        return captureNow(key, checkCapture(book, amount, false), shipping);
      });
    } finally {
      book.pending.capture -= reserved;
    }
  }

  async function captureNow(key: string, value: number, shipping?: Shipping): Promise<CaptureRecord> {
    const id = operationId('capture', key);
    const amount = decimalOf(value);
    const transactionId = requireTransaction();
    const movement = await atProvider('capture', () =>
      providerMoney.capturePayment({
        ...callBase(id),
        transactionId,
        amount,
        currency: input.currency,
        shipping,
      }),
    );
    addCapture(book, value);
    const record: CaptureRecord = {
      id,
      amount,
      status: 'succeeded',
      at: nowIso(),
      ...(shipping && { shipping }),
    };
    book.state.captures = [...book.state.captures, record];
    await recordOperation({
      operationId: id,
      kind: 'capture',
      amount,
      providerOperationId: movement.providerId,
    });
    await announce('payment.captured', id);
    return record;
  }

  async function refund(key: string, amount: string, reason?: string): Promise<RefundRecord> {
    const reserved = checkRefund(book, amount);
    book.pending.refund += reserved;
    try {
      return await serial.run(async () => {
        await ready;
        const value = checkRefund(book, amount, false);
        const id = operationId('refund', key);
        const decimal = decimalOf(value);
        const movement = await atProvider('refund', () =>
          providerMoney.refundPayment({
            ...callBase(id),
            transactionId: input.transactionId ?? input.providerReference ?? input.checkoutId,
            amount: decimal,
            currency: input.currency,
            reason,
            // Providers that refund only whole transactions (WiPay) compare against it.
            capturedTotal: book.state.captured,
          }),
        );
        addRefund(book, value);
        const record: RefundRecord = {
          id,
          amount: decimal,
          status: 'succeeded',
          at: nowIso(),
          source: 'merchant',
          ...(reason !== undefined && { reason }),
        };
        book.state.refunds = [...book.state.refunds, record];
        await recordOperation({
          operationId: id,
          kind: 'refund',
          amount: decimal,
          providerOperationId: movement.providerId,
        });
        await announce('payment.refunded', id);
        return record;
      });
    } finally {
      book.pending.refund -= reserved;
    }
  }

  async function voidAuthorization(): Promise<PaymentState> {
    return serial.run(async () => {
      await ready;
      checkVoid(book, false);
      const id = operationId('void', 'authorization');
      const transactionId = requireTransaction();
      await atProvider('void', () =>
        providerMoney.voidProviderAuthorization({
          provider: input.provider,
          transactionId,
          idempotencyKey: `${input.checkoutId}-void-payment`,
        }),
      );
      book.state.voided = true;
      book.state.status = statusOf(book);
      await recordOperation({ operationId: id, kind: 'void' });
      await announce('payment.voided', id);
      return book.state;
    });
  }

  async function ship(key: string, request: ShipmentRequest): Promise<ShipmentRecord> {
    const wantsCapture = request.capture === true && policy.capturesLater;
    const reserved = checkShipment(book, request.capture === true, request.amount);
    book.pending.capture += reserved;
    try {
      return await serial.run(async () => {
        await ready;
        const value = checkShipment(book, request.capture === true, request.amount, false);
        const id = operationId('shipment', key);
        const shipping = { carrier: request.carrier, trackingNumber: request.trackingNumber };
        const status = request.status ?? 'dispatched';
        let captureId: string | undefined;
        // A capture carries the carrier and tracking number itself (Affirm's capture call).
        if (wantsCapture) captureId = (await captureNow(key, value, shipping)).id;
        else
          await atProvider('shipping', () =>
            providerMoney.updatePaymentShipping({
              ...callBase(id),
              providerReference: input.providerReference,
              transactionId: input.transactionId,
              ...shipping,
              status,
            }),
          );
        const record: ShipmentRecord = {
          id,
          ...shipping,
          status,
          at: nowIso(),
          ...(captureId && { captureId }),
        };
        book.state.shipments = [...book.state.shipments, record];
        await recordOperation({ operationId: id, kind: 'shipment', payload: record });
        return record;
      });
    } finally {
      book.pending.capture -= reserved;
    }
  }

  async function onProviderRefund(notice: ProviderRefundNotice): Promise<void> {
    if (seenNotices.has(notice.eventId)) return;
    seenNotices.add(notice.eventId);
    const { record, over } = providerRefund(book, notice, nowIso());
    if (over)
      addAttention(
        'providerRefundOverCaptured',
        `provider reported a refund over what was left (event ${notice.eventId})`,
      );
    if (!record) return;
    await recordOperation({
      operationId: record.id,
      kind: 'providerRefund',
      amount: record.amount,
      providerOperationId: notice.eventId,
    });
    await announce('payment.refunded', record.id);
  }

  // ---- Helpers over this run. ----

  /** The merchant's key (from the Update ID) answers a repeat with the first answer, across runs. */
  async function keyed<T>(operation: (key: string) => Promise<T>): Promise<T> {
    const updateId = currentUpdateInfo()?.id ?? `anonymous-${++anonymous}`;
    const merchantKey = merchantKeyOf(updateId);
    if (!merchantKey) return operation(updateId);
    const known = answers[merchantKey.key];
    if (known?.result !== undefined) return known.result as T;
    answers[merchantKey.key] = { fingerprint: merchantKey.fingerprint };
    try {
      const result = await operation(merchantKey.key);
      answers[merchantKey.key] = { fingerprint: merchantKey.fingerprint, result };
      return result;
    } catch (error) {
      delete answers[merchantKey.key];
      throw error;
    }
  }

  /**
   * A key used before for another request is refused; one already answered (in an earlier
   * run, so Temporal no longer knows its Update ID) skips the checks: its handler returns
   * the first answer, whatever the payment's state is now.
   */
  function answeredKey(): boolean {
    const merchantKey = merchantKeyOf(currentUpdateInfo()?.id);
    checkKey(answers, merchantKey);
    return merchantKey !== undefined && answers[merchantKey.key]?.result !== undefined;
  }

  async function learnProvider(): Promise<void> {
    // Local facts of this worker: retried until it answers, like the store.
    const setup = await records.paymentSetup({ provider: input.provider });
    book.capabilities = setup.capabilities;
    captureMode = setup.captureMode;
  }

  function operationId(kind: string, key: string): string {
    return `${input.checkoutId}:${kind}:${key}`;
  }

  function callBase(id: string) {
    return { provider: input.provider, checkoutId: input.checkoutId, operationId: id };
  }

  function requireTransaction(): string {
    if (input.transactionId === undefined)
      refuse(PAYMENT_REFUSALS.conflict, 'the order has no provider transaction to act on');
    return input.transactionId;
  }

  /** A provider refusal is final; an unreachable provider may have acted, so ops are told. */
  async function atProvider<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      const failure = providerCallFailure(error);
      if (!failure.permanent)
        addAttention(
          'providerOutcomeUnknown',
          `${what} did not answer after our retries: ${failure.message}`,
        );
      return refuse(PAYMENT_REFUSALS.providerFailed, `provider ${what} failed: ${failure.message}`);
    }
  }

  async function recordOperation(
    operation: Omit<PaymentOperationInput, 'checkoutId' | 'currency' | 'provider'>,
  ): Promise<void> {
    try {
      await records.recordPaymentOperation({
        ...operation,
        checkoutId: input.checkoutId,
        currency: input.currency,
        provider: input.provider,
      });
    } catch (error) {
      // The movement happened; only its copy in the store is missing, so ops are told.
      log.error('payment operation not recorded in the store', { reason: storeRefusal(error) });
    }
  }

  /** Tells the merchant, with the payment as it is now (workflows/merchant-events/). */
  async function announce(type: MerchantEventType, occurrence: string): Promise<void> {
    await publishMerchantEvents([{ checkoutId: input.checkoutId, type, occurrence, payment: book.state }]);
  }

  function addAttention(kind: PaymentAttention['kind'], detail: string): void {
    book.state.attention = [...book.state.attention, { kind, at: nowIso(), detail }];
    upsertSearchAttributes([{ key: NeedsAttentionKey, value: true }]);
  }

  function nextDeadlineMs(): number | undefined {
    const expiresAt = book.state.authorizationExpiresAt;
    if (expiresAt === undefined || book.expired) return undefined;
    const expiresAtMs = Date.parse(expiresAt);
    const noticeAtMs = expiresAtMs - (policy.expiringNoticeDays ?? 0) * DAY_MS;
    return expiryNoticed ? expiresAtMs : noticeAtMs;
  }

  /** 'expiring' when this look found the authorization about to lapse with money left on it. */
  function passDeadlines(): 'expiring' | undefined {
    const expiresAt = book.state.authorizationExpiresAt;
    if (expiresAt === undefined || book.expired || book.state.voided) return undefined;
    const expiresAtMs = Date.parse(expiresAt);
    const left = capturable(book, false);
    if (Date.now() >= expiresAtMs) {
      book.expired = true;
      book.state.status = statusOf(book);
      if (left > 0)
        addAttention('authorizationExpired', `${decimalOf(left)} was never captured and can no longer be`);
      return undefined;
    }
    if (!expiryNoticed && Date.now() >= expiresAtMs - (policy.expiringNoticeDays ?? 0) * DAY_MS) {
      expiryNoticed = true;
      if (left > 0) {
        addAttention('authorizationExpiring', `${decimalOf(left)} is still to capture by ${expiresAt}`);
        return 'expiring';
      }
    }
    return undefined;
  }

  function runIsLong(): boolean {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength > PAYMENT_HISTORY_LIMIT;
  }

  function carry(): CarriedPayment {
    return {
      state: book.state,
      expired: book.expired,
      expiryNoticed,
      capabilities: book.capabilities,
      captureMode,
      answers,
      seenNotices: [...seenNotices],
    };
  }
}

/** Where the provider took the money at once, it is captured from the start. */
function openingState(input: PaymentInput, policy: PaymentPolicy): PaymentState {
  const authorized = decimalOf(minor(input.amount));
  const expiresAt =
    policy.authorizationValidDays === undefined
      ? undefined
      : new Date(Date.parse(input.completedAt) + policy.authorizationValidDays * DAY_MS).toISOString();
  return {
    checkoutId: input.checkoutId,
    merchantOrderId: input.merchantOrderId,
    provider: input.provider,
    currency: input.currency,
    status: 'authorized',
    authorized,
    captured: policy.capturesLater ? '0.00' : authorized,
    refunded: '0.00',
    voided: false,
    ...(expiresAt !== undefined && { authorizationExpiresAt: expiresAt }),
    captures: policy.capturesLater
      ? []
      : [
          {
            id: `${input.checkoutId}:capture:completion`,
            amount: authorized,
            status: 'succeeded',
            at: input.completedAt,
          },
        ],
    refunds: [],
    shipments: [],
    attention: [],
  };
}

function nowIso(): string {
  return new Date(Date.now()).toISOString();
}
