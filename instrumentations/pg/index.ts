import { PgInstrumentation } from './instrumentation.js';

export { PgInstrumentation };

export function createPgInstrumentation(): PgInstrumentation {
  return new PgInstrumentation();
}
