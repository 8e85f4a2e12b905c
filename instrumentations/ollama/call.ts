import { performance } from 'node:perf_hooks';
import { SpanStatusCode } from '@opentelemetry/api';
import type { Attributes, Histogram, Span } from '@opentelemetry/api';
import type { OllamaRequest, OllamaResponse } from './types.js';
import { completionText, contentAttributes, errorType, responseAttributes } from './utils.js';

export interface GenAiInstruments {
  duration: Histogram;
  tokens: Histogram;
  timeToFirstChunk: Histogram;
}

export interface ContentOptions {
  capture: boolean;
  redact: (s: string) => string;
}

/**
 * One GenAI client operation: its span and metric points, ended exactly once
 * by a response, by the end of a stream, or by an error.
 */
export class GenAiCall {
  private readonly start = performance.now();
  private chunks = 0;
  private last: OllamaResponse | undefined;
  private completion = '';
  private ended = false;

  constructor(
    readonly span: Span,
    private readonly base: Attributes,
    private readonly instruments: GenAiInstruments,
    private readonly request: OllamaRequest,
    private readonly content: ContentOptions,
  ) {}

  /** A non-streamed response. */
  succeed(response: OllamaResponse | undefined): void {
    this.end(response, undefined, this.content.capture ? completionText(response) : undefined);
  }

  /** One streamed chunk: the first one gives the time to first chunk. */
  chunk(chunk: OllamaResponse): void {
    if (this.chunks++ === 0) {
      const seconds = (performance.now() - this.start) / 1000;
      this.span.setAttribute('gen_ai.response.time_to_first_chunk', seconds);
      this.instruments.timeToFirstChunk.record(seconds, this.metricAttributes(chunk));
    }
    this.last = chunk;
    if (this.content.capture) this.completion += completionText(chunk);
  }

  /** The stream ended (exhausted or left early by the consumer): the last chunk carries usage. */
  streamEnded(): void {
    this.end(this.last, undefined, this.content.capture ? this.completion : undefined);
  }

  fail(err: unknown): void {
    this.end(this.last, err, undefined);
  }

  private metricAttributes(response: OllamaResponse | undefined): Attributes {
    const model = response?.model;
    return typeof model === 'string' ? { ...this.base, 'gen_ai.response.model': model } : this.base;
  }

  private end(response: OllamaResponse | undefined, err: unknown, completion: string | undefined): void {
    if (this.ended) return;
    this.ended = true;
    const seconds = (performance.now() - this.start) / 1000;
    const span = this.span;
    const attrs = responseAttributes(response);
    span.setAttributes(attrs);
    const metricAttrs = this.metricAttributes(response);
    if (this.content.capture) {
      span.addEvent('gen_ai.client.inference.operation.details', contentAttributes(this.request, completion, this.content.redact));
    }
    if (err !== undefined) {
      const type = errorType(err);
      span.setAttribute('error.type', type);
      if (err instanceof Error) span.recordException(err);
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : undefined });
      this.instruments.duration.record(seconds, { ...metricAttrs, 'error.type': type });
    } else {
      this.instruments.duration.record(seconds, metricAttrs);
    }
    const input = attrs['gen_ai.usage.input_tokens'];
    const output = attrs['gen_ai.usage.output_tokens'];
    if (typeof input === 'number') this.instruments.tokens.record(input, { ...metricAttrs, 'gen_ai.token.type': 'input' });
    if (typeof output === 'number') this.instruments.tokens.record(output, { ...metricAttrs, 'gen_ai.token.type': 'output' });
    span.end();
  }
}
