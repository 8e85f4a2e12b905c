import { isMainThread } from 'node:worker_threads';
import { register } from 'node:module';
import { diag } from '@opentelemetry/api';
import { loadConfig } from './config/index.js';
import { hookedModules } from './sdk/instrumentations.js';
import { installProcessHooks } from './sdk/process-hooks.js';
import { start } from './sdk/start.js';

// `node --import @vigil/otel/register app.js`: main thread only, ESM and CommonJS apps alike.
if (isMainThread) {
  try {
    const { config } = loadConfig();
    if (!config.disabled) {
      const { createAddHookMessageChannel } = await import('import-in-the-middle');
      const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
      // Only the modules that enabled instrumentations patch go through the hook.
      const include = hookedModules(config.instrumentations);
      register('import-in-the-middle/hook.mjs', import.meta.url, {
        ...registerOptions,
        data: { ...registerOptions.data, include },
      });
      const handle = await start();
      installProcessHooks(handle);
      await waitForAllMessagesAcknowledged();
    }
  } catch (err) {
    // The application must start whatever happens here.
    diag.error('vigil: could not start; the application runs without it', err);
    process.stderr.write(`vigil: could not start (${(err as Error).message}); the application runs without it\n`);
  }
}
