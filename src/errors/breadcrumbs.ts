import type { Breadcrumb } from './types.js';

/**
 * Fixed-size ring of the most recent breadcrumbs. Process-wide on purpose:
 * the crash reporter wants "what happened last", whichever request did it.
 */
export class BreadcrumbRing {
  private readonly items: (Breadcrumb | undefined)[];
  private next = 0;
  private filled = 0;

  constructor(readonly capacity: number) {
    this.items = new Array<Breadcrumb | undefined>(Math.max(1, capacity));
  }

  push(crumb: Breadcrumb): void {
    this.items[this.next] = crumb;
    this.next = (this.next + 1) % this.items.length;
    if (this.filled < this.items.length) this.filled++;
  }

  /** Oldest first. */
  snapshot(): Breadcrumb[] {
    const out: Breadcrumb[] = [];
    const start = (this.next - this.filled + this.items.length) % this.items.length;
    for (let i = 0; i < this.filled; i++) out.push(this.items[(start + i) % this.items.length] as Breadcrumb);
    return out;
  }

  clear(): void {
    this.items.fill(undefined);
    this.next = 0;
    this.filled = 0;
  }
}
