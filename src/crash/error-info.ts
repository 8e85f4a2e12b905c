import { inspect } from 'node:util';

const MAX_MESSAGE = 8_192;
const MAX_STACK = 32_768;

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max)}… [truncated ${s.length - max} chars]`;
}

/** Type, message and stack of anything that can be thrown: Errors, strings, plain objects, null. */
export function errorInfo(err: unknown): { type: string; message: string; stack: string } {
  try {
    if (err instanceof Error) {
      return {
        type: err.name || err.constructor?.name || 'Error',
        message: truncate(String(err.message), MAX_MESSAGE),
        stack: truncate(err.stack ?? '', MAX_STACK),
      };
    }
    if (err !== null && typeof err === 'object') {
      const o = err as { name?: unknown; message?: unknown; stack?: unknown };
      return {
        type: typeof o.name === 'string' ? o.name : (err.constructor?.name ?? 'Object'),
        message: truncate(typeof o.message === 'string' ? o.message : inspect(err, { depth: 2, breakLength: Infinity }), MAX_MESSAGE),
        stack: typeof o.stack === 'string' ? truncate(o.stack, MAX_STACK) : '',
      };
    }
    return { type: err === null ? 'null' : typeof err, message: truncate(String(err), MAX_MESSAGE), stack: '' };
  } catch {
    // A throwing getter or toString: nothing more can be said safely.
    return { type: 'Unknown', message: '[unreadable thrown value]', stack: '' };
  }
}
