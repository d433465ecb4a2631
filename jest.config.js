/** The whole suite: pure rules (tests/unit) and the public surface over a real PostgreSQL (tests/api). */
const swc = ['@swc/jest', {
  // Decorator metadata is what MikroORM and type-graphql read: SWC must emit it (esbuild would not).
  jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false }, target: 'es2022', keepClassNames: true },
  module: { type: 'commonjs', ignoreDynamic: true },
}];
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  globalSetup: '<rootDir>/tests/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/tests/helpers/global-teardown.ts',
  testMatch: ['<rootDir>/tests/**/*.spec.ts', '<rootDir>/tests/**/*.e2e-spec.ts'],
  maxWorkers: 2,
  testTimeout: 60000,
};
