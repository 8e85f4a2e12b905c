import { diag } from '@opentelemetry/api';
import { writeStderr } from '../sdk/output.js';

/**
 * Collects configuration problems. Each is one line naming the variable or
 * file:line and what is accepted; it is printed once, and Vigil carries on
 * with that part off.
 */
export class Problems {
  readonly lines: string[] = [];
  private reported = 0;

  add(source: string, message: string): void {
    this.lines.push(`${source}: ${message}`);
  }

  /** A line that already names its source (e.g. "vigil.config.yaml:12: ..."). */
  addLine(line: string): void {
    this.lines.push(line);
  }

  /** Print the problems not printed yet, one line each on stderr (they must be seen without OTEL_LOG_LEVEL). */
  report(write: (line: string) => void = defaultWrite): void {
    for (; this.reported < this.lines.length; this.reported++) write(this.lines[this.reported]!);
  }
}

function defaultWrite(line: string): void {
  diag.debug(line);
  writeStderr(`vigil: ${line}`);
}
