import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diag } from '@opentelemetry/api';
import { makeDir } from '../make-dir.js';

const FILE = 'redaction.key';

function readKey(path: string): Buffer | undefined {
  try {
    const hex = readFileSync(path, 'utf8').trim();
    return /^[0-9a-f]{64,}$/i.test(hex) ? Buffer.from(hex, 'hex') : undefined;
  } catch {
    return undefined;
  }
}

/** The installation's key if it has one (`vigil privacy scan` recognises hashes with it). */
export function readSecret(dataDir: string): Buffer | undefined {
  return readKey(join(dataDir, FILE));
}

/**
 * The per-installation HMAC key, kept in `<dataDir>/redaction.key` (mode 0600).
 * Created atomically: written to a private temp file, then hard-linked into
 * place, which fails if a concurrent start won the race; the winner's key is
 * then read, so every process of one installation hashes alike.
 * If the data dir is unusable, an in-memory key keeps redaction working
 * (hashes then only correlate within this process) and diag says why.
 */
export function loadOrCreateSecret(dataDir: string): Buffer {
  const path = join(dataDir, FILE);
  const existing = readKey(path);
  if (existing) return existing;
  const key = randomBytes(32);
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    makeDir(dataDir);
    writeFileSync(tmp, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    try {
      linkSync(tmp, path);
      chmodSync(path, 0o600);
      return key;
    } catch (err) {
      const winner = readKey(path);
      if (winner) return winner;
      throw err;
    }
  } catch (err) {
    diag.warn(`vigil: cannot keep the redaction key in ${path} (${(err as Error).message}); using a key for this process only`);
    return key;
  } finally {
    // Also when the write itself failed (a full disk creates the file, then cannot fill it).
    try {
      rmSync(tmp, { force: true });
    } catch {
      // a temp file we cannot remove is no reason to fail the start
    }
  }
}
