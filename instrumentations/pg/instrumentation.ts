import { context, diag } from '@opentelemetry/api';
import type { Context, Histogram } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { InstrumentationBase, InstrumentationNodeModuleFile, InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import { VERSION } from '../../src/sdk/version.js';
import { createDbDurationHistogram, endOperation, startOperation } from '../db-client/operation.js';
import type { InFlight } from '../db-client/operation.js';
import { sqlOperation } from '../db-client/sql.js';
import type { DbOperation, DbTarget } from '../db-client/types.js';

const NAME = '@vigil/otel/instrumentation-pg';
const VERSIONS = ['>=8 <9'];

type Callback = (err: unknown, res?: unknown) => void;
type QueryFn = (this: PgClient, config: unknown, values?: unknown, callback?: unknown) => unknown;
interface PgClient {
  connectionParameters?: { host?: string; port?: number; database?: string };
}
interface PgClientClass {
  prototype: { query: QueryFn };
}
interface Submittable {
  submit: unknown;
  callback?: Callback;
  once?(event: string, fn: (arg?: unknown) => void): unknown;
}

// Per client: where it points, and the operations of the texts it ran (an application has few distinct texts).
const MAX_CACHED = 200;
const described = new WeakMap<object, { target: DbTarget; ops: Map<string, DbOperation> }>();

/**
 * Client spans and `db.client.operation.duration` for `pg` (node-postgres):
 * `Client.prototype.query` in callback, promise and submittable (cursor)
 * forms; `pg-pool` queries run through it. It patches the file that defines
 * the class, which `pg`'s own index requires, so ESM and CommonJS
 * applications alike need no import-in-the-middle hook.
 */
export class PgInstrumentation extends InstrumentationBase {
  declare private duration: Histogram;

  constructor() {
    super(NAME, VERSION, {});
  }

  protected init(): InstrumentationNodeModuleDefinition {
    const patch = (exports: PgClientClass): PgClientClass => {
      this._wrap(exports.prototype, 'query', (original) => this.patchQuery(original));
      return exports;
    };
    const unpatch = (exports: PgClientClass): void => this._unwrap(exports.prototype, 'query');
    return new InstrumentationNodeModuleDefinition('pg', VERSIONS, undefined, undefined, [new InstrumentationNodeModuleFile('pg/lib/client.js', VERSIONS, patch, unpatch)]);
  }

  protected override _updateMetricInstruments(): void {
    this.duration = createDbDurationHistogram(this.meter);
  }

  private patchQuery(original: QueryFn): QueryFn {
    const self = this;
    return function query(this: PgClient, config: unknown, values?: unknown, callback?: unknown): unknown {
      const parent = context.active();
      const text = typeof config === 'string' ? config : (config as { text?: unknown } | null)?.text;
      if (typeof text !== 'string' || isTracingSuppressed(parent)) return original.call(this, config, values, callback);
      let f: InFlight;
      try {
        f = startOperation(self.tracer, operation(this, text));
      } catch (err) {
        diag.warn('vigil pg: could not start a span', err);
        return original.call(this, config, values, callback);
      }
      const done = (err: unknown, res?: unknown): void => endOperation(f, self.duration, err, rowCount(res));
      // Callback forms: the callback runs in the caller's context, as if pg kept it.
      if (typeof callback === 'function') callback = finishing(callback as Callback, done, parent);
      else if (typeof values === 'function') values = finishing(values as Callback, done, parent);
      const submittable = typeof (config as Submittable).submit === 'function' ? (config as Submittable) : undefined;
      if (submittable?.callback) submittable.callback = finishing(submittable.callback, done, parent);
      else if (!submittable && typeof (config as Submittable | null)?.callback === 'function' && typeof callback !== 'function' && typeof values !== 'function') {
        // `{ text, callback }`: a copy with the callback wrapped, as pg itself copies the config it is given.
        const copy = Object.defineProperties(Object.create(Object.getPrototypeOf(config) as object) as Submittable, Object.getOwnPropertyDescriptors(config));
        copy.callback = finishing(copy.callback!, done, parent);
        config = copy;
      }
      let result: unknown;
      try {
        result = original.call(this, config, values, callback);
      } catch (err) {
        done(err);
        throw err;
      }
      if (submittable !== undefined) {
        // A cursor or stream without a callback reports through its events.
        if (!submittable.callback && typeof submittable.once === 'function') {
          submittable.once('end', () => done(undefined));
          submittable.once('error', (err) => done(err));
        }
        return result;
      }
      if (result instanceof Promise) {
        return result.then(
          (res: unknown) => (done(undefined, res), res),
          (err: unknown) => {
            done(err);
            throw err;
          },
        );
      }
      return result;
    };
  }
}

function finishing(callback: Callback, done: (err: unknown, res?: unknown) => void, parent: Context): Callback {
  let called = false;
  return function (this: unknown, err: unknown, res?: unknown): void {
    if (!called) {
      called = true;
      done(err, res);
    }
    context.with(parent, callback, this, err, res);
  };
}

function operation(client: PgClient, text: string): DbOperation {
  let d = described.get(client);
  if (d === undefined) {
    const p = client.connectionParameters ?? {};
    d = { target: { namespace: p.database, serverAddress: p.host, serverPort: typeof p.port === 'number' ? p.port : undefined }, ops: new Map() };
    described.set(client, d);
  }
  let op = d.ops.get(text);
  if (op === undefined) {
    op = sqlOperation('postgresql', 'postgresql', text, d.target);
    if (d.ops.size >= MAX_CACHED) d.ops.clear();
    d.ops.set(text, op);
  }
  return op;
}

function rowCount(res: unknown): number | undefined {
  const r = res as { rowCount?: unknown; rows?: unknown } | undefined;
  if (Array.isArray(r?.rows)) return r.rows.length;
  return typeof r?.rowCount === 'number' ? r.rowCount : undefined;
}
