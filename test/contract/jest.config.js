// The contract suite: the built bundles against moto, an AWS stand-in nobody here wrote.
// Run it through test/contract/run.sh (npm run test:contract), which starts moto and points
// AWS_ENDPOINT_URL at it; the default jest config ignores this folder.
/** @type {import('jest').Config} */
export default {
  rootDir: '../..',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  testMatch: ['<rootDir>/test/contract/**/*.test.ts'],
  // One moto for the whole suite: files run one after another so each scenario's timing
  // is its own (the machine is small and shared), and names are unique per file anyway.
  maxWorkers: 1,
  testTimeout: 90000,
};
