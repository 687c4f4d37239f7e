// The dev stack sets the namespace's retention explicitly (TEMPORAL_RETENTION), so how
// long Temporal keeps closed checkouts is a documented choice, not the CLI's default.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { loadDevStackConfig } from '../../src/devstack/config';
import { startTemporalDevServer } from '../../src/devstack/temporal-dev-server';
import { resolveToolchain } from '../../src/temporal/toolchain';
import { freePort } from '../helpers/free-port';

jest.setTimeout(60_000);

it('defaults TEMPORAL_RETENTION to 168h and refuses what is not a number of hours', () => {
  expect(loadDevStackConfig({}).TEMPORAL_RETENTION).toBe('168h');
  expect(() => loadDevStackConfig({ TEMPORAL_RETENTION: '7 days' })).toThrow(/TEMPORAL_RETENTION/);
});

it('sets the retention on the namespace when the dev server starts', async () => {
  const { cliPath } = resolveToolchain();
  if (!cliPath) throw new Error('no Temporal CLI: run scripts/temporal-toolchain.sh');
  const dir = mkdtempSync(join(tmpdir(), 'retention-'));
  // Only PATH, as a supervised stack may run: no HOME for any client config.
  const server = await startTemporalDevServer({
    cliPath,
    ip: '127.0.0.1',
    port: await freePort(),
    dbFile: join(dir, 'temporal.sqlite'),
    namespace: 'default',
    retention: '72h',
    stdio: 'ignore',
  });
  try {
    const connection = await Connection.connect({ address: server.address });
    const described = await connection.workflowService.describeNamespace({ namespace: 'default' });
    await connection.close();
    expect(Number(described.config?.workflowExecutionRetentionTtl?.seconds)).toBe(72 * 3600);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
