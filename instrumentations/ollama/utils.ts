import { diag } from '@opentelemetry/api';
import type { Attributes } from '@opentelemetry/api';
import type { GenAiOperation, OllamaRequest, OllamaResponse } from './types.js';

export const PROVIDER = 'ollama';

// Ollama's `options` → GenAI request attributes (semantic conventions names).
const OPTION_ATTRIBUTES: Record<string, string> = {
  temperature: 'gen_ai.request.temperature',
  top_p: 'gen_ai.request.top_p',
  top_k: 'gen_ai.request.top_k',
  num_predict: 'gen_ai.request.max_tokens',
  seed: 'gen_ai.request.seed',
  frequency_penalty: 'gen_ai.request.frequency_penalty',
  presence_penalty: 'gen_ai.request.presence_penalty',
};

const servers = new Map<string, Attributes>();

/** `server.address` / `server.port` of the client's host, parsed once per host string. */
export function serverAttributes(host: unknown): Attributes {
  if (typeof host !== 'string' || host === '') return {};
  let attrs = servers.get(host);
  if (attrs === undefined) {
    attrs = {};
    try {
      const url = new URL(host);
      attrs['server.address'] = url.hostname;
      attrs['server.port'] = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    } catch {
      // not a URL: nothing to report
    }
    if (servers.size < 100) servers.set(host, attrs);
  }
  return attrs;
}

/** Attributes known before the call; `base` is the subset also put on metrics. */
export function requestAttributes(op: GenAiOperation, request: OllamaRequest, server: Attributes): { span: Attributes; base: Attributes } {
  const base: Attributes = { 'gen_ai.operation.name': op, 'gen_ai.provider.name': PROVIDER, ...server };
  if (typeof request.model === 'string') base['gen_ai.request.model'] = request.model;
  const span: Attributes = { ...base, 'gen_ai.system': PROVIDER };
  if (op !== 'embeddings') span['gen_ai.request.stream'] = request.stream === true;
  const options = request.options;
  if (options && typeof options === 'object') {
    for (const key in OPTION_ATTRIBUTES) {
      const v = options[key];
      if (typeof v === 'number') span[OPTION_ATTRIBUTES[key]] = v;
    }
    const stop = options.stop;
    if (Array.isArray(stop) && stop.every((s) => typeof s === 'string')) span['gen_ai.request.stop_sequences'] = stop as string[];
  }
  return { span, base };
}

/** Attributes read from a response, or from the last chunk of a stream. */
export function responseAttributes(response: OllamaResponse | undefined): Attributes {
  const attrs: Attributes = {};
  if (!response || typeof response !== 'object') return attrs;
  if (typeof response.model === 'string') attrs['gen_ai.response.model'] = response.model;
  if (typeof response.done_reason === 'string') attrs['gen_ai.response.finish_reasons'] = [response.done_reason];
  if (typeof response.prompt_eval_count === 'number') attrs['gen_ai.usage.input_tokens'] = response.prompt_eval_count;
  if (typeof response.eval_count === 'number') attrs['gen_ai.usage.output_tokens'] = response.eval_count;
  const vector = Array.isArray(response.embeddings) ? response.embeddings[0] : response.embedding;
  if (Array.isArray(vector)) attrs['gen_ai.embeddings.dimension.count'] = vector.length;
  return attrs;
}

/** The text a response (or a chunk) adds to the completion. */
export function completionText(response: OllamaResponse | undefined): string {
  if (!response || typeof response !== 'object') return '';
  if (typeof response.response === 'string') return response.response;
  return typeof response.message?.content === 'string' ? response.message.content : '';
}

interface Message {
  role: string;
  parts: { type: 'text'; content: string }[];
}

/**
 * The `gen_ai.client.inference.operation.details` event attributes, in the
 * semantic conventions' message shape, every text through `redact`. A
 * redactor that throws drops the text: fail closed.
 */
export function contentAttributes(request: OllamaRequest, completion: string | undefined, redact: (s: string) => string): Attributes {
  const safe = (text: string): string => {
    try {
      return redact(text);
    } catch (err) {
      diag.warn('vigil ollama: redact hook threw; content dropped', err);
      return '[redacted]';
    }
  };
  const input: Message[] = [];
  if (typeof request.system === 'string') input.push(text('system', safe(request.system)));
  if (Array.isArray(request.messages)) {
    for (const m of request.messages) input.push(text(typeof m?.role === 'string' ? m.role : 'user', safe(typeof m?.content === 'string' ? m.content : '')));
  }
  if (typeof request.prompt === 'string') input.push(text('user', safe(request.prompt)));
  if (request.input !== undefined) {
    for (const s of Array.isArray(request.input) ? request.input : [request.input]) if (typeof s === 'string') input.push(text('user', safe(s)));
  }
  const attrs: Attributes = { 'gen_ai.input.messages': JSON.stringify(input) };
  if (completion !== undefined) attrs['gen_ai.output.messages'] = JSON.stringify([text('assistant', safe(completion))]);
  return attrs;
}

function text(role: string, content: string): Message {
  return { role, parts: [{ type: 'text', content }] };
}

/** `error.type`: the HTTP status of an ollama ResponseError, else the error's name. */
export function errorType(err: unknown): string {
  const e = err as { status_code?: unknown; name?: unknown } | null;
  if (typeof e?.status_code === 'number') return String(e.status_code);
  if (typeof e?.name === 'string' && e.name !== '') return e.name;
  return '_OTHER';
}
