// Copies the files the libraries and apps load at run time next to the compiled
// JavaScript in dist/: data (catalogues, trained models, gazetteers: *.json, *.jsonl,
// *.csv) and the dashboard's static page (every file under a `public/` folder).
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const ASSET = /\.(json|jsonl|csv|txt)$/;
const SKIP = new Set(['node_modules', 'dist', 'test', '.data', 'coverage']);
let copied = 0;

function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if ((ASSET.test(entry.name) || path.basename(dir) === 'public') && !entry.name.startsWith('tsconfig') && !entry.name.startsWith('package')) {
      const target = path.join(root, 'dist', path.relative(root, full));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(full, target);
      copied++;
    }
  }
}

for (const top of ['apps', 'libs', 'devices', 'simulators']) {
  if (fs.existsSync(path.join(root, top))) walk(path.join(root, top));
}
process.stdout.write(`copied ${copied} data files into dist/\n`);
