import { formatBar } from './format.js';
import type { ProgressStatus } from './types.js';

// Redraws are throttled: a terminal cannot show more than ~10 frames a second
// usefully, and a fast job would otherwise spend its time writing escapes.
const FRAME_MS = 100;

/** A one-line terminal bar; does nothing unless the stream is a TTY. */
export class ProgressBar {
  private lastDraw = 0;
  private readonly enabled: boolean;

  constructor(private readonly stream: NodeJS.WriteStream) {
    this.enabled = stream.isTTY === true;
  }

  draw(status: ProgressStatus, force = false): void {
    if (!this.enabled) return;
    const t = Date.now();
    if (!force && t - this.lastDraw < FRAME_MS) return;
    this.lastDraw = t;
    this.stream.write(`\r${formatBar(status)}\x1b[K`);
  }

  finish(status: ProgressStatus): void {
    if (!this.enabled) return;
    this.draw(status, true);
    this.stream.write('\n');
  }
}
