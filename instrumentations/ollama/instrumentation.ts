import { SpanKind, context, diag, trace } from '@opentelemetry/api';
import type { Histogram } from '@opentelemetry/api';
import { InstrumentationBase, InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import { VERSION } from '../../src/sdk/version.js';
import { GenAiCall } from './call.js';
import type { GenAiInstruments } from './call.js';
import { traceStream } from './stream.js';
import type { GenAiOperation, OllamaInstrumentationConfig, OllamaRequest } from './types.js';
import { requestAttributes, serverAttributes } from './utils.js';

const NAME = '@vigil/otel/instrumentation-ollama';
export const OLLAMA_MODULE = 'ollama';

// The client methods and the GenAI operation each one is.
const METHODS: Record<string, GenAiOperation> = {
  chat: 'chat',
  generate: 'text_completion',
  embed: 'embeddings',
  embeddings: 'embeddings',
};

// Semantic-convention bucket advice for the GenAI client metrics.
const DURATION_BUCKETS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
const TOKEN_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
const TTFC_BUCKETS = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

type ClientMethod = (this: unknown, request: OllamaRequest, ...rest: unknown[]) => Promise<unknown>;
interface OllamaExports {
  Ollama?: { prototype: object };
  default?: object;
}

const identity = (s: string): string => s;

/**
 * Spans and metrics per the GenAI semantic conventions for the `ollama`
 * client: `chat`, `generate` and `embed`, streamed or not. It patches the
 * prototype that defines those methods, so the default instance and every
 * `new Ollama()` are covered, from the ESM build (through the
 * import-in-the-middle hook) and the CommonJS one (through require).
 * Prompts and completions are recorded only with `captureContent`.
 */
export class OllamaInstrumentation extends InstrumentationBase<OllamaInstrumentationConfig> {
  declare private instruments: GenAiInstruments;

  constructor(config: OllamaInstrumentationConfig = {}) {
    super(NAME, VERSION, config);
  }

  protected init(): InstrumentationNodeModuleDefinition {
    return new InstrumentationNodeModuleDefinition(
      OLLAMA_MODULE,
      ['>=0.5.0 <1'],
      (exports: OllamaExports) => {
        this.patchExports(exports);
        return exports;
      },
      (exports: OllamaExports) => this.unpatchExports(exports),
    );
  }

  protected override _updateMetricInstruments(): void {
    const histogram = (name: string, unit: string, description: string, buckets: number[]): Histogram =>
      this.meter.createHistogram(name, { unit, description, advice: { explicitBucketBoundaries: buckets } });
    this.instruments = {
      duration: histogram('gen_ai.client.operation.duration', 's', 'GenAI operation duration.', DURATION_BUCKETS),
      tokens: histogram('gen_ai.client.token.usage', '{token}', 'Number of input and output tokens used.', TOKEN_BUCKETS),
      timeToFirstChunk: histogram('gen_ai.client.operation.time_to_first_chunk', 's', 'Time to receive the first chunk of a streamed response.', TTFC_BUCKETS),
    };
  }

  /** Patches a loaded module's exports (ESM namespace or CommonJS exports object). */
  patchExports(exports: OllamaExports): void {
    const proto = owningPrototype(exports);
    if (!proto) {
      diag.warn('vigil ollama: no Ollama client class found in the module; not instrumented');
      return;
    }
    for (const method of Object.keys(METHODS)) {
      if (typeof (proto as Record<string, unknown>)[method] !== 'function') continue;
      this._wrap(proto as Record<string, ClientMethod>, method, (original) => this.wrapMethod(original, METHODS[method]));
    }
  }

  unpatchExports(exports: OllamaExports): void {
    const proto = owningPrototype(exports);
    if (!proto) return;
    this._massUnwrap([proto as Record<string, ClientMethod>], Object.keys(METHODS));
  }

  private wrapMethod(original: ClientMethod, op: GenAiOperation): ClientMethod {
    const self = this;
    return function tracedOllamaCall(this: unknown, request: OllamaRequest, ...rest: unknown[]): Promise<unknown> {
      let call: GenAiCall;
      try {
        call = self.startCall(op, this, request);
      } catch (err) {
        diag.warn('vigil ollama: could not start a span', err);
        return original.call(this, request, ...rest);
      }
      let pending: Promise<unknown>;
      try {
        // The fetch beneath (undici) nests under the GenAI span.
        pending = context.with(trace.setSpan(context.active(), call.span), () => original.call(this, request, ...rest));
      } catch (err) {
        call.fail(err);
        throw err;
      }
      return pending.then(
        (result) => {
          if (request?.stream === true && result !== null && typeof result === 'object') return traceStream(result, call);
          call.succeed(result as never);
          return result;
        },
        (err: unknown) => {
          call.fail(err);
          throw err;
        },
      );
    };
  }

  private startCall(op: GenAiOperation, client: unknown, request: OllamaRequest): GenAiCall {
    const req: OllamaRequest = request !== null && typeof request === 'object' ? request : {};
    const host = (client as { config?: { host?: unknown } } | null)?.config?.host;
    const { span: attributes, base } = requestAttributes(op, req, serverAttributes(host));
    const name = typeof req.model === 'string' ? `${op} ${req.model}` : op;
    const span = this.tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes });
    const config = this.getConfig();
    return new GenAiCall(span, base, this.instruments, req, { capture: config.captureContent === true, redact: config.redact ?? identity });
  }
}

/** The prototype that defines `chat` (the browser base class, shared by the Node subclass and its instances). */
function owningPrototype(exports: OllamaExports | undefined): object | undefined {
  let proto: object | null = exports?.Ollama?.prototype ?? (exports?.default ? Object.getPrototypeOf(exports.default) : null);
  while (proto && proto !== Object.prototype) {
    if (Object.prototype.hasOwnProperty.call(proto, 'chat')) return proto;
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  return undefined;
}
