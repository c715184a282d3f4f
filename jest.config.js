/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/simulator', '<rootDir>/bench'].filter((dir) =>
    require('node:fs').existsSync(dir.replace('<rootDir>', __dirname)),
  ),
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  // Each test file starts a JVM test server and bundles workflows: two at a time fits 2 cores.
  maxWorkers: 2,
  testTimeout: 60_000,
  setupFilesAfterEnv: ['aws-sdk-client-mock-jest'],
};
