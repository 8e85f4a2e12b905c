import { diag } from '@opentelemetry/api';
import type { ErrorGroup, GroupEventKind } from '../errors/index.js';
import type { CachedResult } from '../health/index.js';

/** What one room tells the others while the application runs. */
export interface VigilEventMap {
  /** A new error group, a regression, or an event of a known group (errors → alerting). */
  errorGroup: [kind: GroupEventKind, group: ErrorGroup];
  /** A monitored() call or @alertOnFailure method failed (api → alerting). */
  operationFailure: [err: unknown, name: string];
  /** A monitored call ran past its slow threshold (api → alerting). */
  slowOperation: [name: string, ms: number, thresholdMs: number];
  /** A health check ran (health → alerting): every result, so a check failing from its first run alerts. */
  healthResult: [result: CachedResult, critical: boolean];
}

export type VigilEventName = keyof VigilEventMap;

/**
 * The channel start() hands to every feature: a room that produces an event
 * emits it here, a room that consumes it subscribes during its setup. Who
 * listens does not depend on the order of FEATURES (subscriptions are made
 * before the first event), and nothing is a slot on the runtime singleton
 * that a later feature must fill.
 */
export interface VigilEvents {
  on<K extends VigilEventName>(event: K, listener: (...args: VigilEventMap[K]) => void): () => void;
  /** Calls every listener; a listener's fault is one diag line, never the caller's exception. */
  emit<K extends VigilEventName>(event: K, ...args: VigilEventMap[K]): void;
}

export function createEvents(): VigilEvents {
  const listeners = new Map<VigilEventName, Set<(...args: unknown[]) => void>>();
  return {
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const fn = listener as unknown as (...args: unknown[]) => void;
      set.add(fn);
      return () => void set.delete(fn);
    },
    emit(event, ...args) {
      for (const fn of listeners.get(event) ?? []) {
        try {
          fn(...args);
        } catch (err) {
          diag.warn(`vigil: a ${event} listener failed: ${(err as Error).message}`);
        }
      }
    },
  };
}
