/**
 * The consent-gated sharing story in one process. A reference server and an LHCRE simulator (a
 * stand-in for a regional shared care record) run side by side on loopback:
 * 1. the server's `sharing-agreements.json` names the simulator's client (`demo-lhcre-yhcr`, opt-in)
 *    and where to notify it, so it is written before the server starts, on a port picked first;
 * 2. a GP system records a change for a patient whose consent permits that LHCRE (9990316775);
 * 3. the server notifies the LHCRE (an id-only, signed notification); the simulator verifies it,
 *    pulls the record with its own token and keeps a copy;
 * 4. the patient withdraws consent; the LHCRE is told, purges its copy, and its own reads answer 404.
 * The server delivers notifications in the background; `server.notifier.drain()` waits for them here,
 * so each step can be shown in order.
 *
 * Run from the repository root:
 *   npx tsx --conditions=@raflag/source examples/sharing-journey.ts
 * or: pnpm --filter @raflag/examples run sharing-journey
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NotFoundError, RaflagClient } from '@raflag/client';
import { startSimulator, type RunningSimulator } from '@raflag/lhcre-simulator';
import { RIVERSIDE_GP, recordedByRiversideGp, startLocalServer } from './support/local-server.js';

export interface SharingJourneyOptions {
  readonly print?: (line: string) => void;
}

export interface SharingJourneyResult {
  readonly nhsNumber: string;
  /** NHS numbers the simulator's `GET /status` listed after the change, and after the withdrawal. */
  readonly heldAfterChange: readonly string[];
  readonly heldAfterWithdrawal: readonly string[];
  /** Adjustments in the LHCRE's copy after the change. */
  readonly adjustmentsHeld: number | undefined;
  /** The HTTP status of the LHCRE's own read after the withdrawal (404 expected). */
  readonly lhcreReadStatus: number | undefined;
}

/** A demo patient whose consent is given and permits the Yorkshire and Humber Care Record. */
const PERMITTED = '9990316775';
const LHCRE_CLIENT = 'demo-lhcre-yhcr';

/** A port nobody is using, so the sharing agreement can name it before the simulator listens on it. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

async function holds(simulator: RunningSimulator): Promise<string[]> {
  const status = (await (await fetch(`${simulator.url}/status`)).json()) as { holds: { nhsNumber: string }[] };
  return status.holds.map((holding) => holding.nhsNumber);
}

export async function main(options: SharingJourneyOptions = {}): Promise<SharingJourneyResult> {
  const print = options.print ?? console.log;
  const dir = mkdtempSync(join(tmpdir(), 'raflag-sharing-'));
  const port = await freePort();
  const local = await startLocalServer({
    dataDir: join(dir, 'server'),
    sharingAgreements: [
      {
        clientId: LHCRE_CLIENT,
        organisation: { odsCode: 'Y56', name: 'Yorkshire and Humber Care Record' },
        mode: 'opt-in',
        mayRead: ['Flag', 'Condition', 'Consent', 'Patient', 'Provenance'],
        notificationEndpoint: `http://127.0.0.1:${port}/notifications`,
      },
    ],
  });
  let simulator: RunningSimulator | undefined;
  try {
    const { server } = local;
    print(`Reference server at ${server.fhirBaseUrl}`);
    // The simulator signs in as the demo LHCRE client; its copies go into its own SQLite file.
    const lhcre = local.credentials(LHCRE_CLIENT);
    simulator = await startSimulator({ serverUrl: server.publicUrl, clientId: LHCRE_CLIENT, ...lhcre, port, dataFile: join(dir, 'lhcre.db'), log: (line) => print(`  [LHCRE] ${line}`) });
    print(`LHCRE simulator at ${simulator.url} (status: ${simulator.url}/status)`);

    // The GP adds an adjustment to the patient's record.
    const gp = local.clientFor('demo-gp-riverside', RIVERSIDE_GP);
    const record = await gp.getRecord(PERMITTED);
    const recorded = recordedByRiversideGp();
    await gp.saveRecord({ ...record, adjustments: [...record.adjustments, { category: 'bespoke-reasonable-adjustments', description: 'Longer appointment, first of the day', recorded }] });
    print(`GP added an adjustment for ${PERMITTED}; the record now has ${record.adjustments.length + 1}`);

    await server.notifier.drain();
    const heldAfterChange = await holds(simulator);
    const copy = simulator.holdings.get(PERMITTED)?.record as { adjustments?: unknown[] } | undefined;
    print(`The LHCRE holds: ${heldAfterChange.join(', ') || 'nothing'} (its copy of ${PERMITTED} has ${copy?.adjustments?.length ?? 0} adjustments)`);

    // The patient withdraws consent. withdrawConsent records it as RAREVOKED with the reason.
    await gp.withdrawConsent(PERMITTED, 'The patient asked for the record not to be shared any more', recorded);
    print(`GP recorded that ${PERMITTED} withdrew consent`);
    await server.notifier.drain();
    const heldAfterWithdrawal = await holds(simulator);
    print(`The LHCRE holds: ${heldAfterWithdrawal.join(', ') || 'nothing'}`);

    // Reading with the LHCRE's own client: the server checks consent on every read, and a record the
    // caller may not see answers 404, exactly as one that does not exist.
    const asLhcre = new RaflagClient({ baseUrl: server.fhirBaseUrl, clientId: LHCRE_CLIENT, ...lhcre });
    let lhcreReadStatus: number | undefined;
    try {
      await asLhcre.getRecord(PERMITTED);
      print(`The LHCRE can still read ${PERMITTED} (it should not)`);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      lhcreReadStatus = error.status;
      print(`The LHCRE reading ${PERMITTED} itself: HTTP ${error.status}`);
    }

    return { nhsNumber: PERMITTED, heldAfterChange, heldAfterWithdrawal, adjustmentsHeld: copy?.adjustments?.length, lhcreReadStatus };
  } finally {
    await simulator?.stop();
    await local.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
