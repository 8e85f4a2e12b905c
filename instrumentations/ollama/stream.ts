import type { GenAiCall } from './call.js';
import type { OllamaResponse } from './types.js';

/**
 * Traces a streamed response in place: the same object (so `abort()` and the
 * client's own bookkeeping keep working) with its async iterator wrapped, so
 * the span ends when iteration ends: exhausted, left early, or failed.
 */
export function traceStream<T extends object>(stream: T, call: GenAiCall): T {
  const original = (stream as Partial<AsyncIterable<OllamaResponse>>)[Symbol.asyncIterator];
  if (typeof original !== 'function') {
    call.succeed(undefined);
    return stream;
  }
  let iterated = false;
  Object.defineProperty(stream, Symbol.asyncIterator, {
    configurable: true,
    writable: true,
    value: function tracedAsyncIterator(this: unknown): AsyncIterator<OllamaResponse> {
      const inner = original.call(stream);
      // One request, one operation: a second iteration is not traced again.
      if (iterated) return inner;
      iterated = true;
      return traced(inner, call);
    },
  });
  return stream;
}

async function* traced(inner: AsyncIterator<OllamaResponse>, call: GenAiCall): AsyncGenerator<OllamaResponse> {
  let failed = false;
  try {
    // for-await over the inner iterator returns it when the consumer breaks early.
    for await (const chunk of { [Symbol.asyncIterator]: () => inner }) {
      call.chunk(chunk);
      yield chunk;
    }
  } catch (err) {
    failed = true;
    call.fail(err);
    throw err;
  } finally {
    if (!failed) call.streamEnded();
  }
}
