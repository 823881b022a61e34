/** The national example payloads and small helpers shared by the mapping tests. */
import type { OperationOutcome } from 'fhir/r4.js';
import f05 from '../../__fixtures__/national/05-bundle-r4-patientflag-AddRARecordTransaction-Bundle-Example.json' with { type: 'json' };
import f06 from '../../__fixtures__/national/06-bundle-r4-ra-sandbox-AddRARecordTransactionExample1.json' with { type: 'json' };
import conditionExample2 from '../../__fixtures__/national/extra/r4-ra-sandbox-RAConditionExample2.json' with { type: 'json' };
import consentDissent from '../../__fixtures__/national/extra/r4-ra-sandbox-RAConsentExampleDissent.json' with { type: 'json' };
import consentRevoked from '../../__fixtures__/national/extra/r4-ra-sandbox-RAConsentExampleRevoked.json' with { type: 'json' };
import flagExample2 from '../../__fixtures__/national/extra/r4-ra-sandbox-RAFlagExample2.json' with { type: 'json' };
import removeExample from '../../__fixtures__/national/extra/r4-ra-sandbox-RemoveRARecordExample.json' with { type: 'json' };
import type { Recorded } from '../../model/recorded.js';
import { SDS_JOB_ROLE_SYSTEM } from '../../canonical.js';

/** A deep copy, so a test can change a fixture without touching the others' view of it. */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export const fixtures = {
  gen3Bundle: () => copy(f05),
  gen2Bundle: () => copy(f06),
  gen2Condition: () => copy(conditionExample2),
  gen2Dissent: () => copy(consentDissent),
  gen2Revoked: () => copy(consentRevoked),
  gen2BespokeFlag: () => copy(flagExample2),
  gen2Remove: () => copy(removeExample),
};

/** Who recorded every item in the national examples (Gen 2 writes the same ids under /STU3/ URLs). */
export const exampleRecorded: Recorded = {
  practitioner: { sdsId: '2ee4tr6a9' },
  organisation: { odsCode: 'a3e5i7' },
  role: { system: SDS_JOB_ROLE_SYSTEM, code: 'R0260' },
  when: '2024-01-01T11:00:00+00:00',
};

/** `severity id expression` of every issue, the shape most tests compare. */
export const issuesOf = (outcome: OperationOutcome): string[] =>
  outcome.issue.map((i) => `${i.severity} ${i.details?.coding?.[0]?.code ?? '?'} ${i.expression?.[0] ?? '-'}`);

/** Deterministic urn:uuid values for toFhir. */
export function counterUuid(): () => string {
  let n = 0;
  return () => `00000000-0000-4000-8000-${String(n++).padStart(12, '0')}`;
}
