import { installCrashHandlers } from '../../crash/index.js';
import { runtime } from '../runtime.js';
import type { Feature } from '../types.js';

/** Crash reports for uncaught exceptions and, per VIGIL_UNHANDLED_REJECTIONS, unhandled rejections. */
export const crashFeature: Feature = {
  name: 'crash',
  setup({ config, resource }) {
    const rt = runtime();
    const handlers = installCrashHandlers({
      capture: (err, level) => rt.errors?.captureException(err, { level }),
      breadcrumbs: () => rt.errors?.breadcrumbs() ?? [],
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
    return { shutdown: () => handlers.uninstall() };
  },
};
