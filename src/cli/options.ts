import { InvalidArgumentError } from 'commander';
import { parseDuration } from '../health/duration.js';

// argParsers throw InvalidArgumentError so commander reports them as usage errors (exit 2).

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a whole number > 0.');
  return n;
}

export function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a number >= 0.');
  return n;
}

export function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port 0-65535 (0: any free port).');
  return n;
}

/** Keeps the text (so it can be echoed back) after checking it parses: `30m`, `24h`, `7d`. */
export function duration(value: string): string {
  const ms = parseDuration(value);
  if (ms === undefined || ms <= 0) throw new InvalidArgumentError('expected a duration like 30m, 24h, 7d.');
  return value;
}

export function durationMs(value: string): number {
  return parseDuration(value) ?? 0;
}
