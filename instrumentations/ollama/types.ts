import type { InstrumentationConfig } from '@opentelemetry/instrumentation';

export interface OllamaInstrumentationConfig extends InstrumentationConfig {
  /**
   * Record prompts and completions as a span event. Off by default: they are
   * clinical free text. When on, every text passes through `redact` first.
   */
  captureContent?: boolean;
  /** Applied to every captured prompt and completion text (Vigil's redactor when wired by the SDK). */
  redact?: (text: string) => string;
}

/** GenAI operation names (semantic conventions) of the wrapped client methods. */
export type GenAiOperation = 'chat' | 'text_completion' | 'embeddings';

/** The parts of ollama's request objects the instrumentation reads. */
export interface OllamaRequest {
  model?: string;
  stream?: boolean;
  prompt?: string;
  system?: string;
  input?: string | string[];
  messages?: { role?: string; content?: string }[];
  options?: Record<string, unknown>;
}

/** The parts of ollama's responses (and of the last streamed chunk) the instrumentation reads. */
export interface OllamaResponse {
  model?: string;
  done?: boolean;
  done_reason?: string;
  prompt_eval_count?: number;
  eval_count?: number;
  response?: string;
  message?: { role?: string; content?: string };
  embeddings?: number[][];
  embedding?: number[];
}
