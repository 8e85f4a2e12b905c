import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { ROOT, eventually } from '../helpers/child.js';
import { startDemo } from '../helpers/demo.js';
import type { Demo } from '../helpers/demo.js';
import { startPrometheus } from '../helpers/prometheus.js';
import type { PrometheusServer } from '../helpers/prometheus.js';

// Every PromQL expression of every bundled Grafana panel, run against a real
// Prometheus scraping the demo after load; every metric name they use must be
// on the demo's /metrics; the alert rules must pass promtool and load cleanly.

const DASHBOARDS = resolve(ROOT, 'grafana/dashboards');
const RULES = resolve(ROOT, 'grafana/prometheus/alerts.yaml');

interface Query {
  dashboard: string;
  panel: string;
  expr: string;
}
interface Panel {
  title: string;
  targets?: Array<{ expr?: string }>;
  panels?: Panel[];
  datasource?: { uid?: string };
}
interface Dashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: Panel[];
  templating: { list: Array<{ name: string; type: string; definition?: string }> };
}

function dashboards(): Dashboard[] {
  return readdirSync(DASHBOARDS)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(DASHBOARDS, f), 'utf8')) as Dashboard);
}

function queries(): Query[] {
  const out: Query[] = [];
  const walk = (d: Dashboard, panels: Panel[]) => {
    for (const p of panels) {
      for (const t of p.targets ?? []) if (t.expr) out.push({ dashboard: d.title, panel: p.title, expr: t.expr });
      walk(d, p.panels ?? []);
    }
  };
  for (const d of dashboards()) walk(d, d.panels);
  return out;
}

/** What Grafana would send with "All" selected everywhere and a 1m rate interval. */
function substitute(expr: string): string {
  return expr
    .replace(/\$__rate_interval|\$__interval|\$\{__rate_interval\}/g, '1m')
    .replace(/\$__range/g, '1h')
    .replace(/\$\{?(service|job|instance)\}?/g, '.*');
}

/** Metric names in an expression: identifiers directly followed by a selector `{`. */
function metricNames(expr: string): string[] {
  return [...expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\{/g)].map((m) => m[1]!);
}

/** Why a metric may be missing from the demo, by name prefix (said in the failure, never a skip). */
const LIKELY_CAUSE: Array<[RegExp, string]> = [
  [/^emr_/, 'the emr instrumentation is off (src/sdk/instrumentations.ts) or the demo no longer calls emr.* (examples/emr-clinic/server.mjs)'],
  [/^gen_ai_/, 'the ollama instrumentation is off, or the demo made no LLM call'],
  [/^db_client_/, 'the node-sqlite instrumentation is off, or it ignores the clinic database'],
  [/^vigil_progress_/, "progress gauges appear once a trackProgress() job runs (the demo's /jobs/import)"],
  [/^vigil_alerts_/, 'counted on the first alert transition; no default rule fired during the load'],
  [/^vigil_health_/, 'the health feature is not registering its gauges on the meter provider'],
  [/^vigil_errors_/, 'the error tracker did not count the demo’s failing /reports/broken requests'],
];

function cause(metric: string): string {
  return LIKELY_CAUSE.find(([re]) => re.test(metric))?.[1] ?? 'nothing in the demo records it';
}

function sampleNames(text: string): Set<string> {
  return new Set(
    text
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.split(/[{ ]/)[0]!),
  );
}

let demo: Demo;
let prom: PrometheusServer;
let vigilPort: number;

describe('bundled Grafana dashboards, alert rules and Collector config', () => {
  beforeAll(async () => {
    demo = await startDemo({ VIGIL_CONFIG: resolve(ROOT, 'examples/emr-clinic/vigil.config.yaml') });
    vigilPort = demo.vigilPort;
    prom = await startPrometheus([`127.0.0.1:${vigilPort}`], `rule_files:\n  - ${RULES}\n`);
    // 16 rounds: four 5xx from /reports/broken, enough for the ApiErrors default (>= 3 in 5m) to fire.
    demo.load(16);
    await eventually(async () => ((await prom.query('up{job="vigil"} == 1')).length ? true : undefined), 60_000, 500);
    // A few scrapes after the load, so rate() over 1m has two samples of every series.
    await new Promise((r) => setTimeout(r, 5000));
  });

  afterAll(() => {
    prom?.stop();
    demo?.stop();
  });

  it('dashboards are Grafana 10+ JSON on a DS_PROMETHEUS data source with service/job/instance variables', () => {
    const ds = dashboards();
    expect(ds.map((d) => d.uid).sort()).toEqual(['vigil-emr', 'vigil-errors', 'vigil-jobs', 'vigil-overview', 'vigil-runtime']);
    for (const d of ds) {
      expect(d.schemaVersion, d.title).toBeGreaterThanOrEqual(39);
      expect(d.templating.list.map((v) => v.name)).toEqual(['DS_PROMETHEUS', 'service', 'job', 'instance']);
      for (const p of d.panels.filter((x) => x.targets)) expect(p.datasource?.uid, `${d.title} / ${p.title}`).toBe('${DS_PROMETHEUS}');
    }
    expect(queries().length).toBeGreaterThan(40);
  });

  it('across many instances: every quantile is taken of buckets summed by le and service, every counter sum keeps service apart', () => {
    // A quantile of per-instance quantiles, or a sum over services, is wrong as soon as a second instance or service is scraped.
    const bad = queries().filter((q) => {
      if (q.expr.includes('histogram_quantile') && !/histogram_quantile\([^,]+, sum by \((?=[^)]*\ble\b)(?=[^)]*\bservice\b)[^)]*\) \(rate\(\w+_bucket\{/.test(q.expr)) return true;
      // A sum of a rate/increase across targets must name service in its by-clause.
      return [...q.expr.matchAll(/\bsum(?: by \(([^)]*)\))? \((?:rate|increase)\(/g)].some((m) => !/\bservice\b/.test(m[1] ?? ''));
    });
    expect(bad.map((q) => `[${q.dashboard} / ${q.panel}] ${q.expr}`)).toEqual([]);
  });

  it('every metric name the dashboards use exists on /metrics', async () => {
    const text = await (await fetch(`http://127.0.0.1:${vigilPort}/metrics`)).text();
    const exposed = sampleNames(text);
    const used = [...new Set(queries().flatMap((q) => metricNames(q.expr)))].sort();
    const missing = used.filter((m) => !exposed.has(m));
    const report = missing.map((m) => `  ${m}: not on the demo's /metrics after load; likely because ${cause(m)}`).join('\n');
    expect(missing, `metric names used by grafana/dashboards but absent from /metrics:\n${report}`).toEqual([]);
  });

  it('every PromQL expression in every panel returns at least one series', async () => {
    const exposed = sampleNames(await (await fetch(`http://127.0.0.1:${vigilPort}/metrics`)).text());
    const all = queries();
    let empty: Array<Query & { error?: string }> = [];
    // Counters of late events (alerts) may need a few more scrapes: retry the empty ones for a while.
    const deadline = Date.now() + 30_000;
    let pending = all;
    for (;;) {
      empty = [];
      for (const q of pending) {
        try {
          if ((await prom.query(substitute(q.expr))).length === 0) empty.push(q);
        } catch (err) {
          empty.push({ ...q, error: (err as Error).message });
        }
      }
      if (empty.length === 0 || Date.now() > deadline) break;
      pending = empty;
      await new Promise((r) => setTimeout(r, 2000));
    }
    const why = (q: Query & { error?: string }) => {
      if (q.error) return `query error: ${q.error}`;
      const absent = metricNames(q.expr).filter((m) => !exposed.has(m));
      return absent.length ? absent.map((m) => `${m} is absent from /metrics (${cause(m)})`).join('; ') : 'its metrics are exposed but the selection/aggregation matched nothing';
    };
    const report = empty.map((q) => `  [${q.dashboard} / ${q.panel}] ${q.expr}\n      → ${why(q)}`).join('\n');
    expect(empty.length, `${empty.length} of ${all.length} panel expressions returned no series:\n${report}`).toBe(0);
  });

  it('the template variables find the demo through target_info', async () => {
    const res = await fetch(`${prom.url}/api/v1/series?match[]=${encodeURIComponent('target_info')}`);
    const body = (await res.json()) as { data: Array<Record<string, string>> };
    expect(body.data.map((s) => s['service_name'])).toContain('emr-clinic');
    expect(body.data.map((s) => s['job'])).toContain('vigil');
    expect(body.data.map((s) => s['instance'])).toContain(`127.0.0.1:${vigilPort}`);
  });

  it('promtool check rules accepts alerts.yaml, and Prometheus loads and evaluates every rule', async () => {
    const out = execFileSync('promtool', ['check', 'rules', RULES], { encoding: 'utf8' });
    expect(out).toMatch(/SUCCESS: \d+ rules found/);
    const rules = await eventually(async () => {
      const body = (await (await fetch(`${prom.url}/api/v1/rules`)).json()) as {
        data: { groups: Array<{ rules: Array<{ name: string; health: string; lastError?: string; labels: Record<string, string>; annotations: Record<string, string> }> }> };
      };
      const all = body.data.groups.flatMap((g) => g.rules);
      return all.length > 0 && all.every((r) => r.health === 'ok') ? all : undefined;
    }, 30_000, 1000);
    expect(rules.map((r) => r.name)).toEqual(
      expect.arrayContaining(['DatabaseFailures', 'ApiErrors', 'HighMemory', 'HighCpu', 'DiskFull', 'HealthCheckFailed', 'HealthScoreLow', 'TargetDown']),
    );
    for (const r of rules) {
      expect(['critical', 'error', 'warning', 'info'], r.name).toContain(r.labels['severity']);
      expect(r.annotations['summary'], r.name).toBeTruthy();
      expect(r.annotations['description'], r.name).toBeTruthy();
    }
  });

  it('otel-collector.yaml is valid YAML with an OTLP/HTTP receiver, memory_limiter → batch, and the three exporters', () => {
    // No Collector binary is installed here, so `otelcol validate` cannot run: this checks structure only.
    const c = parse(readFileSync(resolve(ROOT, 'otel-collector.yaml'), 'utf8')) as {
      receivers: { otlp: { protocols: { http: { endpoint: string } } } };
      processors: Record<string, unknown>;
      exporters: Record<string, unknown>;
      service: { pipelines: Record<string, { receivers: string[]; processors: string[]; exporters: string[] }> };
    };
    expect(c.receivers.otlp.protocols.http.endpoint).toMatch(/:4318$/);
    expect(Object.keys(c.processors)).toEqual(expect.arrayContaining(['memory_limiter', 'batch']));
    expect(Object.keys(c.exporters)).toEqual(expect.arrayContaining(['otlp_http', 'prometheusremotewrite', 'debug']));
    // The Collector's current names, not the deprecated aliases and keys it warns about at start.
    expect(c.exporters).not.toHaveProperty('otlphttp');
    expect(c.exporters['prometheusremotewrite']).not.toHaveProperty('add_metric_suffixes');
    expect(c.exporters['prometheusremotewrite']).toHaveProperty('translation_strategy', 'UnderscoreEscapingWithSuffixes');
    expect(Object.keys(c.service.pipelines).sort()).toEqual(['logs', 'metrics', 'traces']);
    for (const [name, p] of Object.entries(c.service.pipelines)) {
      expect(p.processors[0], name).toBe('memory_limiter');
      expect(p.processors.at(-1), name).toBe('batch');
      for (const e of p.exporters) expect(c.exporters, `${name} uses ${e}`).toHaveProperty(e);
      for (const r of p.receivers) expect(c.receivers, `${name} uses ${r}`).toHaveProperty(r);
    }
    expect(c.service.pipelines['metrics']!.exporters).toContain('prometheusremotewrite');
  });
});
