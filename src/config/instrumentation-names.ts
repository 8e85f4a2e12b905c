/**
 * Short names accepted by OTEL_NODE_ENABLED_INSTRUMENTATIONS and
 * OTEL_NODE_DISABLED_INSTRUMENTATIONS. The factories behind them live in
 * src/sdk/instrumentations.ts; a unit test keeps the two lists equal.
 */
export const INSTRUMENTATION_NAMES = [
  'http',
  'express',
  'fastify',
  'koa',
  'nestjs',
  'undici',
  'runtime-node',
  'host-metrics',
  'node-sqlite',
  'ollama',
  'fhir',
  'emr',
] as const;

export type InstrumentationName = (typeof INSTRUMENTATION_NAMES)[number];

/** On unless disabled; the rest only when enabled by name. */
export const DEFAULT_INSTRUMENTATIONS: readonly InstrumentationName[] = INSTRUMENTATION_NAMES;
