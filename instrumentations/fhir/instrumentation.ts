import { metrics } from '@opentelemetry/api';
import type { Histogram, MeterProvider, TracerProvider } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { HTTP_DURATION_BUCKETS } from '../../src/metrics/buckets.js';
import { VERSION } from '../../src/sdk/version.js';
import { FhirSpanProcessor } from './processor.js';
import type { FhirProcessorState } from './processor.js';
import { RESOURCE_TYPES } from './resource-types.js';
import type { FhirInstrumentationConfig } from './types.js';

const NAME = '@vigil/otel/instrumentation-fhir';

/**
 * FHIR semantics on top of the HTTP instrumentations. Nothing is patched:
 * the work happens in `spanProcessor`, which the SDK adds to its pipeline;
 * this object carries the meter and the on/off switch like any other
 * instrumentation.
 */
export class FhirInstrumentation implements Instrumentation<FhirInstrumentationConfig> {
  readonly instrumentationName = NAME;
  readonly instrumentationVersion = VERSION;
  readonly spanProcessor: FhirSpanProcessor;
  private config: FhirInstrumentationConfig;
  private readonly state: FhirProcessorState;

  constructor(config: FhirInstrumentationConfig = {}) {
    this.config = { enabled: true, ...config };
    this.state = { enabled: this.config.enabled !== false, duration: createHistogram(metrics.getMeterProvider()), types: typesOf(config) };
    this.spanProcessor = new FhirSpanProcessor(this.state);
  }

  setTracerProvider(_provider: TracerProvider): void {}

  setMeterProvider(provider: MeterProvider): void {
    this.state.duration = createHistogram(provider);
  }

  setConfig(config: FhirInstrumentationConfig): void {
    this.config = { enabled: true, ...config };
    this.state.types = typesOf(config);
  }

  getConfig(): FhirInstrumentationConfig {
    return this.config;
  }

  enable(): void {
    this.state.enabled = true;
  }

  disable(): void {
    this.state.enabled = false;
  }
}

function createHistogram(provider: MeterProvider): Histogram {
  return provider.getMeter(NAME, VERSION).createHistogram('fhir.operation.duration', {
    unit: 's',
    description: 'Duration of FHIR REST interactions, by resource type and interaction.',
    advice: { explicitBucketBoundaries: [...HTTP_DURATION_BUCKETS] },
  });
}

function typesOf(config: FhirInstrumentationConfig): ReadonlySet<string> | undefined {
  return config.extraResourceTypes?.length ? new Set([...RESOURCE_TYPES, ...config.extraResourceTypes]) : undefined;
}
