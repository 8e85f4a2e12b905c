import { createHash } from 'node:crypto';
import type { Labels } from './types.js';

/** A stable id for a label set, as Alertmanager has one per alert. */
export function fingerprint(labels: Labels): string {
  const h = createHash('sha256');
  for (const k of Object.keys(labels).sort()) h.update(`${k}\u0000${labels[k]}\u0001`);
  return h.digest('hex').slice(0, 16);
}

/** Fill `{{ $value }}` and `{{ $labels.name }}` in an annotation. */
export function render(template: string, labels: Labels, value: number | undefined): string {
  return template.replace(/\{\{\s*\$(value|labels\.([A-Za-z0-9_.]+))\s*\}\}/g, (_m, what: string, label?: string) =>
    label !== undefined ? (labels[label] ?? '') : value === undefined ? '' : formatValue(value),
  );
}

function formatValue(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 1000) / 1000);
}
