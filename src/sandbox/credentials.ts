// Credentials the simulators and the adapters share in a sandbox run. They protect
// nothing real, but they are still made fresh per run so no fixed secret ships.
import { randomBytes, randomUUID } from 'node:crypto';

export interface SandboxCredentials {
  wgf: { merchantId: string; username: string; password: string };
  iwocapay: { supplierUuid: string; accessToken: string };
  affirm: { publicKey: string; privateKey: string; webhookUser: string; webhookPassword: string };
  /** wapiKey: for WiPay's WAPI refund request; absent, WiPay offers no refund. */
  wipay: { accountNumber: string; apiKey: string; wapiKey?: string };
  ecomtrade24: { apiKey: string; webhookSecret: string; domain: string };
}

const token = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

export function generateSandboxCredentials(): SandboxCredentials {
  return {
    wgf: {
      merchantId: String(1000 + randomBytes(2).readUInt16BE()),
      username: token('wgf'),
      password: token('wgfpw'),
    },
    iwocapay: { supplierUuid: randomUUID(), accessToken: token('iwoca') },
    affirm: {
      publicKey: token('pub'),
      privateKey: token('priv'),
      webhookUser: token('hook'),
      webhookPassword: token('hookpw'),
    },
    wipay: {
      accountNumber: String(1_000_000_000 + randomBytes(3).readUIntBE(0, 3)),
      apiKey: token('wipay'),
      wapiKey: `wapi_test_${randomBytes(4).toString('hex')}_${randomBytes(12).toString('hex')}`,
    },
    ecomtrade24: { apiKey: token('et24'), webhookSecret: token('et24wh'), domain: 'shop.example' },
  };
}
