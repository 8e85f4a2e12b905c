import { readdir, readFile, rename } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { context, diag } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import type { DatabaseSync } from 'node:sqlite';
import { crashesDir } from './write.js';

export interface SubmitOptions {
  dataDir: string;
  /** `CRASH_REPORT_URL`. */
  url: string;
  db?: DatabaseSync;
  /** Tries per report in this run; default 4. */
  attempts?: number;
  /** First retry delay, doubled each time; default 1000 ms. */
  retryDelayMs?: number;
  /** Per request; default 10 s. */
  timeoutMs?: number;
}

export interface SubmitResult {
  sent: number;
  failed: number;
}

/** Sent reports are renamed `<name>.sent.json`: kept for `vigil crashes`, never sent twice. */
export function isPendingCrashFile(name: string): boolean {
  return name.endsWith('.json') && !name.endsWith('.sent.json');
}

function post(url: URL, body: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      timeout: timeoutMs,
    });
    // An unref'd socket: a pending submission never keeps the application alive.
    req.on('socket', (socket) => socket.unref());
    req.on('timeout', () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.on('response', (res) => {
      res.resume();
      const status = res.statusCode ?? 0;
      if (status >= 200 && status < 300) resolve();
      else reject(new Error(`HTTP ${status}`));
    });
    req.end(body);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

async function submitOne(file: string, opts: Required<Omit<SubmitOptions, 'db'>> & { db?: DatabaseSync }): Promise<boolean> {
  const body = await readFile(file, 'utf8');
  let id: string | undefined;
  try {
    id = (JSON.parse(body) as { id?: string }).id;
  } catch {
    diag.warn(`vigil: skipping unreadable crash report ${file}`);
    return false;
  }
  const url = new URL(opts.url);
  for (let attempt = 1; attempt <= opts.attempts; attempt++) {
    try {
      await context.with(suppressTracing(context.active()), () => post(url, body, opts.timeoutMs));
      const sentFile = file.replace(/\.json$/, '.sent.json');
      // The row first: once the file is renamed, anyone watching the folder takes the report as done.
      try {
        opts.db?.prepare('UPDATE crash_reports SET sent_ms = ?, file = ? WHERE id = ?').run(Date.now(), sentFile, id ?? '');
      } catch (err) {
        diag.warn(`vigil: crash report ${id} sent, but not marked in the store: ${(err as Error).message}`);
      }
      await rename(file, sentFile);
      return true;
    } catch (err) {
      diag.debug(`vigil: crash report submission ${attempt}/${opts.attempts} failed: ${(err as Error).message}`);
      if (attempt < opts.attempts) await sleep(opts.retryDelayMs * 2 ** (attempt - 1));
    }
  }
  diag.warn(`vigil: crash report ${id} not sent to ${url.origin}; will retry at next start`);
  return false;
}

/**
 * Submits crash reports not sent yet to `CRASH_REPORT_URL`, one by one with
 * retry and backoff; marks each sent (file renamed, `sent_ms` set). Meant to
 * be called without awaiting at start: it never rejects, and its timers and
 * sockets are unref'd so it never holds the process open.
 */
export async function submitPendingCrashReports(options: SubmitOptions): Promise<SubmitResult> {
  const opts = { attempts: 4, retryDelayMs: 1000, timeoutMs: 10_000, ...options };
  const result: SubmitResult = { sent: 0, failed: 0 };
  try {
    const dir = crashesDir(opts.dataDir);
    let names: string[];
    try {
      names = (await readdir(dir)).filter(isPendingCrashFile).sort();
    } catch {
      return result; // No crashes directory: nothing ever crashed here.
    }
    for (const name of names) {
      if (await submitOne(join(dir, name), opts)) result.sent++;
      else result.failed++;
    }
  } catch (err) {
    diag.warn(`vigil: crash report submission stopped: ${(err as Error).message}`);
  }
  return result;
}
