// The committed histories are the checkouts of earlier releases that may still be
// running: a file present at the baseline commit must stay, byte for byte, so the
// replay test keeps proving that today's code can carry those runs on. New paths add
// new files; nothing here stops that. (docs/operations.md, "Deploying workflow changes")
import { execFileSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/** The commit where the rule starts; move it forward only to a released commit. */
export const HISTORIES_BASELINE = 'f90d90f0a510a174a1ede2aed342536e7153e1be';
const ROOT = join(__dirname, '..', '..');
const HISTORIES = 'test/histories';

function git(args: string[]): string {
  return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function insideGit(): boolean {
  try {
    return git(['rev-parse', '--is-inside-work-tree']).trim() === 'true';
  } catch {
    return false;
  }
}

const hasGit = insideGit();
if (!hasGit) {
  // A source tarball has no history to compare with; CI always runs in a clone.
  console.warn(`histories baseline not checked: ${ROOT} is not a git checkout`);
}

(hasGit ? describe : describe.skip)('committed histories of the baseline release', () => {
  function baselineFiles(): string[] {
    try {
      git(['cat-file', '-e', `${HISTORIES_BASELINE}^{commit}`]);
    } catch {
      throw new Error(
        `baseline commit ${HISTORIES_BASELINE} is not in this clone (a shallow clone?): fetch the full history`,
      );
    }
    return git(['ls-tree', '--name-only', `${HISTORIES_BASELINE}:${HISTORIES}`])
      .split('\n')
      .filter((name) => name.endsWith('.json'));
  }

  it('has history files at the baseline', () => {
    expect(baselineFiles().length).toBeGreaterThanOrEqual(8);
  });

  it('keeps every baseline history file, unchanged', () => {
    const problems: string[] = [];
    for (const name of baselineFiles()) {
      const path = join(ROOT, HISTORIES, name);
      if (!existsSync(path)) {
        problems.push(`${name}: deleted`);
        continue;
      }
      const committed = git(['show', `${HISTORIES_BASELINE}:${HISTORIES}/${name}`]);
      if (readFileSync(path, 'utf8') !== committed) problems.push(`${name}: changed`);
    }
    // A failure here means a running checkout of that release may no longer replay:
    // restore the file and put the workflow change behind a new patched() marker.
    expect(problems).toEqual([]);
  });
});
