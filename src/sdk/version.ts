import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DISTRO_NAME = '@vigil/otel';

/** Vigil's own version, from its package.json (found upward from here: src/ in tests, dist/src/ when built). */
export const VERSION: string = readOwnVersion();

function readOwnVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === DISTRO_NAME) return pkg.version ?? '0.0.0';
    } catch {
      // not here: keep walking up
    }
    dir = dirname(dir);
  }
  return '0.0.0';
}
