import { diag } from '@opentelemetry/api';

/**
 * Each kind of failure is said once, repeats are counted (and go to debug),
 * and one line says when it is over. An outage must not print a stack per
 * batch (37 in 6 s), and the next outage deserves its own line again.
 */
export class OnceReporter {
  /** Kind → repeats since it was said. Insertion-ordered, bounded. */
  private readonly open = new Map<string, number>();

  constructor(
    private readonly say: (line: string) => void = (line) => diag.warn(line),
    private readonly maxKinds = 100,
  ) {}

  /** True when this call printed the line (the first of its kind since the last recovery). */
  report(kind: string, line: string): boolean {
    const repeats = this.open.get(kind);
    if (repeats !== undefined) {
      this.open.set(kind, repeats + 1);
      diag.debug(line);
      return false;
    }
    // Past the bound, an unbounded stream of distinct messages goes to debug only.
    if (this.open.size >= this.maxKinds) {
      diag.debug(line);
      return false;
    }
    this.open.set(kind, 0);
    this.say(line);
    return true;
  }

  /** Whether any kind (or any kind starting with the prefix) is currently reported. */
  failing(prefix = ''): boolean {
    for (const k of this.open.keys()) if (k.startsWith(prefix)) return true;
    return false;
  }

  /**
   * Closes every open kind starting with the prefix and, if there was one,
   * prints one line built from the total number of failures seen.
   */
  recover(prefix: string, line: (failures: number) => string): void {
    let failures = 0;
    let any = false;
    for (const [k, n] of this.open) {
      if (!k.startsWith(prefix)) continue;
      any = true;
      failures += n + 1;
      this.open.delete(k);
    }
    if (any) this.say(line(failures));
  }
}

const kReported = Symbol.for('vigil.reported');
/** Messages of errors already said, so the SDK's wrapped copies of them stay quiet too (bounded). */
const reportedMessages = new Set<string>();

/**
 * An Error for an export result that Vigil has already reported and counted:
 * the SDK hands failed results to the global error handler, which then says
 * nothing more about it (see error-handler.ts).
 */
export function reportedError(message: string): Error {
  const err = new Error(message);
  (err as unknown as Record<symbol, boolean>)[kReported] = true;
  if (reportedMessages.size >= 100) reportedMessages.clear();
  reportedMessages.add(message);
  return err;
}

/** True for an error made by reportedError, or an SDK message that quotes one. */
export function wasReported(ex: unknown): boolean {
  if (typeof ex === 'object' && ex !== null && (ex as Record<symbol, unknown>)[kReported] === true) return true;
  const message = ex instanceof Error ? ex.message : String(ex);
  for (const m of reportedMessages) if (message.includes(m)) return true;
  return false;
}
