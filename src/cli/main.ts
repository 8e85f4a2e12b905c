#!/usr/bin/env node
import { CommanderError } from 'commander';
import { nodeSupported, unsupportedNodeLine } from '../node-version.js';
import { CliError } from './errors.js';

/** commander's codes that mean "printed what was asked": help or version on request. */
const OK_CODES = new Set(['commander.helpDisplayed', 'commander.version']);

function fail(line: string, code: number): void {
  process.stderr.write(`vigil: ${line}\n`);
  process.exitCode = code;
}

/** Maps every outcome to 0 / 1 (explained failure) / 2 (bad usage); commander has already printed its own messages. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) return OK_CODES.has(err.code) ? 0 : 2;
  if (err instanceof CliError) return err.exitCode;
  return 1;
}

// `vigil errors | head` closes the pipe early: that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

try {
  if (!nodeSupported()) throw new CliError(unsupportedNodeLine('the vigil command needs it').replace(/^vigil: /, '').trimEnd(), 1);
  // Loaded only on a supported Node: the commands open node:sqlite.
  const { buildProgram } = await import('./program.js');
  await buildProgram().parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exitCode = exitCodeFor(err);
  else if (err instanceof CliError) fail(err.exitCode === 2 ? `${err.message}\n(run with --help for usage)` : err.message, err.exitCode);
  else fail(`unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`, 1);
}
