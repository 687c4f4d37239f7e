// The start-up check of the checkout search attributes, against a real dev server: the
// namespace the product uses passes; a namespace without them fails with a message naming
// each one and commands that, run as printed, make the check pass.
import { execFileSync } from 'node:child_process';
import { Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection } from '@temporalio/worker';
import { checkSearchAttributesOnceReachable } from '../../src/gateway/search-attributes-at-start';
import { createLogger } from '../../src/logging/logger';
import { resolveToolchain } from '../../src/temporal/toolchain';
import {
  MissingSearchAttributesError,
  assertSearchAttributes,
} from '../../src/temporal/search-attribute-check';
import { freePort } from '../helpers/free-port';
import { createDevServerEnv } from '../helpers/temporal-env';
import { CHECKOUT_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

jest.setTimeout(120_000);

let env: TestWorkflowEnvironment;
const BARE = 'bare-namespace';

const cli = (args: string[]) =>
  execFileSync(resolveToolchain().cliPath as string, [...args, '--address', env.address], {
    stdio: 'ignore',
  });

beforeAll(async () => {
  env = await createDevServerEnv();
  cli(['operator', 'namespace', 'create', '--namespace', BARE]);
});
afterAll(async () => env?.teardown());

/** A namespace just registered is served once the frontend's namespace cache caught up. */
async function failureFor(namespace: string): Promise<MissingSearchAttributesError> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await assertSearchAttributes(env.connection, namespace);
    } catch (err) {
      if (err instanceof MissingSearchAttributesError) return err;
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    throw new Error('expected the check to fail');
  }
}

it('passes on a namespace with the attributes, over the client and the worker connection', async () => {
  await expect(assertSearchAttributes(env.connection, env.namespace ?? 'default')).resolves.toBeUndefined();
  const native = await NativeConnection.connect({ address: env.address });
  try {
    await expect(assertSearchAttributes(native, env.namespace ?? 'default')).resolves.toBeUndefined();
  } finally {
    await native.close();
  }
});

it('names every missing attribute and the commands that create them; run as printed, the check passes', async () => {
  const failure = await failureFor(BARE);
  for (const key of CHECKOUT_SEARCH_ATTRIBUTES) expect(failure.message).toContain(key.name);
  expect(failure.message).toContain(`namespace '${BARE}'`);
  const commands = /Create them with: (.*?) \(Temporal Cloud/.exec(failure.message)?.[1];
  expect(commands).toBeDefined();
  for (const command of (commands ?? '').split(' && ')) {
    const [program, ...args] = command.split(' ');
    expect(program).toBe('temporal');
    cli(args);
  }
  await expect(assertSearchAttributes(env.connection, BARE)).resolves.toBeUndefined();
});

describe('the gateway at start (lazy connection)', () => {
  const logger = createLogger({ level: 'silent' });

  it('refuses to start when Temporal answers and the namespace lacks the attributes', async () => {
    const other = 'bare-for-gateway';
    cli(['operator', 'namespace', 'create', '--namespace', other]);
    await failureFor(other);
    const connection = Connection.lazy({ address: env.address });
    try {
      await expect(checkSearchAttributesOnceReachable(connection, other, logger)).rejects.toThrow(
        MissingSearchAttributesError,
      );
      await expect(
        checkSearchAttributesOnceReachable(connection, 'default', logger),
      ).resolves.toBeUndefined();
    } finally {
      await connection.close();
    }
  });

  it('still comes up while Temporal is down, leaving the check for later', async () => {
    const connection = Connection.lazy({ address: `127.0.0.1:${await freePort()}` });
    const later = jest.fn();
    const startedAt = Date.now();
    try {
      await expect(
        checkSearchAttributesOnceReachable(connection, 'default', logger, later),
      ).resolves.toBeUndefined();
      expect(Date.now() - startedAt).toBeLessThan(10_000);
      expect(later).not.toHaveBeenCalled();
    } finally {
      await connection.close();
    }
  });
});
