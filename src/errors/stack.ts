import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { StackFrame } from './types.js';

/** Frames kept per exception: enough for any culprit, bounded for storage. */
export const MAX_FRAMES = 50;

// `    at fn (file:line:col)`, `    at file:line:col`, `    at async fn (file:line:col)`
const FRAME = /^\s*at (?:(.+?) \()?(.+?):(\d+):(\d+)\)?$/;
// `    at Promise.all (index 0)`, `    at fn (native)`, `    at fn (<anonymous>)`
const NO_LOCATION = /^\s*at (?:(.+?) )?\(?(native|<anonymous>|index \d+)\)?$/;

const PARSED_CACHE_SIZE = 200;
const parsed = new Map<string, readonly StackFrame[]>();

/**
 * Parses a V8 stack (innermost frame first), cached by its frame lines: one
 * code path throws the same frames again and again, with only the message
 * line changing, so the regexes run once per path. The frames are frozen;
 * copy before changing them.
 */
export function parseStack(stack: string | undefined): readonly StackFrame[] {
  if (!stack) return [];
  const at = stack.indexOf('\n    at ');
  if (at < 0) return [];
  const key = stack.slice(at);
  let frames = parsed.get(key);
  if (!frames) {
    frames = Object.freeze(parseFrames(key).map((f) => Object.freeze(f)));
    if (parsed.size >= PARSED_CACHE_SIZE) parsed.delete(parsed.keys().next().value as string);
    parsed.set(key, frames);
  }
  return frames;
}

function parseFrames(stack: string): StackFrame[] {
  const frames: StackFrame[] = [];
  for (const line of stack.split('\n')) {
    if (frames.length >= MAX_FRAMES) break;
    const frame = parseLine(line);
    if (frame) frames.push(frame);
  }
  return frames;
}

function parseLine(line: string): StackFrame | undefined {
  if (!line.trimStart().startsWith('at ')) return undefined;
  const m = FRAME.exec(line);
  if (m) {
    let file = m[2];
    // `eval at fn (file:1:2), <anonymous>`: attribute the frame to the evaluating file.
    if (file.startsWith('eval at ')) file = /\((.+?):\d+:\d+\)/.exec(file)?.[1] ?? file;
    return {
      function: cleanFunction(m[1]),
      file,
      line: Number(m[3]),
      column: Number(m[4]),
      inApp: isInApp(file),
    };
  }
  const n = NO_LOCATION.exec(line);
  if (n) return { function: cleanFunction(n[1]), file: n[2], inApp: false };
  return undefined;
}

function cleanFunction(fn: string | undefined): string {
  if (!fn) return '<anonymous>';
  return fn.startsWith('async ') ? fn.slice(6) : fn;
}

// Vigil's own code (`dist/` when built; `src/`, `instrumentations/`, `exporters/` as sources):
// in node_modules once installed, but not when Vigil runs from its own repository (tests, the
// demo app), where its instrumentations' frames would pass for app code.
const OWN_SRC = dirname(dirname(fileURLToPath(import.meta.url)));
const OWN_BASE = dirname(OWN_SRC);
const VIGIL_DIRS = (basename(OWN_BASE) === 'dist' ? [OWN_BASE] : [OWN_SRC, join(OWN_BASE, 'instrumentations'), join(OWN_BASE, 'exporters')]).map((d) => d + sep);
const VIGIL_URLS = VIGIL_DIRS.map((d) => pathToFileURL(d).href);

/** The application's own code: not Node's internals, not a dependency, not Vigil. */
export function isInApp(file: string): boolean {
  if (file.startsWith('node:') || file.startsWith('internal/')) return false;
  if (file.includes('/node_modules/') || file.includes('\\node_modules\\')) return false;
  if (file.startsWith('/') || /^[A-Za-z]:\\/.test(file)) return !VIGIL_DIRS.some((d) => file.startsWith(d));
  if (file.startsWith('file://')) return !VIGIL_URLS.some((u) => file.startsWith(u));
  return false;
}

/** A filesystem path for a frame's file (V8 prints ESM frames as file:// URLs). */
export function framePath(file: string): string | undefined {
  if (file.startsWith('file://')) {
    try {
      return fileURLToPath(file);
    } catch {
      return undefined;
    }
  }
  return file.startsWith('/') || /^[A-Za-z]:\\/.test(file) ? file : undefined;
}

export function fileBasename(file: string): string {
  const path = framePath(file) ?? file;
  return basename(path);
}

const ALIAS = / \[as [^\]]*\]$/;

/**
 * The function's own name, without what V8 adds from the call: `async ` and
 * `new `, the ` [as _onTimeout]` alias, and the receiver's type
 * (`Timeout.boom`, `EventEmitter.boom`, `Object.<anonymous>`), which names
 * whoever called it (a timer, an emitter, a module) rather than the function.
 * Grouping and culprits use this, as Sentry's grouping trims function names,
 * so one throw site is one group however it was reached.
 */
export function functionName(fn: string): string {
  let name = fn.replace(ALIAS, '');
  if (name.startsWith('async ')) name = name.slice(6);
  if (name.startsWith('new ')) name = name.slice(4);
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1) : name;
}

/** `function (relative/path.js)` for display; no line numbers, which change on every deploy. */
export function culpritOf(frame: StackFrame | undefined, cwd: string): string | undefined {
  if (!frame) return undefined;
  const path = framePath(frame.file);
  const shown = path && path.startsWith(cwd + sep) ? relative(cwd, path) : (path ?? frame.file);
  return `${functionName(frame.function)} (${shown})`;
}

/** The frames grouping and culprits are built from: in-app ones, else any outside Node's internals. */
export function relevantFrames(frames: readonly StackFrame[]): StackFrame[] {
  const inApp = frames.filter((f) => f.inApp);
  if (inApp.length > 0) return inApp;
  return frames.filter((f) => f.line !== undefined && !f.file.startsWith('node:'));
}
