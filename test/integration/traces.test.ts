import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE, ROOT } from '../helpers/child.js';
import { errorEventStored, sendTraffic, startTwoServices } from '../helpers/traces.js';

const CLI = resolve(ROOT, 'dist/src/cli/main.js');
const XSS = '<img src=x onerror="window.__xss=1">';
let db: string;

function vigil(...args: string[]): string {
  return execFileSync(NODE, [CLI, '--db', db, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH, NO_COLOR: '1' } });
}
interface Listed {
  traceId: string;
  startMs: number;
  rootName: string;
  durationMs: number;
  spanCount: number;
  errorCount: number;
  services: string[];
}
const list = (...args: string[]) => (JSON.parse(vigil('traces', '--json', '--limit', '500', ...args)) as { traces: Listed[] }).traces;

beforeAll(async () => {
  const services = await startTwoServices();
  await sendTraffic(services.url, 40, XSS);
  await errorEventStored(services.dataDir);
  await services.stop();
  db = join(services.dataDir, 'monitoring.db');
}, 120_000);
afterAll(() => undefined);

describe('vigil traces and vigil trace, on two local services sharing a data dir', () => {
  it('lists every trace once, whole across both services', () => {
    const all = list();
    expect(all).toHaveLength(43);
    for (const t of all) {
      expect(t.services).toEqual(['front', 'records']);
      // front SERVER, fetch CLIENT, records SERVER, records.lookup, front.render
      expect(t.spanCount).toBe(5);
    }
  });

  it('makes trace ids that begin with their time, so the spans(trace_id) index grows at its right edge', () => {
    for (const t of list()) {
      const made = Number.parseInt(t.traceId.slice(0, 12), 16);
      expect(Math.abs(made - t.startMs)).toBeLessThan(5_000);
    }
  });

  it('finds the slow one by --min and the failed one by --errors and by attribute', () => {
    const slow = list('--min', '2500ms');
    expect(slow).toHaveLength(1);
    expect(slow[0]!.durationMs).toBeGreaterThanOrEqual(3000);
    const failed = list('--errors');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.errorCount).toBeGreaterThan(0);
    expect(list('--attr', 'http.response.status_code=502').map((t) => t.traceId)).toEqual([failed[0]!.traceId]);
    expect(list('--service', 'records')).toHaveLength(0); // every root is front's
    expect(list('--operation', 'nothing-like-this')).toHaveLength(0);
  });

  it('draws the waterfall: the tree across services, the critical path, the log lines in time order', () => {
    const failed = list('--errors')[0]!;
    const t = JSON.parse(vigil('trace', failed.traceId, '--json')) as {
      spans: { spanId: string; parentSpanId: string | null; name: string; depth: number; serviceName: string; critical: boolean; statusCode: number }[];
      logs: { body: string; timeMs: number }[];
      errors: { message: string; fingerprint: string }[];
    };
    const byId = new Map(t.spans.map((s) => [s.spanId, s]));
    expect(t.spans[0]).toMatchObject({ depth: 0, serviceName: 'front', parentSpanId: null });
    for (const s of t.spans.slice(1)) expect(byId.get(s.parentSpanId!)!.depth).toBe(s.depth - 1);
    const lookup = t.spans.find((s) => s.name === 'records.lookup')!;
    expect(lookup).toMatchObject({ serviceName: 'records', depth: 3, statusCode: 2, critical: true });
    expect(t.logs.map((l) => l.body)).toEqual(['looking up a record (2 ms)', 'records failed']);
    expect(t.errors.map((e) => e.message), `error events: ${vigil('errors', '--json', '--status', 'all')}`).toEqual(['record store unavailable']);

    const text = vigil('trace', failed.traceId);
    expect(text.split('\n')[0]).toContain(`trace ${failed.traceId}`);
    expect(text).toMatch(/\*\s+└ records\.lookup\s+.*█.*ms\s+records\s+record store unavailable/);
    expect(text).toContain('records failed');
  });

  it('refuses a malformed id with exit 2 and an unknown one with exit 1', () => {
    const run = (id: string) => {
      try {
        vigil('trace', id);
        return 0;
      } catch (err) {
        return (err as { status: number }).status;
      }
    };
    expect(run('not-a-trace')).toBe(2);
    expect(run('0'.repeat(32))).toBe(1);
  });
});
