import { OLLAMA_MODULE, OllamaInstrumentation } from './instrumentation.js';
import type { OllamaInstrumentationConfig } from './types.js';

export { OllamaInstrumentation };
export type { GenAiOperation, OllamaInstrumentationConfig } from './types.js';

/** For the import-in-the-middle include list: ESM imports of these are hooked. */
export const OLLAMA_MODULES: readonly string[] = [OLLAMA_MODULE];

export function createOllamaInstrumentation(config: OllamaInstrumentationConfig = {}): OllamaInstrumentation {
  return new OllamaInstrumentation(config);
}
