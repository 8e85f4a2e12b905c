import type { DiagLogger } from '@opentelemetry/api';
import { writeSync } from 'node:fs';
import { format } from 'node:util';

/**
 * Vigil's own output (diag lines, fault lines, the start-up line) written
 * straight to the file descriptor, never through process.stderr/console.
 * On a full disk a failed write to the stream destroys it and a second write
 * in the same tick becomes an uncaught 'error' event: the application
 * would die of Vigil's logging. Here a failed write is swallowed and
 * counted by error code; the application's own stream is never touched.
 */
const failures = new Map<string, number>();
const EAGAIN_TRIES = 50;
let pause: Int32Array | undefined;

/** Lines Vigil could not write, by error code (ENOSPC, EPIPE, ...). */
export function outputFailures(): ReadonlyMap<string, number> {
  return failures;
}

export function writeStderr(text: string): void {
  writeFd(2, text);
}

export function writeStdout(text: string): void {
  writeFd(1, text);
}

function writeFd(fd: number, text: string): void {
  let buf = Buffer.from(text.endsWith('\n') ? text : text + '\n');
  let tries = 0;
  while (buf.length > 0) {
    try {
      buf = buf.subarray(writeSync(fd, buf));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
      // A non-blocking pipe whose reader is behind: wait a little (2 ms) a few times, then give up the line.
      if (code === 'EAGAIN' && ++tries < EAGAIN_TRIES) {
        pause ??= new Int32Array(new SharedArrayBuffer(4));
        Atomics.wait(pause, 0, 0, 2);
        continue;
      }
      failures.set(code, (failures.get(code) ?? 0) + 1);
      return;
    }
  }
}

/** DiagConsoleLogger's mapping (error, warn, verbose → stderr; info, debug → stdout), through writeFd. */
export class VigilDiagLogger implements DiagLogger {
  error = (message: string, ...args: unknown[]): void => writeStderr(format(message, ...args));
  warn = (message: string, ...args: unknown[]): void => writeStderr(format(message, ...args));
  info = (message: string, ...args: unknown[]): void => writeStdout(format(message, ...args));
  debug = (message: string, ...args: unknown[]): void => writeStdout(format(message, ...args));
  verbose = (message: string, ...args: unknown[]): void => writeStderr(format(message, ...args));
}
