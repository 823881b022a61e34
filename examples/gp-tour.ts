/**
 * The GP system's side of the README's five-minute tour, against a server you started yourself
 * (`npx -y pnpm@12.4.2 start`). It signs in as the demo GP system `demo-gp-riverside`, acting for
 * Dr Ruth Adebayo (B0257 + B0380), with the demo key the server wrote into its data directory:
 *
 *   record <NHS number>    adds a bespoke adjustment to the person's record (one transaction)
 *   withdraw <NHS number>  records that the person withdrew consent to share
 *
 * Run from the repository root:
 *   npx tsx --conditions=@raflag/source examples/gp-tour.ts record 9990000018
 *   npx tsx --conditions=@raflag/source examples/gp-tour.ts withdraw 9990000018
 * Options: --server http://127.0.0.1:8080 (default) and --data-dir .raflag-data (default).
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { RaflagClient } from '@raflag/client';
import { credentialsFromServerDataDir } from '@raflag/lhcre-simulator';
import { RIVERSIDE_GP, recordedByRiversideGp } from './support/local-server.js';

export interface GpTourOptions {
  readonly command: 'record' | 'withdraw';
  readonly nhsNumber: string;
  /** The server's origin, e.g. `http://127.0.0.1:8080`. */
  readonly server: string;
  /** The server's data directory, where the demo client's key is. */
  readonly dataDir: string;
  readonly print?: (line: string) => void;
}

export interface GpTourResult {
  readonly adjustments: number;
  readonly consentState: string | undefined;
}

/** The demo GP system as a client, with the key and algorithm the server's data directory holds for it. */
function gpClient(server: string, dataDir: string): RaflagClient {
  const found = credentialsFromServerDataDir(dataDir, 'demo-gp-riverside');
  if (!found.ok) throw new Error(found.message);
  return new RaflagClient({ baseUrl: `${server.replace(/\/$/, '')}/fhir`, clientId: 'demo-gp-riverside', privateKey: found.privateKey, alg: found.alg, user: RIVERSIDE_GP });
}

export async function main(options: GpTourOptions): Promise<GpTourResult> {
  const print = options.print ?? ((line: string) => console.log(line));
  const gp = gpClient(options.server, options.dataDir);
  const record = await gp.getRecord(options.nhsNumber);
  if (options.command === 'record') {
    const added = { category: 'bespoke-reasonable-adjustments' as const, description: 'Send appointment letters in easy read, two weeks ahead', recorded: recordedByRiversideGp() };
    await gp.saveRecord({ ...record, adjustments: [...record.adjustments, added] });
    print(`Recorded a new adjustment; the record now has ${record.adjustments.length + 1}. Permitted LHCREs are being notified.`);
  } else {
    await gp.withdrawConsent(options.nhsNumber, 'The person asked for their record not to be shared any more', recordedByRiversideGp());
    print('Recorded the withdrawal of consent. LHCREs that held the record are being told to purge it.');
  }
  const after = await gp.getRecord(options.nhsNumber);
  return { adjustments: after.adjustments.length, consentState: after.consent?.state };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { server: { type: 'string', default: 'http://127.0.0.1:8080' }, 'data-dir': { type: 'string', default: '.raflag-data' } } });
  const [command, nhsNumber] = positionals;
  if ((command !== 'record' && command !== 'withdraw') || nhsNumber === undefined) {
    process.stderr.write('usage: gp-tour.ts record|withdraw <NHS number> [--server URL] [--data-dir DIR]\n');
    process.exit(2);
  }
  main({ command, nhsNumber, server: values.server, dataDir: values['data-dir'] }).catch((error: unknown) => {
    process.stderr.write(`gp-tour: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
