import { diag } from '@opentelemetry/api';
import type { AnyFunction, MonitorOptions, RetryOptions } from './types.js';
import { buildWrapper } from './wrap.js';

/**
 * A method decorator for both of TypeScript's modes: standard (TC39, the
 * default since TS 5) and legacy `experimentalDecorators` (NestJS, older
 * projects). The same options give the same wrapper in either.
 */
export interface MethodDecorator {
  <F extends AnyFunction>(value: F, context: ClassMethodDecoratorContext): F;
  <T>(target: object, propertyKey: string | symbol, descriptor: TypedPropertyDescriptor<T>): TypedPropertyDescriptor<T>;
}

function className(self: unknown, isStatic: boolean): string {
  if (isStatic) return (self as { name?: string } | undefined)?.name || 'anonymous';
  return (self as { constructor?: { name?: string } } | undefined)?.constructor?.name || 'anonymous';
}

function isStandardCall(value: unknown, context: unknown): context is ClassMethodDecoratorContext {
  return typeof value === 'function' && typeof context === 'object' && context !== null && 'kind' in context;
}

/** Legacy decorators get the prototype (or the class, for static methods), the key and the descriptor. */
function isLegacyCall(target: unknown, key: unknown, descriptor: unknown): descriptor is PropertyDescriptor {
  return (typeof target === 'object' || typeof target === 'function') && target !== null && (typeof key === 'string' || typeof key === 'symbol') && typeof descriptor === 'object' && descriptor !== null;
}

/** True when these are the arguments of a decorator application, in either mode. */
export function isDecoratorCall(a: unknown, b: unknown, c?: unknown): boolean {
  return isStandardCall(a, b) || isLegacyCall(a, b, c);
}

/**
 * Applies the options to a decorated method, in either mode; the name
 * defaults to `Class.method`, resolved at the first call (so a subclass
 * instance shows its own class).
 */
export function decorate(options: MonitorOptions, a: unknown, b: unknown, c: unknown): unknown {
  if (isStandardCall(a, b)) {
    if (b.kind !== 'method') {
      diag.warn(`vigil api: decorators apply to methods; "${String(b.name)}" left unchanged`);
      return a;
    }
    const method = String(b.name);
    const isStatic = b.static;
    return buildWrapper(a as AnyFunction, options.name ?? ((self: unknown) => `${className(self, isStatic)}.${method}`), options);
  }
  if (isLegacyCall(a, b, c)) {
    if (typeof c.value !== 'function') {
      diag.warn(`vigil api: decorators apply to methods; "${String(b as string | symbol)}" left unchanged`);
      return c;
    }
    const method = String(b as string | symbol);
    const isStatic = typeof a === 'function';
    return { ...c, value: buildWrapper(c.value as AnyFunction, options.name ?? ((self: unknown) => `${className(self, isStatic)}.${method}`), options) };
  }
  return a;
}

/** A decorator applying these options. */
export function decoratorWith(options: MonitorOptions): MethodDecorator {
  return ((a: unknown, b: unknown, c?: unknown) => decorate(options, a, b, c)) as MethodDecorator;
}

/** A decorator usable bare (`@name`) or with options (`@name({ ... })`). */
export interface FlexibleDecorator extends MethodDecorator {
  (options?: MonitorOptions): MethodDecorator;
}

function flexible(preset: MonitorOptions): FlexibleDecorator {
  return ((a?: unknown, b?: unknown, c?: unknown) => {
    if (isDecoratorCall(a, b, c)) return decorate(preset, a, b, c);
    return decoratorWith({ ...preset, ...(a as MonitorOptions | undefined) });
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
export function retry<T>(target: object, propertyKey: string | symbol, descriptor: TypedPropertyDescriptor<T>): TypedPropertyDescriptor<T>;
export function retry(options?: RetryOptions & MonitorOptions): MethodDecorator;
export function retry(value?: unknown, context?: unknown, descriptor?: unknown): unknown {
  if (isDecoratorCall(value, context, descriptor)) return decorate({ retry: {} }, value, context, descriptor);
  const { attempts, backoff, retryIf, ...rest } = (value ?? {}) as RetryOptions & MonitorOptions;
  return decoratorWith({ ...rest, retry: { ...rest.retry, attempts, backoff, retryIf } });
}
