// One time-skipping server per test file, with the product's search attributes
// registered (the Java test server rejects unknown ones), and the workflow code bundled
// once per file: bundling takes seconds, a worker on a ready bundle milliseconds.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DefaultLogger, bundleWorkflowCode } from '@temporalio/worker';
import { createTimeSkippingEnv } from '../../helpers/temporal-env';
import { CHECKOUT_SEARCH_ATTRIBUTES } from '../../../workflows/search-attributes';

export const WORKFLOWS_PATH = require.resolve('../../../workflows');

/** temporal.api.enums.v1.IndexedValueType of the types we use; @temporalio/proto is not a direct dependency. */
const INDEXED_VALUE_TYPE = { KEYWORD: 2, BOOL: 5 } as const;

export async function registerSearchAttributes(env: TestWorkflowEnvironment): Promise<void> {
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      CHECKOUT_SEARCH_ATTRIBUTES.map((key) => [key.name, INDEXED_VALUE_TYPE[key.type]]),
    ),
  });
}

export async function startTimeSkipping(): Promise<{
  env: TestWorkflowEnvironment;
  bundle: WorkflowBundleWithSourceMap;
}> {
  const [env, bundle] = await Promise.all([
    createTimeSkippingEnv(),
    bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') }),
  ]);
  await registerSearchAttributes(env);
  return { env, bundle };
}
