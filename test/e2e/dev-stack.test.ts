// `npm start` as a newcomer meets it: one command brings up Temporal (with its UI), the
// sandbox, the worker and the gateway, every one of them on loopback only; a checkout goes
// through, and another after the worker crashed (it is restarted); Ctrl-C stops all of it; and after a restart the checkout is still there
// (Temporal's SQLite is in the data folder). A bad configuration stops it at once, before
// anything starts, with a message naming the variable.
import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MerchantClient, actAsCustomer, sampleCheckoutRequest } from '../../src/demo/merchant-client';
import { loadDevStackConfig, withSandboxDefaults } from '../../src/devstack/config';
import { resolveToolchain } from '../../src/temporal/toolchain';
import { checkoutWorkflowId } from '../../workflows/contract';
import { freePort } from '../helpers/free-port';
import { buildProduct } from './support/build';
import { isLoopback, listeningAddresses } from './support/listeners';
import { waitForHttp } from './support/wait-for-http';

jest.setTimeout(240_000);

interface Ports {
  PORT: string;
  CODEC_SERVER_PORT: string;
  METRICS_PORT: string;
  WORKER_METRICS_PORT: string;
  SANDBOX_PORT: string;
  TEMPORAL_PORT: string;
  TEMPORAL_UI_PORT: string;
}

let dist: string;
let dataDir: string;
let ports: Ports;

beforeAll(async () => {
  dist = buildProduct('dev-stack');
  dataDir = mkdtempSync(join(tmpdir(), 'dev-stack-'));
  ports = {
    PORT: String(await freePort()),
    CODEC_SERVER_PORT: String(await freePort()),
    METRICS_PORT: String(await freePort()),
    WORKER_METRICS_PORT: String(await freePort()),
    SANDBOX_PORT: String(await freePort()),
    TEMPORAL_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
  };
}, 120_000);

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function startDevStack(
  extraEnv: NodeJS.ProcessEnv = {},
  stderr: 'inherit' | 'pipe' = 'inherit',
): ChildProcess {
  // Only PATH and the stack's own settings: no provider credentials, no Temporal address.
  return spawn(process.execPath, [join(dist, 'src', 'devstack', 'main.js')], {
    env: { PATH: process.env.PATH, DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...ports, ...extraEnv },
    stdio: ['ignore', 'ignore', stderr],
  });
}

/** Runs the stack to its end; what it wrote to stderr and its exit code. */
async function runToExit(extraEnv: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  const stack = startDevStack(extraEnv, 'pipe');
  let stderr = '';
  stack.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) =>
    stack.once('exit', (exitCode) => resolve(exitCode)),
  );
  return { code, stderr };
}

async function stop(stack: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => stack.once('exit', (code) => resolve(code)));
  stack.kill('SIGINT');
  return exited;
}

/** The verified merchant event of the checkout the sandbox's merchant endpoint shows, within 30 s. */
async function merchantReceived(sandbox: string, checkoutId: string): Promise<unknown> {
  for (let i = 0; i < 150; i++) {
    const seen = (await (await fetch(`${sandbox}/merchant`)).json()) as {
      events: { type: string; data: { checkoutId?: string } }[];
    };
    const event = seen.events.find((e) => e.data.checkoutId === checkoutId);
    if (event) return event;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the sandbox merchant received no event for ${checkoutId}`);
}

async function refused(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return false;
  } catch {
    return true;
  }
}

/**
 * The stack generated its codec keys: the history the server holds has no customer email,
 * and the Web UI was started with the codec server (key in the endpoint) as its codec.
 */
async function expectEncryptedHistory(checkoutId: string, ui: string): Promise<void> {
  expect(readFileSync(join(dataDir, 'dev-payload-codec-keys'), 'utf8')).toMatch(
    /^dev-1:[A-Za-z0-9+/]{43}=\n$/,
  );
  const codecKey = readFileSync(join(dataDir, 'dev-codec-server-key'), 'utf8').trim();
  const { cliPath } = resolveToolchain();
  const history = execFileSync(
    cliPath as string,
    [
      'workflow',
      'show',
      '--address',
      `127.0.0.1:${ports.TEMPORAL_PORT}`,
      '--workflow-id',
      checkoutWorkflowId(checkoutId),
      '--output',
      'json',
    ],
    { encoding: 'utf8' },
  );
  const payloadData = [...history.matchAll(/"data":\s*"([A-Za-z0-9+/=]*)"/g)].map((m) =>
    Buffer.from(m[1] ?? '', 'base64').toString(),
  );
  expect(payloadData.join('\n')).not.toContain('ada@example.com');
  const settings = (await (await fetch(`${ui}/api/v1/settings`)).json()) as { Codec?: { Endpoint?: string } };
  const endpoint = `http://127.0.0.1:${ports.CODEC_SERVER_PORT}/codec/${codecKey}`;
  expect(settings.Codec?.Endpoint).toBe(endpoint);
  const preflight = await fetch(`${endpoint}/decode`, {
    method: 'OPTIONS',
    headers: { origin: ui, 'access-control-request-method': 'POST' },
  });
  expect(preflight.headers.get('access-control-allow-origin')).toBe(ui);
}

it('starts everything with no configuration, runs a checkout, stops on Ctrl-C and keeps it across a restart', async () => {
  const api = `http://127.0.0.1:${ports.PORT}`;
  const ui = `http://127.0.0.1:${ports.TEMPORAL_UI_PORT}`;
  const sandbox = `http://127.0.0.1:${ports.SANDBOX_PORT}`;

  let stack = startDevStack();
  await waitForHttp(`${api}/readyz`, 90_000);
  await waitForHttp(ui, 90_000);
  const status = JSON.parse(readFileSync(join(dataDir, 'devstack.json'), 'utf8')) as {
    sandboxedProviders: string[];
    pids: { worker: number; gateway: number };
  };
  expect(status.sandboxedProviders).toHaveLength(5);

  // Metrics have their own loopback listener; the API port does not serve them.
  expect((await fetch(`${api}/metrics`)).status).toBe(404);
  const scrape = await fetch(`http://127.0.0.1:${ports.METRICS_PORT}/metrics`);
  expect(scrape.status).toBe(200);
  expect(await scrape.text()).toContain('checkout_gateway_http_requests_total');
  const workerScrape = await fetch(`http://127.0.0.1:${ports.WORKER_METRICS_PORT}/metrics`);
  expect(workerScrape.status).toBe(200);

  // Every listener of the stack's process tree (Temporal, its UI, the sandbox, the gateway,
  // the metrics, whatever else) binds loopback.
  const listening = listeningAddresses(stack.pid as number);
  for (const port of Object.values(ports)) expect(listening).toContain(`127.0.0.1:${port}`);
  expect(listening.filter((address) => !isLoopback(address))).toEqual([]);

  const client = new MerchantClient(api, readFileSync(join(dataDir, 'dev-api-key'), 'utf8').trim());
  const created = await client.createCheckout(sampleCheckoutRequest('ecomtrade24', 'devstack-1'));
  expect(created.status).toBe(201);
  await actAsCustomer(sandbox, 'ecomtrade24', created.body.providerReference, 'approve');
  const completed = await client.waitForStatus(created.body.checkoutId, ['completed', 'cancelled'], 60_000);
  expect(completed.status).toBe('completed');
  // The worker sent checkout.completed, signed, to the sandbox's merchant endpoint, which verified it.
  expect(await merchantReceived(sandbox, created.body.checkoutId)).toMatchObject({
    type: 'checkout.completed',
    data: { checkoutId: created.body.checkoutId, status: 'completed', sequence: 1 },
  });
  await expectEncryptedHistory(created.body.checkoutId, ui);

  // A worker that crashes after it was running is restarted (after 1 s) and the stack stays up.
  process.kill(status.pids.worker, 'SIGKILL');
  const next = await client.createCheckout(sampleCheckoutRequest('ecomtrade24', 'devstack-2'));
  expect(next.status).toBe(201);
  await actAsCustomer(sandbox, 'ecomtrade24', next.body.providerReference, 'approve');
  expect((await client.waitForStatus(next.body.checkoutId, ['completed', 'cancelled'], 60_000)).status).toBe(
    'completed',
  );
  expect(stack.exitCode).toBeNull();

  expect(await stop(stack)).toBe(0);
  for (const url of [`${api}/healthz`, ui, sandbox]) expect(await refused(url)).toBe(true);

  stack = startDevStack();
  try {
    await waitForHttp(`${api}/readyz`, 90_000);
    // /readyz says Temporal answers; the query of a closed checkout also needs the worker,
    // which bundles its workflows after the gateway is up.
    let again = await client.getCheckout(created.body.checkoutId);
    for (const deadline = Date.now() + 60_000; again.status !== 200 && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      again = await client.getCheckout(created.body.checkoutId);
    }
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('completed');
    // Same order, same checkout: the repeat is answered from the durable record.
    const repeat = await client.createCheckout(sampleCheckoutRequest('ecomtrade24', 'devstack-1'));
    expect(repeat.status).toBe(200);
    expect(repeat.body.checkoutId).toBe(created.body.checkoutId);
  } finally {
    await stop(stack);
  }
});

describe('npm start with a bad configuration', () => {
  it.each([
    ['an incomplete provider', { WGF_USERNAME: 'wgf-user-not-to-be-printed' }, 'WGF_PASSWORD'],
    ['the .env.example API key', { API_KEYS: 'change-me-to-a-long-random-key' }, 'API_KEYS'],
    [
      'a merchant webhook secret that is not whsec_',
      {
        MERCHANT_WEBHOOK_URL: 'https://shop.example/hooks',
        MERCHANT_WEBHOOK_SECRET: 'not-a-whsec-secret-0123456789',
      },
      'MERCHANT_WEBHOOK_SECRET',
    ],
    ['a payload codec key of 5 bytes', { PAYLOAD_CODEC_KEYS: 'k1:c2hvcnQ=' }, 'PAYLOAD_CODEC_KEYS'],
    ['a short codec-server key', { CODEC_SERVER_KEYS: 'short-codec-server-key' }, 'CODEC_SERVER_KEYS'],
  ])('stops at once with %s, naming the variable, never its value', async (_case, env, variable) => {
    const startedAt = Date.now();
    const { code, stderr } = await runToExit(env);
    expect(code).not.toBe(0);
    expect(Date.now() - startedAt).toBeLessThan(15_000);
    expect(stderr).toContain('configuration is invalid');
    expect(stderr).toContain(variable);
    for (const value of Object.values(env)) expect(stderr).not.toContain(value);
    // Nothing was started: no Temporal, no UI, no gateway.
    for (const port of [ports.TEMPORAL_PORT, ports.TEMPORAL_UI_PORT, ports.PORT]) {
      expect(await refused(`http://127.0.0.1:${port}`)).toBe(true);
    }
  });
});

describe('npm start when a process fails to start', () => {
  it('stops the whole stack with the exit code of a gateway that never became ready', async () => {
    // The metrics port is taken, which only the gateway finds out when it listens.
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(Number(ports.METRICS_PORT), '127.0.0.1', resolve));
    try {
      const { code, stderr } = await runToExit({});
      expect(code).toBe(1);
      expect(stderr).toContain('gateway exited before it was ready (exit code 1): stopping the dev stack');
      for (const port of [ports.TEMPORAL_PORT, ports.TEMPORAL_UI_PORT, ports.SANDBOX_PORT, ports.PORT]) {
        expect(await refused(`http://127.0.0.1:${port}`)).toBe(true);
      }
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });
});

describe('dev stack configuration', () => {
  it('points every provider without credentials at the sandbox and keeps configured ones', () => {
    const sandboxEnv = {
      WGF_API_URL: 'http://sandbox/wgf',
      WGF_USERNAME: 'sandbox-user',
      IWOCAPAY_ACCESS_TOKEN: 'sb',
    };
    const { env, sandboxed, real } = withSandboxDefaults({ WGF_USERNAME: 'real-user' }, sandboxEnv);
    expect(real).toEqual(['wegetfinancing']);
    expect(sandboxed).toEqual(['iwocapay', 'affirm', 'wipay', 'ecomtrade24']);
    expect(env.WGF_USERNAME).toBe('real-user');
    expect(env.WGF_API_URL).toBeUndefined();
    expect(env.IWOCAPAY_ACCESS_TOKEN).toBe('sb');
  });

  it('has a default for everything and names a bad variable', () => {
    expect(loadDevStackConfig({})).toMatchObject({
      PORT: 3000,
      TEMPORAL_UI_PORT: 8233,
      SANDBOX_PORT: 4000,
      DATA_DIR: 'data',
    });
    expect(() => loadDevStackConfig({ SANDBOX_PORT: 'four thousand' })).toThrow(/SANDBOX_PORT/);
  });
});
