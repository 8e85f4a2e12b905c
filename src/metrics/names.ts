// Instrument and attribute names Vigil's developer API records. One place, so
// views, dashboards and alert rules agree with the code.

/** Instrumentation scope of every tracer and meter the developer API uses. */
export const SCOPE_NAME = '@vigil/otel';

/** Duration of a monitored operation, seconds (histogram, exponential via performanceViews()). */
export const OPERATION_DURATION = 'vigil.operation.duration';
/** Items processed by operations given an `items` count (counter; throughput per item). */
export const OPERATION_ITEMS = 'vigil.operation.items';
/** Calls of a `@countCalls` / `countCalls: true` operation without timing (a timed one's count is the histogram's). */
export const OPERATION_CALLS = 'vigil.operation.calls';
/** Retries (attempts after the first) made by `@retry`. */
export const OPERATION_RETRIES = 'vigil.operation.retries';
/** Operations slower than their threshold. */
export const SLOW_OPERATIONS = 'vigil.slow_operations';

/** Attribute naming the operation on every instrument above. */
export const ATTR_OPERATION = 'operation';
/** Span attribute: the items one call processed (`items` option). */
export const ATTR_ITEMS = 'vigil.operation.items';
/** Span attribute set when an operation exceeded its slow threshold. */
export const ATTR_SLOW = 'vigil.slow';
