// The built worker runs the workflow bundle written at build time: a checkout completes,
// the worker says it loaded <dist>/workflow-bundle.js, and the SDK's bundler (webpack)
// never ran in that process.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APPROVE_BODY, actAsCustomer, sampleCheckoutRequest } from '../../src/demo/merchant-client';
import { orderCount, startStack } from './support/stack';
import type { Stack } from './support/stack';

jest.setTimeout(240_000);

const logDir = mkdtempSync(join(tmpdir(), 'e2e-bundle-'));
const workerLog = join(logDir, 'worker.log');
let stack: Stack;

beforeAll(async () => {
  stack = await startStack('bundle', { workerLogFile: workerLog });
}, 240_000);

afterAll(async () => {
  await stack?.close();
  rmSync(logDir, { recursive: true, force: true });
});

it('runs a checkout on the prebuilt bundle, without bundling at start-up', async () => {
  const { data, response } = await stack.api.api.POST('/checkouts', {
    body: sampleCheckoutRequest('wipay', 'e2e-bundle-1'),
  });
  expect(response.status).toBe(201);
  if (!data) throw new Error('POST /checkouts answered no body');
  const acted = await actAsCustomer(
    stack.sandboxUrl,
    'wipay',
    data.providerReference,
    'approve',
    APPROVE_BODY.wipay,
  );
  expect(acted.status).toBeLessThan(300);
  const final = await stack.api.waitForStatus(data.checkoutId, ['completed', 'cancelled'], 60_000);
  expect(final.status).toBe('completed');
  expect(await orderCount(stack, data.checkoutId)).toBe(1);

  const log = readFileSync(workerLog, 'utf8');
  const running = log
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { msg?: string; workflowCode?: string })
    .find((entry) => entry.msg === 'worker running');
  expect(running?.workflowCode).toMatch(/[/\\]\.cache[/\\]e2e[/\\]bundle[/\\]dist[/\\]workflow-bundle\.js$/);
  // The SDK logs this line (at INFO) whenever it runs webpack on workflowsPath.
  expect(log).not.toContain('Workflow bundle created');
});
