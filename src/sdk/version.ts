import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DISTRO_NAME = '@vigil/otel';

interface OwnPackage {
  name?: string;
  version?: string;
  peerDependencies?: Record<string, string>;
}

const OWN: OwnPackage = readOwnPackage();

/** Vigil's own version, from its package.json (found upward from here: src/ in tests, dist/src/ when built). */
export const VERSION: string = OWN.version ?? '0.0.0';

/** The version of an optional peer Vigil is built and tested with (package.json `peerDependencies`), for install hints. */
export function peerVersion(name: string): string | undefined {
  return OWN.peerDependencies?.[name];
}

function readOwnPackage(): OwnPackage {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as OwnPackage;
      if (pkg.name === DISTRO_NAME) return pkg;
    } catch {
      // not here: keep walking up
    }
    dir = dirname(dir);
  }
  return {};
}
