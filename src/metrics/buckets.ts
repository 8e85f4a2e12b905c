// Histogram bucket boundaries, in seconds (DESIGN.md: durations are seconds).
// Without advice the SDK falls back to [0, 5, 10, 25 … 10000], boundaries
// meant for milliseconds: every duration under 5 s would share one bucket.

/** OTel semantic-convention advice for HTTP request durations (0.005 … 10 s). */
export const HTTP_DURATION_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/**
 * In-process durations (monitored functions, `metrics.timing`, embedded
 * SQLite, EMR operations): the HTTP boundaries, plus sub-millisecond ones
 * below (a function or a local query takes microseconds to a few ms; with
 * 5 ms as the first bucket a 1 ms p50 would read as 2.5 ms) and minutes above
 * (batch jobs, prescriptions waiting on a model). Resolution: at most half a
 * millisecond up to 1 ms, 1.5 ms up to 2.5 ms, then the HTTP buckets'.
 */
export const DURATION_BUCKETS: readonly number[] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, ...HTTP_DURATION_BUCKETS, 30, 60, 300];
