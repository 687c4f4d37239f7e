// One real Temporal server per test file: the Java time-skipping test server for timer
// logic, or the CLI dev server (with the product's search attributes) for visibility
// and end-to-end behaviour. Both come from the project's toolchain, never a download.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { CHECKOUT_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { executableFor, resolveToolchain } from '../../src/temporal/toolchain';

export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const { testServerPath } = resolveToolchain();
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: executableFor(testServerPath) },
  });
}

export async function createDevServerEnv(): Promise<TestWorkflowEnvironment> {
  const { cliPath } = resolveToolchain();
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: executableFor(cliPath),
      ip: '127.0.0.1',
      ui: false,
      searchAttributes: [...CHECKOUT_SEARCH_ATTRIBUTES],
    },
  });
}
