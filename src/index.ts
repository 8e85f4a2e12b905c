// Public API of @vigil/otel. Every export is named here.
export { start } from './sdk/start.js';
export type { VigilHandle } from './sdk/handle.js';
export type { StartOptions, Feature, FeatureParts } from './sdk/types.js';
export { loadConfig } from './config/index.js';
export type { Config } from './config/index.js';
export { VERSION } from './sdk/version.js';
