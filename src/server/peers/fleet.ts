import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diag } from '@opentelemetry/api';
import type { ScopeMetrics } from '@opentelemetry/sdk-metrics';
import { kUntraced } from '../../sdk/http/instrumentation.js';
import { mergeProcesses, retire } from './merge.js';
import type { ProcessMetrics, Retired } from './merge.js';
import type { PeerHealth, ProcessHealth } from '../../health/types.js';
import { incarnation, isAlive, listPeers, peersDir, procStartOf, register, unregister } from './registry.js';
import type { PeerEntry } from './registry.js';
import { GONE, PEER_HEALTH_PATH, PEER_PATH, TOKEN_HEADER, fetchPeer } from './wire.js';

const FETCH_TIMEOUT_MS = 1500;

export interface FleetOptions {
  dataDir: string;
  serviceName: string;
  /** This process's metrics, as the Prometheus reader collects them. */
  collectOwn(): Promise<ScopeMetrics[]>;
  /** This process's health checks and latest results, for the leader's /health. */
  healthOwn?(): ProcessHealth | undefined;
}

/**
 * The processes of one service on one data dir, seen as one: every process
 * answers its own metrics on a private loopback endpoint; the one holding
 * the telemetry port (the leader) merges them all into its `/metrics`. Under
 * node:cluster and PM2 cluster mode alike, whichever worker holds the port.
 *
 * When a process exits, its last counter and histogram totals are kept
 * (`retired`), so no sum goes backwards and Prometheus' rate() sees no
 * reset: a clean exit leaves its final totals in `<pid>@<startedAt>.last.json`; after a
 * kill the leader's last scrape of it stands in. The leader keeps that
 * state in `state.json`, so a new leader goes on from it.
 *
 * A process is known by its pid and start time (its incarnation): a worker
 * restarted under a recycled pid starts from zero, so the leader retires
 * the totals of the one before it rather than let the sums fall back.
 */
export class Fleet {
  private readonly dir: string;
  private readonly token = randomBytes(24).toString('hex');
  private server: Server | undefined;
  /** The latest metrics of each incarnation (`pid@startedAt`) the leader has scraped. */
  private readonly lastSeen = new Map<string, { pid: number; scopes: ScopeMetrics[] }>();
  private readonly lastHealth = new Map<string, ProcessHealth>();
  private readonly startedAt = Date.now();
  private retired: Retired = new Map();
  private leader = false;

  constructor(private readonly opts: FleetOptions) {
    this.dir = peersDir(opts.dataDir, opts.serviceName);
  }

  /** Opens this process's peer endpoint and registers it. */
  async join(): Promise<void> {
    const server = createServer((req, res) => void this.answer(req.url, req.headers[TOKEN_HEADER], res));
    (server as unknown as Record<symbol, boolean>)[kUntraced] = true;
    server.on('connection', (s) => s.unref());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => resolve());
    });
    server.unref();
    this.server = server;
    register(this.dir, { pid: process.pid, port: (server.address() as AddressInfo).port, token: this.token, startedAt: this.startedAt, procStart: procStartOf(process.pid) });
  }

  /** True when another live process of this service is registered (it, not a stranger, may hold the port). */
  othersAlive(): boolean {
    return this.others().length > 0;
  }

  /** This process now holds the telemetry port: pick up where the last leader left off. */
  becomeLeader(): void {
    if (this.leader) return;
    this.leader = true;
    try {
      const state = JSON.parse(readFileSync(join(this.dir, 'state.json'), 'utf8')) as { retired: [string, Retired extends Map<string, infer V> ? V : never][]; lastSeen: [string, { pid: number; scopes: ScopeMetrics[] }][] };
      this.retired = new Map(state.retired);
      const me = this.me();
      // Keys of an older state file were bare pids: those cannot be told from a new incarnation, so they are left out.
      for (const [key, seen] of state.lastSeen) if (key !== me && typeof key === 'string' && Array.isArray(seen.scopes)) this.lastSeen.set(key, seen);
    } catch {
      // first leader, or an unreadable state: start from the live processes
    }
  }

  /** Every process's metrics merged, for the leader's /metrics. */
  async collect(own: ScopeMetrics[]): Promise<ScopeMetrics[]> {
    const peers = this.others();
    const fetched = await Promise.all(peers.map((p) => fetchPeer<ScopeMetrics[]>(p, PEER_PATH, FETCH_TIMEOUT_MS)));
    const processes: ProcessMetrics[] = [{ pid: process.pid, scopeMetrics: own }];
    // The leader's own totals too: a leader that is killed is retired by the next one.
    this.lastSeen.set(this.me(), { pid: process.pid, scopes: own });
    const live = new Set<string>([this.me()]);
    peers.forEach((peer, i) => {
      const key = incarnation(peer);
      const metrics = fetched[i];
      if (metrics === GONE) return void unregister(this.dir, peer.pid, peer.startedAt);
      live.add(key);
      if (metrics) {
        this.lastSeen.set(key, { pid: peer.pid, scopes: metrics });
        processes.push({ pid: peer.pid, scopeMetrics: metrics });
      } else {
        // Slow or busy: its last totals stand in for this scrape.
        const last = this.lastSeen.get(key);
        if (last) processes.push({ pid: peer.pid, scopeMetrics: last.scopes });
      }
    });
    // Exited, or replaced by a new incarnation under the same pid: its totals stay in the sums.
    for (const [key, last] of this.lastSeen) {
      if (live.has(key)) continue;
      retire(this.retired, { pid: last.pid, scopeMetrics: this.finalTotals(key) ?? last.scopes });
      this.lastSeen.delete(key);
    }
    this.saveState();
    return mergeProcesses(processes, this.retired, peers.length > 0 || this.retired.size > 0);
  }

  /**
   * The other processes' health, for the leader's /health: each one's
   * latest results, or the last it gave when it did not answer in time.
   * Empty on a process that does not hold the port.
   */
  async peerHealth(): Promise<PeerHealth[]> {
    if (!this.leader) return [];
    const peers = this.others();
    const fetched = await Promise.all(peers.map((p) => fetchPeer<ProcessHealth>(p, PEER_HEALTH_PATH, FETCH_TIMEOUT_MS)));
    const live = new Set(peers.filter((_, i) => fetched[i] !== GONE).map(incarnation));
    for (const key of this.lastHealth.keys()) if (!live.has(key)) this.lastHealth.delete(key);
    return peers.flatMap((peer, i) => {
      const key = incarnation(peer);
      const got = fetched[i];
      if (got === GONE) {
        unregister(this.dir, peer.pid, peer.startedAt);
        return [];
      }
      if (got && Array.isArray(got.checks)) this.lastHealth.set(key, { pid: peer.pid, checks: got.checks });
      const health = this.lastHealth.get(key);
      return [{ pid: peer.pid, answered: !!got, ...(health ? { health } : {}) }];
    });
  }

  /** The other registered processes that are alive; a registration whose process is gone (or whose pid was recycled) is removed. */
  private others(): PeerEntry[] {
    return listPeers(this.dir).filter((p) => {
      if (p.pid === process.pid && p.startedAt === this.startedAt) return false;
      if (p.pid !== process.pid && isAlive(p)) return true;
      // Gone, or an earlier process under this very pid (this one has registered over it, or is about to).
      if (p.pid !== process.pid) unregister(this.dir, p.pid, p.startedAt);
      return false;
    });
  }

  private me(): string {
    return incarnation({ pid: process.pid, startedAt: this.startedAt });
  }

  /** On shutdown: this process's final totals for the leader, then off the list. */
  async leave(): Promise<void> {
    try {
      if (!this.leader) {
        const scopes = await this.opts.collectOwn();
        const file = join(this.dir, `${this.me()}.last.json`);
        writeFileSync(`${file}.tmp`, JSON.stringify(scopes), { mode: 0o600 });
        renameSync(`${file}.tmp`, file);
      } else {
        // The next leader retires this one from the state.
        this.lastSeen.set(this.me(), { pid: process.pid, scopes: await this.opts.collectOwn() });
        this.saveState();
      }
    } catch (err) {
      diag.debug('vigil peers: could not leave final totals', err);
    }
    unregister(this.dir, process.pid, this.startedAt);
    this.server?.close();
  }

  private finalTotals(key: string): ScopeMetrics[] | undefined {
    const file = join(this.dir, `${key}.last.json`);
    try {
      const scopes = JSON.parse(readFileSync(file, 'utf8')) as ScopeMetrics[];
      rmSync(file, { force: true });
      return scopes;
    } catch {
      return undefined;
    }
  }

  private saveState(): void {
    if (!this.leader) return;
    try {
      const file = join(this.dir, 'state.json');
      writeFileSync(`${file}.tmp`, JSON.stringify({ retired: [...this.retired], lastSeen: [...this.lastSeen] }), { mode: 0o600 });
      renameSync(`${file}.tmp`, file);
    } catch (err) {
      diag.debug('vigil peers: could not save state', err);
    }
  }

  private async answer(url: string | undefined, token: string | string[] | undefined, res: ServerResponse): Promise<void> {
    if ((url !== PEER_PATH && url !== PEER_HEALTH_PATH) || token !== this.token) {
      res.statusCode = 404;
      return void res.end();
    }
    try {
      const body = JSON.stringify(url === PEER_PATH ? await this.opts.collectOwn() : (this.opts.healthOwn?.() ?? { pid: process.pid, checks: [] }));
      res.setHeader('Content-Type', 'application/json');
      res.end(body);
    } catch (err) {
      diag.debug('vigil peers: could not collect for the leader', err);
      res.statusCode = 500;
      res.end();
    }
  }
}
