import { stopAll as stopAllProgress } from '../../progress/registry.js';
import { runtime } from '../runtime.js';
import type { Feature } from '../types.js';

/** /api/progress: running and finished batch jobs. */
export const progressFeature: Feature = {
  name: 'progress',
  setup() {
    return {
      routes: async () => {
        const { progressRouter } = await import('../../progress/list.js');
        return { protectedRouters: [progressRouter({ db: () => runtime().store?.db })] };
      },
      // Before the store closes: jobs still running are written as stopped, with exact counts.
      shutdown: () => stopAllProgress(),
    };
  },
};
