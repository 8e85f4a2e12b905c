import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, eventually, freePort, startApp, tempDir } from '../helpers/child.js';
import type { Child } from '../helpers/child.js';
import { ALERTMANAGER_BIN, startAlertmanager, startPrometheus } from '../helpers/prometheus.js';
import type { AlertmanagerServer, AmAlert, PrometheusServer } from '../helpers/prometheus.js';

// The fleet (issue 14, item 5): two services, one of them on two hosts and
// with two processes on the first host, each host its own VIGIL_PORT and data
// dir; one real Prometheus scraping every host with the bundled rules, one
// real Alertmanager receiving from Prometheus and from Vigil's channel.

const APP = resolve(ROOT, 'test/fixtures/fleet/app.mjs');
const CONFIG = resolve(ROOT, 'test/fixtures/fleet/vigil.config.yaml');
const RULES = resolve(ROOT, 'grafana/prometheus/alerts.yaml');
const present = existsSync(ALERTMANAGER_BIN);
if (!present) console.warn(`skipping the fleet e2e test: ${ALERTMANAGER_BIN} is not installed (apt-get install prometheus-alertmanager)`);

/** target_info's service_name as `service`, as the bundled dashboards and rules join it. */
const BY_SERVICE = 'on (job, instance) group_left (service) label_replace(label_replace(max by (job, instance, service_name) (target_info), "service", "$1", "job", "(?:.*/)?(.+)"), "service", "$1", "service_name", "(.+)")';

interface Host {
  service: string;
  env?: Record<string, string>;
  vigilPort: number;
  dataDir: string;
  procs: Array<{ child: Child; port: number }>;
  sent: number;
}

const hosts: Host[] = [];
let prom: PrometheusServer;
let am: AlertmanagerServer;

async function startProcess(h: Host, alertmanagerUrl: string): Promise<void> {
  const child = startApp(APP, {
    OTEL_SERVICE_NAME: h.service,
    VIGIL_PORT: String(h.vigilPort),
    VIGIL_DATA_DIR: h.dataDir,
    VIGIL_CONFIG: CONFIG,
    ALERTMANAGER_URL: alertmanagerUrl,
    ...h.env,
  });
  const m = await child.waitFor(/LISTENING (\d+)/, 30_000);
  h.procs.push({ child, port: Number(m[1]) });
}

async function send(h: Host, proc: number, path: '/ok' | '/boom', n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await (await fetch(`http://127.0.0.1:${h.procs[proc]!.port}${path}`)).text();
    h.sent++;
  }
}

/** Notifications the processes on this host's data dir sent to Alertmanager (rows in its alerts table). */
function notified(h: Host): number {
  const db = new DatabaseSync(join(h.dataDir, 'monitoring.db'), { readOnly: true });
  try {
    return (db.prepare("SELECT count(*) AS n FROM alerts WHERE rule = 'ApiErrors' AND event = 'notified' AND channel = 'am'").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

const fromVigil = (a: AmAlert) => a.labels['alertname'] === 'ApiErrors' && a.labels['job'] === undefined;
const fromPrometheus = (a: AmAlert) => a.labels['alertname'] === 'ApiErrors' && a.labels['job'] === 'vigil';

describe.skipIf(!present)('a fleet of Vigil processes, one Prometheus, one Alertmanager', () => {
  beforeAll(async () => {
    am = await startAlertmanager(
      [
        'route:',
        '  receiver: ops',
        '  group_by: [alertname, service]',
        '  group_wait: 1s',
        '  group_interval: 1s',
        '  repeat_interval: 1h',
        'receivers:',
        '  - name: ops',
        '',
      ].join('\n'),
    );
    for (const service of ['emr-api', 'emr-api', 'lab-results']) hosts.push({ service, vigilPort: await freePort(), dataDir: tempDir('vigil-fleet-'), procs: [], sent: 0 });
    // lab-results listens on every address, as a host scraped from elsewhere would.
    hosts[2]!.env = { VIGIL_HOST: '0.0.0.0', VIGIL_DASHBOARD_TOKEN: 'fleet-test-token' };
    // Host 0 runs two processes of emr-api on one data dir and VIGIL_PORT (the second joins the first's /metrics).
    await Promise.all(hosts.map((h) => startProcess(h, am.url)));
    await startProcess(hosts[0]!, am.url);
    prom = await startPrometheus(
      hosts.map((h) => `127.0.0.1:${h.vigilPort}`),
      `rule_files:\n  - ${RULES}\nalerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ['${am.url.replace('http://', '')}']\n`,
    );
    await eventually(async () => ((await prom.query('up{job="vigil"} == 1')).length === hosts.length ? true : undefined), 60_000, 500);
  }, 120_000);

  afterAll(() => {
    prom?.stop();
    am?.stop();
    for (const h of hosts) for (const p of h.procs) p.child.kill('SIGKILL');
  });

  it("Prometheus' per-service totals equal the requests sent to every process of the service", async () => {
    // One 5xx first on every process, so the 5xx series exist in a scrape before the rest (increase() needs two samples).
    for (const h of hosts) for (let p = 0; p < h.procs.length; p++) await send(h, p, '/boom', 1);
    await eventually(async () => ((await prom.query('http_server_request_duration_seconds_count{http_response_status_code="500"}')).length === hosts.length ? true : undefined), 30_000, 500);
    await send(hosts[0]!, 0, '/ok', 5);
    await send(hosts[0]!, 1, '/ok', 3);
    await send(hosts[1]!, 0, '/ok', 2);
    await send(hosts[2]!, 0, '/ok', 6);
    const expected = { 'emr-api': hosts[0]!.sent + hosts[1]!.sent, 'lab-results': hosts[2]!.sent };
    const totals = await eventually(
      async () => {
        const r = await prom.query(`sum by (service) (http_server_request_duration_seconds_count * ${BY_SERVICE})`);
        // Sorted: Prometheus returns the groups in no set order.
        const got = Object.fromEntries(r.map((s) => [s.metric['service'], Number(s.value[1])]).sort());
        return JSON.stringify(got) === JSON.stringify(expected) ? got : undefined;
      },
      30_000,
      500,
    ).catch(async (err: Error) => {
      const r = await prom.query(`sum by (service, instance) (http_server_request_duration_seconds_count * ${BY_SERVICE})`);
      throw new Error(`${err.message}; expected ${JSON.stringify(expected)}, Prometheus has ${JSON.stringify(r.map((s) => [s.metric, s.value[1]]))}`);
    });
    expect(totals).toEqual(expected);
    // A quantile across instances: one series per service, not one per instance.
    const p95 = await prom.query(`histogram_quantile(0.95, sum by (le, service) (rate(http_server_request_duration_seconds_bucket[1m]) * ${BY_SERVICE}))`);
    expect(p95.map((s) => s.metric['service']).sort()).toEqual(['emr-api', 'lab-results']);
  }, 60_000);

  it('every bundled dashboard query runs across the fleet, per-service panels keep the services apart', async () => {
    const dir = resolve(ROOT, 'grafana/dashboards');
    const exprs = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .flatMap((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { panels: Array<{ targets?: Array<{ expr?: string }> }> }).panels)
      .flatMap((p) => (p.targets ?? []).map((t) => t.expr ?? ''))
      .filter(Boolean)
      .map((e) => e.replace(/\$__rate_interval/g, '1m').replace(/\$(service|job|instance)\b/g, '.*'));
    const failed: string[] = [];
    // A target_info join that matched two series of one target (many-to-many) is a query error here.
    for (const e of exprs) await prom.query(e).catch((err: Error) => failed.push(err.message));
    expect(failed).toEqual([]);
    const rate = exprs.find((e) => e.startsWith('sum by (service, http_route) (rate(http_server_request_duration_seconds_count'))!;
    const services = await eventually(async () => {
      const r = await prom.query(rate);
      const s = [...new Set(r.map((x) => x.metric['service']))].sort();
      return s.length === 2 ? s : undefined;
    }, 30_000, 1000);
    expect(services).toEqual(['emr-api', 'lab-results']);
  }, 60_000);

  it("one Vigil alert per service and host: a second process's alert for the same condition deduplicates into the first's", async () => {
    const [h0, h1, h2] = hosts as [Host, Host, Host];
    // The first process of host 0 crosses ApiErrors (>= 3 5xx in 5 min; it has one).
    await send(h0, 0, '/boom', 3);
    const first = await eventually(async () => (await am.alerts()).find((a) => fromVigil(a) && a.labels['service'] === 'emr-api'), 45_000, 500);
    expect(first.labels).toMatchObject({ alertname: 'ApiErrors', severity: 'error', service: 'emr-api', instance: `${hostname()}:${h0.vigilPort}` });
    expect(first.labels).not.toHaveProperty('process_pid');
    expect(first.generatorURL).toBe(`http://127.0.0.1:${h0.vigilPort}/monitoring#alerts/ApiErrors`);
    expect(Date.parse(first.startsAt)).toBeLessThanOrEqual(Date.now());
    // A firing alert ends unless a process re-posts it: four resend intervals (4 min), as Prometheus sets it.
    expect(Date.parse(first.endsAt)).toBeGreaterThan(Date.now() + 60_000);
    expect(Date.parse(first.endsAt)).toBeLessThanOrEqual(Date.now() + 4 * 60_000);
    const before = notified(h0);
    expect(before).toBe(1);

    // The second process on host 0 fires the same condition: Alertmanager gets a second notification, keeps one alert.
    await send(h0, 1, '/boom', 3);
    await eventually(() => (notified(h0) === 2 ? true : undefined), 45_000, 500);
    const mine = (await am.alerts()).filter((a) => fromVigil(a) && a.labels['instance'] === first.labels['instance']);
    expect(mine.map((a) => a.fingerprint)).toEqual([first.fingerprint]);
    expect(mine[0]!.startsAt).toBe(first.startsAt);

    // Host 1 (the other emr-api host) and host 2 (lab-results): alerts of their own.
    await send(h1, 0, '/boom', 3);
    await send(h2, 0, '/boom', 3);
    const vigil = await eventually(
      async () => {
        const v = (await am.alerts()).filter(fromVigil);
        return v.length === 3 ? v : undefined;
      },
      45_000,
      500,
    );
    expect(vigil.map((a) => `${a.labels['service']} ${a.labels['instance']}`).sort()).toEqual(
      [`emr-api ${hostname()}:${h0.vigilPort}`, `emr-api ${hostname()}:${h1.vigilPort}`, `lab-results ${hostname()}:${h2.vigilPort}`].sort(),
    );
    expect(new Set(vigil.map((a) => a.fingerprint)).size).toBe(3);
    // Its link names the host, not 0.0.0.0.
    expect(vigil.find((a) => a.labels['service'] === 'lab-results')!.generatorURL).toBe(`http://${hostname()}:${h2.vigilPort}/monitoring#alerts/ApiErrors`);
  }, 180_000);

  it("Alertmanager groups Prometheus' and Vigil's alerts by alertname and service, each instance once", async () => {
    const groups = await eventually(
      async () => {
        const g = (await am.groups()).filter((x) => x.labels['alertname'] === 'ApiErrors');
        const emr = g.find((x) => x.labels['service'] === 'emr-api');
        return g.length === 2 && emr?.alerts.filter(fromPrometheus).length === 2 ? g : undefined;
      },
      60_000,
      1000,
    );
    const by = (service: string) => groups.find((g) => g.labels['service'] === service)!.alerts;
    // From Prometheus: one alert per scraped host (workers are already summed on the host's /metrics), with the service joined from target_info.
    expect(by('emr-api').filter(fromPrometheus).map((a) => a.labels['instance']).sort()).toEqual([`127.0.0.1:${hosts[0]!.vigilPort}`, `127.0.0.1:${hosts[1]!.vigilPort}`].sort());
    expect(by('emr-api').filter(fromVigil)).toHaveLength(2);
    expect(by('lab-results').filter(fromPrometheus).map((a) => a.labels['instance'])).toEqual([`127.0.0.1:${hosts[2]!.vigilPort}`]);
    expect(by('lab-results').filter(fromVigil)).toHaveLength(1);
    for (const a of groups.flatMap((g) => g.alerts)) {
      expect(a.labels['severity'], JSON.stringify(a.labels)).toBe('error');
      expect(a.status.state).toBe('active');
      expect(a.generatorURL).toMatch(/^http:\/\//);
    }
    // Each alert once in its group.
    for (const g of groups) expect(new Set(g.alerts.map((a) => a.fingerprint)).size).toBe(g.alerts.length);
  }, 90_000);
});
