import { parseDuration } from '../health/duration.js';
import { parseExpr } from './expr.js';
import { compileExpr } from './evaluate.js';
import type { CompiledExpr } from './evaluate.js';
import { EVENT_KINDS, SEVERITIES } from './types.js';
import type { AlertRule, AlertRuleInput, RuleKind, Severity } from './types.js';

/** A rule ready to run: metric rules carry their compiled expression. */
export interface LoadedRule {
  rule: AlertRule;
  expr?: CompiledExpr;
}

export class RuleError extends Error {}

const DEFAULT_WINDOW_MS = 5 * 60_000;

/** Validate and normalise one rule. Throws RuleError naming the field; code-given rules may throw, config ones become problems. */
export function loadRule(input: AlertRuleInput): LoadedRule {
  if (!input || typeof input.name !== 'string' || input.name.trim() === '') throw new RuleError('a rule needs a name');
  const kind: RuleKind = input.kind ?? (input.expr !== undefined ? 'metric' : 'manual');
  if (kind !== 'metric' && !(EVENT_KINDS as readonly string[]).includes(kind)) {
    throw new RuleError(`rule "${input.name}": unknown kind "${String(kind)}" (accepted: metric, ${EVENT_KINDS.join(', ')})`);
  }
  let expr: CompiledExpr | undefined;
  if (kind === 'metric') {
    if (typeof input.expr !== 'string') throw new RuleError(`rule "${input.name}": a metric rule needs expr`);
    try {
      expr = compileExpr(parseExpr(input.expr));
    } catch (err) {
      throw new RuleError(`rule "${input.name}": expr ${(err as Error).message}`);
    }
  }
  const severity = parseSeverity(input.severity ?? defaultSeverity(kind));
  if (!severity) throw new RuleError(`rule "${input.name}": unknown severity "${String(input.severity)}" (accepted: ${SEVERITIES.join(', ')})`);
  const forMs = duration(input.name, 'for', input.for ?? expr?.forMs ?? 0);
  const rule: AlertRule = {
    name: input.name,
    kind,
    ...(input.expr !== undefined ? { expr: input.expr } : {}),
    forMs,
    keepFiringForMs: duration(input.name, 'keep_firing_for', input.keep_firing_for ?? 0),
    severity,
    labels: { ...(input.labels ?? {}) },
    annotations: { title: input.name, message: defaultMessage(kind, input.expr), ...(input.annotations ?? {}) },
    windowMs: duration(input.name, 'window', input.window ?? DEFAULT_WINDOW_MS),
    ...(input.statuses ? { statuses: input.statuses } : {}),
    ...(input.min_ms !== undefined ? { minMs: input.min_ms } : {}),
  };
  return { rule, ...(expr ? { expr } : {}) };
}

export function parseSeverity(v: unknown): Severity | undefined {
  if (typeof v !== 'string') return undefined;
  const up = v.toUpperCase();
  return (SEVERITIES as readonly string[]).includes(up) ? (up as Severity) : undefined;
}

function duration(rule: string, field: string, v: unknown): number {
  const ms = parseDuration(v);
  if (ms === undefined) throw new RuleError(`rule "${rule}": ${field} must be a duration like 30s, 5m, 1h (got ${JSON.stringify(v)})`);
  return ms;
}

function defaultSeverity(kind: RuleKind): Severity {
  switch (kind) {
    case 'crash':
      return 'CRITICAL';
    case 'regression':
    case 'health':
      return 'ERROR';
    default:
      return 'WARNING';
  }
}

function defaultMessage(kind: RuleKind, expr: string | undefined): string {
  switch (kind) {
    case 'metric':
      return `${expr ?? ''} (value {{ $value }})`;
    case 'health':
      return 'health check {{ $labels.check }} is {{ $labels.status }}';
    case 'slow_operation':
      return 'operation {{ $labels.operation }} took {{ $value }} ms';
    default:
      return '';
  }
}
