import type { Matcher } from '../alerting/types.js';
import { UsageError } from './errors.js';

const FORM = /^([A-Za-z_][A-Za-z0-9_.]*)\s*(=~|!~|!=|=)\s*(.*)$/s;

/**
 * `name=value`, `name!=value`, `name=~regex`, `name!~regex` (value optionally
 * quoted), as typed on a shell command line. Regexes are anchored when
 * matched, as in Prometheus and Alertmanager.
 */
export function parseCliMatcher(text: string): Matcher {
  const m = FORM.exec(text.trim());
  if (!m) throw new UsageError(`matcher ${JSON.stringify(text)} must look like name=value or name=~regex (e.g. alertname=ApiErrors)`);
  const [, name, op, raw] = m as unknown as [string, string, string, string];
  const value = /^(["']).*\1$/s.test(raw) ? raw.slice(1, -1) : raw;
  const isRegex = op === '=~' || op === '!~';
  if (isRegex) {
    try {
      new RegExp(value);
    } catch (err) {
      throw new UsageError(`matcher ${JSON.stringify(text)}: invalid regex (${(err as Error).message})`);
    }
  }
  return { name, value, isRegex, isEqual: op === '=' || op === '=~' };
}
