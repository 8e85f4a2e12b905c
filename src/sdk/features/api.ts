import { configureApi } from '../../api/index.js';
import { runtime } from '../runtime.js';
import type { Feature } from '../types.js';

/**
 * The developer API's hooks: errors from monitored() go to the error
 * tracker, failures and slow operations to the alert engine. Thresholds come
 * from VIGIL_SLOW_MS and the config file's `slow_operations:` section.
 */
export const apiFeature: Feature = {
  name: 'api',
  setup({ config, problems, events }) {
    const rt = runtime();
    const slowThresholds: Record<string, number> = {};
    let defaultSlowMs = config.slowMs;
    const section = config.file?.sections.slow_operations;
    if (section !== undefined) {
      const where = config.file!.where;
      if (typeof section !== 'object' || section === null || Array.isArray(section)) {
        problems.addLine(`${where(['slow_operations'])}: slow_operations must be a mapping (default_ms, operations); ignored`);
      } else {
        for (const [key, value] of Object.entries(section as Record<string, unknown>)) {
          if (key === 'default_ms' && typeof value === 'number' && value > 0) defaultSlowMs = value;
          else if (key === 'operations' && typeof value === 'object' && value !== null) {
            for (const [op, ms] of Object.entries(value as Record<string, unknown>)) {
              if (typeof ms === 'number' && ms > 0) slowThresholds[op] = ms;
              else problems.addLine(`${where(['slow_operations', 'operations', op])}: "${op}" needs a positive number of ms; ignored`);
            }
          } else problems.addLine(`${where(['slow_operations', key])}: unknown or invalid key "${key}" (accepted: default_ms, operations); ignored`);
        }
      }
    }
    configureApi({
      defaultSlowMs,
      slowThresholds,
      onError: (err, name) => rt.errors?.captureException(err, { tags: { operation: name } }),
      onFailure: (err, name) => events.emit('operationFailure', err, name),
      onSlow: (name, ms, threshold) => events.emit('slowOperation', name, ms, threshold),
    });
    return undefined;
  },
};
