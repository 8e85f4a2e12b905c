import type { ConfigFile } from './file.js';
import type { Problems } from './problems.js';

export interface SlowOperations {
  defaultMs: number;
  /** Per-operation thresholds in ms, by operation name. */
  thresholds: Record<string, number>;
}

const positive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/**
 * The config file's `slow_operations:` section (default_ms, operations) over
 * VIGIL_SLOW_MS. A bad value is one line naming file:line and the value, and
 * the default stays; an unknown key is named as unknown, never a bad value.
 */
export function slowOperations(file: ConfigFile | undefined, envDefaultMs: number, problems: Problems): SlowOperations {
  const out: SlowOperations = { defaultMs: envDefaultMs, thresholds: {} };
  const section = file?.sections.slow_operations;
  if (!file || section === undefined || section === null) return out;
  const { where } = file;
  if (typeof section !== 'object' || Array.isArray(section)) {
    problems.addLine(`${where(['slow_operations'])}: slow_operations must be a mapping (default_ms, operations); ignored`);
    return out;
  }
  for (const [key, value] of Object.entries(section as Record<string, unknown>)) {
    if (key === 'default_ms') {
      if (positive(value)) out.defaultMs = value;
      else problems.addLine(`${where(['slow_operations', key])}: default_ms ${JSON.stringify(value)} is not a positive number of ms; using ${envDefaultMs}`);
    } else if (key === 'operations') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        problems.addLine(`${where(['slow_operations', key])}: operations must be a mapping of operation name to ms; ignored`);
        continue;
      }
      for (const [op, ms] of Object.entries(value as Record<string, unknown>)) {
        if (positive(ms)) out.thresholds[op] = ms;
        else problems.addLine(`${where(['slow_operations', 'operations', op])}: "${op}" needs a positive number of ms (got ${JSON.stringify(ms)}); ignored`);
      }
    } else problems.addLine(`${where(['slow_operations', key])}: unknown key "${key}" (accepted: default_ms, operations); ignored`);
  }
  return out;
}
