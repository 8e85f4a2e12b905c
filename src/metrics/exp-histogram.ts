// A base-2 exponential histogram at a fixed scale, the same bucket layout the
// OTel SDK's exponential aggregation uses: bucket i holds (b^i, b^(i+1)] with
// b = 2^(2^-SCALE). Fixed scale keeps record() to one log2 and one Map update;
// buckets are sparse so an operation only pays for the magnitudes it hits.

/** Scale 5: b = 2^(1/32), so an estimate is within 1.08% of the true value. */
export const SCALE = 5;
const PER_OCTAVE = 2 ** SCALE;
const BASE = 2 ** (1 / PER_OCTAVE);

/** Largest relative error of quantile(): (b - 1) / (b + 1). */
export const RELATIVE_ERROR = (BASE - 1) / (BASE + 1);

export class ExpHistogram {
  count = 0;
  zeroCount = 0;
  min = Infinity;
  max = -Infinity;
  sum = 0;
  private readonly buckets = new Map<number, number>();

  record(value: number): void {
    if (!(value >= 0)) return; // NaN and negatives: not a duration
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (value === 0) {
      this.zeroCount++;
      return;
    }
    const index = Math.ceil(Math.log2(value) * PER_OCTAVE) - 1;
    this.buckets.set(index, (this.buckets.get(index) ?? 0) + 1);
  }

  /** Nearest-rank quantile estimate (q in [0, 1]); 0 when empty. */
  quantile(q: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.count));
    if (rank <= this.zeroCount) return 0;
    let seen = this.zeroCount;
    const indexes = [...this.buckets.keys()].sort((a, b) => a - b);
    for (const index of indexes) {
      seen += this.buckets.get(index)!;
      if (seen >= rank) return clamp(estimate(index), this.min, this.max);
    }
    return this.max;
  }

  reset(): void {
    this.count = this.zeroCount = this.sum = 0;
    this.min = Infinity;
    this.max = -Infinity;
    this.buckets.clear();
  }
}

/** The point of bucket i with the smallest worst-case relative error: the harmonic mean of its bounds. */
function estimate(index: number): number {
  const lower = 2 ** (index / PER_OCTAVE);
  const upper = 2 ** ((index + 1) / PER_OCTAVE);
  return (2 * lower * upper) / (lower + upper);
}

function clamp(value: number, low: number, high: number): number {
  return value < low ? low : value > high ? high : value;
}
