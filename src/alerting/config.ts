import { parseDuration } from '../health/duration.js';
import { RuleError, loadRule } from './rules.js';
import { normaliseMatchers } from './matchers.js';
import { silenceTimeMs, silenceWindow } from './silence-time.js';
import { parseChannel } from './config-channels.js';
import type { PathPart } from './config-channels.js';
import type { ChannelConfig } from './channels/types.js';
import type { AlertRuleInput, Routing, SilenceInput } from './types.js';

export type Where = (path: PathPart[]) => string;
export interface Problem {
  source: string;
  message: string;
}

export interface AlertingConfig {
  /** Ship the default rules (alerts.defaults, default true). */
  defaults: boolean;
  rules: AlertRuleInput[];
  channels: ChannelConfig[];
  routing: Partial<Routing>;
  silences: SilenceInput[];
}

export interface RawAlertingSections {
  alerts?: unknown;
  channels?: unknown;
  routing?: unknown;
  silences?: unknown;
}

const RULE_KEYS = ['name', 'expr', 'kind', 'for', 'keep_firing_for', 'severity', 'labels', 'annotations', 'window', 'statuses', 'min_ms'];
const ROUTING_KEYS = ['group_by', 'group_wait', 'group_interval', 'repeat_interval', 'inhibit_equal'];
const SILENCE_KEYS = ['matchers', 'starts', 'ends', 'duration', 'comment', 'created_by'];

/**
 * Validate the `alerts`, `channels`, `routing` and `silences` sections of
 * vigil.config.yaml. A bad entry is dropped with one problem line naming its
 * file:line and what is accepted; the rest still runs.
 */
export function parseAlertingSection(raw: RawAlertingSections, where: Where, env: NodeJS.ProcessEnv = process.env): { config: AlertingConfig; problems: Problem[] } {
  const problems: Problem[] = [];
  const bad = (path: PathPart[], message: string): void => void problems.push({ source: where(path), message });
  const config: AlertingConfig = { defaults: true, rules: [], channels: [], routing: {}, silences: [] };

  let ruleList: unknown = raw.alerts;
  let rulePath: PathPart[] = ['alerts'];
  if (isMap(raw.alerts)) {
    for (const k of Object.keys(raw.alerts)) if (k !== 'defaults' && k !== 'rules') bad(['alerts', k], `unknown key "${k}" (accepted: defaults, rules)`);
    if (raw.alerts['defaults'] !== undefined) {
      if (typeof raw.alerts['defaults'] === 'boolean') config.defaults = raw.alerts['defaults'];
      else bad(['alerts', 'defaults'], 'defaults must be true or false');
    }
    ruleList = raw.alerts['rules'];
    rulePath = ['alerts', 'rules'];
  }
  for (const [i, r] of list(ruleList, rulePath, bad)) {
    const path = [...rulePath, i];
    if (!isMap(r)) {
      bad(path, 'a rule must be a mapping with name and expr or kind');
      continue;
    }
    const unknown = Object.keys(r).filter((k) => !RULE_KEYS.includes(k));
    for (const k of unknown) bad([...path, k], `unknown rule field "${k}" (accepted: ${RULE_KEYS.join(', ')})`);
    if (unknown.length > 0) continue;
    try {
      loadRule(r as unknown as AlertRuleInput);
      config.rules.push(r as unknown as AlertRuleInput);
    } catch (err) {
      if (!(err instanceof RuleError)) throw err;
      bad(path, `${err.message}; rule ignored`);
    }
  }

  for (const [i, c] of list(raw.channels, ['channels'], bad)) {
    const ch = parseChannel(c, ['channels', i], bad, env);
    if (ch) config.channels.push(ch);
  }

  if (raw.routing !== undefined) {
    if (!isMap(raw.routing)) bad(['routing'], `routing must be a mapping (accepted: ${ROUTING_KEYS.join(', ')})`);
    else {
      for (const [k, v] of Object.entries(raw.routing)) {
        const path = ['routing', k];
        if (k === 'group_by' || k === 'inhibit_equal') {
          if (Array.isArray(v) && v.every((x) => typeof x === 'string')) config.routing[k === 'group_by' ? 'groupBy' : 'inhibitEqual'] = v as string[];
          else bad(path, `${k} must be a list of label names`);
        } else if (k === 'group_wait' || k === 'group_interval' || k === 'repeat_interval') {
          const ms = parseDuration(v);
          if (ms === undefined) bad(path, `${k} must be a duration like 30s, 5m, 4h`);
          else config.routing[k === 'group_wait' ? 'groupWaitMs' : k === 'group_interval' ? 'groupIntervalMs' : 'repeatIntervalMs'] = ms;
        } else bad(path, `unknown key "${k}" (accepted: ${ROUTING_KEYS.join(', ')})`);
      }
    }
  }

  for (const [i, s] of list(raw.silences, ['silences'], bad)) {
    const path = ['silences', i];
    if (!isMap(s)) {
      bad(path, 'a silence must be a mapping with matchers and ends or duration');
      continue;
    }
    const unknown = Object.keys(s).filter((k) => !SILENCE_KEYS.includes(k));
    for (const k of unknown) bad([...path, k], `unknown silence field "${k}" (accepted: ${SILENCE_KEYS.join(', ')})`);
    if (unknown.length > 0) continue;
    try {
      const starts = time(s['starts']);
      const ends = time(s['ends']);
      const input: SilenceInput = {
        matchers: normaliseMatchers(s['matchers']),
        ...(starts !== undefined ? { startsAtMs: starts } : {}),
        ...(ends !== undefined ? { endsAtMs: ends } : {}),
        ...(s['duration'] !== undefined ? { duration: s['duration'] as string } : {}),
        comment: typeof s['comment'] === 'string' ? s['comment'] : '',
        createdBy: typeof s['created_by'] === 'string' ? s['created_by'] : 'config',
      };
      if (input.endsAtMs === undefined && input.duration === undefined) throw new Error('a silence needs ends or duration');
      // The same bounds as the CLI and the API, reported here with the file and line.
      silenceWindow(input, Date.now());
      config.silences.push(input);
    } catch (err) {
      bad(path, `${(err as Error).message}; silence ignored`);
    }
  }
  return { config, problems };
}

function time(v: unknown): number | undefined {
  return v === undefined ? undefined : silenceTimeMs(v);
}

function list(v: unknown, path: PathPart[], bad: (p: PathPart[], m: string) => void): Array<[number, unknown]> {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    bad(path, `${String(path.at(-1))} must be a list`);
    return [];
  }
  return v.map((x, i) => [i, x]);
}

export function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
