import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createAlerting, parseAlertingSection } from '../../../src/alerting/index.js';
import { eventually } from '../../helpers/child.js';
import { receiver } from './receiver.js';

// The labels that tell one instance's alerts from another's in a shared
// Alertmanager (the many-instances case of issue 14).

type Posted = Array<{ labels: Record<string, string> }>;

async function sentLabels(externalLabels: Record<string, string> | undefined, channelLabels?: Record<string, string>, alertLabels: Record<string, string> = {}) {
  const rx = await receiver();
  const alerting = createAlerting({
    timers: false,
    defaults: false,
    routing: { groupWaitMs: 0, groupIntervalMs: 0 },
    ...(externalLabels ? { externalLabels } : {}),
    channels: [{ type: 'alertmanager', url: rx.url, ...(channelLabels ? { external_labels: channelLabels } : {}), retry: { attempts: 1 } }],
  });
  try {
    alerting.alert({ severity: 'ERROR', title: 'QueueStuck', labels: alertLabels });
    await alerting.flush();
    await rx.waitFor(1);
    return (JSON.parse(rx.got[0]!.body) as Posted)[0]!.labels;
  } finally {
    await alerting.shutdown();
    await rx.close();
  }
}

describe('the Alertmanager channel labels alerts with the instance that sent them', () => {
  it('adds service and instance from externalLabels', async () => {
    expect(await sentLabels({ service: 'emr-clinic', instance: 'clinic-a:9464' })).toEqual({
      alertname: 'QueueStuck',
      severity: 'error',
      service: 'emr-clinic',
      instance: 'clinic-a:9464',
    });
  });

  it("keeps the alert's own labels and the channel's external_labels over the instance's", async () => {
    const labels = await sentLabels({ service: 'emr-clinic', instance: 'clinic-a:9464', region: 'north' }, { region: 'south' }, { instance: 'db-1' });
    expect(labels).toMatchObject({ service: 'emr-clinic', instance: 'db-1', region: 'south' });
  });

  it('sends the alert labels alone without external labels', async () => {
    expect(await sentLabels(undefined)).toEqual({ alertname: 'QueueStuck', severity: 'error' });
  });
});

describe('external_labels in vigil.config.yaml', () => {
  const where = (path: Array<string | number>) => `vigil.config.yaml#${path.join('.')}`;

  it('accepts a mapping of strings and numbers', () => {
    const { config, problems } = parseAlertingSection(parse('channels:\n  - type: alertmanager\n    url: http://am:9093\n    external_labels: { region: north, rack: 7 }\n'), where, {});
    expect(problems).toEqual([]);
    expect(config.channels[0]).toMatchObject({ type: 'alertmanager', external_labels: { region: 'north', rack: '7' } });
  });

  it('refuses a list, naming the key', () => {
    const { config, problems } = parseAlertingSection(parse('channels:\n  - type: alertmanager\n    url: http://am:9093\n    external_labels: [north]\n'), where, {});
    expect(config.channels).toEqual([]);
    expect(problems.map((p) => `${p.source}: ${p.message}`).join('\n')).toMatch(/channels\.0\.external_labels: external_labels must be a mapping/);
  });
});

describe('the Alertmanager channel re-posts what still fires, as Prometheus does', () => {
  it('every resend interval with endsAt pushed on, until the alert resolves', async () => {
    const rx = await receiver();
    const alerting = createAlerting({
      timers: false,
      defaults: false,
      rules: [{ name: 'LlmDown', kind: 'health' }],
      routing: { groupWaitMs: 0, groupIntervalMs: 0 },
      // A long TTL tells the firing posts (endsAt an hour ahead) from the resolution (endsAt now).
      channels: [{ type: 'alertmanager', url: rx.url, resend_ms: 50, alert_ttl_ms: 3_600_000, retry: { attempts: 1 } }],
    });
    try {
      alerting.onHealthChange('ollama', 'pass', 'fail');
      await alerting.flush();
      await rx.waitFor(4);
      const posts = rx.got.slice(0, 4).map((r) => JSON.parse(r.body) as Array<{ labels: Record<string, string>; startsAt: string; endsAt: string }>);
      for (const p of posts) expect(p.map((a) => a.labels['alertname'])).toEqual(['LlmDown']);
      // One alert (same labels, same start); its end moves on with each post, four intervals ahead.
      expect(new Set(posts.map((p) => JSON.stringify(p[0]!.labels))).size).toBe(1);
      expect(new Set(posts.map((p) => p[0]!.startsAt)).size).toBe(1);
      expect(Date.parse(posts[3]![0]!.endsAt)).toBeGreaterThan(Date.parse(posts[0]![0]!.endsAt));

      alerting.onHealthChange('ollama', 'fail', 'pass');
      await alerting.flush();
      const resolved = (r: { body: string }) => Date.parse((JSON.parse(r.body) as Array<{ endsAt: string }>)[0]!.endsAt) <= Date.now();
      await eventually(() => rx.got.some(resolved) || undefined, 5000, 20);
      const resolvedAt = rx.got.findIndex(resolved);
      await new Promise((r) => setTimeout(r, 300)); // six resend intervals
      // At most one resend already in flight when the resolution went out; none after.
      expect(rx.got.length - 1 - resolvedAt).toBeLessThanOrEqual(1);
    } finally {
      await alerting.shutdown();
      await rx.close();
    }
  });

  it('does not re-post when resolutions are not sent (the alert could never end)', async () => {
    const rx = await receiver();
    const alerting = createAlerting({
      timers: false,
      defaults: false,
      routing: { groupWaitMs: 0, groupIntervalMs: 0 },
      channels: [{ type: 'alertmanager', url: rx.url, resend_ms: 20, send_resolved: false, retry: { attempts: 1 } }],
    });
    try {
      alerting.alert({ severity: 'ERROR', title: 'QueueStuck' });
      await alerting.flush();
      await rx.waitFor(1);
      await new Promise((r) => setTimeout(r, 200));
      expect(rx.got).toHaveLength(1);
      // Without resends the alert keeps the long TTL.
      const p = JSON.parse(rx.got[0]!.body) as Array<{ endsAt: string }>;
      expect(Date.parse(p[0]!.endsAt) - Date.now()).toBeGreaterThan(4 * 3_600_000);
    } finally {
      await alerting.shutdown();
      await rx.close();
    }
  });
});
