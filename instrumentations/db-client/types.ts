import type { Attributes } from '@opentelemetry/api';

/** What one database call is, as span and metric attributes; computed before the call runs. */
export interface DbOperation {
  spanName: string;
  spanAttributes: Attributes;
  metricAttributes: Attributes;
}

/** Where the database is: `db.namespace`, `server.address`, `server.port`. */
export interface DbTarget {
  namespace?: string;
  serverAddress?: string;
  serverPort?: number;
}
