export type { CrashHandlerOptions, CrashHandlers, CrashReport, UnhandledRejectionMode } from './types.js';
export type { SubmitOptions, SubmitResult } from './submit.js';
export { installCrashHandlers } from './handlers.js';
export { submitPendingCrashReports, isPendingCrashFile } from './submit.js';
export { buildCrashReport } from './report.js';
export { writeCrashFile, insertCrashRow, crashesDir } from './write.js';
export { createAnonymiser } from './anonymise.js';
