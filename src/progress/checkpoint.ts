import { diag } from '@opentelemetry/api';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Checkpoint } from './types.js';
import { makeDir } from '../make-dir.js';

/** The checkpoint in `file`, or undefined when absent or unreadable (then the job starts over). */
export function readCheckpoint(file: string): Checkpoint | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') diag.warn(`vigil progress: cannot read ${file}`, err);
    return undefined;
  }
  try {
    const data = JSON.parse(text) as Checkpoint;
    const counts = [data.processed, data.successful, data.failed, data.elapsedMs];
    if (data.version !== 1 || !counts.every((n) => Number.isFinite(n) && n >= 0)) throw new Error('bad shape');
    return data;
  } catch (err) {
    diag.warn(`vigil progress: ignoring corrupt checkpoint ${file}`, err);
    return undefined;
  }
}

/**
 * Write the checkpoint so a crash at any moment leaves either the old or the
 * new file, never a torn one: write a temp file, fsync it, rename over the
 * old, then fsync the directory so the rename itself is durable.
 */
export function writeCheckpoint(file: string, data: Checkpoint): boolean {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    makeDir(dirname(file));
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, JSON.stringify(data));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
    syncDirectory(dirname(file));
    return true;
  } catch (err) {
    diag.warn(`vigil progress: cannot write checkpoint ${file}`, err);
    return false;
  }
}

function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
