import { parseDuration } from './duration.js';
import { backupCheck } from './checks/backup.js';
import { cpuCheck } from './checks/cpu.js';
import { diskCheck } from './checks/disk.js';
import { eventLoopCheck } from './checks/event-loop.js';
import { httpCheck } from './checks/http.js';
import { memoryCheck } from './checks/memory.js';
import { ollamaCheck } from './checks/ollama.js';
import { sqliteFileCheck } from './checks/sqlite-file.js';
import type { CheckOptions, HealthCheck } from './types.js';

type PathPart = string | number;
type Kind = 'string' | 'percent' | 'number' | 'ms' | 'duration' | 'boolean' | 'url' | 'statuses' | 'headers';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Values = Record<string, any>;

interface Spec {
  fields: Record<string, Kind>;
  required: string[];
  build(v: Values, common: CheckOptions): HealthCheck;
}

const COMMON: Record<string, Kind> = { type: 'string', name: 'string', interval: 'duration', timeout: 'duration', critical: 'boolean' };
const THRESHOLDS: Record<string, Kind> = { warn_percent: 'percent', fail_percent: 'percent' };

/** The `type:` values of `health.checks[]` and their keys (YAML snake_case → factory options). */
const TYPES: Record<string, Spec> = {
  disk: { fields: { path: 'string', ...THRESHOLDS }, required: ['path'], build: (v, c) => diskCheck({ ...c, path: v.path, warnPercent: v.warn_percent, failPercent: v.fail_percent }) },
  memory: { fields: THRESHOLDS, required: [], build: (v, c) => memoryCheck({ ...c, warnPercent: v.warn_percent, failPercent: v.fail_percent }) },
  cpu: { fields: THRESHOLDS, required: [], build: (v, c) => cpuCheck({ ...c, warnPercent: v.warn_percent, failPercent: v.fail_percent }) },
  event_loop: { fields: { warn_ms: 'ms', fail_ms: 'ms' }, required: [], build: (v, c) => eventLoopCheck({ ...c, warnMs: v.warn_ms, failMs: v.fail_ms }) },
  http: {
    fields: { url: 'url', expect_status: 'statuses', slow: 'duration', method: 'string', headers: 'headers' },
    required: ['url'],
    build: (v, c) => httpCheck({ ...c, url: v.url, expectStatus: v.expect_status, slowMs: v.slow, method: v.method, headers: v.headers }),
  },
  backup: {
    fields: { dir: 'string', pattern: 'string', max_age_hours: 'number' },
    required: ['dir'],
    build: (v, c) => backupCheck({ ...c, dir: v.dir, pattern: v.pattern, maxAgeHours: v.max_age_hours }),
  },
  ollama: { fields: { host: 'url', model: 'string' }, required: [], build: (v, c) => ollamaCheck({ ...c, host: v.host, model: v.model }) },
  sqlite: { fields: { path: 'string', slow: 'duration' }, required: ['path'], build: (v, c) => sqliteFileCheck({ ...c, path: v.path, slowMs: v.slow }) },
};

/**
 * Validate the `health:` section of vigil.config.yaml. Every refusal is one
 * line naming file:line and what is accepted; a check with a bad or missing
 * value is left out, an unknown key is ignored.
 */
export function parseHealthSection(raw: unknown, where: (path: PathPart[]) => string): { checks: HealthCheck[]; problems: string[] } {
  const problems: string[] = [];
  const checks: HealthCheck[] = [];
  const say = (path: PathPart[], message: string) => problems.push(`${where(path)}: ${message}`);
  if (raw === undefined || raw === null) return { checks, problems };
  if (!isMap(raw)) {
    say(['health'], 'health must be a mapping with a "checks" list; ignored');
    return { checks, problems };
  }
  for (const key of Object.keys(raw)) if (key !== 'checks') say(['health', key], `unknown key "${key}" (accepted: checks); ignored`);
  if (raw.checks === undefined || raw.checks === null) return { checks, problems };
  if (!Array.isArray(raw.checks)) {
    say(['health', 'checks'], 'health.checks must be a list of checks; ignored');
    return { checks, problems };
  }
  const names = new Set<string>();
  raw.checks.forEach((item: unknown, i: number) => {
    const base: PathPart[] = ['health', 'checks', i];
    const check = parseOne(item, base, say);
    if (!check) return;
    if (names.has(check.name)) return say(base, `a second check named "${check.name}"; give it a distinct name; ignored`);
    names.add(check.name);
    checks.push(check);
  });
  return { checks, problems };
}

function parseOne(item: unknown, base: PathPart[], say: (p: PathPart[], m: string) => void): HealthCheck | undefined {
  if (!isMap(item)) return void say(base, 'each health check must be a mapping with a "type"; ignored');
  const accepted = Object.keys(TYPES).join(', ');
  if (typeof item.type !== 'string') return void say(base, `the check has no "type" (accepted: ${accepted}); ignored`);
  const spec = TYPES[item.type];
  if (!spec) return void say([...base, 'type'], `unknown health check type "${item.type}" (accepted: ${accepted}); ignored`);
  const fields = { ...COMMON, ...spec.fields };
  const values: Values = {};
  let ok = true;
  for (const [key, value] of Object.entries(item)) {
    const kind = fields[key];
    if (!kind) {
      say([...base, key], `unknown key "${key}" for a ${item.type} check (accepted: ${Object.keys(fields).join(', ')}); ignored`);
      continue;
    }
    const parsed = convert(kind, value);
    if (parsed.error) {
      say([...base, key], `${key}: ${parsed.error}; the ${item.type} check is left out`);
      ok = false;
    } else values[key] = parsed.value;
  }
  for (const key of spec.required) {
    if (values[key] === undefined && item[key] === undefined) {
      say(base, `a ${item.type} check needs "${key}"; left out`);
      ok = false;
    }
  }
  if (!ok) return undefined;
  try {
    return spec.build(values, { name: values.name, critical: values.critical, interval: values.interval, timeout: values.timeout });
  } catch (err) {
    return void say(base, `the ${item.type} check cannot be built (${(err as Error).message}); left out`);
  }
}

function convert(kind: Kind, v: unknown): { value?: unknown; error?: string } {
  switch (kind) {
    case 'string':
      return typeof v === 'string' && v.trim() !== '' ? { value: v } : { error: `${JSON.stringify(v)} is not a non-empty string` };
    case 'boolean':
      return typeof v === 'boolean' ? { value: v } : { error: `${JSON.stringify(v)} is not true or false` };
    case 'percent':
      return typeof v === 'number' && v >= 0 && v <= 100 ? { value: v } : { error: `${JSON.stringify(v)} is not a percentage from 0 to 100` };
    case 'number':
    case 'ms':
      return typeof v === 'number' && Number.isFinite(v) && v > 0 ? { value: v } : { error: `${JSON.stringify(v)} is not a positive number` };
    case 'duration': {
      // A bare number is refused here: is `interval: 30` seconds or milliseconds?
      const ms = typeof v === 'string' ? parseDuration(v) : undefined;
      return ms !== undefined && ms > 0 ? { value: ms } : { error: `${JSON.stringify(v)} is not a duration (like 500ms, 30s, 2m, 1h)` };
    }
    case 'url':
      return typeof v === 'string' && /^https?:\/\/[^/]/.test(v) && URL.canParse(v) ? { value: v } : { error: `${JSON.stringify(v)} is not an http(s) URL` };
    case 'statuses': {
      const list = [v].flat();
      return list.length > 0 && list.every((n) => Number.isInteger(n) && (n as number) >= 100 && (n as number) <= 599)
        ? { value: list }
        : { error: `${JSON.stringify(v)} is not an HTTP status code or a list of them` };
    }
    case 'headers':
      return isMap(v) && Object.values(v).every((h) => typeof h === 'string') ? { value: v } : { error: 'headers must be a mapping of strings' };
  }
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
