// One real Temporal server per test file: the Java time-skipping test server for timer
// logic, or the CLI dev server (with the product's search attributes) for visibility
// and end-to-end behaviour. Both come from the project's toolchain, never a download.
// Teardown first ends the client calls still running (client-calls.ts says why).
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { CHECKOUT_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { executableFor, resolveToolchain } from '../../src/temporal/toolchain';
import type { ClientCalls } from './client-calls';
import { trackClientCalls } from './client-calls';

async function endingCallsAtTeardown(
  create: (calls: ClientCalls) => Promise<TestWorkflowEnvironment>,
): Promise<TestWorkflowEnvironment> {
  const calls = trackClientCalls();
  const env = await create(calls);
  const teardown = env.teardown.bind(env);
  env.teardown = async () => {
    await calls.end();
    await teardown();
  };
  return env;
}

export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const { testServerPath } = resolveToolchain();
  return endingCallsAtTeardown((calls) =>
    TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: executableFor(testServerPath) },
      plugins: [calls.plugin],
    }),
  );
}

export async function createDevServerEnv(): Promise<TestWorkflowEnvironment> {
  const { cliPath } = resolveToolchain();
  return endingCallsAtTeardown((calls) =>
    TestWorkflowEnvironment.createLocal({
      server: {
        executable: executableFor(cliPath),
        ip: '127.0.0.1',
        ui: false,
        searchAttributes: [...CHECKOUT_SEARCH_ATTRIBUTES],
      },
      plugins: [calls.plugin],
    }),
  );
}
