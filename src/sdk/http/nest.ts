import type { IncomingMessage } from 'node:http';
import { InstrumentationBase, InstrumentationNodeModuleDefinition, isWrapped } from '@opentelemetry/instrumentation';
import { VERSION } from '../version.js';
import { recordRouteError } from './route.js';

const NAME = '@vigil/otel/instrumentation-nestjs';

interface ArgumentsHost {
  getType?(): string;
  getArgByIndex?(index: number): unknown;
}
type Catch = (this: unknown, exception: unknown, host: ArgumentsHost) => unknown;
interface NestCore {
  BaseExceptionFilter?: { prototype: { catch: Catch } };
}

/**
 * NestJS errors. Controller routes need nothing of their own: Nest
 * registers them on Express or Fastify, whose route templates Vigil already
 * reads. But Nest catches a controller's exception and answers it itself, so
 * neither framework sees it: `BaseExceptionFilter.prototype.catch` (the
 * default filter, and the base of most custom ones) records it on the
 * request's server span first.
 */
export class NestInstrumentation extends InstrumentationBase {
  constructor() {
    super(NAME, VERSION, {});
  }

  protected init(): InstrumentationNodeModuleDefinition {
    return new InstrumentationNodeModuleDefinition(
      '@nestjs/core',
      ['>=9'],
      (exports: NestCore) => {
        const proto = exports.BaseExceptionFilter?.prototype;
        if (proto && typeof proto.catch === 'function' && !isWrapped(proto.catch)) this._wrap(proto, 'catch', patchCatch);
        return exports;
      },
      (exports: NestCore) => {
        const proto = exports.BaseExceptionFilter?.prototype;
        if (proto) this._unwrap(proto, 'catch');
      },
    );
  }
}

function patchCatch(original: Catch): Catch {
  return function (this: unknown, exception, host) {
    if (host?.getType?.() === 'http') recordRouteError(rawRequest(host.getArgByIndex?.(0)), exception);
    return original.call(this, exception, host);
  };
}

/** Express's request is the IncomingMessage; Fastify's wraps it as `.raw`. */
function rawRequest(req: unknown): IncomingMessage | undefined {
  const r = req as (IncomingMessage & { raw?: IncomingMessage }) | undefined;
  return r?.raw ?? r;
}

export function createNestInstrumentation(): NestInstrumentation {
  return new NestInstrumentation();
}
