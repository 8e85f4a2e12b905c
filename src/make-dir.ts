import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * `mkdirSync(dir, { recursive: true })` without its endless loop: on Node 24
 * a recursive mkdir under a directory that refuses new entries with ENOENT
 * (`/proc/x`, a vanished mount) retries forever, and Vigil's start would
 * hang the application with it. Creates each missing ancestor in turn;
 * throws the first error, naming the directory. A directory another process
 * creates at the same moment (cluster workers start together) is fine.
 */
export function makeDir(dir: string, mode?: number): void {
  const missing: string[] = [];
  for (let at = resolve(dir); !isDir(at); at = dirname(at)) {
    missing.push(at);
    if (dirname(at) === at) break;
  }
  for (const path of missing.reverse()) {
    try {
      mkdirSync(path, mode === undefined ? undefined : { mode });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !isDir(path)) throw err;
    }
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
