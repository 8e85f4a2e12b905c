import { tracingChannel } from 'node:diagnostics_channel';
import type { TracingChannelSubscribers } from 'node:diagnostics_channel';
import { context, diag } from '@opentelemetry/api';
import type { Histogram } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { InstrumentationBase } from '@opentelemetry/instrumentation';
import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import { VERSION } from '../../src/sdk/version.js';
import { createDbDurationHistogram, endOperation, startOperation } from './operation.js';
import type { InFlight } from './operation.js';
import type { DbOperation } from './types.js';

/** One `diagnostics_channel` TracingChannel a client library publishes, and how to read its context. */
export interface ChannelSpec {
  /** The channel's name, e.g. `mysql2:query`. */
  name: string;
  /** The operation the context describes; undefined to leave the call untraced. */
  describe(ctx: Record<string, unknown>): DbOperation | undefined;
  /** Rows returned, from the settled context's `result`. */
  rows?(ctx: Record<string, unknown>): number | undefined;
}

const kInFlight = Symbol('vigil.db.inFlight');
type Ctx = Record<string | symbol, unknown>;
type Subscribers = TracingChannelSubscribers<object>;

/**
 * Client spans and `db.client.operation.duration` from the TracingChannels
 * that current database clients publish (mysql2 ≥ 3.20, ioredis ≥ 5.11,
 * node-redis / `@redis/client` ≥ 5.12; older releases publish nothing and stay untraced). Nothing is patched and no loader hook is needed:
 * subscribing costs nothing until the library publishes, and a library the
 * application never loads costs nothing at all.
 */
export class DbChannelInstrumentation extends InstrumentationBase {
  // `declare`: the base constructor calls enable() and _updateMetricInstruments()
  // before field initializers would run.
  declare private duration: Histogram;
  declare private subscribed: [string, Subscribers][] | undefined;
  declare private readonly specs: readonly ChannelSpec[];

  constructor(name: string, specs: readonly ChannelSpec[], config: InstrumentationConfig = {}) {
    // enable() runs inside super(): the specs must be reachable before it.
    super(name, VERSION, { ...config, enabled: false });
    this.specs = specs;
    if (config.enabled !== false) this.enable();
  }

  protected init(): undefined {
    return undefined;
  }

  protected override _updateMetricInstruments(): void {
    this.duration = createDbDurationHistogram(this.meter);
  }

  override enable(): void {
    if (this.subscribed !== undefined) return;
    super.enable();
    this.subscribed = this.specs.map((spec) => {
      const handlers = this.handlers(spec);
      tracingChannel(spec.name).subscribe(handlers);
      return [spec.name, handlers];
    });
  }

  override disable(): void {
    if (this.subscribed === undefined) return;
    super.disable();
    for (const [name, handlers] of this.subscribed) tracingChannel(name).unsubscribe(handlers);
    this.subscribed = undefined;
  }

  /**
   * A promise or callback call publishes start, end, then (error,) asyncStart,
   * asyncEnd; a call that throws at once publishes error before end and
   * nothing after. The operation ends at whichever comes last.
   */
  private handlers(spec: ChannelSpec): Subscribers {
    const finish = (ctx: Ctx): void => {
      const f = ctx[kInFlight] as InFlight | undefined;
      if (f === undefined) return;
      ctx[kInFlight] = undefined;
      let rows: number | undefined;
      if (ctx.error === undefined && spec.rows) rows = safely(() => spec.rows!(ctx as Record<string, unknown>));
      endOperation(f, this.duration, ctx.error, rows);
    };
    return {
      start: (message) => {
        if (isTracingSuppressed(context.active())) return;
        const op = safely(() => spec.describe(message as Record<string, unknown>));
        if (op !== undefined) (message as Ctx)[kInFlight] = startOperation(this.tracer, op);
      },
      end: (message) => {
        if ((message as Ctx).error !== undefined) finish(message as Ctx);
      },
      asyncStart: () => {},
      asyncEnd: (message) => finish(message as Ctx),
      error: () => {},
    };
  }
}

function safely<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (err) {
    diag.warn('vigil db: could not describe a database call', err);
    return undefined;
  }
}
