// Which after-the-order calls each adapter offers, as the dev stack's environment builds
// them: the table in docs/providers.md ("After the order"). A call an adapter lacks is
// what the merchant API answers 422 not_supported_by_provider for.
import { loadProviders } from '../../src/config/providers';
import type { ProviderAdapter } from '../../src/providers/types';
import { createSandbox } from '../../src/sandbox/all';
import { generateSandboxCredentials } from '../../src/sandbox/credentials';
import { PROVIDER_IDS } from '../../workflows/domain';

const AFTER_SALE = ['capture', 'refund', 'voidAuthorization', 'updateShipping'] as const;

const SUPPORTED: Record<(typeof PROVIDER_IDS)[number], Array<(typeof AFTER_SALE)[number]>> = {
  affirm: ['capture', 'refund', 'voidAuthorization', 'updateShipping'],
  wegetfinancing: ['updateShipping'],
  wipay: ['refund'],
  iwocapay: [],
  ecomtrade24: [],
};

const offered = (adapter: ProviderAdapter) =>
  AFTER_SALE.filter((call) => typeof adapter[call] === 'function');

describe('after-the-order calls per provider', () => {
  const sandbox = createSandbox({
    baseUrl: 'http://127.0.0.1:1/sandbox',
    gatewayUrl: 'http://127.0.0.1:2',
    credentials: generateSandboxCredentials(),
  });
  afterAll(() => sandbox.stop());
  const { registry } = loadProviders(sandbox.providerEnv);

  it.each(PROVIDER_IDS.map((id) => [id]))('%s offers exactly what the docs table says', (id) => {
    expect(offered(registry.get(id))).toEqual(SUPPORTED[id]);
  });

  it('WiPay offers its refund only with a WAPI key', () => {
    const { WIPAY_WAPI_KEY: _key, ...withoutKey } = sandbox.providerEnv;
    expect(offered(loadProviders(withoutKey).registry.get('wipay'))).toEqual([]);
  });
});
