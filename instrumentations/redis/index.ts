import { DbChannelInstrumentation } from '../db-client/channel.js';
import type { ChannelSpec } from '../db-client/channel.js';
import { describeRedisCommand as describe } from './describe.js';
import { IoredisLegacyInstrumentation } from './ioredis-legacy.js';
import { NodeRedisLegacyInstrumentation } from './node-redis-legacy.js';

export { IoredisLegacyInstrumentation, NodeRedisLegacyInstrumentation };

/**
 * ioredis: each command (pipelines and MULTI publish their commands one by
 * one too), from its TracingChannel (≥ 5.11) or, for 5.0–5.10, which
 * publish none, a patch of `Redis.prototype.sendCommand`; the ranges do not
 * overlap, so a command is traced once.
 */
export function createIoredisInstrumentations(): [DbChannelInstrumentation, IoredisLegacyInstrumentation] {
  const specs: ChannelSpec[] = [{ name: 'ioredis:command', describe }];
  return [new DbChannelInstrumentation('@vigil/otel/instrumentation-ioredis', specs), new IoredisLegacyInstrumentation()];
}

/**
 * node-redis (`redis`, `@redis/client`): each command, from its TracingChannel
 * (≥ 5.12) or, for older releases (redis@4), a patch of its command queue;
 * the ranges do not overlap.
 */
export function createRedisInstrumentations(): [DbChannelInstrumentation, NodeRedisLegacyInstrumentation] {
  const specs: ChannelSpec[] = [{ name: 'node-redis:command', describe }];
  return [new DbChannelInstrumentation('@vigil/otel/instrumentation-redis', specs), new NodeRedisLegacyInstrumentation()];
}
