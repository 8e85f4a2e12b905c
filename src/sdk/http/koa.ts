import type { IncomingMessage, ServerResponse } from 'node:http';
import { InstrumentationBase, InstrumentationNodeModuleDefinition, isWrapped } from '@opentelemetry/instrumentation';
import { VERSION } from '../version.js';
import { recordRouteError, setRoute } from './route.js';

const NAME = '@vigil/otel/instrumentation-koa';
const kWatched = Symbol('vigil.koa.watched');

interface KoaContext {
  req?: IncomingMessage;
  /** Set by @koa/router (and koa-router) to the matched layer's path, prefix included. */
  _matchedRoute?: unknown;
}
interface KoaApp {
  on(event: 'error', fn: (err: unknown, ctx?: KoaContext) => void): unknown;
  [kWatched]?: true;
}
type CreateContext = (this: KoaApp, req: IncomingMessage, res: ServerResponse) => KoaContext;
interface KoaClass {
  prototype: { createContext: CreateContext };
}

/**
 * Koa (with @koa/router): the matched route becomes `http.route`, read when
 * the response ends, and the errors Koa hands to its `error` event are
 * recorded on the server span. One patch, `Application.prototype.createContext`;
 * the listener is added at the first request, after `app.callback()` has
 * decided on Koa's default error logger, so the application's own output
 * is unchanged.
 */
export class KoaInstrumentation extends InstrumentationBase {
  constructor() {
    super(NAME, VERSION, {});
  }

  protected init(): InstrumentationNodeModuleDefinition {
    return new InstrumentationNodeModuleDefinition(
      'koa',
      ['>=2 <4'],
      (exports: KoaClass | { default?: KoaClass }) => {
        const koa = classOf(exports);
        if (koa && !isWrapped(koa.prototype.createContext)) this._wrap(koa.prototype, 'createContext', patchCreateContext);
        return exports;
      },
      (exports: KoaClass | { default?: KoaClass }) => {
        const koa = classOf(exports);
        if (koa) this._unwrap(koa.prototype, 'createContext');
      },
    );
  }
}

function classOf(exports: KoaClass | { default?: KoaClass }): KoaClass | undefined {
  const koa = typeof exports === 'function' ? exports : (exports as { default?: KoaClass }).default;
  return typeof koa?.prototype?.createContext === 'function' ? koa : undefined;
}

function patchCreateContext(original: CreateContext): CreateContext {
  return function createContext(this: KoaApp, req, res) {
    const ctx = original.call(this, req, res);
    try {
      if (!this[kWatched]) {
        this[kWatched] = true;
        this.on('error', (err, errCtx) => recordRouteError(errCtx?.req, err));
      }
      setRoute(req, () => ctx._matchedRoute);
    } catch {
      // the request goes on untraced by route
    }
    return ctx;
  };
}

export function createKoaInstrumentation(): KoaInstrumentation {
  return new KoaInstrumentation();
}
