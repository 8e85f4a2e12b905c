import { SqliteLogRecordExporter, SqliteMetricExporter, SqliteSpanExporter } from '../../../exporters/sqlite/index.js';
import { threadWriterFor } from '../../../exporters/sqlite/thread-writer.js';
import { writeThreadRunner } from '../../store/maintenance-runner.js';
import { openStore, startMaintenance } from '../../store/index.js';
import { runtime } from '../runtime.js';
import type { Feature } from '../types.js';

const usesSqlite = (names: readonly string[]): boolean => names.includes('sqlite');

/**
 * The local store: opened when any signal exports to `sqlite` (the default),
 * or for the other rooms' tables. A store that cannot open is one line and
 * the SQLite exporters stay off; everything else keeps working.
 */
export const storeFeature: Feature = {
  name: 'store',
  setup({ config, problems }) {
    // Printed as they come: a fault after start-up (a damaged file, a lock) must be seen too.
    const onProblem = (line: string): void => {
      problems.addLine(line);
      problems.report();
    };
    const store = openStore({ dataDir: config.dataDir, maxDbMb: config.maxDbMb, onProblem });
    if (!store) return undefined;
    // Writes of the other rooms on this handle must never become spans themselves.
    const untraced = (db: object): void => void ((db as Record<symbol, boolean>)[Symbol.for('vigil.sqlite.untraced')] = true);
    untraced(store.db);
    store.onReopen(untraced);
    runtime().store = store;
    const source = () => (store.closed ? undefined : store);
    // Passes run on the store's write thread: no thread of their own at rest, never on the app's loop.
    const runner = writeThreadRunner(store.path, () => (store.closed ? undefined : threadWriterFor(store)));
    const maintenance = startMaintenance(store, { retentionDays: config.retentionDays, maxDbMb: config.maxDbMb, runner });
    return {
      localExporters: {
        span: usesSqlite(config.traces.exporters) ? new SqliteSpanExporter({ store: source }) : undefined,
        metric: usesSqlite(config.metrics.exporters) ? new SqliteMetricExporter({ store: source }) : undefined,
        log: usesSqlite(config.logs.exporters) ? new SqliteLogRecordExporter({ store: source }) : undefined,
      },
      // Closed last, after the providers flushed into it (see start.ts).
      closeLast: () => {
        maintenance.stop();
        store.close();
        runtime().store = undefined;
      },
    };
  },
};
