import { Command } from 'commander';
import { registerAggregate } from './commands/aggregate.js';
import { registerAlerts } from './commands/alerts.js';
import { registerCleanup } from './commands/cleanup.js';
import { registerCrashes } from './commands/crashes.js';
import { registerErrors } from './commands/errors.js';
import { registerHealth } from './commands/health.js';
import { registerPrivacy } from './commands/privacy.js';
import { registerSilence } from './commands/silence.js';
import { registerTraces } from './commands/traces.js';
import { registerDashboardCommands } from './commands/dashboard-commands.js';
import { VERSION } from './version.js';

/**
 * The `vigil` program. Settings that subcommands inherit (exitOverride,
 * help, output) are made before any command is added: commander copies them
 * at `.command()` time.
 */
export function buildProgram(): Command {
  const program = new Command('vigil')
    .description("Vigil's command line: read and maintain a monitoring.db (health, errors, alerts, crashes, reports)")
    .version(VERSION, '-V, --version')
    .option('--db <path>', 'database file (default: $VIGIL_DATA_DIR/monitoring.db, else ./data/monitoring.db)')
    .option('--json', 'machine-readable JSON on stdout')
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .showHelpAfterError('(run with --help for usage)')
    .showSuggestionAfterError(true)
    .exitOverride();
  registerDashboardCommands(program);
  registerHealth(program);
  registerErrors(program);
  registerTraces(program);
  registerAlerts(program);
  registerSilence(program);
  registerCrashes(program);
  registerCleanup(program);
  registerAggregate(program);
  registerPrivacy(program);
  program.addHelpText(
    'after',
    `
Exit codes: 0 success, 1 a failure explained on stderr (e.g. missing or corrupt database), 2 bad usage.
Examples:
  vigil report --window 24h
  vigil errors --status all --json
  vigil traces --errors --min 500ms --window 24h
  vigil silence add alertname=ApiErrors --duration 2h --comment "deploying"
  vigil dashboard --db ./copy-from-clinic.db
  vigil privacy scan --db ./data/monitoring.db`,
  );
  return program;
}
