import autocannon, { type RequestSpec } from 'autocannon';

export interface LoadResult {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly ok: number;
  readonly failed: number;
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
  };
}
