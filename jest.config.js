/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  // Each file that needs Temporal starts its own server; two cores cannot run many at once.
  maxWorkers: 2,
  testTimeout: 60_000,
  setupFiles: ['<rootDir>/test/setup/quiet-temporal-runtime.ts'],
};
