import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { summarise } from '../test-support/issues.js';
import { reporterFor } from './profile-report.js';
import { checkSnomedHttps } from './snomed-https.js';

describe('checkSnomedHttps', () => {
  it('reports each https SNOMED coding, choice elements written with ofType, contained resources left out', () => {
    const issues: OperationOutcomeIssue[] = [];
    checkSnomedHttps(
      {
        resourceType: 'Flag',
        contained: [{ resourceType: 'Provenance', agent: [{ role: [{ coding: [{ system: 'https://snomed.info/sct' }] }] }] }],
        extension: [{ url: 'x', valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct' }, { system: 'https://snomed.info/sct' }] } }],
        code: { coding: [{ system: 'https://snomed.info/sct', code: '1' }] },
      },
      'Flag',
      reporterFor('http://example.org/p', issues),
    );
    expect(summarise(issues)).toEqual([
      ['terminology.snomed-https', 'Flag.extension[0].value.ofType(CodeableConcept).coding[1].system', 'warning'],
      ['terminology.snomed-https', 'Flag.code.coding[0].system', 'warning'],
    ]);
  });
});
