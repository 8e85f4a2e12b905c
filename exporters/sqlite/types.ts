import type { Store } from '../../src/store/types.js';

/** A store, or a getter for one (the SDK may open it after building the exporters, or lose it to a fault). */
export type StoreSource = Store | (() => Store | undefined);

export interface SqliteExporterOptions {
  store: StoreSource;
  /**
   * Insert on the store's worker thread (default true). false writes on the
   * calling thread: simpler, but a 512-span batch then blocks the event loop
   * for several ms.
   */
  thread?: boolean;
}

/** Values of one row, in the column order of the exporter's INSERT. */
export type Row = Array<string | number | null>;

/** Counters a test or self-metric can read; never reset. */
export interface ExporterStats {
  /** Rows committed. */
  written: number;
  /** Items dropped: write failed, store off or exporter shut down. */
  dropped: number;
}
