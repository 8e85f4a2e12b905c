/** A sliding-window limit per channel: at most `count` notifications per `perMs`. */
export class RateLimiter {
  private readonly sent = new Map<string, number[]>();

  take(channel: string, limit: { count: number; perMs: number }, now: number): boolean {
    let times = this.sent.get(channel);
    if (!times) this.sent.set(channel, (times = []));
    while (times.length > 0 && now - times[0]! >= limit.perMs) times.shift();
    if (times.length >= limit.count) return false;
    times.push(now);
    return true;
  }
}
