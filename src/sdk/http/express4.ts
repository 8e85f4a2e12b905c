import type { IncomingMessage } from 'node:http';
import { InstrumentationBase, InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile, isWrapped } from '@opentelemetry/instrumentation';
import { VERSION } from '../version.js';
import { recordRouteError } from './route.js';

const NAME = '@vigil/otel/instrumentation-express4';

type Next = (err?: unknown) => void;
type HandleRequest = (this: unknown, req: IncomingMessage, res: unknown, next: Next) => unknown;
interface LayerClass {
  prototype: { handle_request: HandleRequest };
}

/**
 * Express 4 errors without `vigilErrorHandler()`: Express 4 publishes no
 * diagnostics channel, so each layer's `next` is watched for an error (a
 * throw inside a handler reaches `next` too, through Layer's own catch).
 * The route template needs nothing: `req.route` is read when the response
 * ends, as for Express 5.
 */
export class Express4Instrumentation extends InstrumentationBase {
  constructor() {
    super(NAME, VERSION, {});
  }

  protected init(): InstrumentationNodeModuleDefinition {
    const layer = new InstrumentationNodeModuleFile(
      'express/lib/router/layer.js',
      ['>=4 <5'],
      (Layer: LayerClass) => {
        if (!isWrapped(Layer.prototype.handle_request)) this._wrap(Layer.prototype, 'handle_request', patchHandleRequest);
        return Layer;
      },
      (Layer: LayerClass) => this._unwrap(Layer.prototype, 'handle_request'),
    );
    return new InstrumentationNodeModuleDefinition('express', ['>=4 <5'], undefined, undefined, [layer]);
  }
}

function patchHandleRequest(original: HandleRequest): HandleRequest {
  return function handle_request(this: unknown, req, res, next) {
    // 'route' and 'router' are Express's own signals to skip, not errors.
    const watched: Next = (err) => {
      if (err !== undefined && err !== null && err !== 'route' && err !== 'router') recordRouteError(req, err);
      next(err);
    };
    return original.call(this, req, res, watched);
  };
}

export function createExpress4Instrumentation(): Express4Instrumentation {
  return new Express4Instrumentation();
}
