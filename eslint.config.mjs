// Lint rules that guard the product's two hard boundaries: no promise is dropped on the
// floor, and workflow code stays deterministic (no Node builtins, no runtime imports of
// code that does I/O).
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.cache/**', 'data/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({
              name,
              message: 'Workflow code must stay deterministic: no Node builtins.',
            })),
            { name: 'express', message: 'Workflow code must not import express.' },
          ],
          patterns: [
            {
              group: ['**/src/**', '**/src', '**/activities/**', '**/activities'],
              allowTypeImports: true,
              message: 'Workflows may reach src/ and activities/ only with `import type`.',
            },
          ],
        },
      ],
    },
  },
);
