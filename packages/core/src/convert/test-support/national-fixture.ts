/** The national STU3 example payloads the conversion tests read, by their file name under `__fixtures__/national/`. */
import f01 from '../../__fixtures__/national/01-flag-stu3-RARecord-Flag-1-example-1.json' with { type: 'json' };
import f02 from '../../__fixtures__/national/02-consent-stu3-RARecord-Consent-1-example-1-lpa.json' with { type: 'json' };
import f03 from '../../__fixtures__/national/03-list-condition-stu3-api-createList.json' with { type: 'json' };
import f04 from '../../__fixtures__/national/04-parameters-stu3-api-removerarecord.json' with { type: 'json' };
import f05 from '../../__fixtures__/national/05-bundle-r4-patientflag-AddRARecordTransaction-Bundle-Example.json' with { type: 'json' };
import f06 from '../../__fixtures__/national/06-bundle-r4-ra-sandbox-AddRARecordTransactionExample1.json' with { type: 'json' };
import createConsent from '../../__fixtures__/national/extra/api-createConsent.json' with { type: 'json' };
import createConsentResponse from '../../__fixtures__/national/extra/api-createConsentResponse.json' with { type: 'json' };
import createFlag from '../../__fixtures__/national/extra/api-createFlag.json' with { type: 'json' };
import readConsentResponse from '../../__fixtures__/national/extra/api-readConsentResponse.json' with { type: 'json' };
import removerarecordResponse from '../../__fixtures__/national/extra/api-removerarecordResponse.json' with { type: 'json' };
import updateFlag from '../../__fixtures__/national/extra/api-updateFlag.json' with { type: 'json' };
import condition from '../../__fixtures__/national/extra/condition-stu3-CareConnect-RARecord-Condition-1-example1.json' with { type: 'json' };
import consent2 from '../../__fixtures__/national/extra/consent-stu3-RARecord-Consent-1-example-2-patient.json' with { type: 'json' };
import operationOutcome from '../../__fixtures__/national/extra/operationoutcome-stu3-ReadFail-NO_RECORD_FOUND.json' with { type: 'json' };
import gen2Condition from '../../__fixtures__/national/extra/r4-ra-sandbox-RAConditionExample2.json' with { type: 'json' };
import gen2Dissent from '../../__fixtures__/national/extra/r4-ra-sandbox-RAConsentExampleDissent.json' with { type: 'json' };
import gen2Revoked from '../../__fixtures__/national/extra/r4-ra-sandbox-RAConsentExampleRevoked.json' with { type: 'json' };
import gen2Flag from '../../__fixtures__/national/extra/r4-ra-sandbox-RAFlagExample2.json' with { type: 'json' };
import gen2Remove from '../../__fixtures__/national/extra/r4-ra-sandbox-RemoveRARecordExample.json' with { type: 'json' };

const files: Readonly<Record<string, unknown>> = {
  '01-flag-stu3-RARecord-Flag-1-example-1.json': f01,
  '02-consent-stu3-RARecord-Consent-1-example-1-lpa.json': f02,
  '03-list-condition-stu3-api-createList.json': f03,
  '04-parameters-stu3-api-removerarecord.json': f04,
  '05-bundle-r4-patientflag-AddRARecordTransaction-Bundle-Example.json': f05,
  '06-bundle-r4-ra-sandbox-AddRARecordTransactionExample1.json': f06,
  'extra/api-createConsent.json': createConsent,
  'extra/api-createConsentResponse.json': createConsentResponse,
  'extra/api-createFlag.json': createFlag,
  'extra/api-readConsentResponse.json': readConsentResponse,
  'extra/api-removerarecordResponse.json': removerarecordResponse,
  'extra/api-updateFlag.json': updateFlag,
  'extra/condition-stu3-CareConnect-RARecord-Condition-1-example1.json': condition,
  'extra/consent-stu3-RARecord-Consent-1-example-2-patient.json': consent2,
  'extra/operationoutcome-stu3-ReadFail-NO_RECORD_FOUND.json': operationOutcome,
  'extra/r4-ra-sandbox-RAConditionExample2.json': gen2Condition,
  'extra/r4-ra-sandbox-RAConsentExampleDissent.json': gen2Dissent,
  'extra/r4-ra-sandbox-RAConsentExampleRevoked.json': gen2Revoked,
  'extra/r4-ra-sandbox-RAFlagExample2.json': gen2Flag,
  'extra/r4-ra-sandbox-RemoveRARecordExample.json': gen2Remove,
};

/** A fresh deep copy of a national example, so a test may change it freely. Throws on an unknown name. */
export function nationalFixture(name: string): unknown {
  if (!(name in files)) throw new Error(`no national fixture ${name}`);
  return JSON.parse(JSON.stringify(files[name])) as unknown;
}

/** The same, typed as a JSON object for spreading and reading in tests. */
export function nationalFixtureObject(name: string): Record<string, unknown> {
  return nationalFixture(name) as Record<string, unknown>;
}
