import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createAlerting, parseAlertingSection } from '../../../src/alerting/index.js';
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
