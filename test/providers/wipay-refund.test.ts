// WiPay's WAPI through the real adapter, over real HTTP against the simulator: the
// refund request (the whole transaction, once) and Retrieve Transaction (only a
// successful transaction reads as paid), both with the merchant's WAPI key.
import { loadWipayConfig } from '../../src/providers/wipay';
import type { ProviderAdapter, RefundInput } from '../../src/providers/types';
import type { WipaySandbox } from '../fixtures/wipay-sandbox';
import { WIPAY_WAPI_KEY, startWipaySandbox, wipaySessionInput } from '../fixtures/wipay-sandbox';
import { providerRejection } from '../fixtures/provider-errors';

let sandbox: WipaySandbox;
let adapter: ProviderAdapter;

beforeAll(async () => {
  sandbox = await startWipaySandbox();
  adapter = sandbox.adapter({ timeoutMs: 2_000 });
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.sim.faults.clear());

const rejection = (work: Promise<unknown>) => providerRejection(work, [WIPAY_WAPI_KEY]);

let sequence = 0;
/** A session the customer paid, or only opened. */
async function transaction(paid = true): Promise<string> {
  const input = wipaySessionInput(sandbox, `R${++sequence}`, '250.50');
  const created = await adapter.createSession(input);
  if (paid)
    expect((await sandbox.control(`/sessions/${created.providerReference}/approve`)).status).toBe(200);
  return created.providerReference;
}

function refund(transactionId: string, patch: Partial<RefundInput> = {}, via = adapter) {
  if (!via.refund) throw new Error('WiPay must refund with a WAPI key');
  return via.refund({
    transactionId,
    checkoutId: 'c',
    amount: '250.50',
    capturedTotal: '250.50',
    currency: 'TTD',
    idempotencyKey: `refund-${transactionId}`,
    ...patch,
  });
}

const requestOf = (transactionId: string) => sandbox.sim.sessions.get(transactionId)?.refundRequest;

describe('WiPay refund request', () => {
  it('requests the refund of a paid transaction and reports the whole amount', async () => {
    const id = await transaction();
    expect(await refund(id)).toEqual({ providerId: `wipay-refund-${id}`, amount: '250.50' });
    expect(requestOf(id)).toEqual({ at: expect.any(String), total: '250.50' });
  });

  it('a retry after the request got through counts as done and asks nothing twice', async () => {
    const id = await transaction();
    const first = await refund(id);
    const made = requestOf(id);
    expect(made).toBeDefined();
    expect(await refund(id)).toEqual(first);
    // The same request object: WiPay refused the second one and kept the first.
    expect(requestOf(id)).toBe(made);
  });

  it('refuses a partial refund, or one without the captured total, before any call', async () => {
    const id = await transaction();
    const partial = await rejection(refund(id, { amount: '100.00' }));
    expect(partial.transient).toBe(false);
    expect(partial.message).toContain('whole transaction');
    expect((await rejection(refund(id, { capturedTotal: undefined }))).transient).toBe(false);
    expect(requestOf(id)).toBeUndefined();
  });

  it('WiPay refuses an unpaid or unknown transaction (400, permanent, its message)', async () => {
    const open = await transaction(false);
    const unpaid = await rejection(refund(open));
    expect(unpaid).toMatchObject({ transient: false, httpStatus: 400 });
    expect(unpaid.message).toContain('has invalid status');
    const unknown = await rejection(refund('SB-0-1-nothing-20300101000000'));
    expect(unknown.message).toContain('transaction id is invalid');
    expect(requestOf(open)).toBeUndefined();
  });

  it('a wrong WAPI key is a permanent 401 that does not quote the key', async () => {
    const id = await transaction();
    const wrong = sandbox.adapter({}, { wapiKey: 'wapi_test_kid1_notTheSecret' });
    const err = await rejection(refund(id, {}, wrong));
    expect(err).toMatchObject({ transient: false, httpStatus: 401 });
    expect(err.message).not.toContain('notTheSecret');
    expect(requestOf(id)).toBeUndefined();
  });

  it('a 5xx is transient and the retry makes the one request', async () => {
    const id = await transaction();
    sandbox.sim.faults.add({ operation: 'refund', status: 502, times: 1 });
    expect((await rejection(refund(id))).transient).toBe(true);
    expect(requestOf(id)).toBeUndefined();
    await refund(id);
    expect(requestOf(id)).toBeDefined();
  });

  it('without a WAPI key the adapter offers no refund (the API answers not_supported_by_provider)', () => {
    expect(sandbox.adapter({}, { wapiKey: undefined }).refund).toBeUndefined();
  });
});

describe('WIPAY_WAPI_KEY', () => {
  const base = { WIPAY_ACCOUNT_NUMBER: '1234567890', WIPAY_API_KEY: 'k', WIPAY_COUNTRY_CODE: 'TT' };

  it('is optional, kept when it looks like a WAPI key, and refused by name (not value) otherwise', () => {
    expect(loadWipayConfig(base)?.wapiKey).toBeUndefined();
    expect(loadWipayConfig({ ...base, WIPAY_WAPI_KEY: 'wapi_live_k1_s3cr3t' })?.wapiKey).toBe(
      'wapi_live_k1_s3cr3t',
    );
    expect(() => loadWipayConfig({ ...base, WIPAY_WAPI_KEY: 'plain-s3cr3t' })).toThrow('WIPAY_WAPI_KEY');
    expect(() => loadWipayConfig({ ...base, WIPAY_WAPI_KEY: 'plain-s3cr3t' })).not.toThrow('plain-s3cr3t');
  });
});

async function openTransaction(action?: string): Promise<string> {
  const created = await adapter.createSession(wipaySessionInput(sandbox, `T${++sequence}`, '120.00'));
  if (action)
    expect((await sandbox.control(`/sessions/${created.providerReference}/${action}`)).status).toBe(200);
  return created.providerReference;
}

function read(transactionId: string, via = adapter) {
  if (!via.readStatus) throw new Error('WiPay must read transactions with a WAPI key');
  return via.readStatus(transactionId);
}

describe('WiPay transaction read (WAPI)', () => {
  it.each([
    [undefined, 'incomplete', 'wait'],
    ['approve', 'success', 'fulfil'],
    ['decline', 'failed', 'wait'],
  ])('after %s reads %s, which is %s', async (action, rawStatus, kind) => {
    const reference = await openTransaction(action);
    expect(await read(reference)).toEqual({ providerReference: reference, rawStatus, kind });
  });

  it('refuses an unknown transaction for good and a 5xx for now, without the key in the error', async () => {
    const unknown = await providerRejection(read('SB-0-0-NOPE-20260101000000'), [WIPAY_WAPI_KEY]);
    expect(unknown.transient).toBe(false);
    sandbox.sim.faults.add({ operation: 'read', status: 503, times: 1 });
    const down = await providerRejection(read(await openTransaction()), [WIPAY_WAPI_KEY]);
    expect(down.transient).toBe(true);
  });

  it('offers no read without a WAPI key', () => {
    expect('readStatus' in sandbox.adapter({}, { wapiKey: undefined })).toBe(false);
  });
});
