// One time-skipping server per test file, with the product's search attributes
// registered (the Java test server rejects unknown ones), and the workflow code bundled
// once per file: bundling takes seconds, a worker on a ready bundle milliseconds.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DefaultLogger, bundleWorkflowCode } from '@temporalio/worker';
import { createTimeSkippingEnv } from '../../helpers/temporal-env';
import { CHECKOUT_SEARCH_ATTRIBUTES } from '../../../workflows/search-attributes';

export const WORKFLOWS_PATH = require.resolve('../../../workflows');

export async function registerSearchAttributes(env: TestWorkflowEnvironment): Promise<void> {
  // temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD; @temporalio/proto is not a direct dependency.
  const keyword = 2;
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(CHECKOUT_SEARCH_ATTRIBUTES.map((key) => [key.name, keyword])),
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
