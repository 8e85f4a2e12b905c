import { inlineReader, threadReader } from '../../dashboard/reader.js';
import { runtime } from '../runtime.js';
import type { Feature } from '../types.js';

/**
 * /monitoring and the summary, errors, crashes and export APIs. Reads run on
 * a worker thread with its own read-only connection (never the writer's,
 * never on the application's event loop).
 */
export const dashboardFeature: Feature = {
  name: 'dashboard',
  setup({ config }) {
    const rt = runtime();
    const reader = rt.store ? threadReader(rt.store.path) : inlineReader(() => undefined);
    rt.reader = reader;
    // Mounted after the alerting router, whose live /api/alerts wins over the table fallback here.
    const routes = async () => {
      const { dashboardRouter } = await import('../../dashboard/router.js');
      const router = dashboardRouter({
        reader,
      token: config.dashboardToken,
      slowMs: config.slowMs,
      // Read per request, not at setup: whether health or alerting was set up before this feature does not matter.
      live: {
        get health() {
          return rt.health;
        },
        get alerting() {
          return rt.alerting;
        },
      },
      });
      return { protectedRouters: [router] };
    };
    return {
      routes,
      shutdown: async () => {
        rt.reader = undefined;
        await reader.close();
      },
    };
  },
};
