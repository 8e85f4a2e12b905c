import { SeverityNumber } from '@opentelemetry/api';

// The logs data model's mapping for the level names winston (npm and syslog
// levels) and console use; an unknown name is INFO, as most loggers default.
const BY_NAME: Record<string, SeverityNumber> = {
  silly: SeverityNumber.TRACE,
  trace: SeverityNumber.TRACE,
  debug: SeverityNumber.DEBUG,
  verbose: SeverityNumber.DEBUG2,
  http: SeverityNumber.INFO2,
  info: SeverityNumber.INFO,
  log: SeverityNumber.INFO,
  notice: SeverityNumber.INFO3,
  warn: SeverityNumber.WARN,
  warning: SeverityNumber.WARN,
  error: SeverityNumber.ERROR,
  crit: SeverityNumber.FATAL,
  alert: SeverityNumber.FATAL2,
  emerg: SeverityNumber.FATAL3,
};

export function severityOf(level: string): SeverityNumber {
  return BY_NAME[level] ?? SeverityNumber.INFO;
}
