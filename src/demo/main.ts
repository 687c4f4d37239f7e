// `npm run demo`: against a running `npm start`, one checkout per provider through the
// sandbox, plus a declined one and one whose webhook is lost (recovered by polling);
// the paid Affirm order is then captured and partly refunded through the merchant API.
// Prints each outcome (with the payment totals where there are some) and its Temporal UI link.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkoutWorkflowId } from '../../workflows/contract';
import { PROVIDER_IDS } from '../../workflows/domain';
import type { ProviderId } from '../../workflows/domain';
import { APPROVE_BODY, MerchantClient, actAsCustomer, sampleCheckoutRequest } from './merchant-client';
import { captureAndRefund } from './payment-steps';

interface DevStackStatus {
  api: string;
  ui?: string;
  sandbox?: string;
}

interface Scenario {
  title: string;
  provider: ProviderId;
  action: string;
  body: Record<string, unknown>;
  /** The first status poll comes 60 s after the session opens. */
  timeoutMs: number;
  /** What the merchant does once the order completed; its answer is printed. */
  afterwards?: (client: MerchantClient, checkoutId: string) => Promise<string>;
}

const SCENARIOS: Scenario[] = [
  ...PROVIDER_IDS.map((provider) => ({
    title: `${provider}: customer pays`,
    provider,
    action: 'approve',
    body: APPROVE_BODY[provider],
    timeoutMs: 30_000,
    ...(provider === 'affirm' ? { afterwards: captureAndRefund } : {}),
  })),
  {
    title: 'wegetfinancing: application declined',
    provider: 'wegetfinancing',
    action: 'decline',
    body: {},
    timeoutMs: 30_000,
  },
  {
    title: 'iwocapay: paid, webhook lost, recovered by polling',
    provider: 'iwocapay',
    action: 'approve',
    body: { delivery: { drop: true } },
    timeoutMs: 120_000,
  },
];

async function runScenario(client: MerchantClient, status: DevStackStatus, scenario: Scenario, run: string) {
  const orderId = `demo-${run}-${SCENARIOS.indexOf(scenario) + 1}`;
  const created = await client.createCheckout(sampleCheckoutRequest(scenario.provider, orderId));
  if (created.status !== 201 && created.status !== 200) {
    return `FAILED to start (${created.status}: ${JSON.stringify(created.body)})`;
  }
  const { checkoutId, providerReference } = created.body;
  const acted = await actAsCustomer(
    status.sandbox as string,
    scenario.provider,
    providerReference,
    scenario.action,
    scenario.body,
  );
  if (acted.status >= 300) return `customer action answered ${acted.status}: ${JSON.stringify(acted.body)}`;
  const final = await client.waitForStatus(checkoutId, ['completed', 'cancelled'], scenario.timeoutMs);
  const link = status.ui ? `${status.ui}/namespaces/default/workflows/${checkoutWorkflowId(checkoutId)}` : '';
  const outcome =
    final.status === 'completed' ? `completed, order ${final.order?.orderId}` : `cancelled (${final.reason})`;
  const money =
    final.status === 'completed' && scenario.afterwards
      ? `  ${await scenario.afterwards(client, checkoutId)}`
      : '';
  return `${outcome}${money}  polls=${final.polls ?? 0}  ${link}`;
}

async function main(): Promise<void> {
  const dataDir = resolve(process.env.DATA_DIR || 'data');
  const status = JSON.parse(readFileSync(join(dataDir, 'devstack.json'), 'utf8')) as DevStackStatus;
  if (!status.sandbox) throw new Error('the running stack has no sandbox (TEMPORAL_ADDRESS was set)');
  const apiKey =
    process.env.API_KEYS?.split(',')[0] || readFileSync(join(dataDir, 'dev-api-key'), 'utf8').trim();
  const client = new MerchantClient(status.api, apiKey);
  const run = Date.now().toString(36);
  const results = await Promise.all(
    SCENARIOS.map(async (scenario) => {
      try {
        return `${scenario.title.padEnd(52)} ${await runScenario(client, status, scenario, run)}`;
      } catch (err) {
        return `${scenario.title.padEnd(52)} FAILED: ${err instanceof Error ? err.message : String(err)}`;
      }
    }),
  );
  process.stdout.write(`${results.join('\n')}\n`);
  if (results.some((line) => line.includes('FAILED'))) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
