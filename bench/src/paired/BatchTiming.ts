/** What one batch cost in its worker process, in nanoseconds. */
export interface BatchTiming {
  readonly count: number;
  /** Process CPU time (user + system, every thread of the process). */
  readonly cpuNs: number;
  readonly wallNs: number;
}

/** Which clock a figure is read from: process CPU time for I/O-free work, wall time when I/O is part of it. */
export type Clock = 'cpu' | 'wall';

export function nsPerOp(timing: BatchTiming, clock: Clock): number {
  return (clock === 'cpu' ? timing.cpuNs : timing.wallNs) / timing.count;
}

/**
 * A batch whose wall time exceeds its CPU time by this factor was preempted (another process had the core):
 * its CPU time is still right, but caches and frequency were disturbed, so the round is dropped.
 */
const PREEMPTED_WALL_OVER_CPU = 1.5;

export function wasPreempted(timing: BatchTiming): boolean {
  return timing.wallNs > timing.cpuNs * PREEMPTED_WALL_OVER_CPU;
}
