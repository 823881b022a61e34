/**
 * Record consent with `@raflag/client`, and see the server hold a refusal. It starts a reference
 * server in this process (as save-record-with-client.ts does), then, as the demo GP system:
 * 1. writes a first record for one patient and records their given consent with `recordConsent`;
 * 2. records that another patient refused, on the record started at an earlier visit;
 * 3. tries to add an adjustment for the patient who refused: the server answers 422, and the
 *    client throws a `FhirHttpError` carrying the status and the server's OperationOutcome.
 *
 * Run from the repository root:
 *   npx tsx --conditions=@raflag/source examples/record-consent.ts
 * or: pnpm --filter @raflag/examples run record-consent
 */
import { pathToFileURL } from 'node:url';
import { FhirHttpError } from '@raflag/client';
import { parseRecord, type RaConsent, type RaRecord, type RaRecordInput } from '@raflag/core';
import { RIVERSIDE_GP, recordedByRiversideGp, startLocalServer } from './support/local-server.js';

export interface RecordConsentOptions {
  readonly print?: (line: string) => void;
  readonly dataDir?: string;
}

export interface RecordConsentResult {
  /** The consent as read back after `recordConsent`. */
  readonly given: RaConsent | undefined;
  readonly refused: RaConsent | undefined;
  /** What the server answered to a new adjustment for the patient who refused. */
  readonly rejection: { readonly status: number; readonly message: string | undefined } | undefined;
}

/** Fictional people: 999 numbers are never issued, and these pass the check digit. */
const CONSENTING = '9990812349';
const REFUSING = '9990912343';

function valid(input: RaRecordInput): RaRecord {
  const parsed = parseRecord(input);
  if (!parsed.ok) throw new Error(`the example record should be valid: ${JSON.stringify(parsed.outcome.issue)}`);
  return parsed.record;
}

export async function main(options: RecordConsentOptions = {}): Promise<RecordConsentResult> {
  const print = options.print ?? console.log;
  const local = await startLocalServer({ dataDir: options.dataDir });
  try {
    print(`Reference server at ${local.server.fhirBaseUrl}`);
    const gp = local.clientFor('demo-gp-riverside', RIVERSIDE_GP);
    const recorded = recordedByRiversideGp();

    // 1. The consent and removal calls work on a record that exists, so write the first one.
    await gp.saveRecord(valid({ patient: { nhsNumber: CONSENTING }, adjustments: [{ category: 'requires-specific-information-format', code: '796161000000101', recorded }] }));
    // recordConsent reads the record, puts this consent in place of the current one and saves it.
    await gp.recordConsent(CONSENTING, {
      basis: 'patient',
      state: 'given',
      recorded,
      sharing: { permit: [{ odsCode: 'Y56', name: 'Yorkshire and Humber Care Record' }], deny: [] },
    });
    const given = (await gp.getRecord(CONSENTING)).consent;
    print(`${CONSENTING}: consent ${given?.state} by the ${given?.basis}, shared with ${given?.sharing.permit.map((p) => p.odsCode).join(', ')}`);

    // 2. Another patient's record was started at an earlier visit (an impairment, consent not yet
    // asked); at this visit they refuse. recordConsent stores the refusal with its reason. (A first
    // record that is only a refusal is answered 422 by the server: it would create an active flag.)
    await gp.saveRecord(valid({ patient: { nhsNumber: REFUSING }, impairments: [{ code: 'mental-health', recorded }] }));
    await gp.recordConsent(REFUSING, {
      basis: 'patient',
      state: 'refused',
      removalSummary: 'Did not want a flag on her record after talking it through.',
      recorded,
      sharing: { permit: [], deny: [] },
    });
    const refusedRecord = await gp.getRecord(REFUSING);
    const refused = refusedRecord.consent;
    print(`${REFUSING}: consent ${refused?.state}; ${refusedRecord.adjustments.length} adjustments, ${refusedRecord.impairments.length} impairment`);

    // 3. Someone tries to add an adjustment anyway. parseRecord cannot know what the server holds,
    // so the record is sent, and the server's consent rule refuses it with 422 Unprocessable Entity.
    let rejection: RecordConsentResult['rejection'];
    try {
      await gp.saveRecord({ ...refusedRecord, adjustments: [{ category: 'bespoke-reasonable-adjustments', description: 'Longer appointments', recorded }] });
      print('The server accepted the adjustment (it should not have)');
    } catch (error) {
      if (!(error instanceof FhirHttpError)) throw error;
      const issue = error.outcome.issue[0];
      rejection = { status: error.status, message: issue?.details?.text ?? issue?.diagnostics };
      print(`Adding an adjustment for ${REFUSING}: HTTP ${error.status}: ${rejection.message}`);
    }
    return { given, refused, rejection };
  } finally {
    await local.stop();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
