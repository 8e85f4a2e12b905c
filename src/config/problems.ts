import { diag } from '@opentelemetry/api';

/**
 * Collects configuration problems. Each is one line naming the variable or
 * file:line and what is accepted; it is printed once, and Vigil carries on
 * with that part off.
 */
export class Problems {
  readonly lines: string[] = [];
  private reported = 0;

  add(source: string, message: string): void {
    this.addLine(`${source}: ${message}`);
  }

  /** A line that already names its source (e.g. "vigil.config.yaml:12: ..."). Said once, however many readers hit it. */
  addLine(line: string): void {
    // One variable read for three signals (OTEL_EXPORTER_OTLP_PROTOCOL) is one problem, not three.
    if (!this.lines.includes(line)) this.lines.push(line);
  }

  /** Print the problems not printed yet, one line each on stderr (they must be seen without OTEL_LOG_LEVEL). */
  report(write: (line: string) => void = defaultWrite): void {
    for (; this.reported < this.lines.length; this.reported++) write(this.lines[this.reported]!);
  }
}

function defaultWrite(line: string): void {
  diag.debug(line);
  process.stderr.write(`vigil: ${line}\n`);
}
