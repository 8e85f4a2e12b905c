import { context, diag, trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import type { ApiConfig, ApiHooks } from './types.js';

interface State {
  hooks: ApiHooks;
  thresholds: Map<string, number>;
  defaultSlowMs: number | undefined;
  /** Bumped on every configureApi(), so operations re-resolve their threshold lazily. */
  version: number;
}

// On globalThis so two installed copies of Vigil share one configuration.
const STATE_KEY = Symbol.for('vigil.api.config');
export const state: State = ((globalThis as Record<symbol, State | undefined>)[STATE_KEY] ??= {
  hooks: {},
  thresholds: new Map(),
  defaultSlowMs: undefined,
  version: 0,
});

/**
 * Set the hooks and slow thresholds of the developer API. Called by the SDK at
 * start; a later call replaces the previous configuration.
 */
export function configureApi(config: ApiConfig = {}): void {
  state.hooks = { onError: config.onError, onFailure: config.onFailure, onSlow: config.onSlow };
  state.thresholds = new Map();
  for (const [name, ms] of Object.entries(config.slowThresholds ?? {})) {
    if (typeof ms === 'number' && ms >= 0) state.thresholds.set(name, ms);
    else diag.warn(`vigil api: ignoring slow threshold for "${name}": not a number >= 0`);
  }
  const d = config.defaultSlowMs;
  state.defaultSlowMs = typeof d === 'number' && d >= 0 ? d : undefined;
  state.version++;
}

/** Run a user hook inside the span's context; a hook's fault never reaches the application. */
export function callHook<A extends unknown[]>(
  hook: ((...args: A) => void) | undefined,
  span: Span | undefined,
  ...args: A
): void {
  if (hook === undefined) return;
  try {
    const ctx = span === undefined ? context.active() : trace.setSpan(context.active(), span);
    context.with(ctx, () => hook(...args));
  } catch (err) {
    diag.warn('vigil api: hook threw', err);
  }
}
