// Regression (issue 10, defect 8): a check failing from its first run never
// alerted (only transitions did), and health reached the alert engine by a
// 15 s poll. A critical check down since start must alert after its `for`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually, freePort, tempDir } from '../helpers/child.js';
import { query, startFixture, stop } from '../fixtures/e2e/lib.js';
import { receiver } from '../unit/alerting/receiver.js';

describe('a critical check down from the start', () => {
  it('alerts once its `for` has passed, through the configured channel', async () => {
    const rx = await receiver();
    const down = `http://127.0.0.1:${await freePort()}/status`;
    const config = join(tempDir('vigil-first-run-'), 'vigil.config.yaml');
    writeFileSync(
      config,
      [
        'health:',
        '  checks:',
        '    - type: http',
        '      name: lab-gateway',
        `      url: ${down}`,
        '      interval: 500ms',
        '      timeout: 300ms',
        '      critical: true',
        'alerts:',
        '  defaults: false',
        '  rules:',
        '    - name: LabGatewayDown',
        '      kind: health',
        '      for: 2s',
        '      severity: critical',
        'channels:',
        '  - type: webhook',
        '    name: ops',
        `    url: ${rx.url}/hook`,
        'routing:',
        // Per check: a busy machine's CPU check may fail too, and must not hold the gateway's alert for a group_interval.
        '  group_by: [alertname, check]',
        '  group_wait: 0s',
        '',
      ].join('\n'),
    );
    const app = await startFixture('health-app.mjs', { VIGIL_CONFIG: config });
    try {
      // Other checks (a busy machine's CPU) may fail too; the gateway's alert is the one asked for.
      const got = await eventually(() => rx.got.find((r) => r.body.includes('"check":"lab-gateway"')), 20_000).catch((err: Error) => {
        const rows = query(app.dataDir, 'SELECT event, rule, channel, reason, labels FROM alerts ORDER BY id');
        throw new Error(`${err.message}\nalerts: ${JSON.stringify(rows)}\nreceived: ${JSON.stringify(rx.got.map((r) => r.body))}\nstderr: ${app.child.stderr()}`);
      });
      const body = JSON.parse(got.body) as { status: string; alerts: Array<{ labels: Record<string, string> }> };
      expect(body.status).toBe('firing');
      expect(body.alerts.map((a) => a.labels)).toContainEqual(expect.objectContaining({ alertname: 'LabGatewayDown', check: 'lab-gateway', status: 'fail' }));
      const rows = query<{ event: string; time_ms: number }>(
        app.dataDir,
        `SELECT event, time_ms FROM alerts WHERE rule = 'LabGatewayDown' AND event IN ('pending', 'firing') AND labels LIKE '%"check":"lab-gateway"%' ORDER BY id`,
      );
      expect(rows.map((r) => r.event).slice(0, 2)).toEqual(['pending', 'firing']);
      // It waited for its `for`, and no longer than a poll would have taken.
      const waited = rows[1]!.time_ms - rows[0]!.time_ms;
      expect(waited).toBeGreaterThanOrEqual(2000);
      expect(waited).toBeLessThan(12_000);
    } finally {
      await stop(app);
      await rx.close();
    }
  });
});
