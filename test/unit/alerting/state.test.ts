import { describe, expect, it } from 'vitest';
import { loadRule } from '../../../src/alerting/index.js';
import { RuleState } from '../../../src/alerting/state.js';

const rule = (extra: Record<string, unknown> = {}) => loadRule({ name: 'HighLatency', expr: 'p95(x) > 1', ...extra }).rule;
const on = [{ labels: { route: '/a' }, value: 2 }];

describe('alert state machine', () => {
  it('goes pending, then firing once the condition held for "for"', () => {
    const s = new RuleState(rule({ for: '2m' }));
    expect(s.update(on, 0).map((t) => t.to)).toEqual(['pending']);
    expect(s.update(on, 60_000)).toEqual([]);
    const t = s.update(on, 120_000);
    expect(t.map((x) => [x.from, x.to])).toEqual([['pending', 'firing']]);
    expect(t[0]!.alert).toMatchObject({ state: 'firing', startsAtMs: 120_000, activeAtMs: 0, value: 2 });
    expect(t[0]!.alert.labels).toEqual({ route: '/a', alertname: 'HighLatency', severity: 'warning' });
  });

  it('drops a pending alert whose condition cleared before "for"', () => {
    const s = new RuleState(rule({ for: '2m' }));
    s.update(on, 0);
    expect(s.update([], 60_000).map((t) => t.to)).toEqual(['inactive']);
    expect(s.active()).toEqual([]);
  });

  it('fires at once without "for", and resolves when the condition clears', () => {
    const s = new RuleState(rule());
    expect(s.update(on, 0).map((t) => t.to)).toEqual(['firing']);
    const t = s.update([], 15_000);
    expect(t.map((x) => x.to)).toEqual(['resolved']);
    expect(t[0]!.alert.endsAtMs).toBe(15_000);
  });

  it('keeps firing through a flapping signal with keep_firing_for', () => {
    const s = new RuleState(rule({ keep_firing_for: '1m' }));
    const seen: string[] = [];
    for (let i = 0; i < 8; i++) for (const t of s.update(i % 2 === 0 ? on : [], i * 15_000)) seen.push(t.to);
    expect(seen).toEqual(['firing']);
    for (const t of s.update([], 8 * 15_000 + 60_000)) seen.push(t.to);
    expect(seen).toEqual(['firing', 'resolved']);
  });

  it('without keep_firing_for, the same flapping signal fires and resolves each time', () => {
    const s = new RuleState(rule());
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) for (const t of s.update(i % 2 === 0 ? on : [], i * 15_000)) seen.push(t.to);
    expect(seen).toEqual(['firing', 'resolved', 'firing', 'resolved']);
  });

  it('keeps one instance per label set', () => {
    const s = new RuleState(rule());
    s.update([...on, { labels: { route: '/b' }, value: 3 }], 0);
    expect(s.active().map((a) => a.labels['route']).sort()).toEqual(['/a', '/b']);
    expect(new Set(s.active().map((a) => a.fingerprint)).size).toBe(2);
  });

  it('fills annotation templates', () => {
    const s = new RuleState(rule({ annotations: { message: '{{ $labels.route }} at {{ $value }}s' } }));
    expect(s.update(on, 0)[0]!.alert.annotations['message']).toBe('/a at 2s');
  });
});
