import { isMainThread } from 'node:worker_threads';
import { diag } from '@opentelemetry/api';
import { getRedactor } from '../privacy/index.js';
import { errorInfo } from './error-info.js';
import { buildCrashReport } from './report.js';
import { alertCrash } from './alert.js';
import { submitPendingCrashReports } from './submit.js';
import type { CrashHandlerOptions, CrashHandlers, CrashReport } from './types.js';
import { insertCrashRow, writeCrashFile } from './write.js';

const INSTALLED = Symbol.for('vigil.crash.handlers');
const TAG = Symbol.for('vigil.crash.listener');
type Tag = { [TAG]?: true };
type Holder = { [INSTALLED]?: CrashHandlers };

/**
 * Listeners other than Vigil's (and the one Node adds for domains). Counted
 * at the moment of the error, as Sentry's Node SDK does: an application
 * that handles `uncaughtException` itself keeps control of its process.
 */
function otherUncaughtListeners(): number {
  return (process.listeners('uncaughtException') as (NodeJS.UncaughtExceptionListener & Tag)[]).filter(
    (l) => l[TAG] !== true && l.name !== 'domainUncaughtExceptionClear',
  ).length;
}

/** Stack or `type: message`, for stderr; never throws on odd thrown values. */
function describe(err: unknown): string {
  const info = errorInfo(err);
  return info.stack || `${info.type}: ${info.message}`;
}

function stderr(line: string): void {
  try {
    process.stderr.write(line.endsWith('\n') ? line : line + '\n');
  } catch {
    // stderr closed: nothing left to tell.
  }
}

/**
 * Installs `uncaughtException` (and, unless mode is `none`, `unhandledRejection`)
 * listeners. On a fatal error: crash report written synchronously (file, then
 * `crash_reports`), captured at level fatal, handed to the alert channels,
 * then — only when no other listener handles it — signals flushed (and the
 * alert sent) within `flushTimeoutMs` and exit 1.
 * A second error while flushing exits at once. Main thread only.
 */
export function installCrashHandlers(opts: CrashHandlerOptions): CrashHandlers {
  const holder = globalThis as Holder;
  if (!isMainThread) return { uninstall: () => {} };
  if (holder[INSTALLED]) {
    diag.warn('vigil: crash handlers already installed; keeping the first');
    return { uninstall: () => {} };
  }
  const redactor = opts.redactor ?? getRedactor();
  const mode = opts.mode ?? 'warn';
  const flushTimeoutMs = opts.flushTimeoutMs ?? 2000;
  let exiting = false;

  const report = (err: unknown, origin: string): CrashReport | undefined => {
    let crash: CrashReport;
    try {
      crash = buildCrashReport(err, origin, { breadcrumbs: opts.breadcrumbs, resourceAttributes: opts.resourceAttributes, redactor });
    } catch (e) {
      diag.warn(`vigil: could not build crash report: ${(e as Error).message}`);
      return undefined;
    }
    let file: string | undefined;
    try {
      file = writeCrashFile(crash, opts.dataDir);
    } catch (e) {
      diag.warn(`vigil: could not write crash report to ${opts.dataDir}: ${(e as Error).message}`);
    }
    try {
      insertCrashRow(opts.db?.(), crash, file);
    } catch (e) {
      diag.warn(`vigil: could not store crash report: ${(e as Error).message}`);
    }
    return crash;
  };

  // The crash goes to the alert channels at once, beside the flush and within its bound; if it
  // does not get out, the next start sends it from the crash file (alertPendingCrashes).
  const alert = (crash: CrashReport | undefined): Promise<unknown> =>
    crash ? alertCrash({ id: crash.id, type: crash.error.type, message: crash.error.message }, opts.alert, opts.db?.()) : Promise.resolve();

  const capture = (err: unknown, level: 'fatal' | 'error'): void => {
    try {
      opts.capture?.(err, level);
    } catch (e) {
      diag.warn(`vigil: capture failed: ${(e as Error).message}`);
    }
  };

  const flushThenExit = (alerting: Promise<unknown>): void => {
    // Ref'd on purpose: the process must live until the flush ends or times out.
    setTimeout(() => process.exit(1), flushTimeoutMs);
    let flushing: Promise<void>;
    try {
      flushing = Promise.resolve(opts.flush());
    } catch (e) {
      flushing = Promise.reject(e);
    }
    void Promise.allSettled([flushing, alerting]).then(() => process.exit(1));
  };

  const fatal = (err: unknown, origin: string): void => {
    if (exiting) {
      stderr(`vigil: second uncaught error while flushing, exiting now: ${redactor.redactText(describe(err))}`);
      process.exit(1);
    }
    const appHandles = otherUncaughtListeners() > 0;
    if (!appHandles) {
      exiting = true;
      process.exitCode = 1;
    }
    const crash = report(err, origin);
    capture(err, 'fatal');
    const alerting = alert(crash);
    if (appHandles) return;
    // Node prints the error when nobody listens; with our listener it would not, so say it (redacted).
    stderr(`Uncaught ${redactor.redactText(describe(err))}`);
    flushThenExit(alerting);
  };

  const onUncaught: NodeJS.UncaughtExceptionListener & Tag = Object.assign((err: Error, origin: NodeJS.UncaughtExceptionOrigin) => fatal(err, origin ?? 'uncaughtException'), {
    [TAG]: true as const,
  });

  const onRejection: NodeJS.UnhandledRejectionListener & Tag = Object.assign(
    (reason: unknown) => {
      if (mode === 'strict') return fatal(reason, 'unhandledRejection');
      capture(reason, 'error');
      const { type, message } = errorInfo(reason);
      const text = `${type}: ${message}`;
      stderr(`vigil: unhandled promise rejection (captured; the process continues): ${redactor.redactText(text)}`);
    },
    { [TAG]: true as const },
  );

  process.on('uncaughtException', onUncaught);
  // Mode `none` adds no listener, so Node's own --unhandled-rejections policy applies unchanged.
  if (mode !== 'none') process.on('unhandledRejection', onRejection);

  if (opts.crashReportUrl) {
    void submitPendingCrashReports({ dataDir: opts.dataDir, url: opts.crashReportUrl, db: opts.db?.() });
  }

  const handle: CrashHandlers = {
    uninstall() {
      process.off('uncaughtException', onUncaught);
      process.off('unhandledRejection', onRejection);
      if (holder[INSTALLED] === handle) delete holder[INSTALLED];
    },
  };
  holder[INSTALLED] = handle;
  return handle;
}
