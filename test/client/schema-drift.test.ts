// The committed client types are exactly what the generator makes from today's document:
// a route or schema change without `npm run client:generate` fails here. The generator
// runs as the npm script runs it, a Node process reading the document on stdin.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openApiDocument } from '../../src/gateway/openapi/document';

jest.setTimeout(60_000);

const ROOT = path.join(__dirname, '..', '..');

it('src/client/schema.d.ts is what `npm run client:generate` writes', () => {
  const generated = spawnSync(process.execPath, ['scripts/openapi-to-typescript.mjs'], {
    cwd: ROOT,
    input: JSON.stringify(openApiDocument()),
    encoding: 'utf8',
  });
  expect(generated.stderr).toBe('');
  expect(generated.status).toBe(0);
  expect(generated.stdout).toContain("'/checkouts/{checkoutId}/cancel'");
  const committed = readFileSync(path.join(ROOT, 'src', 'client', 'schema.d.ts'), 'utf8');
  expect(generated.stdout === committed).toBe(true);
});
