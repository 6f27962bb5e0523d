// Resolves the @tsunagu/* path aliases of tsconfig.json inside dist/ at run time
// (node -r ./scripts/runtime-paths.js dist/apps/<app>/src/main.js).
const path = require('node:path');
const tsconfigPaths = require('tsconfig-paths');
const { compilerOptions } = require('../tsconfig.json');

tsconfigPaths.register({ baseUrl: path.join(__dirname, '..', 'dist'), paths: compilerOptions.paths });
