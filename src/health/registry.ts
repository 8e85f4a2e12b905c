import { diag, metrics } from '@opentelemetry/api';
import { HealthHistory } from './history.js';
import { registerHealthMetrics } from './metrics.js';
import { fleetEntries, fleetName } from './fleet.js';
import { buildReport } from './report.js';
import { runCheck, runCustom } from './run.js';
import { worst } from './status.js';
import { verdict } from './verdict.js';
import type { VerdictInput } from './types.js';
import type { CachedResult, CheckOptions, CustomCheckFn, FleetEntry, Health, HealthCheck, HealthOptions, HealthReport, PeerHealthSource, ProcessHealth, ResultListener } from './types.js';

/** Custom checks: not critical unless asked, so an app's own probe cannot make it unready by surprise. */
export const CUSTOM_DEFAULTS = { critical: false, interval: 30_000, timeout: 5_000 } as const;

interface Entry {
  check: HealthCheck;
  timer?: NodeJS.Timeout;
  last?: CachedResult;
  inflight?: Promise<CachedResult>;
}

/**
 * The check registry and scheduler. Each check runs on its own unref'd
 * interval; results are cached, so reports and metric collection only read.
 */
export function createHealth(opts: HealthOptions = {}): Health {
  const entries = new Map<string, Entry>();
  const listeners = new Set<ResultListener>();
  const history = new HealthHistory(opts.db, opts.historyFlushMs, opts.serviceId ?? null);
  let started = false;
  let shuttingDown = false;
  let unregisterMetrics: (() => void) | undefined;
  let peers: PeerHealthSource | undefined;

  const execute = (e: Entry): Promise<CachedResult> => {
    if (e.inflight) return e.inflight;
    const p = runCheck(e.check).then((r) => {
      // A check replaced or removed meanwhile must not write over its successor.
      if (entries.get(e.check.name) === e) {
        e.last = r;
        history.push(r, e.check.critical);
        for (const l of listeners) notify(l, r, e.check.critical);
      }
      return r;
    });
    e.inflight = p;
    void p.finally(() => {
      if (e.inflight === p) e.inflight = undefined;
    });
    return p;
  };

  const schedule = (e: Entry): void => {
    e.timer = setInterval(() => void execute(e), Math.max(e.check.intervalMs, 100));
    e.timer.unref();
    void execute(e);
  };

  const unschedule = (e: Entry): void => {
    clearInterval(e.timer);
    e.timer = undefined;
    try {
      e.check.close?.();
    } catch (err) {
      diag.warn(`health: closing check ${e.check.name} failed: ${(err as Error).message}`);
    }
  };

  const remove = (name: string): boolean => {
    const e = entries.get(name);
    if (!e) return false;
    entries.delete(name);
    unschedule(e);
    return true;
  };

  const add = (check: HealthCheck): (() => void) => {
    remove(check.name);
    const e: Entry = { check };
    entries.set(check.name, e);
    if (started) schedule(e);
    return () => {
      if (entries.get(check.name) === e) remove(check.name);
    };
  };

  const register = (name: string, fn: CustomCheckFn, o: Omit<CheckOptions, 'name'> = {}): (() => void) =>
    add({
      name,
      component: name,
      measurement: 'status',
      componentType: 'component',
      critical: o.critical ?? CUSTOM_DEFAULTS.critical,
      intervalMs: o.interval ?? CUSTOM_DEFAULTS.interval,
      timeoutMs: o.timeout ?? CUSTOM_DEFAULTS.timeout,
      run: (signal) => runCustom(fn, signal),
    });

  /** Cached entries, running the never-run ones first (each bounded by its own timeout). */
  const current = async (filter: (c: HealthCheck) => boolean = () => true): Promise<Array<{ check: HealthCheck; last: CachedResult }>> => {
    const chosen = [...entries.values()].filter((e) => filter(e.check));
    await awaited(Promise.all(chosen.filter((e) => !e.last).map(execute)));
    return chosen.flatMap((e) => (e.last ? [{ check: e.check, last: e.last }] : []));
  };

  /** This process's entries and, on the process holding the port, every other process's of the service. */
  const withPeers = async (own: FleetEntry[]): Promise<FleetEntry[]> => {
    if (!peers) return own;
    try {
      return fleetEntries(own, await peers());
    } catch (err) {
      diag.debug('health: the other processes could not be asked', err);
      return own;
    }
  };

  const cachedWithCritical = (): Array<CachedResult & { critical: boolean }> =>
    [...entries.values()].flatMap((e) => (e.last ? [{ ...e.last, critical: e.check.critical }] : []));
  const inputs = (): VerdictInput[] => cachedWithCritical().map((r) => ({ name: r.name, status: r.result.status, critical: r.critical, output: r.result.output }));

  for (const c of opts.checks ?? []) add(c);

  return {
    register,
    add,
    remove,
    names: () => [...entries.keys()],
    start() {
      if (started) return;
      started = true;
      for (const e of entries.values()) schedule(e);
      try {
        unregisterMetrics = registerHealthMetrics(opts.meter ?? metrics.getMeter('@vigil/otel'), { results: cachedWithCritical });
      } catch (err) {
        diag.warn(`health: metrics not registered: ${(err as Error).message}`);
      }
    },
    stop() {
      started = false;
      for (const e of entries.values()) unschedule(e);
      unregisterMetrics?.();
      unregisterMetrics = undefined;
      history.flush();
    },
    async runNow(name?: string): Promise<CachedResult[]> {
      const chosen = [...entries.values()].filter((e) => name === undefined || e.check.name === name);
      return awaited(Promise.all(chosen.map(execute)));
    },
    async report(o: { verbose?: boolean } = {}): Promise<HealthReport> {
      return buildReport(await withPeers(await current()), { ...opts, shuttingDown }, o.verbose === true);
    },
    async fleet() {
      const all = await withPeers(await current());
      const results = all.map((e) => ({ ...e.last, name: fleetName(e) }));
      return { verdict: verdict(all.map((e) => ({ name: fleetName(e), status: e.last.result.status, critical: e.check.critical, output: e.last.result.output }))), results };
    },
    snapshot(): ProcessHealth {
      return { pid: process.pid, checks: [...entries.values()].flatMap(({ check: c, last }) => (last ? [{ check: { name: c.name, component: c.component, measurement: c.measurement, componentId: c.componentId, componentType: c.componentType, critical: c.critical }, last }] : [])) };
    },
    setPeers(source) {
      peers = source;
    },
    async readiness() {
      const critical = await current((c) => c.critical);
      const failing = critical.filter((e) => e.last.result.status === 'fail').map((e) => e.check.name);
      return { status: shuttingDown ? 'fail' : worst(critical.map((e) => e.last.result.status)), failing };
    },
    score: () => verdict(inputs()).score,
    status: () => verdict(inputs()).status,
    verdict: () => verdict(inputs()),
    onResult(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    results: () => [...entries.values()].flatMap((e) => (e.last ? [e.last] : [])),
    markShuttingDown() {
      shuttingDown = true;
    },
    get shuttingDown() {
      return shuttingDown;
    },
    historySummary: (hours = 24) => history.summary(hours),
  };
}

/** A listener's fault is its own: it must not stop the check or the other listeners. */
function notify(l: ResultListener, r: CachedResult, critical: boolean): void {
  try {
    l(r, critical);
  } catch (err) {
    diag.warn(`health: a result listener failed: ${(err as Error).message}`);
  }
}

/**
 * Run timers are unref'd so background runs never hold a process open; a
 * caller awaiting results does want them, so keep the loop alive meanwhile
 * (bounded: every run ends at its timeout).
 */
async function awaited<T>(p: Promise<T>): Promise<T> {
  const keep = setInterval(() => {}, 1 << 30);
  try {
    return await p;
  } finally {
    clearInterval(keep);
  }
}
