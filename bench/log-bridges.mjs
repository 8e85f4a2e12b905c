// Log bridges: CPU per pino / winston line with the bridge (Vigil defaults:
// records redacted and stored in SQLite) vs the same Vigil with the bridge
// disabled vs no Vigil. Rounds interleave the variants; medians and ranges.
// Usage: node bench/log-bridges.mjs   (BENCH_ROUNDS=5, LINES=20000)
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { NODE, ROOT, median } from './lib.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const REGISTER = resolve(ROOT, 'dist/src/register.js');
const app = resolve(ROOT, 'bench/fixtures/log-lines.mjs');
const range = (xs) => `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}`;

for (const logger of ['pino', 'winston']) {
  const variants = [
    { name: 'no Vigil', args: [app], env: {} },
    { name: `Vigil, ${logger} bridge disabled`, args: ['--import', REGISTER, app], env: { OTEL_NODE_DISABLED_INSTRUMENTATIONS: logger } },
    { name: 'Vigil defaults (bridge on, records to SQLite)', args: ['--import', REGISTER, app], env: {} },
  ];
  const cpu = new Map(variants.map((v) => [v.name, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const v of variants) {
      const env = { PATH: process.env.PATH, HOME: process.env.HOME, LOGGER: logger, VIGIL_PORT: '0', VIGIL_DATA_DIR: mkdtempSync(join(tmpdir(), 'vigil-bench-')), ...v.env };
      const out = spawnSync(NODE, v.args, { cwd: ROOT, env }).stdout.toString();
      cpu.get(v.name).push(Number(/RESULT ([\d.]+)/.exec(out)?.[1]));
    }
  }
  const base = median(cpu.get('no Vigil'));
  console.log(`\n${logger}: CPU µs per line (${process.env.LINES ?? 20000} lines × ${ROUNDS} rounds)`);
  for (const v of variants) {
    const xs = cpu.get(v.name);
    console.log(`  ${v.name.padEnd(48)} ${median(xs).toFixed(1).padStart(6)}  × no Vigil ${(median(xs) / base).toFixed(2)}  (${range(xs)})`);
  }
}
