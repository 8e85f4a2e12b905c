import { readFileSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { framePath } from './stack.js';
import type { StackFrame } from './types.js';

export interface SourceCacheOptions {
  /** Only files under this directory are read. */
  root: string;
  maxFiles?: number;
  /** Bigger files (bundles, generated code) are skipped. */
  maxFileBytes?: number;
}

/** Lines of context on each side of a frame's line. */
export const CONTEXT_LINES = 3;
/** Frames that get context lines: the top in-app ones, where the reader looks. */
export const CONTEXT_FRAMES = 5;
const MAX_LINE_CHARS = 200;

/**
 * Bounded LRU of source files split into lines. Reads are synchronous but
 * happen in the batch writer, off the request path, and each file is read
 * once; a missing or oversize file is remembered as `null` so it costs
 * nothing the next time.
 */
export class SourceCache {
  private readonly root: string;
  private readonly maxFiles: number;
  private readonly maxFileBytes: number;
  private readonly files = new Map<string, string[] | null>();

  constructor(opts: SourceCacheOptions) {
    this.root = resolve(opts.root);
    this.maxFiles = opts.maxFiles ?? 50;
    this.maxFileBytes = opts.maxFileBytes ?? 1024 * 1024;
  }

  lines(path: string): string[] | null {
    const hit = this.files.get(path);
    if (hit !== undefined) {
      // Map keeps insertion order: re-inserting marks the entry most recent.
      this.files.delete(path);
      this.files.set(path, hit);
      return hit;
    }
    const lines = this.read(path);
    this.files.set(path, lines);
    if (this.files.size > this.maxFiles) this.files.delete(this.files.keys().next().value as string);
    return lines;
  }

  get size(): number {
    return this.files.size;
  }

  private read(path: string): string[] | null {
    const abs = resolve(path);
    if (!abs.startsWith(this.root + sep)) return null;
    if (abs.includes(`${sep}node_modules${sep}`)) return null;
    try {
      const st = statSync(abs);
      if (!st.isFile() || st.size > this.maxFileBytes) return null;
      return readFileSync(abs, 'utf8').split(/\r?\n/);
    } catch {
      return null;
    }
  }
}

/** A copy of the frames (which may be shared) with pre/context/post lines on the top in-app ones. */
export function addContextLines(frames: readonly StackFrame[], cache: SourceCache): StackFrame[] {
  let done = 0;
  return frames.map((f) => {
    const frame = { ...f };
    if (done >= CONTEXT_FRAMES || !frame.inApp || frame.line === undefined) return frame;
    done++;
    const path = framePath(frame.file);
    const lines = path ? cache.lines(path) : null;
    if (!lines || frame.line < 1 || frame.line > lines.length) return frame;
    const i = frame.line - 1;
    frame.preContext = lines.slice(Math.max(0, i - CONTEXT_LINES), i).map(clip);
    frame.contextLine = clip(lines[i]);
    frame.postContext = lines.slice(i + 1, i + 1 + CONTEXT_LINES).map(clip);
    return frame;
  });
}

function clip(line: string): string {
  return line.length > MAX_LINE_CHARS ? line.slice(0, MAX_LINE_CHARS) + '…' : line;
}
