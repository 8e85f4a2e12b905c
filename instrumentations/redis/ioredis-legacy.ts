import { context, diag } from '@opentelemetry/api';
import type { Histogram } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { InstrumentationBase, InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import { VERSION } from '../../src/sdk/version.js';
import { createDbDurationHistogram, endOperation, startOperation } from '../db-client/operation.js';
import type { InFlight } from '../db-client/operation.js';
import { describeRedisCommand } from './describe.js';

// The releases before ioredis published its TracingChannel (5.11.0).
const VERSIONS = ['>=5.0.0 <5.11.0'];
const kTraced = Symbol('vigil.ioredis.traced');

interface Command {
  name?: unknown;
  args?: unknown;
  resolve?: (value: unknown) => void;
  reject?: (err: unknown) => void;
  [kTraced]?: true;
}
interface RedisClient {
  options?: { db?: number; host?: string; port?: number; path?: string };
}
type SendCommand = (this: RedisClient, command: Command, ...rest: unknown[]) => unknown;
interface RedisModule {
  default?: { prototype: { sendCommand: SendCommand } };
}

/**
 * ioredis 5.0–5.10: `Redis.prototype.sendCommand`, in the file that defines
 * the class (which the package's index requires, so no loader hook). The
 * operation ends when ioredis settles the command (its own resolve/reject),
 * so no handler is added to the application's promise.
 */
export class IoredisLegacyInstrumentation extends InstrumentationBase {
  declare private duration: Histogram;

  constructor() {
    super('@vigil/otel/instrumentation-ioredis-legacy', VERSION, {});
  }

  protected init(): InstrumentationNodeModuleDefinition {
    const patch = (exports: RedisModule): RedisModule => {
      if (exports.default?.prototype) this._wrap(exports.default.prototype, 'sendCommand', (original) => this.patchSendCommand(original));
      return exports;
    };
    const unpatch = (exports: RedisModule): void => {
      if (exports.default?.prototype) this._unwrap(exports.default.prototype, 'sendCommand');
    };
    return new InstrumentationNodeModuleDefinition('ioredis', VERSIONS, undefined, undefined, [new InstrumentationNodeModuleFile('ioredis/built/Redis.js', VERSIONS, patch, unpatch)]);
  }

  protected override _updateMetricInstruments(): void {
    this.duration = createDbDurationHistogram(this.meter);
  }

  private patchSendCommand(original: SendCommand): SendCommand {
    const self = this;
    return function sendCommand(this: RedisClient, command: Command, ...rest: unknown[]): unknown {
      // A command can pass through here twice (offline queue, reconnect): traced once.
      if (command?.[kTraced] || typeof command?.name !== 'string' || isTracingSuppressed(context.active())) return original.call(this, command, ...rest);
      let f: InFlight | undefined;
      try {
        const o = this.options ?? {};
        const op = describeRedisCommand({ command: command.name, args: command.args, database: o.db ?? 0, serverAddress: o.path ?? o.host, serverPort: o.path ? undefined : o.port });
        if (op !== undefined && typeof command.resolve === 'function' && typeof command.reject === 'function') {
          f = startOperation(self.tracer, op);
          command[kTraced] = true;
          const { resolve, reject } = command;
          const done = f;
          command.resolve = (value) => (endOperation(done, self.duration, undefined), resolve(value));
          command.reject = (err) => (endOperation(done, self.duration, err ?? new Error('rejected')), reject(err));
        }
      } catch (err) {
        diag.warn('vigil ioredis: could not trace a command', err);
      }
      return original.call(this, command, ...rest);
    };
  }
}
