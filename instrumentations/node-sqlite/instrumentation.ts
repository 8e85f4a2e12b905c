import { INVALID_SPAN_CONTEXT, context, diag, trace } from '@opentelemetry/api';
import type { Histogram } from '@opentelemetry/api';
import { performance } from 'node:perf_hooks';
import { isTracingSuppressed } from '@opentelemetry/core';
import { InstrumentationBase } from '@opentelemetry/instrumentation';
import type * as SqliteModule from 'node:sqlite';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { VERSION } from '../../src/sdk/version.js';
import { createDbDurationHistogram, endOperation, startOperation } from '../db-client/operation.js';
import type { InFlight } from '../db-client/operation.js';
import { sqlOperation } from '../db-client/sql.js';
import type { NodeSqliteInstrumentationConfig, OperationInfo } from './types.js';
import { namespaceOf } from './utils.js';

const NAME = '@vigil/otel/instrumentation-node-sqlite';

/** Set to true on a DatabaseSync to keep its operations out of traces (Vigil's own store). */
export const kUntraced = Symbol.for('vigil.sqlite.untraced');

// %IteratorPrototype%: what Iterator.prototype is where the global exists.
const ITERATOR_PROTO = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())) as object;
const STATEMENT_METHODS = ['run', 'get', 'all'] as const;

type AnyFn = (this: unknown, ...args: unknown[]) => unknown;
type Sqlite = typeof SqliteModule;

// Per statement, computed at prepare(): queries are sanitized once, not per call.
const statements = new WeakMap<StatementSync, OperationInfo>();
const databases = new WeakMap<DatabaseSync, { namespace: string | undefined; untraced: boolean }>();

/**
 * Client spans and `db.client.operation.duration` for the built-in
 * `node:sqlite`. It patches `DatabaseSync.prototype` and
 * `StatementSync.prototype` at enable(): a builtin is one class object for
 * ESM and CommonJS alike, so no loader hook is needed and instances created
 * before enable() are covered too.
 */
export class NodeSqliteInstrumentation extends InstrumentationBase<NodeSqliteInstrumentationConfig> {
  // `declare`: assigned by the base constructor through _updateMetricInstruments(),
  // so a class-field initializer would overwrite it afterwards.
  declare private duration: Histogram;

  constructor(config: NodeSqliteInstrumentationConfig = {}) {
    super(NAME, VERSION, config);
  }

  protected init(): undefined {
    return undefined;
  }

  protected override _updateMetricInstruments(): void {
    this.duration = createDbDurationHistogram(this.meter);
  }

  override enable(): void {
    if (this._enabled) return;
    super.enable();
    const sqlite = loadSqlite();
    if (!sqlite) return;
    const dbProto = sqlite.DatabaseSync.prototype;
    const stmtProto = sqlite.StatementSync.prototype;
    this._wrap(dbProto, 'exec', (original) => this.patchExec(original as unknown as AnyFn) as unknown as DatabaseSync['exec']);
    this._wrap(dbProto, 'prepare', (original) => this.patchPrepare(original as unknown as AnyFn) as unknown as DatabaseSync['prepare']);
    for (const m of STATEMENT_METHODS) {
      this._wrap(stmtProto, m, (original) => this.patchStatementCall(original as unknown as AnyFn) as never);
    }
    this._wrap(stmtProto, 'iterate', (original) => this.patchIterate(original as unknown as AnyFn) as unknown as StatementSync['iterate']);
  }

  override disable(): void {
    if (!this._enabled) return;
    super.disable();
    const sqlite = loadSqlite();
    if (!sqlite) return;
    this._massUnwrap([sqlite.DatabaseSync.prototype], ['exec', 'prepare']);
    this._massUnwrap([sqlite.StatementSync.prototype], [...STATEMENT_METHODS, 'iterate']);
  }

  private patchExec(original: AnyFn): AnyFn {
    const self = this;
    return function exec(this: unknown, ...args: unknown[]): unknown {
      const db = databaseInfo(this as DatabaseSync, self.getConfig());
      if (db.untraced || typeof args[0] !== 'string' || isTracingSuppressed(context.active())) return original.apply(this, args);
      return self.traceCall(operationInfo(args[0], db.namespace, false), original, this, args);
    };
  }

  private patchPrepare(original: AnyFn): AnyFn {
    const self = this;
    return function prepare(this: unknown, ...args: unknown[]): unknown {
      let info: OperationInfo | undefined;
      try {
        if (typeof args[0] === 'string') {
          const db = databaseInfo(this as DatabaseSync, self.getConfig());
          info = operationInfo(args[0], db.namespace, db.untraced);
        }
      } catch (err) {
        diag.warn('vigil node-sqlite: could not describe a statement', err);
      }
      let stmt: StatementSync;
      try {
        stmt = original.apply(this, args) as StatementSync;
      } catch (err) {
        // "no such table" and syntax errors surface here, before any run(): the same span and
        // error-typed duration point as a failing execution, so they count as database failures.
        // Only a failure is traced (a successful prepare() is no operation of its own), so the
        // span is opened once SQLite has refused, and lasts next to nothing, as the refusal did.
        if (info !== undefined && !info.untraced && !isTracingSuppressed(context.active())) {
          try {
            self.traceCall(info, rethrow, this, [err]);
          } catch {
            // traceCall rethrows the same error; it is thrown below either way.
          }
        }
        throw err;
      }
      if (info !== undefined && stmt) statements.set(stmt, info);
      return stmt;
    };
  }

  private patchStatementCall(original: AnyFn): AnyFn {
    const self = this;
    return function statementCall(this: unknown, ...args: unknown[]): unknown {
      const info = statementInfo(this as StatementSync);
      if (info === undefined || info.untraced || isTracingSuppressed(context.active())) return original.apply(this, args);
      return self.traceCall(info, original, this, args);
    };
  }

  private patchIterate(original: AnyFn): AnyFn {
    const self = this;
    return function iterate(this: unknown, ...args: unknown[]): unknown {
      const info = statementInfo(this as StatementSync);
      if (info === undefined || info.untraced || isTracingSuppressed(context.active())) return original.apply(this, args);
      const f = self.start(info);
      let inner: Iterator<unknown>;
      try {
        inner = original.apply(this, args) as Iterator<unknown>;
      } catch (err) {
        endOperation(f, self.duration, err);
        throw err;
      }
      return tracedIterator(inner, (err, rows) => endOperation(f, self.duration, err, rows));
    };
  }

  /** One span and one histogram point around a synchronous call; the call's own error is rethrown unchanged. */
  private traceCall(info: OperationInfo, original: AnyFn, target: unknown, args: unknown[]): unknown {
    const f = this.start(info);
    let result: unknown;
    try {
      result = original.apply(target, args);
    } catch (err) {
      endOperation(f, this.duration, err);
      throw err;
    }
    endOperation(f, this.duration, undefined, Array.isArray(result) ? result.length : undefined);
    return result;
  }

  /** A span under the active one; with no active span (and requireParentSpan), only the duration is recorded. */
  private start(info: OperationInfo): InFlight {
    if (this.getConfig().requireParentSpan !== false && trace.getSpan(context.active()) === undefined) {
      return { span: NO_SPAN, op: info, start: performance.now() };
    }
    return startOperation(this.tracer, info);
  }
}

/** Takes the attributes and status an operation would set, and keeps none of them. */
const NO_SPAN = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

function rethrow(err: unknown): never {
  throw err;
}

function loadSqlite(): Sqlite | undefined {
  try {
    return process.getBuiltinModule('node:sqlite') as Sqlite;
  } catch (err) {
    diag.warn('vigil node-sqlite: node:sqlite is not available', err);
    return undefined;
  }
}

function databaseInfo(db: DatabaseSync, config: NodeSqliteInstrumentationConfig): { namespace: string | undefined; untraced: boolean } {
  let info = databases.get(db);
  if (info === undefined) {
    let location: string | null = null;
    try {
      location = db.location();
    } catch {
      // closed or not yet open: no file name to report
    }
    let untraced = (db as unknown as Record<symbol, unknown>)[kUntraced] === true;
    if (!untraced && config.ignoreDatabase) {
      try {
        untraced = config.ignoreDatabase(location ?? ':memory:') === true;
      } catch (err) {
        diag.warn('vigil node-sqlite: ignoreDatabase threw', err);
      }
    }
    info = { namespace: namespaceOf(location), untraced };
    databases.set(db, info);
  }
  return info;
}

/** Statements prepared before enable() are described on first use, from their own source SQL. */
function statementInfo(stmt: StatementSync): OperationInfo | undefined {
  let info = statements.get(stmt);
  if (info === undefined) {
    try {
      info = operationInfo(stmt.sourceSQL, undefined, false);
      statements.set(stmt, info);
    } catch {
      return undefined;
    }
  }
  return info;
}

function operationInfo(sql: string, namespace: string | undefined, untraced: boolean): OperationInfo {
  return { ...sqlOperation('sqlite', 'sqlite', sql, { namespace }), untraced };
}

/**
 * The statement's iterator, ending the span when iteration ends: exhausted,
 * stopped early (`return`), or failed. It inherits Iterator.prototype so the
 * helpers (`map`, `toArray`, …) still work.
 */
function tracedIterator(inner: Iterator<unknown>, done: (err: unknown, rows?: number) => void): Iterator<unknown> {
  let rows = 0;
  let open = true;
  const close = (err: unknown): void => {
    if (!open) return;
    open = false;
    done(err, err === undefined ? rows : undefined);
  };
  const it = Object.create(ITERATOR_PROTO) as Iterator<unknown>;
  it.next = (...a: [] | [unknown]) => {
    let r: IteratorResult<unknown>;
    try {
      r = inner.next(...a);
    } catch (err) {
      close(err);
      throw err;
    }
    if (r.done) close(undefined);
    else rows++;
    return r;
  };
  it.return = (value?: unknown) => {
    close(undefined);
    return inner.return ? inner.return(value) : { done: true, value };
  };
  return it;
}
