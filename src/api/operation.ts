import { diag } from '@opentelemetry/api';
import type { Attributes, SpanOptions } from '@opentelemetry/api';
import { ATTR_OPERATION, operationStats } from '../metrics/index.js';
import type { OperationStats } from '../metrics/index.js';
import { state } from './config.js';
import type { MonitorOptions } from './types.js';

const MAX_ERROR_TYPES = 20;

/** Everything about one named operation that can be computed once instead of per call. */
export class Operation {
  readonly attributes: Attributes;
  readonly spanOptions: SpanOptions;
  readonly stats: OperationStats;
  /** Whether calls carry an item count (checked per call before any work). */
  readonly counted: boolean;
  private readonly errorAttributes = new Map<string, Attributes>();
  private thresholdVersion = -1;
  private threshold = Infinity;

  constructor(
    readonly name: string,
    private readonly options: MonitorOptions,
  ) {
    this.attributes = { ...options.attributes, [ATTR_OPERATION]: name };
    this.spanOptions = options.attributes ? { attributes: { ...options.attributes } } : {};
    this.stats = operationStats(name);
    this.counted = options.items !== undefined;
  }

  /** Items of one call: the option's number or its function's answer; 0 when unusable (never throws). */
  itemsOf(args: unknown[], result: unknown): number {
    const items = this.options.items;
    let n: unknown = items;
    if (typeof items === 'function') {
      try {
        n = items(args, result);
      } catch (err) {
        warnOnce(this.name, `its items function threw (${String(err)})`);
        return 0;
      }
    }
    if (typeof n === 'number' && Number.isFinite(n) && n >= 0) return n;
    warnOnce(this.name, `items must be a non-negative number, got ${String(n)}`);
    return 0;
  }

  /** Slow threshold in ms (Infinity = none), re-resolved only after configureApi(). */
  slowThreshold(): number {
    if (this.thresholdVersion !== state.version) {
      this.thresholdVersion = state.version;
      const own = this.options.slowMs;
      this.threshold =
        own === false ? Infinity : (own ?? state.thresholds.get(this.name) ?? state.defaultSlowMs ?? Infinity);
    }
    return this.threshold;
  }

  /** Metric attributes of a failed call: the operation plus `error.type`, cached per type. */
  errorAttributesFor(error: unknown): Attributes {
    const type = errorType(error);
    let attrs = this.errorAttributes.get(type);
    if (attrs === undefined) {
      attrs = { ...this.attributes, 'error.type': type };
      if (this.errorAttributes.size < MAX_ERROR_TYPES) this.errorAttributes.set(type, attrs);
    }
    return attrs;
  }
}

const warned = new Set<string>();
function warnOnce(name: string, what: string): void {
  if (warned.has(name) || warned.size > 100) return;
  warned.add(name);
  diag.warn(`vigil api: operation "${name}": ${what}; no items recorded`);
}

export function errorType(error: unknown): string {
  if (error instanceof Error) return error.name || error.constructor.name || 'Error';
  return typeof error;
}
