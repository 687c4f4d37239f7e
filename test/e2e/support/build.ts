// End-to-end tests run the product's real processes, so they need the compiled output.
// Each test file compiles into its own folder, so parallel files never share a build.
// As `npm run build` does, the workflows are bundled once into <dist>/workflow-bundle.js,
// so the worker processes start the way they do in production: without webpack.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export const PROJECT_ROOT = join(__dirname, '..', '..', '..');

export function buildProduct(name: string): string {
  const outDir = join(PROJECT_ROOT, '.cache', 'e2e', name, 'dist');
  execFileSync(
    join(PROJECT_ROOT, 'node_modules', '.bin', 'tsc'),
    ['-p', join(PROJECT_ROOT, 'tsconfig.build.json'), '--outDir', outDir],
    { cwd: PROJECT_ROOT, stdio: 'inherit' },
  );
  execFileSync(process.execPath, [join(outDir, 'src', 'worker', 'bundle-workflows.js')], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return outDir;
}
