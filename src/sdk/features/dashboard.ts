import { dashboardRouter } from '../../dashboard/index.js';
import { runtime } from '../runtime.js';
import type { Feature } from '../types.js';

/** /monitoring and the summary, errors, crashes and export APIs, read from the store. */
export const dashboardFeature: Feature = {
  name: 'dashboard',
  setup({ config }) {
    const rt = runtime();
    // Mounted after the alerting router, whose live /api/alerts wins over the table fallback here.
    const router = dashboardRouter({
      db: () => rt.store?.db,
      token: config.dashboardToken,
      slowMs: config.slowMs,
      live: { health: rt.health, alerting: rt.alerting },
    });
    return { protectedRouters: [router] };
  },
};
