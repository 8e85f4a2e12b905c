import type { Command } from 'commander';

/** report, export and dashboard: built on src/dashboard (wired once it lands). */
export function registerDashboardCommands(_program: Command): void {}
