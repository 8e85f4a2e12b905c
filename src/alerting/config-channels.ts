import { parseDuration } from '../health/duration.js';
import { parseSeverity } from './rules.js';
import type { ChannelConfig } from './channels/types.js';

/** Where in a config file a value sits: keys and list indexes. */
export type PathPart = string | number;

const COMMON = ['type', 'name', 'min_severity', 'rate_limit', 'send_resolved', 'timeout', 'retries'];
const PER_TYPE: Record<string, { keys: string[]; required: string[] }> = {
  email: {
    keys: ['host', 'port', 'secure', 'require_tls', 'tls_reject_unauthorized', 'tls_servername', 'user', 'password', 'from', 'to'],
    required: ['host', 'from', 'to'],
  },
  slack: { keys: ['url', 'channel', 'username'], required: ['url'] },
  webhook: { keys: ['url', 'secret', 'headers'], required: ['url'] },
  alertmanager: { keys: ['url', 'alert_ttl', 'resend_interval', 'external_labels'], required: ['url'] },
  desktop: { keys: [], required: [] },
};

/** One `channels:` entry → a channel config, or undefined with problems. `${VAR}` is read from env. */
export function parseChannel(raw: unknown, path: PathPart[], bad: (p: PathPart[], m: string) => void, env: NodeJS.ProcessEnv): ChannelConfig | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    bad(path, `a channel must be a mapping with a type (accepted: ${Object.keys(PER_TYPE).join(', ')})`);
    return undefined;
  }
  const c = raw as Record<string, unknown>;
  const type = c['type'];
  const spec = typeof type === 'string' ? PER_TYPE[type] : undefined;
  if (!spec) {
    bad([...path, 'type'], `unknown channel type ${JSON.stringify(type)} (accepted: ${Object.keys(PER_TYPE).join(', ')}); channel ignored`);
    return undefined;
  }
  let ok = true;
  const fail = (k: string, m: string): void => {
    ok = false;
    bad([...path, k], `${m}; channel ignored`);
  };
  const out: Record<string, unknown> = { type };
  for (const [k, v0] of Object.entries(c)) {
    if (k === 'type') continue;
    if (!COMMON.includes(k) && !spec.keys.includes(k)) {
      fail(k, `unknown key "${k}" for a ${type} channel (accepted: ${[...COMMON, ...spec.keys].join(', ')})`);
      continue;
    }
    const v = expand(v0, env, (name) => fail(k, `environment variable ${name} is not set`));
    switch (k) {
      case 'min_severity': {
        const s = parseSeverity(v);
        if (s) out['min_severity'] = s;
        else fail(k, 'min_severity must be one of CRITICAL, ERROR, WARNING, INFO');
        break;
      }
      case 'rate_limit': {
        const r = rateLimit(v);
        if (r) out['rate_limit'] = r;
        else fail(k, 'rate_limit must be like "10/1h" or {count: 10, per: 1h}');
        break;
      }
      case 'timeout':
      case 'alert_ttl':
      case 'resend_interval': {
        const ms = parseDuration(v);
        if (ms === undefined) fail(k, `${k} must be a duration like 10s`);
        else out[k === 'timeout' ? 'timeout_ms' : k === 'alert_ttl' ? 'alert_ttl_ms' : 'resend_ms'] = ms;
        break;
      }
      case 'external_labels':
        if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string' || typeof x === 'number')) {
          out[k] = Object.fromEntries(Object.entries(v).map(([n, x]) => [n, String(x)]));
        } else fail(k, 'external_labels must be a mapping of label names to strings');
        break;
      case 'retries':
        if (typeof v === 'number' && Number.isInteger(v) && v >= 0) out['retry'] = { attempts: v + 1 };
        else fail(k, 'retries must be a whole number');
        break;
      case 'port':
        if (typeof v === 'number' && Number.isInteger(v) && v > 0 && v < 65536) out['port'] = v;
        else fail(k, 'port must be 1-65535');
        break;
      default:
        out[k] = v;
    }
  }
  for (const k of spec.required) if (out[k] === undefined || out[k] === '') fail(k, `a ${type} channel needs ${k}`);
  return ok ? (out as unknown as ChannelConfig) : undefined;
}

/** Replace `${NAME}` in strings (secrets stay out of the file). */
function expand(v: unknown, env: NodeJS.ProcessEnv, missing: (name: string) => void): unknown {
  if (typeof v === 'string') {
    return v.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
      const got = env[name];
      if (got === undefined) missing(name);
      return got ?? '';
    });
  }
  if (Array.isArray(v)) return v.map((x) => expand(x, env, missing));
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, expand(x, env, missing)]));
  return v;
}

export function rateLimit(v: unknown): { count: number; perMs: number } | undefined {
  let count: unknown;
  let per: unknown;
  if (typeof v === 'string') [count, per] = v.split('/').map((s) => s.trim());
  else if (typeof v === 'object' && v !== null) ({ count, per } = v as { count?: unknown; per?: unknown });
  const n = Number(count);
  const ms = parseDuration(per);
  return Number.isInteger(n) && n > 0 && ms !== undefined && ms > 0 ? { count: n, perMs: ms } : undefined;
}
