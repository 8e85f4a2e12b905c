/**
 * A failure the CLI can explain in one line (exit 1): a missing or corrupt
 * database, an unknown fingerprint. Anything else that escapes a command is
 * a bug and is reported with its stack.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Bad usage found after parsing (e.g. a malformed matcher): exit 2, like commander's own errors. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'UsageError';
  }
}
