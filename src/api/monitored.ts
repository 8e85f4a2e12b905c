import { decorate, decoratorWith, isDecoratorCall } from './decorators.js';
import type { MethodDecorator } from './decorators.js';
import type { AnyFunction, MonitorOptions } from './types.js';
import { buildWrapper } from './wrap.js';

/**
 * `monitored(name, fn, options)` returns `fn` wrapped in a timing span and a
 * duration histogram point (plus whatever the options add); `this`,
 * arguments, return values and thrown errors are passed through unchanged.
 * Also a method decorator, standard or legacy (`experimentalDecorators`):
 * `@monitored` or `@monitored({ ... })` / `@monitored('name')`.
 */
export function monitored<F extends AnyFunction>(name: string, fn: F, options?: MonitorOptions): F;
export function monitored<F extends AnyFunction>(value: F, context: ClassMethodDecoratorContext): F;
export function monitored<T>(target: object, propertyKey: string | symbol, descriptor: TypedPropertyDescriptor<T>): TypedPropertyDescriptor<T>;
export function monitored(options?: MonitorOptions | string): MethodDecorator;
export function monitored(a?: unknown, b?: unknown, c?: unknown): unknown {
  if (typeof a === 'string' && typeof b === 'function') return buildWrapper(b as AnyFunction, a, (c as MonitorOptions | undefined) ?? {});
  if (isDecoratorCall(a, b, c)) return decorate({}, a, b, c);
  return decoratorWith(typeof a === 'string' ? { name: a } : ((a as MonitorOptions | undefined) ?? {}));
}
