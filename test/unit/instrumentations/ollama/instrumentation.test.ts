import { createRequire } from 'node:module';
import type * as OllamaModule from 'ollama';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { OllamaInstrumentation } from '../../../../instrumentations/ollama/index.js';
import { histogramCount, histogramSum, setupOtel } from '../otel.js';
// @ts-expect-error plain ESM fixture shared with the child-process test
import { startOllamaServer } from '../../../fixtures/instrumentations/ollama-server.mjs';

// Enabled before the client is required: the require hook patches it on load (CommonJS build).
const instrumentation = new OllamaInstrumentation();
const otel = setupOtel([instrumentation]);
const ollamaModule = createRequire(import.meta.url)('ollama') as typeof OllamaModule;
const SECRET = 'Patient Jane Roe, MRN 4455, has chest pain';

let server: { url: string; port: number; close(): Promise<void> };
let client: InstanceType<typeof ollamaModule.Ollama>;
beforeAll(async () => {
  server = await startOllamaServer();
  client = new ollamaModule.Ollama({ host: server.url });
});
afterEach(() => {
  otel.spans.reset();
  instrumentation.setConfig({});
});
afterAll(async () => {
  await server.close();
  await otel.shutdown();
});

const spans = () => otel.spans.getFinishedSpans();
const dump = () => JSON.stringify(spans().map((s) => ({ n: s.name, a: s.attributes, e: s.events, st: s.status })));

describe('ollama client (CommonJS build, patched by the require hook)', () => {
  test('chat: a CLIENT span named "chat <model>" with GenAI attributes and usage, no prompt', async () => {
    const res = await client.chat({ model: 'llama3', messages: [{ role: 'user', content: SECRET }], options: { temperature: 0.2, num_predict: 64 } });
    expect(res.message.content).toBe('Rest and fluids.');
    const [span] = spans();
    expect(span.name).toBe('chat llama3');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'ollama',
      'gen_ai.system': 'ollama',
      'gen_ai.request.model': 'llama3',
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.max_tokens': 64,
      'gen_ai.request.stream': false,
      'gen_ai.response.model': 'llama3:latest',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.output_tokens': 7,
      'server.address': '127.0.0.1',
      'server.port': server.port,
    });
    expect(span.events).toHaveLength(0);
    expect(dump()).not.toContain('chest pain');
    expect(dump()).not.toContain('fluids');
  });

  test('generate, streamed: the span ends when iteration ends, with time to first chunk', async () => {
    const stream = await client.generate({ model: 'llama3', prompt: SECRET, stream: true });
    expect(spans()).toHaveLength(0);
    let text = '';
    for await (const part of stream) text += part.response;
    expect(text).toBe('Rest and fluids.');
    const [span] = spans();
    expect(span.name).toBe('text_completion llama3');
    expect(span.attributes['gen_ai.request.stream']).toBe(true);
    expect(span.attributes['gen_ai.usage.output_tokens']).toBe(7);
    const ttfc = span.attributes['gen_ai.response.time_to_first_chunk'] as number;
    expect(ttfc).toBeGreaterThan(0);
    expect(ttfc).toBeLessThanOrEqual(span.duration[0] + span.duration[1] / 1e9);
    expect(dump()).not.toContain('chest pain');
  });

  test('a stream left early ends its span without an error; abort() still works on the same object', async () => {
    const stream = await client.chat({ model: 'llama3', messages: [{ role: 'user', content: 'hi' }], stream: true });
    expect(typeof stream.abort).toBe('function');
    for await (const part of stream) {
      expect(part.message.content).toBe('Rest ');
      break;
    }
    const [span] = spans();
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
  });

  test('embed through the default instance: "embeddings <model>" with the dimension count', async () => {
    const ollama = ollamaModule.default as unknown as { config: { host: string }; embed: typeof client.embed };
    ollama.config.host = server.url;
    const res = await ollama.embed({ model: 'nomic-embed-text', input: [SECRET, 'b'] });
    expect(res.embeddings).toHaveLength(2);
    const [span] = spans();
    expect(span.name).toBe('embeddings nomic-embed-text');
    expect(span.attributes).toMatchObject({ 'gen_ai.operation.name': 'embeddings', 'gen_ai.embeddings.dimension.count': 4, 'gen_ai.usage.input_tokens': 4 });
    expect(dump()).not.toContain('chest pain');
  });

  test('errors: the same error is rethrown, the span is marked with error.type', async () => {
    const err = await client.chat({ model: 'missing', messages: [] }).catch((e: unknown) => e);
    expect((err as Error).name).toBe('ResponseError');
    expect(spans()[0].status.code).toBe(SpanStatusCode.ERROR);
    expect(spans()[0].attributes['error.type']).toBe('404');

    const stream = await client.generate({ model: 'broken', prompt: 'x', stream: true });
    const seen: string[] = [];
    const failure = await (async () => {
      for await (const part of stream) seen.push(part.response);
    })().catch((e: unknown) => e);
    expect((failure as Error).message).toBe('the model crashed');
    expect(seen).toEqual(['Rest ']);
    expect(spans()[1].status.code).toBe(SpanStatusCode.ERROR);
    expect(spans()[1].attributes['error.type']).toBe('Error');
  });

  test('captureContent: prompts and completions as an event, through the redact hook', async () => {
    instrumentation.setConfig({ captureContent: true, redact: (s) => s.replace(/Jane Roe|MRN \d+/g, '[REDACTED]') });
    await client.chat({ model: 'llama3', messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: SECRET }] });
    const stream = await client.generate({ model: 'llama3', prompt: SECRET, stream: true });
    for await (const part of stream) void part;
    for (const span of spans()) {
      const event = span.events.find((e) => e.name === 'gen_ai.client.inference.operation.details');
      const input = JSON.parse(event?.attributes?.['gen_ai.input.messages'] as string);
      const output = JSON.parse(event?.attributes?.['gen_ai.output.messages'] as string);
      expect(input.at(-1)).toEqual({ role: 'user', parts: [{ type: 'text', content: 'Patient [REDACTED], [REDACTED], has chest pain' }] });
      expect(output).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'Rest and fluids.' }] }]);
    }
    expect(spans()).toHaveLength(2);
    expect(dump()).not.toContain('Jane Roe');
  });

  test('a redact hook that throws drops the text instead of leaking it', async () => {
    instrumentation.setConfig({
      captureContent: true,
      redact: () => {
        throw new Error('bad rule');
      },
    });
    await client.generate({ model: 'llama3', prompt: SECRET });
    expect(dump()).not.toContain('chest pain');
    expect(dump()).toContain('[redacted]');
  });
});

test('GenAI metrics: operation duration, token usage by type, time to first chunk for streams only', async () => {
  const m = await otel.collect();
  const duration = m.get('gen_ai.client.operation.duration');
  expect(duration?.descriptor.unit).toBe('s');
  expect(histogramCount(duration, { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'ollama', 'gen_ai.request.model': 'llama3' })).toBe(3);
  expect(histogramCount(duration, { 'gen_ai.operation.name': 'chat', 'error.type': '404' })).toBe(1);
  expect(histogramCount(duration, { 'gen_ai.operation.name': 'embeddings' })).toBe(1);
  const tokens = m.get('gen_ai.client.token.usage');
  expect(histogramSum(tokens, { 'gen_ai.operation.name': 'embeddings', 'gen_ai.token.type': 'input' })).toBe(4);
  expect(histogramCount(tokens, { 'gen_ai.operation.name': 'text_completion', 'gen_ai.token.type': 'output' })).toBe(3);
  expect(histogramSum(tokens, { 'gen_ai.operation.name': 'text_completion', 'gen_ai.token.type': 'output' })).toBe(21);
  const ttfc = m.get('gen_ai.client.operation.time_to_first_chunk');
  expect(histogramCount(ttfc, { 'gen_ai.operation.name': 'text_completion' })).toBe(3);
  expect(histogramCount(ttfc, { 'gen_ai.operation.name': 'chat' })).toBe(1);
  expect(histogramCount(ttfc, { 'gen_ai.operation.name': 'embeddings' })).toBe(0);
});
