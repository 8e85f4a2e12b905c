import { context, diag } from '@opentelemetry/api';
import type { AnyValue } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { InstrumentationBase, InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import { VERSION } from '../../src/sdk/version.js';
import { severityOf } from './severity.js';

const NAME = '@vigil/otel/instrumentation-winston';
const VERSIONS = ['>=3 <4'];
// triple-beam's symbol for the level winston filters on (info.level may be colourized later).
const LEVEL = Symbol.for('level');

type Info = Record<string | symbol, unknown>;
type AnyValueMap = Record<string, AnyValue>;
type WriteFn = (this: WinstonLogger, info: unknown, ...rest: unknown[]) => boolean;
interface WinstonLogger {
  silent?: boolean;
  isLevelEnabled?(level: string): boolean;
}
interface LoggerClass {
  prototype: { write: WriteFn };
}

/**
 * winston 3 log calls as OpenTelemetry log records, with the active trace
 * and span: `Logger.prototype.write`, which every level method and `log()`
 * end in, runs in the caller's context (the transform stream may run later).
 * The application's transports and output are untouched.
 */
export class WinstonInstrumentation extends InstrumentationBase {
  constructor() {
    super(NAME, VERSION, {});
  }

  protected init(): InstrumentationNodeModuleDefinition {
    const patch = (exports: LoggerClass): LoggerClass => {
      this._wrap(exports.prototype, 'write', (original) => this.patchWrite(original));
      return exports;
    };
    const unpatch = (exports: LoggerClass): void => this._unwrap(exports.prototype, 'write');
    return new InstrumentationNodeModuleDefinition('winston', VERSIONS, undefined, undefined, [
      new InstrumentationNodeModuleFile('winston/lib/winston/logger.js', VERSIONS, patch, unpatch),
    ]);
  }

  private patchWrite(original: WriteFn): WriteFn {
    const self = this;
    return function write(this: WinstonLogger, info: unknown, ...rest: unknown[]): boolean {
      if (info !== null && typeof info === 'object' && !isTracingSuppressed(context.active())) {
        try {
          self.emit(this, info as Info);
        } catch (err) {
          diag.warn('vigil winston: could not send a log record', err);
        }
      }
      return original.call(this, info, ...rest);
    };
  }

  private emit(logger: WinstonLogger, info: Info): void {
    const level = String(info[LEVEL] ?? info.level ?? 'info');
    if (logger.silent || logger.isLevelEnabled?.(level) === false) return;
    const attributes: AnyValueMap = {};
    for (const key of Object.keys(info)) {
      if (key !== 'level' && key !== 'message') attributes[key] = info[key] as AnyValueMap[string];
    }
    if (info instanceof Error) {
      attributes['exception.type'] = info.name;
      attributes['exception.message'] = info.message;
      if (info.stack) attributes['exception.stacktrace'] = info.stack;
    }
    const message = info.message;
    this.logger.emit({
      severityNumber: severityOf(level),
      severityText: level,
      body: typeof message === 'string' ? message : (message as AnyValueMap[string]),
      attributes,
      context: context.active(),
    });
  }
}
