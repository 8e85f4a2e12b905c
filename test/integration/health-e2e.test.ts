// Health end to end (issue 5): /health, /livez, /readyz and the health
// metrics of a real application started with `node --import dist/src/register.js`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually, freePort, tempDir } from '../helpers/child.js';
import { get, startFixture, stop } from '../fixtures/e2e/lib.js';

interface HealthBody {
  status: string;
  checks?: Record<string, { componentId?: string; status: string; observedValue?: unknown; observedUnit?: string; time?: string; output?: string }[]>;
}

const HEALTH_JSON = /^application\/health\+json/;

describe('health endpoints, end to end', () => {
  it('passing: /health 200 in application/health+json, /livez 200, /readyz 200, health metrics on /metrics', async () => {
    const app = await startFixture('health-app.mjs');
    try {
      const h = await eventually(async () => {
        const r = await get(`${app.vigil}/health?verbose`);
        return r.status === 200 && Object.keys((JSON.parse(r.text) as HealthBody).checks ?? {}).length > 0 ? r : undefined;
      });
      expect(h.type).toMatch(HEALTH_JSON);
      const body = JSON.parse(h.text) as HealthBody;
      expect(['pass', 'warn']).toContain(body.status);
      // draft-inadarei: checks keyed "component:measurement" (or a bare "uptime"), each an array of results.
      for (const [key, results] of Object.entries(body.checks!)) {
        expect(key).toMatch(/^[^:]+(:[^:]+)?$/);
        for (const r of results) {
          expect(['pass', 'warn', 'fail']).toContain(r.status);
          expect(Number.isNaN(Date.parse(String(r.time)))).toBe(false);
        }
      }
      expect(Object.keys(body.checks!)).toEqual(expect.arrayContaining(['memory:utilization', 'disk:utilization']));

      const live = await get(`${app.vigil}/livez`);
      expect(live.status).toBe(200);
      expect(JSON.parse(live.text)).toMatchObject({ status: 'pass' });
      expect((await get(`${app.vigil}/readyz`)).status).toBe(200);

      const metrics = await eventually(async () => {
        const m = await get(`${app.vigil}/metrics`);
        return /^vigil_health_score/m.test(m.text) && /^vigil_health_status/m.test(m.text) ? m.text : undefined;
      });
      const score = /^vigil_health_score\S*(?:\{[^}]*\})? (\S+)$/m.exec(metrics);
      expect(score).not.toBeNull();
      expect(Number(score![1])).toBeGreaterThan(0);
      expect(Number(score![1])).toBeLessThanOrEqual(100);
      expect(metrics).toMatch(/^vigil_health_status\S*\{[^}]*check="[^"]+"[^}]*\} (1|0\.5|0)$/m);
    } finally {
      await stop(app);
    }
  });

  it('a critical http check against a URL that is down (config health: section): /health 503 fail, /livez still 200', async () => {
    // A port that was free a moment ago: connection refused.
    const down = `http://127.0.0.1:${await freePort()}/status`;
    const config = join(tempDir('vigil-health-config-'), 'vigil.config.yaml');
    writeFileSync(
      config,
      ['health:', '  checks:', '    - type: http', '      name: lab-gateway', `      url: ${down}`, '      interval: 1s', '      timeout: 500ms', '      critical: true', ''].join('\n'),
    );
    const app = await startFixture('health-app.mjs', { VIGIL_CONFIG: config });
    try {
      expect(app.child.stderr()).not.toMatch(/vigil\.config\.yaml/); // the section is accepted
      const h = await eventually(async () => {
        const r = await get(`${app.vigil}/health?verbose`);
        return r.status === 503 ? r : undefined;
      }, 10_000);
      expect(h.type).toMatch(HEALTH_JSON);
      const body = JSON.parse(h.text) as HealthBody;
      expect(body.status).toBe('fail');
      const gateway = Object.values(body.checks ?? {}).flat().filter((r) => r.componentId === down);
      expect(gateway).toHaveLength(1);
      expect(gateway[0]!.status).toBe('fail');
      expect(gateway[0]!.output).toMatch(/ECONNREFUSED|refused|fetch failed/i);
      // Liveness is the process only, never its dependencies; readiness is the critical checks.
      expect((await get(`${app.vigil}/livez`)).status).toBe(200);
      expect((await get(`${app.vigil}/readyz`)).status).toBe(503);
      const metrics = (await get(`${app.vigil}/metrics`)).text;
      expect(metrics).toMatch(/^vigil_health_status\S*\{[^}]*check="lab-gateway"[^}]*\} 0$/m);
    } finally {
      await stop(app);
    }
  });

  it('/readyz answers 503 after SIGTERM while the application drains, then the process exits', async () => {
    const app = await startFixture('health-app.mjs', { APP_SIGTERM: '1500' });
    expect((await get(`${app.vigil}/readyz`)).status).toBe(200);
    app.child.kill('SIGTERM');
    await app.child.waitFor(/APP DRAINING/);
    const ready = await get(`${app.vigil}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.type).toMatch(HEALTH_JSON);
    expect(JSON.parse(ready.text)).toMatchObject({ status: 'fail' });
    // Alive until the application itself decides to exit.
    expect((await get(`${app.vigil}/livez`)).status).toBe(200);
    expect((await fetch(`${app.url}/patients`)).status).toBe(200);
    const exit = await app.child.exited;
    expect(exit.code).toBe(0);
  });
});
