import type { InstrumentationConfig } from '@opentelemetry/instrumentation';

export type FhirInteraction =
  | 'read'
  | 'vread'
  | 'search'
  | 'create'
  | 'update'
  | 'patch'
  | 'delete'
  | 'history'
  | 'operation'
  | 'capabilities';

/** A FHIR REST call, as read from an HTTP method and URL. Never carries the resource id's value. */
export interface FhirCall {
  interaction: FhirInteraction;
  /** Absent for system-level calls (`/metadata`, `/_history`, `/$export`). */
  resourceType?: string;
  /** `$everything`, `$validate`, … for the `operation` interaction. */
  operation?: string;
  /** The URL path with the id and version segments replaced by `:id` / `:vid`. */
  path: string;
}

export interface FhirInstrumentationConfig extends InstrumentationConfig {
  /** Resource types beyond the FHIR R4/R5 ones (custom or profiled servers). */
  extraResourceTypes?: string[];
}
