// The lint rules are part of the product's safety: if someone weakens them, this fails.
// eslint runs as its own process (its ESM config cannot load inside jest's module
// system), once for all probes, and the probes are real files because typed linting
// reads sources from the project on disk.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const eslintBin = join(root, 'node_modules', '.bin', 'eslint');

const probes = {
  forbiddenInWorkflow: {
    folder: 'workflows',
    code: [
      "import { readFileSync } from 'node:fs';",
      "import { randomUUID } from 'crypto';",
      "import express from 'express';",
      "import { toMinorUnits } from '../src/money';",
      'export const used = [readFileSync, randomUUID, express, toMinorUnits];',
    ].join('\n'),
  },
  typeImportInWorkflow: {
    folder: 'workflows',
    code: "import type { ProviderAdapter } from '../src/providers/types';\nexport type A = ProviderAdapter;\n",
  },
  builtinOutsideWorkflows: {
    folder: 'src',
    code: "import { randomUUID } from 'node:crypto';\nexport const id = randomUUID();\n",
  },
  floatingPromise: { folder: 'src', code: 'export function f(): void {\n  Promise.resolve(1);\n}\n' },
} as const;

type ProbeName = keyof typeof probes;
const messagesByProbe = new Map<ProbeName, string[]>();

beforeAll(() => {
  const files = Object.entries(probes).map(([name, probe]) => {
    const file = join(root, probe.folder, `__lint_probe_${name}_${process.pid}.ts`);
    writeFileSync(file, probe.code);
    return [name as ProbeName, file] as const;
  });
  try {
    const run = spawnSync(eslintBin, ['--format', 'json', ...files.map(([, file]) => file)], {
      cwd: root,
      encoding: 'utf8',
    });
    const results = JSON.parse(run.stdout) as Array<{
      filePath: string;
      messages: Array<{ ruleId: string | null; message: string }>;
    }>;
    for (const [name, file] of files) {
      const result = results.find((r) => r.filePath === file);
      messagesByProbe.set(
        name,
        (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`),
      );
    }
  } finally {
    for (const [, file] of files) rmSync(file, { force: true });
  }
}, 120_000);

describe('lint rules guarding workflow determinism', () => {
  it('rejects Node builtins, express and runtime imports of src/ or activities/ in workflows/', () => {
    const restricted = (messagesByProbe.get('forbiddenInWorkflow') ?? []).filter((m) =>
      m.startsWith('@typescript-eslint/no-restricted-imports'),
    );
    expect(restricted).toHaveLength(4);
  });

  it('allows `import type` from src/ in workflows/', () => {
    expect(messagesByProbe.get('typeImportInWorkflow')).toEqual([]);
  });

  it('allows Node builtins outside workflows/', () => {
    expect(messagesByProbe.get('builtinOutsideWorkflows')).toEqual([]);
  });

  it('rejects floating promises everywhere', () => {
    const messages = messagesByProbe.get('floatingPromise') ?? [];
    expect(messages.some((m) => m.startsWith('@typescript-eslint/no-floating-promises'))).toBe(true);
  });
});
