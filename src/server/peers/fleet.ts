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
import { isAlive, listPeers, peersDir, register, unregister } from './registry.js';
import { PEER_PATH, TOKEN_HEADER, fetchPeerMetrics } from './wire.js';

const FETCH_TIMEOUT_MS = 1500;

export interface FleetOptions {
  dataDir: string;
  serviceName: string;
  /** This process's metrics, as the Prometheus reader collects them. */
  collectOwn(): Promise<ScopeMetrics[]>;
}

/**
 * The processes of one service on one data dir, seen as one: every process
 * answers its own metrics on a private loopback endpoint; the one holding
 * the telemetry port (the leader) merges them all into its `/metrics`. Under
 * node:cluster and PM2 cluster mode alike, whichever worker holds the port.
 *
 * When a process exits, its last counter and histogram totals are kept
 * (`retired`), so no sum goes backwards and Prometheus' rate() sees no
 * reset: a clean exit leaves its final totals in `<pid>.last.json`; after a
 * kill the leader's last scrape of it stands in. The leader keeps that
 * state in `state.json`, so a new leader goes on from it.
 */
export class Fleet {
  private readonly dir: string;
  private readonly token = randomBytes(24).toString('hex');
  private server: Server | undefined;
  private readonly lastSeen = new Map<number, ScopeMetrics[]>();
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
    register(this.dir, { pid: process.pid, port: (server.address() as AddressInfo).port, token: this.token, startedAt: Date.now() });
  }

  /** True when another live process of this service is registered (it, not a stranger, may hold the port). */
  othersAlive(): boolean {
    return listPeers(this.dir).some((p) => p.pid !== process.pid && isAlive(p.pid));
  }

  /** This process now holds the telemetry port: pick up where the last leader left off. */
  becomeLeader(): void {
    if (this.leader) return;
    this.leader = true;
    try {
      const state = JSON.parse(readFileSync(join(this.dir, 'state.json'), 'utf8')) as { retired: [string, Retired extends Map<string, infer V> ? V : never][]; lastSeen: [number, ScopeMetrics[]][] };
      this.retired = new Map(state.retired);
      for (const [pid, scopes] of state.lastSeen) if (pid !== process.pid) this.lastSeen.set(pid, scopes);
    } catch {
      // first leader, or an unreadable state: start from the live processes
    }
  }

  /** Every process's metrics merged, for the leader's /metrics. */
  async collect(own: ScopeMetrics[]): Promise<ScopeMetrics[]> {
    const peers = listPeers(this.dir).filter((p) => p.pid !== process.pid);
    const fetched = await Promise.all(peers.map((p) => fetchPeerMetrics(p, FETCH_TIMEOUT_MS)));
    const processes: ProcessMetrics[] = [{ pid: process.pid, scopeMetrics: own }];
    // The leader's own totals too: a leader that is killed is retired by the next one.
    this.lastSeen.set(process.pid, own);
    const live = new Set<number>([process.pid]);
    peers.forEach((peer, i) => {
      const metrics = fetched[i];
      if (metrics) {
        live.add(peer.pid);
        this.lastSeen.set(peer.pid, metrics);
        processes.push({ pid: peer.pid, scopeMetrics: metrics });
      } else if (isAlive(peer.pid)) {
        // Slow or busy: its last totals stand in for this scrape.
        const last = this.lastSeen.get(peer.pid);
        live.add(peer.pid);
        if (last) processes.push({ pid: peer.pid, scopeMetrics: last });
      } else unregister(this.dir, peer.pid);
    });
    for (const [pid, last] of this.lastSeen) {
      if (live.has(pid)) continue;
      retire(this.retired, { pid, scopeMetrics: this.finalTotals(pid) ?? last });
      this.lastSeen.delete(pid);
    }
    this.saveState();
    return mergeProcesses(processes, this.retired, peers.length > 0 || this.retired.size > 0);
  }

  /** On shutdown: this process's final totals for the leader, then off the list. */
  async leave(): Promise<void> {
    try {
      if (!this.leader) {
        const scopes = await this.opts.collectOwn();
        const file = join(this.dir, `${process.pid}.last.json`);
        writeFileSync(`${file}.tmp`, JSON.stringify(scopes), { mode: 0o600 });
        renameSync(`${file}.tmp`, file);
      } else {
        // The next leader retires this one from the state.
        this.lastSeen.set(process.pid, await this.opts.collectOwn());
        this.saveState();
      }
    } catch (err) {
      diag.debug('vigil peers: could not leave final totals', err);
    }
    unregister(this.dir, process.pid);
    this.server?.close();
  }

  private finalTotals(pid: number): ScopeMetrics[] | undefined {
    const file = join(this.dir, `${pid}.last.json`);
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
    if (url !== PEER_PATH || token !== this.token) {
      res.statusCode = 404;
      return void res.end();
    }
    try {
      const body = JSON.stringify(await this.opts.collectOwn());
      res.setHeader('Content-Type', 'application/json');
      res.end(body);
    } catch (err) {
      diag.debug('vigil peers: could not collect for the leader', err);
      res.statusCode = 500;
      res.end();
    }
  }
}
