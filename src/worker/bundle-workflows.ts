// Build step (`npm run build`, after tsc): bundles the compiled workflows with the SDK's
// bundler and writes dist/workflow-bundle.js, which the worker then loads as is.
import { writeFile } from 'node:fs/promises';
import { DefaultLogger, bundleWorkflowCode } from '@temporalio/worker';
import { PREBUILT_BUNDLE_PATH, WORKFLOWS_PATH } from './workflow-code';

async function main(): Promise<void> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    logger: new DefaultLogger('WARN'),
  });
  await writeFile(PREBUILT_BUNDLE_PATH, code);
  console.log(`workflow bundle written: ${PREBUILT_BUNDLE_PATH} (${code.length} bytes)`);
}

main().catch((err: unknown) => {
  console.error('bundling the workflows failed', err);
  process.exit(1);
});
