import { beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureDb, FIXTURE } from '../fixtures/cli/fixture-db.js';
import { vigil } from '../fixtures/cli/run.js';

let db: string;

beforeAll(() => {
  db = buildFixtureDb().path;
});

describe('vigil health', () => {
  it('reports the latest result of each check, the score /health would give, and availability', async () => {
    const r = await vigil(['health', '--db', db, '--json']);
    expect(r.code).toBe(0);
    const h = r.json<{ score: number; status: string; checks: Array<{ name: string; status: string; availability: number; failures: number }> }>();
    // database pass, disk warn, ollama pass, none critical: round(100 × 2.5 / 3).
    expect(h.score).toBe(83);
    expect(h.status).toBe('warn');
    const by = Object.fromEntries(h.checks.map((c) => [c.name, c]));
    expect(Object.keys(by).sort()).toEqual(['database', 'disk', 'ollama']);
    expect(by['disk']!.status).toBe('warn');
    expect(by['ollama']!.status).toBe('pass');
    expect(by['ollama']!.failures).toBe(1);
    expect(by['ollama']!.availability).toBe(75);
  });
});

describe('vigil errors', () => {
  it('lists unresolved groups by default, with the events in the window', async () => {
    const r = await vigil(['errors', '--db', db, '--json']);
    expect(r.code).toBe(0);
    const { groups } = r.json<{ groups: Array<{ fingerprint: string; status: string; count: number; recent: number }> }>();
    expect(groups.map((g) => g.fingerprint)).toEqual([FIXTURE.errors.open]);
    expect(groups[0]).toMatchObject({ status: 'unresolved', count: 7, recent: 7 });
  });

  it('lists every group with --status all, most recently seen first', async () => {
    const r = await vigil(['errors', 'list', '--status', 'all', '--db', db, '--json']);
    const { groups } = r.json<{ groups: Array<{ fingerprint: string }> }>();
    expect(groups.map((g) => g.fingerprint)).toEqual([FIXTURE.errors.open, FIXTURE.errors.ignored, FIXTURE.errors.resolved]);
  });

  it('shows a group by a fingerprint prefix, with its latest event, stack and breadcrumbs', async () => {
    const r = await vigil(['errors', 'show', FIXTURE.errors.open.slice(0, 8), '--db', db, '--json']);
    expect(r.code).toBe(0);
    const d = r.json<{ group: { fingerprint: string }; latest: { id: string; stack: { raw: string }; breadcrumbs: unknown[]; context: unknown }; events: unknown[] }>();
    expect(d.group.fingerprint).toBe(FIXTURE.errors.open);
    expect(d.latest.id).toBe('ev-open-7');
    expect(d.latest.stack.raw).toContain('at age (/app/patients.js:12:20)');
    expect(d.latest.breadcrumbs).toHaveLength(1);
    expect(d.latest.context).toEqual({ patient: '[REDACTED]' });
    expect(d.events).toHaveLength(7);
  });

  it('prints the stack in text mode', async () => {
    const r = await vigil(['errors', 'show', FIXTURE.errors.open, '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("TypeError: Cannot read properties of undefined (reading 'dob')");
    expect(r.stdout).toContain('at age (/app/patients.js:12:20)');
    expect(r.stdout).toContain('GET /patients/[REDACTED]');
  });

  it('explains an unknown fingerprint with exit 1', async () => {
    const r = await vigil(['errors', 'show', 'ffff', '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('vigil: no error group ffff');
  });
});

describe('vigil alerts', () => {
  it('shows what fires now (and the silence muting it) and the recent events', async () => {
    const r = await vigil(['alerts', '--db', db, '--json']);
    expect(r.code).toBe(0);
    const a = r.json<{ active: Array<{ rule: string; silencedBy: string | null; labels: Record<string, string> }>; events: Array<{ event: string }> }>();
    expect(a.active.map((x) => x.rule)).toEqual(['ApiErrors']);
    expect(a.active[0]!.silencedBy).toBe(FIXTURE.silenceId);
    expect(a.active[0]!.labels['alertname']).toBe('ApiErrors');
    expect(a.events.map((e) => e.event).sort()).toEqual(['firing', 'firing', 'notified', 'resolved']);
  });

  it('narrows the events to the window', async () => {
    const r = await vigil(['alerts', '--window', '1h', '--db', db, '--json']);
    expect(r.json<{ events: unknown[] }>().events).toHaveLength(2);
  });
});

describe('vigil silence list', () => {
  it('lists active silences with their matchers', async () => {
    const r = await vigil(['silence', '--db', db, '--json']);
    expect(r.code).toBe(0);
    const { silences } = r.json<{ silences: Array<{ id: string; state: string; createdBy: string; matchers: unknown[] }> }>();
    expect(silences).toHaveLength(1);
    expect(silences[0]).toMatchObject({ id: FIXTURE.silenceId, state: 'active', createdBy: 'oncall' });
  });
});

describe('vigil crashes', () => {
  it('lists crash reports', async () => {
    const r = await vigil(['crashes', '--db', db, '--json']);
    expect(r.code).toBe(0);
    const { crashes } = r.json<{ crashes: Array<{ id: string; type: string; sent: string | null }> }>();
    expect(crashes).toEqual([expect.objectContaining({ id: FIXTURE.crashId, type: 'RangeError', sent: null })]);
  });

  it('shows one in full, saying its file is gone', async () => {
    const r = await vigil(['crashes', 'show', 'crash-0', '--db', db, '--json']);
    expect(r.code).toBe(0);
    const c = r.json<{ id: string; stack: string; report: { node: string }; fileExists: boolean }>();
    expect(c.id).toBe(FIXTURE.crashId);
    expect(c.stack).toContain('at walk (/app/tree.js:3:10)');
    expect(c.report.node).toBe('v24');
    expect(c.fileExists).toBe(false);
  });
});
