/**
 * Milliseconds from a monotonic clock where there is one (`performance`, in Node, browsers and Workers),
 * else from Date: fit and score times in a search's results, and its progress ETA.
 */
export function now(): number {
  const clock = (globalThis as { performance?: { now(): number } }).performance ?? Date;
  return clock.now();
}
