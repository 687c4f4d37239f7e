// Where the worker gets its workflow code. `npm run build` bundles the workflows once
// (bundle-workflows.ts) into dist/workflow-bundle.js; a worker run from dist/ loads that
// file and never starts webpack, so it starts fast and runs exactly the code that was
// built and tested. Run from the TypeScript sources (tests) there is no bundle beside
// the code, and the SDK bundles workflowsPath itself as before.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const WORKFLOWS_PATH = require.resolve('../../workflows');

/** dist/workflow-bundle.js when this file runs as dist/src/worker/workflow-code.js. */
export const PREBUILT_BUNDLE_PATH = join(__dirname, '..', '..', 'workflow-bundle.js');

export type WorkflowCode =
  | { workflowBundle: { codePath: string }; workflowsPath?: undefined }
  | { workflowsPath: string; workflowBundle?: undefined };

/** The Worker.create options for the workflow code: the prebuilt bundle when present. */
export function workflowCode(bundlePath: string = PREBUILT_BUNDLE_PATH): WorkflowCode {
  return existsSync(bundlePath)
    ? { workflowBundle: { codePath: bundlePath } }
    : { workflowsPath: WORKFLOWS_PATH };
}
