import { spawn, execFileSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, freePort, tempDir } from './child.js';

export interface PrometheusServer {
  url: string;
  query(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  stop(): void;
}

/** A real Prometheus (Debian's package) scraping the given targets every second. */
export async function startPrometheus(targets: string[], extraConfig = ''): Promise<PrometheusServer> {
  const dir = tempDir('vigil-prom-');
  const port = await freePort();
  const config = `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: vigil\n    static_configs:\n      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]\n${extraConfig}`;
  writeFileSync(join(dir, 'prometheus.yml'), config);
  const proc: ChildProcess = spawn(
    'prometheus',
    [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
    { stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  await eventually(async () => (await fetch(`${url}/-/ready`)).ok || undefined, 30_000, 250);
  return {
    url,
    async query(expr) {
      const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
      const body = (await res.json()) as { status: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] }; error?: string };
      if (body.status !== 'success') throw new Error(`${expr}: ${body.error}`);
      return body.data.result;
    },
    stop: () => proc.kill('SIGKILL'),
  };
}

/** `promtool check metrics` on a scrape; returns its output (throws on a non-zero exit). */
export function promtoolCheckMetrics(text: string): string {
  return execFileSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
}

export const ALERTMANAGER_BIN = '/usr/bin/prometheus-alertmanager';

/** An alert as Alertmanager's API v2 lists it. */
export interface AmAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  fingerprint: string;
  startsAt: string;
  endsAt: string;
  updatedAt: string;
  generatorURL: string;
  status: { state: string };
}

export interface AlertmanagerServer {
  url: string;
  /** GET /api/v2/alerts */
  alerts(): Promise<AmAlert[]>;
  /** GET /api/v2/alerts/groups */
  groups(): Promise<Array<{ labels: Record<string, string>; alerts: AmAlert[] }>>;
  log(): string;
  stop(): void;
}

/**
 * A real Alertmanager (Debian's prometheus-alertmanager) on its own port and
 * data dir, no cluster gossip; `config` is its YAML (route and receivers).
 */
export async function startAlertmanager(config: string): Promise<AlertmanagerServer> {
  const dir = tempDir('vigil-am-');
  writeFileSync(join(dir, 'alertmanager.yml'), config);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const proc: ChildProcess = spawn(
    ALERTMANAGER_BIN,
    [`--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  proc.stdout?.on('data', (c: Buffer) => (log += c.toString()));
  proc.stderr?.on('data', (c: Buffer) => (log += c.toString()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (await fetch(`${url}/-/ready`).then((r) => r.ok, () => false)) break;
    if (Date.now() > deadline || proc.exitCode !== null) throw new Error(`Alertmanager did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const get = async <T>(path: string): Promise<T> => (await (await fetch(`${url}${path}`)).json()) as T;
  return {
    url,
    alerts: () => get('/api/v2/alerts'),
    groups: () => get('/api/v2/alerts/groups'),
    log: () => log,
    stop: () => proc.kill('SIGKILL'),
  };
}
