import { SeverityNumber } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteLogRecordExporter } from '../../../exporters/sqlite/index.js';
import type { Store } from '../../../src/store/types.js';
import { freshStore } from '../store/helpers.js';

describe('SqliteLogRecordExporter', () => {
  let store: Store;
  let dispose: () => void;
  beforeEach(() => ({ store, dispose } = freshStore()));
  afterEach(() => dispose());

  it('writes log records from a real LoggerProvider into messages', async () => {
    const exporter = new SqliteLogRecordExporter({ store });
    const provider = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': 'emr-clinic' }),
      processors: [new BatchLogRecordProcessor({ exporter })],
    });
    const logger = provider.getLogger('audit');
    const t = Date.UTC(2026, 4, 2, 10, 0, 0, 123);
    logger.emit({ severityNumber: SeverityNumber.WARN, severityText: 'WARN', body: 'slow query', attributes: { table: 'visits' }, timestamp: t });
    logger.emit({ severityNumber: SeverityNumber.INFO, body: { event: 'login', ok: true }, timestamp: t + 1 });
    await provider.forceFlush();
    const rows = store.db
      .prepare('SELECT CAST(time_ns AS TEXT) AS ns, time_ms, severity_number, severity_text, body, service_name, scope_name, attributes FROM messages ORDER BY time_ms')
      .all();
    expect(rows).toEqual([
      { ns: `${t}000000`, time_ms: t, severity_number: SeverityNumber.WARN, severity_text: 'WARN', body: 'slow query', service_name: 'emr-clinic', scope_name: 'audit', attributes: '{"table":"visits"}' },
      { ns: `${t + 1}000000`, time_ms: t + 1, severity_number: SeverityNumber.INFO, severity_text: null, body: '{"event":"login","ok":true}', service_name: 'emr-clinic', scope_name: 'audit', attributes: '{}' },
    ]);
    expect(exporter.stats).toEqual({ written: 2, dropped: 0 });
    await provider.shutdown();
  });
});
