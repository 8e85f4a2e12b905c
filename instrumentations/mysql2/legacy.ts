import { context, diag } from '@opentelemetry/api';
import type { Histogram } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { InstrumentationBase, InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import { VERSION } from '../../src/sdk/version.js';
import { createDbDurationHistogram, endOperation, startOperation } from '../db-client/operation.js';
import { sqlOperation } from '../db-client/sql.js';

// The releases before mysql2 published its TracingChannel (3.20.0).
const VERSIONS = ['>=2.0.0 <3.20.0'];
const METHODS = ['query', 'execute'] as const;

type Method = (this: MysqlConnection, sql: unknown, ...rest: unknown[]) => unknown;
interface MysqlConnection {
  config?: { database?: string; host?: string; port?: number; socketPath?: string };
}
interface Command {
  sql?: unknown;
  onResult?: (err: unknown, ...rest: unknown[]) => void;
  emit(event: string | symbol, ...args: unknown[]): boolean;
}
type Proto = Record<(typeof METHODS)[number], Method>;

/**
 * mysql2 2.x–3.19: `query()` and `execute()` on the connection class (its
 * base class since 3.x split it), in `lib/connection.js`, which the
 * package's index requires (so no loader hook). The operation is described
 * from the command the call returns (`query()` has inlined the values by
 * then: the one sanitizer removes them) and ends when the command reports
 * its error or its end; no listener is added, so an unhandled `error` event
 * stays the application's.
 */
export class Mysql2LegacyInstrumentation extends InstrumentationBase {
  declare private duration: Histogram;

  constructor() {
    super('@vigil/otel/instrumentation-mysql2-legacy', VERSION, {});
  }

  protected init(): InstrumentationNodeModuleDefinition {
    const patch = (exports: { prototype?: object }): object => {
      const proto = owner(exports);
      if (proto) for (const m of METHODS) this._wrap(proto, m, (original) => this.patchMethod(original));
      return exports;
    };
    const unpatch = (exports: { prototype?: object }): void => {
      const proto = owner(exports);
      if (proto) this._massUnwrap([proto], [...METHODS]);
    };
    return new InstrumentationNodeModuleDefinition('mysql2', VERSIONS, undefined, undefined, [new InstrumentationNodeModuleFile('mysql2/lib/connection.js', VERSIONS, patch, unpatch)]);
  }

  protected override _updateMetricInstruments(): void {
    this.duration = createDbDurationHistogram(this.meter);
  }

  private patchMethod(original: Method): Method {
    const self = this;
    return function (this: MysqlConnection, sql: unknown, ...rest: unknown[]): unknown {
      const suppressed = isTracingSuppressed(context.active());
      const cmd = original.call(this, sql, ...rest) as Command | undefined;
      if (suppressed || !cmd || typeof cmd.emit !== 'function') return cmd;
      try {
        self.trace(this, cmd, sql);
      } catch (err) {
        diag.warn('vigil mysql2: could not trace a query', err);
      }
      return cmd;
    };
  }

  private trace(conn: MysqlConnection, cmd: Command, sql: unknown): void {
    const text = typeof cmd.sql === 'string' ? cmd.sql : typeof sql === 'string' ? sql : (sql as { sql?: unknown } | null)?.sql;
    if (typeof text !== 'string') return;
    const c = conn.config ?? {};
    const f = startOperation(this.tracer, sqlOperation('mysql', 'mysql', text, { namespace: c.database || undefined, serverAddress: c.socketPath ?? c.host, serverPort: c.socketPath ? undefined : c.port }));
    let open = true;
    const done = (err: unknown): void => {
      if (open) {
        open = false;
        endOperation(f, this.duration, err);
      }
    };
    // Errors reach either onResult or an 'error' event, always before 'end'.
    const onResult = cmd.onResult;
    if (typeof onResult === 'function') {
      cmd.onResult = function (this: unknown, err: unknown, ...rest: unknown[]): void {
        if (err) done(err);
        onResult.call(this, err, ...rest);
      };
    }
    const emit = cmd.emit;
    cmd.emit = function (this: unknown, event: string | symbol, ...args: unknown[]): boolean {
      if (event === 'error') done(args[0] ?? new Error('mysql2 error'));
      else if (event === 'end') done(undefined);
      return emit.call(this, event, ...args);
    };
  }
}

/** The prototype in the chain that defines `query` (Connection before 3.x split it, BaseConnection after). */
function owner(exports: { prototype?: object }): Proto | undefined {
  for (let p = exports?.prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object) {
    if (Object.hasOwn(p, 'query') && Object.hasOwn(p, 'execute')) return p as Proto;
  }
  return undefined;
}
