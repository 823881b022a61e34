/**
 * Save a new patient's record with `@raflag/client` and read it back. It starts a reference server
 * in this process (a temporary data directory, a free port, the demo clients and their keys), signs
 * in as the demo GP system `demo-gp-riverside` for a GP who may read and write flags (activities
 * B0257 and B0380), writes the record as one transaction with `saveRecord`, reads it with
 * `getRecord`, and stops the server.
 *
 * Run from the repository root:
 *   npx tsx --conditions=@raflag/source examples/save-record-with-client.ts
 * or: pnpm --filter @raflag/examples run save-record-with-client
 */
import { pathToFileURL } from 'node:url';
import { parseRecord, type RaRecord } from '@raflag/core';
import { RIVERSIDE_GP, recordedByRiversideGp, startLocalServer } from './support/local-server.js';

export interface SaveRecordOptions {
  readonly print?: (line: string) => void;
  /** The server's data directory; a temporary one by default. */
  readonly dataDir?: string;
}

export interface SaveRecordResult {
  readonly nhsNumber: string;
  /** The transaction-response entries' statuses, e.g. `201 Created`. */
  readonly statuses: readonly string[];
  readonly saved: RaRecord;
  readonly readBack: RaRecord;
}

/** A fictional person: 999 numbers are never issued, and this one passes the check digit. */
const NHS_NUMBER = '9990712344';

export async function main(options: SaveRecordOptions = {}): Promise<SaveRecordResult> {
  const print = options.print ?? console.log;
  const local = await startLocalServer({ dataDir: options.dataDir });
  try {
    print(`Reference server at ${local.server.fhirBaseUrl}`);
    // The client signs a client assertion with the demo key, gets an access token (SMART Backend
    // Services) and renews it before it expires. `user` names the person at the keyboard: the
    // server checks their activity codes and writes them into the audit trail.
    const gp = local.clientFor('demo-gp-riverside', RIVERSIDE_GP);

    const recorded = recordedByRiversideGp();
    const parsed = parseRecord({
      patient: { nhsNumber: NHS_NUMBER, name: { family: 'Lindqvist', given: ['Erik'] } },
      adjustments: [
        { category: 'requires-specific-contact-method', code: '719561001', recorded },
        { category: 'bespoke-reasonable-adjustments', description: 'Text the day before to remind him of the appointment', recorded },
      ],
      impairments: [{ code: 'hearing', recorded }],
      consent: { basis: 'patient', state: 'given', recorded },
    });
    if (!parsed.ok) throw new Error(`the example record should be valid: ${JSON.stringify(parsed.outcome.issue)}`);
    const record = parsed.record;

    // saveRecord checks the record again (an InvalidRecordError sends nothing), maps it with toFhir
    // and POSTs one transaction: all of it is stored, or none.
    const response = await gp.saveRecord(record);
    const statuses = (response.entry ?? []).map((entry) => entry.response?.status ?? '');
    print(`saveRecord: a ${response.type} with ${statuses.length} entries (${[...new Set(statuses)].join(', ')})`);

    // Read it back as a typed record; the items now carry their server ids.
    const readBack = await gp.getRecord(NHS_NUMBER);
    // The PatientFlag search answers the flag and its details; the Patient's name is not part of it.
    print(`getRecord(${NHS_NUMBER}): PatientFlag ${readBack.patientFlag?.id}`);
    for (const adjustment of readBack.adjustments) {
      print(`  adjustment ${adjustment.id}: ${adjustment.category} ${'code' in adjustment ? adjustment.code : adjustment.description}`);
    }
    for (const impairment of readBack.impairments) print(`  impairment ${impairment.id}: ${impairment.code}`);
    print(`  consent ${readBack.consent?.id}: ${readBack.consent?.state} (${readBack.consent?.basis})`);

    return { nhsNumber: NHS_NUMBER, statuses, saved: record, readBack };
  } finally {
    await local.stop();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
