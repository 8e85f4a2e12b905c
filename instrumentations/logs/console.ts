import { format } from 'node:util';
import { context, diag } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { InstrumentationBase } from '@opentelemetry/instrumentation';
import { VERSION } from '../../src/sdk/version.js';
import { severityOf } from './severity.js';

const NAME = '@vigil/otel/instrumentation-console';
const METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

type ConsoleFn = (...args: unknown[]) => void;

/**
 * `console.*` lines as OpenTelemetry log records with the active trace and
 * span (opt-in: VIGIL_CAPTURE_CONSOLE=true). The line is printed as before;
 * a line printed while a record is being emitted (an exporter's own warning)
 * is printed and not recorded, so the pipeline cannot feed itself.
 */
export class ConsoleInstrumentation extends InstrumentationBase {
  declare private emitting: boolean;

  constructor() {
    super(NAME, VERSION, {});
  }

  protected init(): undefined {
    return undefined;
  }

  override enable(): void {
    if (this._enabled) return;
    super.enable();
    for (const m of METHODS) this._wrap(console, m, (original) => this.patch(m, original as ConsoleFn) as never);
  }

  override disable(): void {
    if (!this._enabled) return;
    super.disable();
    this._massUnwrap([console], [...METHODS]);
  }

  private patch(method: (typeof METHODS)[number], original: ConsoleFn): ConsoleFn {
    const self = this;
    const level = method === 'log' ? 'info' : method === 'trace' ? 'trace' : method;
    return function (this: unknown, ...args: unknown[]): void {
      if (!self.emitting && !isTracingSuppressed(context.active())) {
        self.emitting = true;
        try {
          self.logger.emit({ severityNumber: severityOf(level), severityText: level, body: format(...args), context: context.active() });
        } catch (err) {
          diag.warn('vigil console: could not send a log record', err);
        } finally {
          self.emitting = false;
        }
      }
      original.apply(this, args);
    };
  }
}
