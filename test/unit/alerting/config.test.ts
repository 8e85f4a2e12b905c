import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createAlerting, parseAlertingSection } from '../../../src/alerting/index.js';

const where = (path: Array<string | number>) => `vigil.config.yaml#${path.join('.')}`;

const yaml = `
alerts:
  defaults: true
  rules:
    - name: SlowConsultations
      expr: p95(emr.consultation.duration) > 2 for 5m
      severity: critical
      keep_firing_for: 10m
      labels: { team: clinic }
      annotations: { title: Consultations slow }
    - name: BadExpr
      expr: p95(emr.consultation.duration > 2
    - name: Typo
      exprr: avg(x) > 1
channels:
  - type: slack
    url: \${SLACK_URL}
    min_severity: error
    rate_limit: 10/1h
  - type: webhook
    url: http://127.0.0.1:1/hook
    secret: \${MISSING_SECRET}
  - type: pager
  - type: email
    host: smtp.clinic.local
    from: vigil@clinic.local
    to: [ops@clinic.local]
    password: \${SMTP_PASSWORD}
    retries: 2
    timeout: 5s
routing:
  group_by: [alertname, check]
  group_wait: 10s
  repeat_interval: 2h
  group_intervl: 1m
silences:
  - matchers: ['alertname="DiskFull"']
    duration: 2h
    comment: new disk on order
  - matchers: []
    duration: 1h
`;

describe('parseAlertingSection', () => {
  const { config, problems } = parseAlertingSection(parse(yaml), where, { SLACK_URL: 'https://hooks.slack.test/T/B/X', SMTP_PASSWORD: 'hunter2' });

  it('keeps the valid rules, channels, routing and silences', () => {
    expect(config.rules.map((r) => r.name)).toEqual(['SlowConsultations']);
    expect(config.channels.map((c) => c.type)).toEqual(['slack', 'email']);
    expect(config.channels[0]).toMatchObject({ url: 'https://hooks.slack.test/T/B/X', min_severity: 'ERROR', rate_limit: { count: 10, perMs: 3_600_000 } });
    expect(config.channels[1]).toMatchObject({ password: 'hunter2', retry: { attempts: 3 }, timeout_ms: 5000, to: ['ops@clinic.local'] });
    expect(config.routing).toEqual({ groupBy: ['alertname', 'check'], groupWaitMs: 10_000, repeatIntervalMs: 7_200_000 });
    expect(config.silences).toHaveLength(1);
  });

  it('names the place and the accepted keys for each problem, without secrets', () => {
    const lines = problems.map((p) => `${p.source}: ${p.message}`);
    expect(lines).toEqual([
      expect.stringMatching(/^vigil\.config\.yaml#alerts\.rules\.1: rule "BadExpr": expr expected "\)" at column \d+/),
      expect.stringMatching(/^vigil\.config\.yaml#alerts\.rules\.2\.exprr: unknown rule field "exprr" \(accepted: name, expr, kind, for, keep_firing_for/),
      'vigil.config.yaml#channels.1.secret: environment variable MISSING_SECRET is not set; channel ignored',
      expect.stringMatching(/^vigil\.config\.yaml#channels\.2\.type: unknown channel type "pager" \(accepted: email, slack, webhook, alertmanager, desktop\)/),
      expect.stringMatching(/^vigil\.config\.yaml#routing\.group_intervl: unknown key "group_intervl" \(accepted: group_by, group_wait, group_interval, repeat_interval/),
      'vigil.config.yaml#silences.1: a silence needs at least one matcher; silence ignored',
    ]);
    expect(lines.join('\n')).not.toContain('hunter2');
  });

  it('feeds createAlerting: config rules replace defaults of the same name, defaults can be turned off', async () => {
    const a = createAlerting({ config, timers: false });
    const names = a.rules().map((r) => r.name);
    expect(names).toContain('SlowConsultations');
    expect(names).toContain('ApiErrors');
    expect(a.rules().find((r) => r.name === 'SlowConsultations')).toMatchObject({ severity: 'CRITICAL', forMs: 300_000, keepFiringForMs: 600_000 });
    expect(a.listSilences()[0]!.comment).toBe('new disk on order');
    await a.shutdown();
    const off = createAlerting({ config: { ...config, defaults: false }, timers: false });
    expect(off.rules().map((r) => r.name)).toEqual(['SlowConsultations', 'Alert']);
    await off.shutdown();
  });
});
