import { cpuCheck } from '../../health/checks/cpu.js';
import { diskCheck } from '../../health/checks/disk.js';
import { eventLoopCheck } from '../../health/checks/event-loop.js';
import { memoryCheck } from '../../health/checks/memory.js';
import { storeCheck } from '../../health/checks/store.js';
import { createHealth } from '../../health/registry.js';
import type { HealthCheck } from '../../health/types.js';
import { runtime } from '../runtime.js';
import type { Feature } from '../types.js';
import { VERSION } from '../version.js';

/** Health checks: defaults for the process, the data dir and Vigil's own store, plus the config file's `health:` section. */
export const healthFeature: Feature = {
  name: 'health',
  async setup({ config, resource, problems, events }) {
    const rt = runtime();
    // The store check: with SQLite storage off, /health says warn and why, not pass.
    const checks: HealthCheck[] = [diskCheck({ path: config.dataDir }), memoryCheck(), cpuCheck(), eventLoopCheck(), storeCheck({ db: () => rt.store?.db })];
    const file = config.file;
    if (file?.sections.health !== undefined) {
      // The section's parser (and the checks it can build) only when there is a section.
      const { parseHealthSection } = await import('../../health/config.js');
      const parsed = parseHealthSection(file.sections.health, file.where);
      for (const line of parsed.problems) problems.addLine(line);
      checks.push(...parsed.checks);
    }
    const serviceName = resource.attributes['service.name'];
    const health = createHealth({
      serviceId: typeof serviceName === 'string' ? serviceName : undefined,
      version: VERSION,
      db: () => rt.store?.db,
      checks,
    });
    rt.health = health;
    // Subscribed before the checks start (started() runs after every setup), so no first result is missed.
    const unsubscribe = health.onResult((r, critical) => events.emit('healthResult', r, critical));
    return {
      routes: async () => {
        const { healthRouter } = await import('../../health/router.js');
        return { routers: [healthRouter(health, { token: config.dashboardToken })] };
      },
      started: () => health.start(),
      stopping: () => health.markShuttingDown(),
      shutdown: () => {
        unsubscribe();
        return health.stop();
      },
    };
  },
};
