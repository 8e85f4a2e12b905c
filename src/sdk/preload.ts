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
      const hook = await loaderHook(hookedModules(config.instrumentations));
      // The SDK's module graph is loaded only when Vigil is on.
      const { start } = await import('./start.js');
      const handle = await start({}, loaded);
      installProcessHooks(handle);
      await hook.afterStart();
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
 * bench/README.md). The in-thread hook is registered after the SDK started,
 * so Vigil's own modules (≈ 50 files the SDK imports) do not pass through it;
 * the instrumentations' `Hook`s it serves may be created before it. Elsewhere,
 * `module.register` with the message channel, created before the SDK so that
 * the loader thread hears of every hook, and the caller waits for the hook's
 * acknowledgement after the SDK started.
 */
async function loaderHook(include: string[]): Promise<{ afterStart: () => Promise<void> }> {
  const sync = await import('import-in-the-middle/register-hooks.mjs');
  if (sync.supportsSyncHooks()) return { afterStart: async () => sync.register({ include }) };
  const { createAddHookMessageChannel } = await import('import-in-the-middle');
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  register('import-in-the-middle/hook.mjs', import.meta.url, { ...registerOptions, data: { ...registerOptions.data, include } });
  return { afterStart: waitForAllMessagesAcknowledged };
}
