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

export function errorType(error: unknown): string {
  if (error instanceof Error) return error.name || error.constructor.name || 'Error';
  return typeof error;
}
