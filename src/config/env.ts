import { DiagLogLevel } from '@opentelemetry/api';
import type { Problems } from './problems.js';
import type { OtlpProtocol, SamplerName } from './types.js';

export type Env = Record<string, string | undefined>;

/** Typed readers over the environment; every refusal is one line naming the variable. */
export class EnvReader {
  constructor(
    private readonly env: Env,
    private readonly problems: Problems,
  ) {}

  string(name: string): string | undefined {
    const v = this.env[name]?.trim();
    return v ? v : undefined;
  }

  boolean(name: string, fallback: boolean): boolean {
    const v = this.string(name)?.toLowerCase();
    if (v === undefined) return fallback;
    if (v === 'true' || v === '1') return true;
    if (v === 'false' || v === '0') return false;
    this.problems.add(name, `"${this.env[name]}" is not a boolean (accepted: true, false); using ${fallback}`);
    return fallback;
  }

  /** An integer in [min, max]; out of range or not a number → the fallback (which may be undefined: part off). */
  int<F extends number | undefined>(name: string, fallback: F, min: number, max: number, unit = ''): number | F {
    const v = this.string(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      this.problems.add(name, `"${v}" is not an integer from ${min} to ${max}${unit}; ${fallback === undefined ? 'ignored' : `using ${fallback}`}`);
      return fallback;
    }
    return n;
  }

  /** A TCP port; a refused value turns that server off rather than guessing another port. */
  port(name: string, fallback: number): number {
    const v = this.string(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (Number.isInteger(n) && n >= 0 && n <= 65_535) return n;
    this.problems.add(name, `"${v}" is not a port from 0 to 65535 (0 turns the server off); the telemetry server is off`);
    return 0;
  }

  number(name: string, fallback: number, min: number, max: number): number {
    const v = this.string(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n < min || n > max) {
      this.problems.add(name, `"${v}" is not a number from ${min} to ${max}; using ${fallback}`);
      return fallback;
    }
    return n;
  }

  oneOf<T extends string>(name: string, accepted: readonly T[], fallback: T): T {
    const v = this.string(name);
    if (v === undefined) return fallback;
    if ((accepted as readonly string[]).includes(v)) return v as T;
    this.problems.add(name, `"${v}" is not accepted (accepted: ${accepted.join(', ')}); using ${fallback}`);
    return fallback;
  }

  /**
   * A comma-separated list of names. Unknown names are refused one by one and
   * the rest kept; `none` alone empties the list. When no name was accepted,
   * the fallback stays: a typo must not turn a signal off.
   */
  list<T extends string>(name: string, accepted: readonly T[], fallback: T[], allowNone = true): T[] {
    const v = this.string(name);
    if (v === undefined) return fallback;
    const names = [...new Set(v.split(',').map((s) => s.trim()).filter(Boolean))];
    if (allowNone && names.includes('none')) {
      if (names.length > 1) this.problems.add(name, `"none" cannot be combined with other values; using none`);
      return [];
    }
    const kept = names.filter((n): n is T => (accepted as readonly string[]).includes(n));
    const unknown = names.filter((n) => !kept.includes(n as T));
    const acceptedText = [...accepted, ...(allowNone ? ['none'] : [])].join(', ');
    const quoted = unknown.map((n) => `"${n}"`).join(', ');
    if (unknown.length === 0) return kept;
    if (kept.length > 0 || fallback.length === 0) {
      this.problems.add(name, `unknown value${unknown.length > 1 ? 's' : ''} ${quoted} (accepted: ${acceptedText}); ignored`);
      return kept;
    }
    this.problems.add(name, `unknown value${unknown.length > 1 ? 's' : ''} ${quoted} (accepted: ${acceptedText}); using the default ${fallback.join(',')}`);
    return fallback;
  }

  url(name: string): string | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    try {
      const u = new URL(v);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
      return v;
    } catch {
      this.problems.add(name, `"${v}" is not an http(s) URL; ignored`);
      return undefined;
    }
  }
}

const PROTOCOLS = ['http/protobuf', 'http/json', 'grpc'] as const;

/** OTLP protocol for one signal; grpc's exporter (and @grpc/grpc-js) is imported only when chosen. */
export function otlpProtocol(r: EnvReader, signal: 'TRACES' | 'METRICS' | 'LOGS'): OtlpProtocol {
  const specific = `OTEL_EXPORTER_OTLP_${signal}_PROTOCOL`;
  const name = r.string(specific) !== undefined ? specific : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  return r.oneOf<OtlpProtocol>(name, PROTOCOLS, 'http/protobuf');
}

export const SAMPLERS: readonly SamplerName[] = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
];

const LOG_LEVELS: Record<string, DiagLogLevel> = {
  none: DiagLogLevel.NONE,
  error: DiagLogLevel.ERROR,
  warn: DiagLogLevel.WARN,
  info: DiagLogLevel.INFO,
  debug: DiagLogLevel.DEBUG,
  verbose: DiagLogLevel.VERBOSE,
  all: DiagLogLevel.ALL,
};

/** OTEL_LOG_LEVEL, case-insensitive as the specification has it. */
export function logLevel(r: EnvReader, problems: Problems): DiagLogLevel {
  const raw = r.string('OTEL_LOG_LEVEL');
  if (raw === undefined) return DiagLogLevel.WARN;
  const level = LOG_LEVELS[raw.toLowerCase()];
  if (level !== undefined) return level;
  problems.add('OTEL_LOG_LEVEL', `"${raw}" is not accepted (accepted: ${Object.keys(LOG_LEVELS).join(', ')}); using warn`);
  return DiagLogLevel.WARN;
}
