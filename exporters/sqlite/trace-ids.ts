import type { IdGenerator } from '@opentelemetry/sdk-trace';

const TRACE_ID_BYTES = 16;
const SPAN_ID_BYTES = 8;
const buffer = Buffer.allocUnsafe(TRACE_ID_BYTES);

/**
 * Trace ids that begin with the time they were made: 6 bytes of Unix
 * milliseconds, then 10 random bytes (80 bits; W3C Trace Context asks for
 * the right-most 7 to be random). AWS X-Ray ids are made the same way.
 *
 * Why: the store indexes spans by trace id. Random ids scatter each
 * 512-span batch over the whole index, so every insert rewrites a
 * different page: 54k spans/s once the table held 600k rows, against 153k
 * without that index. Ids that grow with time land at the index's right
 * edge, as an autoincrement key does. Span ids stay fully random: nothing
 * indexes them.
 */
export class TimeOrderedIdGenerator implements IdGenerator {
  generateTraceId(): string {
    buffer.writeUIntBE(Date.now(), 0, 6);
    buffer.writeUInt32BE((Math.random() * 2 ** 32) >>> 0, 6);
    buffer.writeUInt32BE((Math.random() * 2 ** 32) >>> 0, 10);
    buffer.writeUInt16BE((Math.random() * 2 ** 16) >>> 0, 14);
    return buffer.toString('hex', 0, TRACE_ID_BYTES);
  }

  generateSpanId(): string {
    buffer.writeUInt32BE((Math.random() * 2 ** 32) >>> 0, 0);
    buffer.writeUInt32BE((Math.random() * 2 ** 32) >>> 0, 4);
    // An all-zero span id is invalid; one in 2^64, but cheap to rule out.
    if (buffer.readUInt32BE(0) === 0 && buffer.readUInt32BE(4) === 0) buffer[7] = 1;
    return buffer.toString('hex', 0, SPAN_ID_BYTES);
  }
}
