import type { Labels } from './types.js';

/**
 * A stable id for a label set, as Alertmanager has one per alert (it uses
 * FNV-64a too). Two 32-bit FNV-1a lanes with different seeds: cheap enough
 * to run for every sample of every evaluation, no allocation per label.
 */
export function fingerprint(labels: Labels): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  const mix = (text: string): void => {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
    }
    a = Math.imul(a ^ 0xff, 0x01000193);
    b = Math.imul(b ^ 0xff, 0x01000193) ^ (b >>> 15);
  };
  for (const k of Object.keys(labels).sort()) {
    mix(k);
    mix(labels[k]!);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
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
