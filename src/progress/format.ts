import type { ProgressStatus } from './types.js';

/** 75 → "1m15s", 3725 → "1h02m". */
export function formatSeconds(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

function formatRate(rate: number): string {
  return rate >= 100 ? rate.toFixed(0) : rate.toFixed(1);
}

/** "import: 450/1000 (45.0%) · 12.3/s · ETA 44s · elapsed 36s · 440 ok, 10 failed" */
export function formatReport(s: ProgressStatus): string {
  const eta = s.state === 'completed' ? 'done' : s.etaSeconds === null ? 'ETA ?' : `ETA ${formatSeconds(s.etaSeconds)}`;
  return (
    `${s.name}: ${s.processed}/${s.total} (${s.percent.toFixed(1)}%) · ${formatRate(s.rate)}/s · ${eta}` +
    ` · elapsed ${formatSeconds(s.elapsedMs / 1000)} · ${s.successful} ok, ${s.failed} failed`
  );
}

/** "import [████████░░░░░░░░░░░░] 45.0% 450/1000 12.3/s ETA 44s" */
export function formatBar(s: ProgressStatus, width = 24): string {
  const filled = Math.round((Math.min(100, s.percent) / 100) * width);
  const eta = s.state === 'completed' ? 'done' : s.etaSeconds === null ? '' : `ETA ${formatSeconds(s.etaSeconds)}`;
  return (
    `${s.name} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${s.percent.toFixed(1)}% ` +
    `${s.processed}/${s.total} ${formatRate(s.rate)}/s ${eta}`.trimEnd()
  );
}
