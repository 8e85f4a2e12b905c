// The health room: checks, the registry and scheduler, the report and the endpoints.
export type {
  CachedResult,
  CheckOptions,
  CheckResult,
  CheckStatus,
  CustomCheckFn,
  Health,
  HealthCheck,
  HealthCheckEntry,
  HealthOptions,
  HealthReport,
  HistorySummary,
  ResultListener,
  SystemInfo,
} from './types.js';
export { createHealth, CUSTOM_DEFAULTS } from './registry.js';
export { healthRouter } from './router.js';
export type { HealthRouterOptions } from './router.js';
export { parseHealthSection } from './config.js';
export { parseDuration, formatDuration } from './duration.js';
export { healthScore, SCORE_WEIGHTS } from './score.js';
export { overall, worst, statusValue } from './status.js';
export { verdict, storedVerdict, SCORE_CEILING } from './verdict.js';
export type { Verdict, VerdictInput } from './types.js';
export { INTERVALS } from './checks/defaults.js';
export { databaseCheck } from './checks/database.js';
export type { DatabaseCheckOptions, DatabaseTarget } from './checks/database.js';
export { storeCheck } from './checks/store.js';
export type { StoreCheckOptions } from './checks/store.js';
export { sqliteFileCheck } from './checks/sqlite-file.js';
export type { SqliteFileCheckOptions } from './checks/sqlite-file.js';
export { ollamaCheck } from './checks/ollama.js';
export type { OllamaCheckOptions } from './checks/ollama.js';
export { diskCheck } from './checks/disk.js';
export type { DiskCheckOptions } from './checks/disk.js';
export { memoryCheck } from './checks/memory.js';
export type { MemoryCheckOptions } from './checks/memory.js';
export { cpuCheck } from './checks/cpu.js';
export type { CpuCheckOptions } from './checks/cpu.js';
export { eventLoopCheck } from './checks/event-loop.js';
export type { EventLoopCheckOptions } from './checks/event-loop.js';
export { backupCheck } from './checks/backup.js';
export type { BackupCheckOptions } from './checks/backup.js';
export { httpCheck } from './checks/http.js';
export type { HttpCheckOptions } from './checks/http.js';
