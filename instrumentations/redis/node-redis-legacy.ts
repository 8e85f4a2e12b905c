import { context, diag } from '@opentelemetry/api';
import type { Histogram } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { InstrumentationBase, InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import { VERSION } from '../../src/sdk/version.js';
import { createDbDurationHistogram, endOperation, startOperation } from '../db-client/operation.js';
import { describeRedisCommand } from './describe.js';

// `@redis/client` releases before its TracingChannel (5.12.0): redis@4 and early redis@5.
const VERSIONS = ['>=1.0.0 <5.12.0'];

type AddCommand = (this: unknown, args: unknown, ...rest: unknown[]) => unknown;
interface QueueModule {
  default?: { prototype: { addCommand: AddCommand } };
}

/**
 * node-redis before `@redis/client` 5.12: `RedisCommandsQueue.prototype.addCommand`,
 * which every command (MULTI and pipelines too) passes through in the
 * caller's context, in `dist/lib/client/commands-queue.js` (required by the
 * client, so no loader hook). The queue does not know the server, so spans
 * carry no `server.*` or `db.namespace`. The caller gets a promise chained on
 * the queue's, which rejects as the queue's would.
 */
export class NodeRedisLegacyInstrumentation extends InstrumentationBase {
  declare private duration: Histogram;

  constructor() {
    super('@vigil/otel/instrumentation-redis-legacy', VERSION, {});
  }

  protected init(): InstrumentationNodeModuleDefinition {
    const patch = (exports: QueueModule): QueueModule => {
      if (exports.default?.prototype) this._wrap(exports.default.prototype, 'addCommand', (original) => this.patchAddCommand(original));
      return exports;
    };
    const unpatch = (exports: QueueModule): void => {
      if (exports.default?.prototype) this._unwrap(exports.default.prototype, 'addCommand');
    };
    return new InstrumentationNodeModuleDefinition('@redis/client', VERSIONS, undefined, undefined, [
      new InstrumentationNodeModuleFile('@redis/client/dist/lib/client/commands-queue.js', VERSIONS, patch, unpatch),
    ]);
  }

  protected override _updateMetricInstruments(): void {
    this.duration = createDbDurationHistogram(this.meter);
  }

  private patchAddCommand(original: AddCommand): AddCommand {
    const self = this;
    return function addCommand(this: unknown, args: unknown, ...rest: unknown[]): unknown {
      const result = original.call(this, args, ...rest);
      if (!(result instanceof Promise) || !Array.isArray(args) || isTracingSuppressed(context.active())) return result;
      try {
        const op = describeRedisCommand({ command: String(args[0]), args });
        if (op === undefined) return result;
        const f = startOperation(self.tracer, op);
        return result.then(
          (value: unknown) => (endOperation(f, self.duration, undefined), value),
          (err: unknown) => {
            endOperation(f, self.duration, err);
            throw err;
          },
        );
      } catch (err) {
        diag.warn('vigil redis: could not trace a command', err);
        return result;
      }
    };
  }
}
