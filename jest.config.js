/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/simulator', '<rootDir>/bench'].filter((dir) =>
    require('node:fs').existsSync(dir.replace('<rootDir>', __dirname)),
  ),
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  // Four files at a time on 2 cores: the e2e and fault files mostly wait on real time (a stack
  // uses 30-50 % of one core), so with two at a time the cores sat idle about half the suite.
  // Measured on this machine: 2 workers 408 s; 4 workers 250-257 s at 89 % of both cores.
  maxWorkers: 4,
  testSequencer: '<rootDir>/tools/jest-sequencer.js',
  testTimeout: 60_000,
  setupFilesAfterEnv: ['aws-sdk-client-mock-jest'],
};
