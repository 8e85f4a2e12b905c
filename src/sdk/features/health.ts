import { createHealth, cpuCheck, diskCheck, eventLoopCheck, healthRouter, memoryCheck, parseHealthSection, storeCheck } from '../../health/index.js';
import type { HealthCheck } from '../../health/index.js';
import { runtime } from '../runtime.js';
import type { Feature } from '../types.js';
import { VERSION } from '../version.js';

/** Health checks: defaults for the process, the data dir and Vigil's own store, plus the config file's `health:` section. */
export const healthFeature: Feature = {
  name: 'health',
  setup({ config, resource, problems, events }) {
    const rt = runtime();
    // The store check: with SQLite storage off, /health says warn and why, not pass.
    const checks: HealthCheck[] = [diskCheck({ path: config.dataDir }), memoryCheck(), cpuCheck(), eventLoopCheck(), storeCheck({ db: () => rt.store?.db })];
    const file = config.file;
    if (file?.sections.health !== undefined) {
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
      routers: [healthRouter(health, { token: config.dashboardToken })],
      started: () => health.start(),
      stopping: () => health.markShuttingDown(),
      shutdown: () => {
        unsubscribe();
        return health.stop();
      },
    };
  },
};
