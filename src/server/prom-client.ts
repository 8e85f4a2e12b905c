import { createRequire } from 'node:module';

interface PromRegistry {
  metrics(): Promise<string> | string;
  contentType?: string;
}

/**
 * prom-client's default registry, if the application has loaded prom-client.
 * We only look at what is already in the module cache (ESM imports of a
 * CommonJS package land there too): Vigil never loads prom-client itself.
 */
export function loadedPromClientRegistry(): PromRegistry | undefined {
  const require = createRequire(import.meta.url);
  const cache = require.cache;
  for (const key of Object.keys(cache)) {
    if (!/[\\/]node_modules[\\/]prom-client[\\/]index\.js$/.test(key)) continue;
    const exports = cache[key]?.exports as { register?: PromRegistry } | undefined;
    if (exports?.register && typeof exports.register.metrics === 'function') return exports.register;
  }
  return undefined;
}
