/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  setupFiles: ['reflect-metadata'],
  // Jest's transform cache stays in the checkout (its default is a folder shared by every checkout in the OS temp dir).
  cacheDirectory: '<rootDir>/.cache/jest',
  testTimeout: 60000,
  maxWorkers: 2,
  // Every suite closes what it opens; this only guards CI against a stray handle keeping jest alive after the run.
  forceExit: true,
};
