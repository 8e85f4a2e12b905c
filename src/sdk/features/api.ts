import { configureApi } from '../../api/index.js';
import { slowOperations } from '../../config/slow-operations.js';
import { runtime } from '../runtime.js';
import type { Feature } from '../types.js';

/**
 * The developer API's hooks: errors from monitored() go to the error
 * tracker, failures and slow operations to the alert engine. Thresholds come
 * from VIGIL_SLOW_MS and the config file's `slow_operations:` section.
 */
export const apiFeature: Feature = {
  name: 'api',
  setup({ config, problems }) {
    const rt = runtime();
    const { defaultMs: defaultSlowMs, thresholds: slowThresholds } = slowOperations(config.file, config.slowMs, problems);
    configureApi({
      defaultSlowMs,
      slowThresholds,
      onError: (err, name) => rt.errors?.captureException(err, { tags: { operation: name } }),
      onFailure: (err, name) => rt.onOperationFailure?.(err, name),
      onSlow: (name, ms, threshold) => rt.onSlowOperation?.(name, ms, threshold),
    });
    return undefined;
  },
};
