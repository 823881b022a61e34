// autocannon ships no types; only the part of its API the bench uses is declared.
declare module 'autocannon' {
  import type { OutgoingHttpHeaders } from 'node:http';

  export interface RequestSpec {
    method?: string;
    path?: string;
    headers?: OutgoingHttpHeaders;
    body?: string;
    /** Called before each request is sent; its return value is what goes on the wire. */
    setupRequest?: (request: RequestSpec) => RequestSpec;
  }

  export interface Options {
    url: string;
    connections?: number;
    pipelining?: number;
    duration?: number;
    method?: string;
    headers?: OutgoingHttpHeaders;
    body?: string;
    requests?: RequestSpec[];
  }

  export interface Histogram {
    average: number;
    mean: number;
    total: number;
    p50: number;
    p90: number;
    p99: number;
    max: number;
  }

  export interface Result {
    requests: Histogram;
    latency: Histogram;
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
  }

  export default function autocannon(options: Options): Promise<Result>;
}
