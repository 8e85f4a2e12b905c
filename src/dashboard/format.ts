/** Number and time formatting shared by the text report (the page has its own copy in static/app.js). */

export function fmtMs(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return '-';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

export function fmtCount(n: number): string {
  if (Math.abs(n) >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (Math.abs(n) >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return String(Math.round(n));
}

export function fmtRate(perSec: number): string {
  if (perSec === 0) return '0/s';
  if (perSec < 0.1) return `${(perSec * 60).toFixed(1)}/min`;
  return `${perSec.toFixed(perSec < 10 ? 2 : 0)}/s`;
}

export function fmtPct(ratio: number): string {
  return `${(ratio * 100).toFixed(ratio > 0 && ratio < 0.001 ? 2 : 1)}%`;
}

export function fmtBytes(b: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = b;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

export function fmtDuration(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds)) return '-';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** `2025-03-01 14:05 UTC`: e-mails travel across time zones, so the report says which one. */
export function fmtTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Cut to `width` characters with an ellipsis; newlines and control characters become spaces (one line per row). */
export function clip(text: string | null | undefined, width: number): string {
  // eslint-disable-next-line no-control-regex
  const s = (text ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return s.length <= width ? s : `${s.slice(0, Math.max(0, width - 1))}…`;
}

/** A one-line sparkline of a trend, in plain ASCII so mail clients keep it. */
export function spark(values: readonly number[], width = 24): string {
  if (values.length === 0) return '';
  const chunk = Math.max(1, Math.ceil(values.length / width));
  const sums: number[] = [];
  for (let i = 0; i < values.length; i += chunk) sums.push(values.slice(i, i + chunk).reduce((a, b) => a + b, 0));
  const max = Math.max(...sums);
  const levels = ' .:-=+*#';
  return sums.map((v) => (max === 0 ? ' ' : levels[Math.min(levels.length - 1, Math.ceil((v / max) * (levels.length - 1)))])).join('');
}
