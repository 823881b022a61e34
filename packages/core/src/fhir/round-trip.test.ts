import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRecord } from '../model/parse-record.js';
import { raRecordArb } from '../model/test-support/record-arbitraries.js';
import { validate } from '../validate/validate.js';
import { fromFhir } from './from-fhir.js';
import { counterUuid } from './test-support/fixtures.js';
import { toFhir } from './to-fhir.js';

describe('record ⇄ FHIR round trip', () => {
  it('generated records are valid records', () => {
    fc.assert(
      fc.property(raRecordArb, (record) => {
        const parsed = parseRecord(record);
        expect(parsed).toStrictEqual({ ok: true, record });
      }),
      { numRuns: 200 },
    );
  });

  it('fromFhir(toFhir(r)).record deep-equals r, with nothing to report', () => {
    fc.assert(
      fc.property(raRecordArb, (record) => {
        const { record: back, outcome } = fromFhir(toFhir(record, { uuid: counterUuid() }));
        expect(outcome.issue.map((i) => i.details?.coding?.[0]?.code)).toEqual(['ok']);
        expect(back).toStrictEqual(record);
      }),
      { numRuns: 300 },
    );
  });

  it('survives JSON serialisation, as it would over HTTP', () => {
    fc.assert(
      fc.property(raRecordArb, (record) => {
        const wire: unknown = JSON.parse(JSON.stringify(toFhir(record)));
        expect(fromFhir(wire).record).toStrictEqual(record);
      }),
      { numRuns: 200 },
    );
  });

  it('writes Bundles that raflag\'s own validate() accepts without errors or warnings', () => {
    fc.assert(
      fc.property(raRecordArb, (record) => {
        const outcome = validate(JSON.parse(JSON.stringify(toFhir(record))));
        const findings = outcome.issue.filter((i) => i.severity !== 'information').map((i) => `${i.details?.coding?.[0]?.code} ${i.expression?.[0]}`);
        expect(findings).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
