import autocannon, { type RequestSpec } from 'autocannon';

export interface LoadResult {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly ok: number;
  readonly failed: number;
  /** How long the run took, in seconds. */
  readonly seconds: number;
}

export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  readonly requests?: RequestSpec[];
  readonly headers?: Record<string, string>;
}

/** One autocannon run; `failed` counts non-2xx answers, socket errors and timeouts. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    ...(options.requests === undefined ? {} : { requests: options.requests }),
    ...(options.headers === undefined ? {} : { headers: options.headers }),
  });
  return {
    rps: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    failed: result.non2xx + result.errors + result.timeouts,
    seconds: result.duration,
  };
}

/**
 * Runs of the same load taken as one: throughput over their total time, p99 the worst of them
 * (autocannon keeps no samples to merge, and the worse one is what a caller could have met).
 */
export function combined(runs: readonly LoadResult[]): LoadResult {
  const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
  const ok = runs.reduce((sum, run) => sum + run.ok, 0);
  return {
    rps: ok / seconds,
    p50: runs.reduce((sum, run) => sum + run.p50, 0) / runs.length,
    p99: Math.max(...runs.map((run) => run.p99)),
    ok,
    failed: runs.reduce((sum, run) => sum + run.failed, 0),
    seconds,
  };
}
