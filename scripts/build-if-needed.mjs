// Builds dist/ when it is missing or older than the sources (for `npm start`).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

// Written last by scripts/bundle.mjs: a build whose bundle step failed is not taken as fresh.
const marker = 'dist/bundle-manifest.json';
const sources = ['src', 'instrumentations', 'exporters'].filter(existsSync);
const newestSource = Math.max(...sources.map(newest), statSync('scripts/bundle.mjs').mtimeMs);
if (!existsSync(marker) || newestSource > statSync(marker).mtimeMs) {
  console.log('Building Vigil (tsc, then the bundle)…');
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['scripts/bundle.mjs'], { stdio: 'inherit' });
}
