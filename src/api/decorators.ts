import { diag } from '@opentelemetry/api';
import type { AnyFunction, MonitorOptions, RetryOptions } from './types.js';
import { buildWrapper } from './wrap.js';

/** A TypeScript 5+ standard (TC39) method decorator. */
export type MethodDecorator = <F extends AnyFunction>(value: F, context: ClassMethodDecoratorContext) => F;

function className(self: unknown, isStatic: boolean): string {
  if (isStatic) return (self as { name?: string } | undefined)?.name || 'anonymous';
  return (self as { constructor?: { name?: string } } | undefined)?.constructor?.name || 'anonymous';
}

/** A decorator applying these options; the name defaults to `Class.method`, resolved at the first call. */
export function decoratorWith(options: MonitorOptions): MethodDecorator {
  return <F extends AnyFunction>(value: F, context: ClassMethodDecoratorContext): F => {
    if (context.kind !== 'method') {
      diag.warn(`vigil api: decorators apply to methods; "${String(context.name)}" left unchanged`);
      return value;
    }
    const method = String(context.name);
    const source = options.name ?? ((self: unknown) => `${className(self, context.static)}.${method}`);
    return buildWrapper(value, source, options);
  };
}

export function isDecoratorCall(value: unknown, context: unknown): context is ClassMethodDecoratorContext {
  return typeof value === 'function' && typeof context === 'object' && context !== null && 'kind' in context;
}

/** A decorator usable bare (`@name`) or with options (`@name({ ... })`). */
export interface FlexibleDecorator {
  <F extends AnyFunction>(value: F, context: ClassMethodDecoratorContext): F;
  (options?: MonitorOptions): MethodDecorator;
}

function flexible(preset: MonitorOptions): FlexibleDecorator {
  const bare = decoratorWith(preset);
  return ((value?: unknown, context?: unknown) => {
    if (isDecoratorCall(value, context)) return bare(value as AnyFunction, context);
    return decoratorWith({ ...preset, ...(value as MonitorOptions | undefined) });
  }) as FlexibleDecorator;
}

/** Errors go to the error tracker (onError); no span of its own. */
export const captureErrors = flexible({ timing: false, captureErrors: true });
/** Failures go to the alert engine (onFailure); no span of its own. */
export const alertOnFailure = flexible({ timing: false, alertOnFailure: true });
/** Counts calls on `vigil.operation.calls`; nothing else. */
export const countCalls = flexible({ timing: false, countCalls: true });
/** Timing span + histogram; over `slowMs` the onSlow hook fires. */
export const measureAndAlert = flexible({ alertOnSlow: true });
/** The recommended one: timing, errors to the tracker, slow-operation alert. */
export const monitorAll = flexible({ captureErrors: true, alertOnSlow: true });

/** Retry failures (each attempt a span event, retries counted), inside a timing span. */
export function retry<F extends AnyFunction>(value: F, context: ClassMethodDecoratorContext): F;
export function retry(options?: RetryOptions & MonitorOptions): MethodDecorator;
export function retry(value?: unknown, context?: unknown): unknown {
  if (isDecoratorCall(value, context)) return decoratorWith({ retry: {} })(value as AnyFunction, context);
  const { attempts, backoff, retryIf, ...rest } = (value ?? {}) as RetryOptions & MonitorOptions;
  return decoratorWith({ ...rest, retry: { ...rest.retry, attempts, backoff, retryIf } });
}
