import { diag } from '@opentelemetry/api';

/**
 * Runs a user hook so that its failure never reaches the application: a
 * throwing hook is reported once per call through diag and treated as if it
 * had returned `fallback`.
 */
export function safeHook<A, R>(name: string, hook: ((arg: A) => R) | undefined, arg: A, fallback: R): R {
  if (!hook) return fallback;
  try {
    return hook(arg);
  } catch (err) {
    diag.warn(`vigil errors: ${name} hook threw, ignoring it: ${err instanceof Error ? err.message : String(err)}`);
    return fallback;
  }
}
