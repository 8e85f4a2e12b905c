// Installed size and package count of what a user installs: the packed
// @vigil/otel with its production dependencies, against the peers a team
// would pick instead (@opentelemetry/sdk-node + auto-instrumentations-node,
// at the versions in this project's lockfile). Needs the npm registry.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = process.cwd();
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
const version = (name) => lock.packages[`node_modules/${name}`]?.version;

function install(specs) {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-size-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'size-probe', private: true }));
  execFileSync('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', ...specs], { cwd: dir, stdio: 'pipe' });
  return measure(join(dir, 'node_modules'));
}

function measure(modules) {
  let bytes = 0;
  let packages = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, entry.name);
      if (entry.isSymbolicLink()) continue;
      if (entry.isDirectory()) walk(p);
      else bytes += statSync(p).size;
    }
  };
  walk(modules);
  const count = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      if (entry.name.startsWith('@')) count(join(dir, entry.name));
      else {
        packages++;
        try {
          count(join(dir, entry.name, 'node_modules'));
        } catch {
          // no nested node_modules
        }
      }
    }
  };
  count(modules);
  return { mb: bytes / 1e6, packages };
}

const packDir = mkdtempSync(join(tmpdir(), 'vigil-pack-'));
const tgz = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', packDir], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop();
const vigil = install([join(packDir, tgz)]);
const peers = install([`@opentelemetry/sdk-node@${version('@opentelemetry/sdk-node')}`, `@opentelemetry/auto-instrumentations-node@${version('@opentelemetry/auto-instrumentations-node')}`]);
const row = (name, r) => console.log(`${name.padEnd(48)} ${r.mb.toFixed(1).padStart(7)} MB  ${String(r.packages).padStart(4)} packages`);
row('@vigil/otel (packed, production deps)', vigil);
row('sdk-node + auto-instrumentations-node', peers);
console.log(`ratio: ${(vigil.mb / peers.mb).toFixed(2)} × the size, ${(vigil.packages / peers.packages).toFixed(2)} × the packages`);
