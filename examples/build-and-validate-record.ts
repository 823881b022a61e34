/**
 * Build a reasonable-adjustment record, turn it into FHIR and validate it: the library on its own,
 * no server. It shows `parseRecord` (the typed record: adjustments, an impairment, consent by a
 * Mental Capacity Act best-interest decision), `toFhir` (the national transaction Bundle),
 * `validate` (an OperationOutcome), and one mistake caught with the FHIRPath of where it is.
 *
 * Run from the repository root:
 *   npx tsx --conditions=@raflag/source examples/build-and-validate-record.ts
 * or: pnpm --filter @raflag/examples run build-and-validate-record
 */
import { pathToFileURL } from 'node:url';
import type { Bundle, OperationOutcome, OperationOutcomeIssue } from 'fhir/r4.js';
import { hasErrors, issueId, parseRecord, toFhir, validate, type RaRecord } from '@raflag/core';

export interface BuildAndValidateOptions {
  readonly print?: (line: string) => void;
}

export interface CaughtMistake {
  readonly id: string | undefined;
  readonly expression: string | undefined;
  readonly message: string | undefined;
}

export interface BuildAndValidateResult {
  readonly record: RaRecord;
  readonly bundle: Bundle;
  readonly outcome: OperationOutcome;
  readonly valid: boolean;
  /** What `validate` said about the same Bundle with a mistyped NHS number. */
  readonly mistake: CaughtMistake;
}

// Who recorded each item. Every adjustment, impairment and consent carries one: it becomes the
// item's contained Provenance, which the national profiles require.
const recorded = {
  practitioner: { sdsId: '555086415105', name: 'Dr Ruth Adebayo' },
  organisation: { odsCode: 'B82005', name: 'Riverside Medical Centre' },
  role: { system: 'https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-SDSJobRoleName-1', code: 'R0260' },
  when: '2026-11-20T10:15:00Z',
};

function summarise(outcome: OperationOutcome): string {
  const count = (severity: OperationOutcomeIssue['severity']) => outcome.issue.filter((issue) => issue.severity === severity).length;
  return `${hasErrors(outcome) ? 'invalid' : 'valid'}: ${count('fatal') + count('error')} errors, ${count('warning')} warnings`;
}

export function main(options: BuildAndValidateOptions = {}): BuildAndValidateResult {
  const print = options.print ?? console.log;

  // parseRecord is the trust boundary: it checks the NHS number, that each SNOMED code belongs to
  // its national category, that a best-interest decision carries its summary, and so on. It never
  // throws; a bad record comes back as an OperationOutcome.
  const parsed = parseRecord({
    patient: { nhsNumber: '9990000018', name: { family: 'Okafor', given: ['Grace'] } },
    adjustments: [
      { category: 'requires-specific-information-format', code: '796161000000101', recorded },
      { category: 'communication-support', code: '1082681000000103', notes: 'Short sentences, one idea at a time.', recorded },
      { category: 'bespoke-reasonable-adjustments', description: 'First appointment of the day, with a quiet room to wait in', recorded },
    ],
    impairments: [{ code: 'learning', recorded }],
    consent: {
      basis: 'best-interest',
      state: 'given',
      bestInterestSummary: 'Lacks capacity to decide on sharing; a best-interest meeting with her sister and GP agreed that sharing helps her care.',
      recorded,
      sharing: { permit: [{ odsCode: 'Y56', name: 'Yorkshire and Humber Care Record' }], deny: [] },
    },
  });
  if (!parsed.ok) throw new Error(`the example record should be valid: ${JSON.stringify(parsed.outcome.issue)}`);
  const record = parsed.record;
  print(`Record for ${record.patient.nhsNumber}: ${record.adjustments.length} adjustments, ${record.impairments.length} impairment, consent ${record.consent?.state} (${record.consent?.basis})`);

  // toFhir writes the current national shape: one transaction Bundle holding the Patient, the
  // PatientFlag, an adjustment Flag per adjustment, a Condition per impairment and the RA-Consent.
  const bundle = toFhir(record);
  print(`FHIR: a ${bundle.type} Bundle of ${bundle.entry?.length ?? 0} entries: ${(bundle.entry ?? []).map((entry) => entry.resource?.resourceType).join(', ')}`);

  // validate answers any JSON value with an OperationOutcome; a payload is valid when no issue is
  // an error or fatal.
  const outcome = validate(bundle);
  print(`validate: ${summarise(outcome)}`);

  // A mistake a sending system might make: one digit of the NHS number mistyped, so the modulus 11
  // check digit fails. The issue says which rule (a stable id) and where (a FHIRPath), never the value.
  const broken = structuredClone(bundle);
  const patient = broken.entry?.find((entry) => entry.resource?.resourceType === 'Patient')?.resource;
  const identifier = patient?.resourceType === 'Patient' ? patient.identifier?.[0] : undefined;
  if (identifier !== undefined) identifier.value = '9990000019';
  const brokenOutcome = validate(broken);
  print(`With a mistyped NHS number: ${summarise(brokenOutcome)}`);
  const first = brokenOutcome.issue.find((issue) => issue.severity === 'error' || issue.severity === 'fatal');
  const mistake: CaughtMistake = { id: first === undefined ? undefined : issueId(first), expression: first?.expression?.[0], message: first?.details?.text };
  print(`  ${first?.severity} ${mistake.expression} ${mistake.id}: ${mistake.message}`);

  return { record, bundle, outcome, valid: !hasErrors(outcome), mistake };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main();
}
