// @ts-check
const eslint = require('@eslint/js');
const tseslint = require('typescript-eslint');

/** Pure libraries (contracts and domain logic) never import frameworks or infrastructure. */
const INFRASTRUCTURE = ['typeorm', 'kafkajs', 'aedes', 'mqtt', 'pg', 'express', 'prom-client'];

module.exports = tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', 'infra/**', '**/*.js'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      // a file over 300 lines says why in its opening comment: /* eslint-disable max-lines -- <reason> */
      'max-lines': ['error', { max: 300, skipBlankLines: false, skipComments: false }],
    },
  },
  {
    // every library but the platform kernel is pure: contracts, detectors, record rules
    files: ['libs/**/*.ts'],
    ignores: ['libs/platform/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: INFRASTRUCTURE.map((name) => ({ name, message: 'contracts and domain libraries stay free of infrastructure' })),
          patterns: [
            { group: ['@nestjs/*'], message: 'contracts and domain libraries stay free of frameworks' },
            { group: ['**/apps/**', '@tsunagu/platform', '@tsunagu/platform/*'], message: 'pure libraries import only contracts and each other' },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/platform/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/apps/**'], message: 'libraries never import apps' }] },
      ],
    },
  },
  {
    // an app is reached only through its public entry (`apps/<app>/src/index.ts`, imported as `@apps/<app>`)
    files: ['apps/**/*.ts', 'test/**/*.ts', 'simulators/**/*.ts', 'devices/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/apps/*/src/**', '../../*/src/**', '../../../*/src/**', '@apps/*/**'], message: 'import another app only through its public entry: @apps/<app>' }] },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', '**/test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'simulators/**/*.ts', 'devices/**/*.ts', 'apps/*/src/main.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
