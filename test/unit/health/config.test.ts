import { describe, expect, it } from 'vitest';
import { parseDocument, LineCounter, isMap, isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';
import { parseHealthSection } from '../../../src/health/config.js';

/** A real YAML document and a where() that points at the key's line, as src/config does. */
function load(text: string) {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  const where = (parts: Array<string | number>): string => {
    let node: unknown = doc.contents;
    let offset = 0;
    for (const part of parts) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && p.key.value === part);
        if (!pair) break;
        offset = (pair.key as Node).range![0];
        node = pair.value;
      } else if (isSeq(node)) {
        node = node.items[Number(part)];
        offset = (node as Node).range![0];
      } else break;
    }
    return `vigil.config.yaml:${lc.linePos(offset).line}`;
  };
  return { raw: (doc.toJS() as { health: unknown }).health, where };
}

describe('parseHealthSection', () => {
  it('builds each check type from the config file', () => {
    const { raw, where } = load(`health:
  checks:
    - { type: disk, path: ./data, warn_percent: 70, fail_percent: 95 }
    - { type: http, name: emr-api, url: "http://127.0.0.1:8080/health", expect_status: 200, interval: 60s, timeout: 5s, critical: true, slow: 2s }
    - { type: backup, dir: /var/backups/emr, pattern: '*.db', max_age_hours: 26 }
    - { type: ollama, host: "http://127.0.0.1:11434", model: llama3 }
    - { type: memory, warn_percent: 80 }
    - { type: cpu, interval: 30s }
    - { type: event_loop, warn_ms: 200 }
    - { type: sqlite, path: ./emr.db }
`);
    const { checks, problems } = parseHealthSection(raw, where);
    expect(problems).toEqual([]);
    expect(checks.map((c) => c.name)).toEqual(['disk:./data', 'emr-api', 'backup:/var/backups/emr', 'ollama', 'memory', 'cpu', 'event_loop', 'database']);
    const http = checks[1]!;
    expect(http).toMatchObject({ critical: true, intervalMs: 60_000, timeoutMs: 5_000, componentId: 'http://127.0.0.1:8080/health' });
    expect(checks[5]!.intervalMs).toBe(30_000);
    expect(checks[0]!.intervalMs).toBe(15_000);
    expect(checks[7]!.intervalMs).toBe(30_000);
    for (const c of checks) c.close?.();
  });

  it('names file:line and what is accepted for an unknown type or key', () => {
    const { raw, where } = load(`health:
  checks:
    - type: disk
      path: ./data
      warn_pct: 80
    - type: smtp
      host: mail
  extra: 1
`);
    const { checks, problems } = parseHealthSection(raw, where);
    expect(checks.map((c) => c.name)).toEqual(['disk:./data']);
    expect(problems).toEqual([
      'vigil.config.yaml:8: unknown key "extra" (accepted: checks); ignored',
      'vigil.config.yaml:5: unknown key "warn_pct" for a disk check (accepted: type, name, interval, timeout, critical, path, warn_percent, fail_percent); ignored',
      'vigil.config.yaml:6: unknown health check type "smtp" (accepted: disk, memory, cpu, event_loop, http, backup, ollama, sqlite); ignored',
    ]);
  });

  it('leaves out a check with a bad value or a missing required key', () => {
    const { raw, where } = load(`health:
  checks:
    - { type: http, url: "ftp://x", interval: 30 }
    - { type: backup, pattern: '*.db' }
    - { type: disk, path: ./data, fail_percent: 120 }
    - { type: http, url: "http://a", expect_status: [200, 999] }
    - { type: memory, critical: yes please }
    - just a string
`);
    const { checks, problems } = parseHealthSection(raw, where);
    expect(checks).toEqual([]);
    expect(problems).toEqual([
      'vigil.config.yaml:3: url: "ftp://x" is not an http(s) URL; the http check is left out',
      'vigil.config.yaml:3: interval: 30 is not a duration (like 500ms, 30s, 2m, 1h); the http check is left out',
      'vigil.config.yaml:4: a backup check needs "dir"; left out',
      'vigil.config.yaml:5: fail_percent: 120 is not a percentage from 0 to 100; the disk check is left out',
      'vigil.config.yaml:6: expect_status: [200,999] is not an HTTP status code or a list of them; the http check is left out',
      'vigil.config.yaml:7: critical: "yes please" is not true or false; the memory check is left out',
      'vigil.config.yaml:8: each health check must be a mapping with a "type"; ignored',
    ]);
  });

  it('refuses duplicate names and a section of the wrong shape', () => {
    const dup = load(`health:
  checks:
    - { type: memory }
    - { type: memory }
`);
    const r = parseHealthSection(dup.raw, dup.where);
    expect(r.checks).toHaveLength(1);
    expect(r.problems).toEqual(['vigil.config.yaml:4: a second check named "memory"; give it a distinct name; ignored']);
    expect(parseHealthSection([1], () => 'f:1').problems).toEqual(['f:1: health must be a mapping with a "checks" list; ignored']);
    expect(parseHealthSection({ checks: 'disk' }, () => 'f:2').problems).toEqual(['f:2: health.checks must be a list of checks; ignored']);
    expect(parseHealthSection(undefined, () => 'f')).toEqual({ checks: [], problems: [] });
  });
});
