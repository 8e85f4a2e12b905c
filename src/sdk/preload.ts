import { isMainThread } from 'node:worker_threads';
import { register } from 'node:module';
import { diag } from '@opentelemetry/api';
import { loadConfig } from '../config/index.js';
import { hookedModules } from './instrumentations.js';
import { installProcessHooks } from './process-hooks.js';
import { writeStderr } from './output.js';

// The preload proper, imported by src/register.ts once the Node version is known to be supported:
// main thread only, ESM and CommonJS apps alike.
if (isMainThread) {
  try {
    const loaded = loadConfig();
    const { config } = loaded;
    if (!config.disabled) {
      // Only the modules that enabled instrumentations patch go through the hook.
      const waitForHook = await registerLoaderHook(hookedModules(config.instrumentations));
      // The SDK's module graph is loaded only when Vigil is on.
      const { start } = await import('./start.js');
      const handle = await start({}, loaded);
      installProcessHooks(handle);
      await waitForHook();
    }
  } catch (err) {
    // The application must start whatever happens here.
    diag.error('vigil: could not start; the application runs without it', err);
    writeStderr(`vigil: could not start (${(err as Error).message}); the application runs without it`);
  }
}

/**
 * The import-in-the-middle hook for ESM applications. In-thread synchronous
 * hooks (`module.registerHooks`) where this Node has them right: the
 * off-thread `module.register` loader costs a second V8 isolate (~16 MB RSS,
 * bench/README.md). Elsewhere, `module.register` with the message channel,
 * and the caller waits for the hook's acknowledgement after the SDK started.
 */
async function registerLoaderHook(include: string[]): Promise<() => Promise<void>> {
  const sync = await import('import-in-the-middle/register-hooks.mjs');
  if (sync.supportsSyncHooks()) {
    sync.register({ include });
    return async () => {};
  }
  const { createAddHookMessageChannel } = await import('import-in-the-middle');
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  register('import-in-the-middle/hook.mjs', import.meta.url, { ...registerOptions, data: { ...registerOptions.data, include } });
  return waitForAllMessagesAcknowledged;
}
