/**
 * Benchmark of the reference server (DESIGN.md budgets). Prints results only; the temporary data
 * directory it creates is removed at the end. Not a test.
 *
 *   RAFLAG_BENCH_LARGE=1000000   records for the large-store read (default; 200000 with RAFLAG_BENCH_QUICK=1)
 *   RAFLAG_BENCH_SECONDS=10      duration of each throughput run
 *   RAFLAG_BENCH_WRITE_CONNECTIONS=8
 *   RAFLAG_BENCH_LOG_LEVEL=info  the server's log level (its stdout goes to /dev/null)
 *   RAFLAG_BENCH_QUIET_WAIT_MINUTES=20  how long to wait for a load average <= 0.8 before measuring
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestSpec } from 'autocannon';
import { DATABASE_FILE } from '../src/server.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { bulkLoad } from './bulk-load.js';
import { startChild, type Child } from './child-process.js';
import { combined, runLoad, type LoadResult } from './load.js';
import { nhsNumbers, take } from './nhs-numbers.js';
import { recordBundle } from './record-bundle.js';
import { benchToken } from './token.js';
import { fixed, table, verdict } from './table.js';

const env = process.env;
const quick = env['RAFLAG_BENCH_QUICK'] === '1';
const SMALL = 10_000;
const LARGE = Math.max(SMALL, Number(env['RAFLAG_BENCH_LARGE'] ?? (quick ? 200_000 : 1_000_000)));
const SECONDS = Number(env['RAFLAG_BENCH_SECONDS'] ?? 10);
const LATENCY_SECONDS = SECONDS;
const READ_CONNECTIONS = 32;
const WRITE_CONNECTIONS = Number(env['RAFLAG_BENCH_WRITE_CONNECTIONS'] ?? 8);
const WARMUP_SECONDS = 2;
/** The one-minute load average (2 cores) below which measuring starts. */
const QUIET_LOAD = 0.8;
const FHIR_JSON = 'application/fhir+json';

const say = (text: string): void => void process.stdout.write(`${text}\n`);
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

const root = mkdtempSync(join(tmpdir(), 'raflag-bench-'));
/** Two stores: the small one for the throughput runs and the 10,000-record latency, the large one for the same read at scale. */
const smallDir = join(root, 'small');
const largeDir = join(root, 'large');
mkdirSync(smallDir);
mkdirSync(largeDir);
// Authentication on, as deployed: the demo data writes the demo clients whose key the bench signs with.
const serverEnv = { RAFLAG_DEMO_DATA: 'true', PORT: '0', LOG_LEVEL: env['RAFLAG_BENCH_LOG_LEVEL'] ?? 'info' };
/** A bulk load of a million records wants its index pages in memory: 2 GiB of page cache. */
const LOADER_CACHE_KIB = 2 * 1024 * 1024;
let authorization: Record<string, string> = {};

async function authorise(child: Child, dir: string): Promise<void> {
  authorization = { authorization: `Bearer ${await benchToken(child.url, dir)}` };
}

/**
 * Throughput on two cores is only comparable between runs on an otherwise idle machine, so the
 * measurements wait (up to QUIET_WAIT_MINUTES) for the one-minute load average to settle.
 */
async function waitForQuietMachine(): Promise<void> {
  const limit = Number(env['RAFLAG_BENCH_QUIET_WAIT_MINUTES'] ?? 20) * 60_000;
  const started = performance.now();
  while ((loadavg()[0] ?? 0) > QUIET_LOAD && performance.now() - started < limit) {
    say(`  waiting for a quiet machine: load average ${fixed(loadavg()[0] ?? 0, 2)} (want <= ${QUIET_LOAD})`);
    await new Promise((done) => setTimeout(done, 15_000));
  }
  say(`  load average ${fixed(loadavg()[0] ?? 0, 2)} when measuring started`);
}
const bulkNumbers = nhsNumbers('90');
const writeNumbers = nhsNumbers('91');
const children: Child[] = [];

/** The store-size comparison reads with the cache off: it is there to measure SQLite's indexes. */
const uncached = { RAFLAG_READ_CACHE_SIZE: '0' };

async function startRaflag(dir: string, extraEnv: Readonly<Record<string, string>> = {}): Promise<Child> {
  const child = await startChild('raflag-server', { ...serverEnv, RAFLAG_DATA_DIR: dir, ...extraEnv });
  children.push(child);
  return child;
}

async function stop(child: Child): Promise<void> {
  children.splice(children.indexOf(child), 1);
  await child.stop();
}

async function load(dir: string, numbers: readonly string[], label: string): Promise<number> {
  const store = await openSqliteStore({ file: join(dir, DATABASE_FILE), cacheKiB: LOADER_CACHE_KIB });
  const started = performance.now();
  const step = Math.max(1, Math.floor(numbers.length / 10 / 2_000)) * 2_000;
  try {
    await bulkLoad(store, numbers, {
      batchSize: 2_000,
      onProgress: (n) => {
        if (n % step === 0 && n < numbers.length) say(`  ${label}: ${n} / ${numbers.length} (${seconds(performance.now() - started)})`);
      },
    });
  } finally {
    await store.close();
  }
  return performance.now() - started;
}

const readPath = (nhsNumber: string): string => `/fhir/PatientFlag?patient=${nhsNumber}`;

/** A new patient's record, as the JSON a client would send. */
const freshBody = (): string => JSON.stringify(recordBundle(take(writeNumbers, 1)[0] ?? ''));

/**
 * Bodies are built before the run, enough for 1,000 records/s, so the load generator spends
 * its share of the two cores sending them rather than building them; past that it builds more.
 */
function freshWrites(): RequestSpec[] {
  const ready = Array.from({ length: SECONDS * 1_000 }, freshBody);
  let next = 0;
  return [
    {
      method: 'POST',
      path: '/fhir',
      headers: { 'content-type': FHIR_JSON, accept: FHIR_JSON, ...authorization },
      setupRequest: (req) => ({ ...req, body: ready[next++] ?? freshBody() }),
    },
  ];
}

/**
 * One client, one request at a time, for SECONDS: timed here with sub-millisecond resolution
 * (autocannon's latency histogram counts whole milliseconds, too coarse for a single-request read).
 */
async function sequential(send: () => Promise<Response>, okStatus: number, duration = SECONDS): Promise<LoadResult> {
  const latencies: number[] = [];
  let failed = 0;
  const started = performance.now();
  while (performance.now() - started < duration * 1000) {
    const t = performance.now();
    const response = await send();
    await response.arrayBuffer();
    if (response.status === okStatus) latencies.push(performance.now() - t);
    else failed++;
  }
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return { rps: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), ok: latencies.length, failed, seconds: elapsed };
}

const sequentialWrites = (baseUrl: string): Promise<LoadResult> =>
  sequential(
    () =>
      fetch(`${baseUrl}/fhir`, {
        method: 'POST',
        headers: { 'content-type': FHIR_JSON, accept: FHIR_JSON, ...authorization },
        body: freshBody(),
      }),
    200,
  );

/** Random patients across everything bulk-loaded, so the large store is not read from one hot page. */
const randomReads = (baseUrl: string, pool: readonly string[], duration: number): Promise<LoadResult> =>
  sequential(() => fetch(`${baseUrl}${readPath(pool[Math.floor(Math.random() * pool.length)] ?? '')}`, { headers: authorization }), 200, duration);

async function main(): Promise<void> {
  const largeNote = LARGE === 1_000_000 ? '' : ` (not the 1,000,000 of the budget: RAFLAG_BENCH_LARGE=${LARGE}${quick ? ', RAFLAG_BENCH_QUICK=1' : ''})`;
  say(`raflag reference-server bench — node ${process.version}, ${cpus().length} CPU(s): ${cpus()[0]?.model ?? 'unknown'}`);
  say(`Servers run in child processes (node --import tsx --conditions=@raflag/source); autocannon 9 runs in this process.`);
  say(`The load generator shares the machine's CPUs with the server under test.`);
  say(`Server: SQLite store (WAL; every write answered only after an fsync of the log), SMART auth on (demo GP client, user with B0257+B0380), consent gate, and one AuditEvent per request committed by the audit writer thread before the answer; log level ${serverEnv.LOG_LEVEL} to /dev/null; data in ${root}`);
  say(`Large store size: ${LARGE} records${largeNote}\n`);

  const largePool = take(bulkNumbers, LARGE);
  const smallPool = largePool.slice(0, SMALL);
  // No sharing agreements: the writes measured are the store's durable transactions. With LHCREs
  // to notify, each write also queues an outbox row per LHCRE, which the notifier signs and posts
  // in the background; that delivery is not what this budget is about.
  for (const dir of [smallDir, largeDir]) writeFileSync(join(dir, 'sharing-agreements.json'), JSON.stringify({ agreements: [] }));
  // The throughput runs come before the million-record load. Measured after it (25 minutes of
  // both cores busy, about 27 GB written), the bare route itself managed 5,138 req/s in one run,
  // against 7,700 to 8,400 on a fresh machine: those runs measured the machine, not the server.
  say(`Loading the first ${SMALL} records into the small store…`);
  const smallLoadMs = await load(smallDir, smallPool, 'loaded');
  say(`  ${SMALL} records in ${seconds(smallLoadMs)}\n`);
  await waitForQuietMachine();

  let raflag = await startRaflag(smallDir);
  await authorise(raflag, smallDir);
  const target = smallPool[Math.floor(SMALL / 2)] ?? '';
  const first = await fetch(`${raflag.url}${readPath(target)}`, { headers: authorization });
  const body = await first.text();
  const contentType = first.headers.get('content-type') ?? FHIR_JSON;
  const entries = (JSON.parse(body) as { entry?: unknown[] }).entry?.length ?? 0;
  if (first.status !== 200 || entries === 0) throw new Error(`the patient read answered ${first.status} with ${entries} entries`);
  const bare = await startChild('bare-server', {}, { body, contentType });
  children.push(bare);
  const bareBody = await (await fetch(`${bare.url}${readPath(target)}`)).text();
  if (bareBody !== body) throw new Error('the bare baseline does not return the same bytes');

  say(`1. Patient record read (${entries} entries, ${Buffer.byteLength(body)} bytes, ${contentType}), ${READ_CONNECTIONS} connections, ${SECONDS} s each in two halves: bare, raflag, raflag, bare…`);
  const bareLoad = { url: `${bare.url}${readPath(target)}`, connections: READ_CONNECTIONS };
  const raflagLoad = { url: `${raflag.url}${readPath(target)}`, connections: READ_CONNECTIONS, headers: authorization };
  await runLoad({ ...bareLoad, seconds: WARMUP_SECONDS });
  await runLoad({ ...raflagLoad, seconds: WARMUP_SECONDS });
  // This machine's speed drifts by a third from one minute to the next (the bare route alone has
  // run at 5,000 and at 8,100 req/s ten minutes apart). Halves in the order A B B A weigh a drift
  // on both sides alike, where one run of each after the other put all of it into the ratio.
  const half = SECONDS / 2;
  const bareFirst = await runLoad({ ...bareLoad, seconds: half });
  const raflagFirst = await runLoad({ ...raflagLoad, seconds: half });
  const raflagSecond = await runLoad({ ...raflagLoad, seconds: half });
  const bareSecond = await runLoad({ ...bareLoad, seconds: half });
  await stop(bare);
  const bareRead = combined([bareFirst, bareSecond]);
  const raflagRead = combined([raflagFirst, raflagSecond]);
  say(`  halves: bare ${fixed(bareFirst.rps, 0)} then ${fixed(bareSecond.rps, 0)} req/s; raflag ${fixed(raflagFirst.rps, 0)} then ${fixed(raflagSecond.rps, 0)} req/s`);

  say(`2. Transaction writes (one new RA record per Bundle), ${SECONDS} s sequential, then ${SECONDS} s at ${WRITE_CONNECTIONS} connections…`);
  await authorise(raflag, smallDir);
  const writeSequential = await sequentialWrites(raflag.url);
  await authorise(raflag, smallDir);
  const writeConcurrent = await runLoad({ url: raflag.url, connections: WRITE_CONNECTIONS, seconds: SECONDS, requests: freshWrites() });
  await stop(raflag);

  say(`Bulk-loading ${LARGE} records (6 resources each) into the large store through Store.transaction…`);
  const largeLoadMs = await load(largeDir, largePool, 'loaded');
  say(`  ${LARGE} records in ${seconds(largeLoadMs)} (${fixed(LARGE / (largeLoadMs / 1000), 0)} records/s)\n`);
  await waitForQuietMachine();

  raflag = await startRaflag(smallDir, uncached);
  await authorise(raflag, smallDir);
  await randomReads(raflag.url, smallPool, WARMUP_SECONDS);
  say(`3a. Read latency at ${SMALL} records: random patients, read cache off, 1 sequential client (fetch), ${LATENCY_SECONDS} s…`);
  const latencySmall = await randomReads(raflag.url, smallPool, LATENCY_SECONDS);
  await stop(raflag);

  raflag = await startRaflag(largeDir, uncached);
  await authorise(raflag, largeDir);
  say(`3b. Read latency at ${LARGE} records: random patients, read cache off, 1 sequential client (fetch), ${LATENCY_SECONDS} s…`);
  await randomReads(raflag.url, largePool, WARMUP_SECONDS);
  const latencyLarge = await randomReads(raflag.url, largePool, LATENCY_SECONDS);
  await stop(raflag);

  const ratio = raflagRead.rps / bareRead.rps;
  const row = (name: string, r: LoadResult, extra: readonly string[]): string[] => [name, fixed(r.rps, 0), fixed(r.p50, 2), fixed(r.p99, 2), String(r.failed), ...extra];
  say('\n1. Patient record read, 32 connections (autocannon; latency in whole ms; p50 the mean of the halves, p99 the worse half)');
  say(
    table(
      ['server', 'req/s', 'p50 ms', 'p99 ms', 'failed', 'ratio vs bare', 'budget'],
      [
        row('bare Express 5 (same bytes)', bareRead, ['1.00', '']),
        row('raflag GET PatientFlag', raflagRead, [fixed(ratio, 2), `ratio>=0.5 ${verdict(ratio >= 0.5)}; p99<25ms ${verdict(raflagRead.p99 < 25)}`]),
      ],
    ),
  );
  say('\n2. Durable transaction writes (one RA record = 6 resources per Bundle, fsync per commit)');
  say(
    table(
      ['mode', 'records/s', 'p50 ms', 'p99 ms', 'failed', 'budget >=300/s'],
      [
        row('sequential (1 client)', writeSequential, [verdict(writeSequential.rps >= 300)]),
        row(`${WRITE_CONNECTIONS} connections`, writeConcurrent, [verdict(writeConcurrent.rps >= 300)]),
      ],
    ),
  );
  const p50Ratio = latencyLarge.p50 / latencySmall.p50;
  const p99Ratio = latencyLarge.p99 / latencySmall.p99;
  say(`\n3. Patient record read latency by store size (random patients, read cache off, 1 sequential fetch client)${largeNote}`);
  say(
    table(
      ['records', 'req/s', 'p50 ms', 'p99 ms', 'failed', 'ratio p50 / p99', 'budget <=1.5x'],
      [
        row(String(SMALL), latencySmall, ['1.00 / 1.00', '']),
        row(String(LARGE), latencyLarge, [`${fixed(p50Ratio, 2)} / ${fixed(p99Ratio, 2)}`, verdict(p50Ratio <= 1.5 && p99Ratio <= 1.5)]),
      ],
    ),
  );
  say(`\nBulk load: ${LARGE} records in ${seconds(largeLoadMs)}; ${SMALL} in ${seconds(smallLoadMs)}.`);
}

try {
  await main();
} finally {
  await Promise.all(children.map((child) => child.stop()));
  rmSync(root, { recursive: true, force: true });
}
