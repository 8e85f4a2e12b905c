import { diag } from '@opentelemetry/api';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { checkStatusCounts } from '../store/index.js';
import { classify } from '../store/faults.js';
import type { CachedResult, HistorySummary } from './types.js';

const MAX_QUEUE = 1000;
const INSERT = `INSERT INTO health_checks (time_ms, check_name, status, observed_value, observed_unit, output, duration_ms, critical, service_name, pid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

type Row = [number, string, string, number | null, string | null, string | null, number, number, string | null, number];

/**
 * Batched writes of check results to `health_checks`. Never throws: a
 * missing or closed store drops the batch with one diag line per kind of
 * fault. A batch that meets a lock (another process writing, maintenance)
 * is kept, within the queue's bound, and tried again at the next flush.
 */
export class HealthHistory {
  private queue: Row[] = [];
  private timer: NodeJS.Timeout | undefined;
  private dropped = 0;
  private warned = new Set<string>();
  private stmt: { db: DatabaseSync; insert: StatementSync } | undefined;

  constructor(
    private readonly db: (() => DatabaseSync | undefined) | undefined,
    private readonly flushMs = 5000,
    /** Who wrote the row: offline readers take the latest per service, process and check. */
    private readonly service: string | null = null,
    private readonly pid = process.pid,
  ) {}

  push(r: CachedResult, critical = false): void {
    if (!this.db) return;
    if (this.queue.length >= MAX_QUEUE) {
      this.dropped++;
      return;
    }
    const v = r.result.observedValue;
    this.queue.push([
      r.timeMs,
      r.name,
      r.result.status,
      typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'boolean' ? Number(v) : null,
      r.result.observedUnit ?? null,
      r.result.output ?? null,
      Math.round(r.durationMs * 1000) / 1000,
      critical ? 1 : 0,
      this.service,
      this.pid,
    ]);
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.flushMs);
      this.timer.unref();
    }
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length === 0) return;
    const rows = this.queue;
    this.queue = [];
    try {
      const db = this.db?.();
      // The store said once why it is off; saying it again for each room is noise.
      if (!db) return this.warnOnce('nodb', 'health history: the store is not open; results not recorded', 'debug');
      const insert = this.statement(db);
      // One transaction per batch; if the store's writer has one open, join it rather than fail.
      const own = !db.isTransaction;
      if (own) db.exec('BEGIN');
      try {
        for (const row of rows) insert.run(...row);
        if (own) db.exec('COMMIT');
      } catch (err) {
        if (own && db.isTransaction) db.exec('ROLLBACK');
        throw err;
      }
      if (this.dropped > 0) {
        diag.warn(`health history: ${this.dropped} results dropped (queue full)`);
        this.dropped = 0;
      }
    } catch (err) {
      this.stmt = undefined;
      if (classify(err) === 'locked') return this.keep(rows);
      this.warnOnce('write', `health history: cannot write health_checks (${(err as Error).message}); batch dropped`);
    }
  }

  /** Per-check counts over the last `hours`; [] without a store. */
  summary(hours: number): HistorySummary[] {
    this.flush();
    try {
      const db = this.db?.();
      if (!db) return [];
      const rows = checkStatusCounts(db, Date.now() - hours * 3_600_000);
      const by = new Map<string, HistorySummary>();
      for (const r of rows) {
        const s = by.get(r.name) ?? { check: r.name, pass: 0, warn: 0, fail: 0, availability: 100 };
        if (r.status === 'pass' || r.status === 'warn' || r.status === 'fail') s[r.status] += r.count;
        if (r.status === 'fail') s.lastFailMs = Math.max(s.lastFailMs ?? 0, r.lastMs); // one row per service and process
        by.set(r.name, s);
      }
      for (const s of by.values()) {
        const total = s.pass + s.warn + s.fail;
        s.availability = total === 0 ? 100 : Math.round((1000 * (s.pass + s.warn)) / total) / 10;
      }
      return [...by.values()];
    } catch (err) {
      this.warnOnce('read', `health history: cannot read health_checks (${(err as Error).message})`);
      return [];
    }
  }

  private statement(db: DatabaseSync): StatementSync {
    if (this.stmt?.db !== db) this.stmt = { db, insert: db.prepare(INSERT) };
    return this.stmt.insert;
  }

  /** Puts a locked batch back in front of what came since, oldest first, and tries again later. */
  private keep(rows: Row[]): void {
    const all = rows.concat(this.queue);
    this.dropped += Math.max(0, all.length - MAX_QUEUE);
    this.queue = all.slice(all.length - Math.min(all.length, MAX_QUEUE));
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.flushMs);
      this.timer.unref();
    }
  }

  private warnOnce(key: string, message: string, level: 'warn' | 'debug' = 'warn'): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    diag[level](message);
  }
}
