export type { CrashHandlerOptions, CrashHandlers, CrashReport, UnhandledRejectionMode } from './types.js';
export type { SubmitOptions, SubmitResult } from './submit.js';
export { installCrashHandlers } from './handlers.js';
export { submitPendingCrashReports, isPendingCrashFile } from './submit.js';
export { buildCrashReport } from './report.js';
export { writeCrashFile, insertCrashRow, crashesDir } from './write.js';
export { createAnonymiser } from './anonymise.js';
export { alertCrash, alertPendingCrashes, PENDING_CRASH_ALERT_MAX_AGE_MS } from './alert.js';
export type { CrashAlert, CrashAlertInput } from './types.js';
