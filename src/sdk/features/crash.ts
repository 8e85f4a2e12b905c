import { alertPendingCrashes, installCrashHandlers } from '../../crash/index.js';
import type { CrashAlert } from '../../crash/index.js';
import { runtime } from '../runtime.js';
import type { Feature } from '../types.js';

/** Crash reports for uncaught exceptions and, per VIGIL_UNHANDLED_REJECTIONS, unhandled rejections. */
export const crashFeature: Feature = {
  name: 'crash',
  setup({ config, resource }) {
    const rt = runtime();
    // The alert engine's crash hook (the default `Crash` rule); no engine, nothing to deliver.
    const alert: CrashAlert = (crash) => rt.alerting?.onCrash(crash) ?? Promise.resolve(false);
    const handlers = installCrashHandlers({
      capture: (err, level) => rt.errors?.captureException(err, { level }),
      breadcrumbs: () => rt.errors?.breadcrumbs() ?? [],
      alert,
      flush: async () => {
        await rt.errors?.flush();
        await rt.flush?.(2000);
      },
      db: () => rt.store?.db,
      dataDir: config.dataDir,
      resourceAttributes: resource.attributes,
      redactor: rt.redactor,
      mode: config.unhandledRejections,
      crashReportUrl: config.crashReportUrl,
    });
    return {
      // Every room is up: crashes of an earlier run whose alert did not get out go now, once.
      started: () => {
        if (rt.alerting) void alertPendingCrashes({ dataDir: config.dataDir, db: rt.store?.db, alert });
      },
      shutdown: () => handlers.uninstall(),
    };
  },
};
