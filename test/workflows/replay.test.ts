// Replays the committed histories (test/histories/*.json, written by
// export-histories.test.ts) against today's workflow code: any change that would make
// a running checkout nondeterministic fails here before it reaches a worker.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DefaultLogger, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { historyFromJSON } from './support/history-json';
import { WORKFLOWS_PATH } from './support/temporal';

const HISTORIES_DIR = join(__dirname, '..', 'histories');
const files = readdirSync(HISTORIES_DIR).filter((name) => name.endsWith('.json'));

describe('replay of committed histories', () => {
  it('has histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });

  it('replays every history without nondeterminism', async () => {
    const workflowBundle = await bundleWorkflowCode({
      workflowsPath: WORKFLOWS_PATH,
      logger: new DefaultLogger('WARN'),
    });
    const histories = files.map((name) => ({
      workflowId: name.replace(/\.json$/, ''),
      history: historyFromJSON(JSON.parse(readFileSync(join(HISTORIES_DIR, name), 'utf8'))),
    }));
    const failures: string[] = [];
    let replayed = 0;
    for await (const result of Worker.runReplayHistories({ workflowBundle }, histories)) {
      replayed += 1;
      if (result.error) failures.push(`${result.workflowId}: ${result.error.name}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(files.length);
  });
});
