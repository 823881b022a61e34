import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { issueProfile } from '../../outcome/issue.js';
import type { JsonObject } from '../json-read.js';
import { summarise } from '../test-support/issues.js';
import { reporterFor, type Report } from './profile-report.js';
import { checkSnomedHttps } from './snomed-https.js';

const https = { coding: [{ system: 'https://snomed.info/sct', code: '1' }] };

describe('checkSnomedHttps', () => {
  it('reports each https SNOMED coding of a profiled resource against its profile, and none elsewhere', () => {
    const provenance = { resourceType: 'Provenance', agent: [{ role: [https] }] };
    const flag = {
      resourceType: 'Flag',
      contained: [provenance, { resourceType: 'Basic', code: https }],
      extension: [{ url: 'x', valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct' }, { system: 'https://snomed.info/sct' }] } }],
      code: https,
    };
    const patient = { resourceType: 'Patient', maritalStatus: https };
    const bundle = { resourceType: 'Bundle', entry: [{ resource: patient }, { resource: flag }] };
    const issues: OperationOutcomeIssue[] = [];
    const reporters = new Map<JsonObject, Report>([
      [flag, reporterFor('http://example.org/flag', issues)],
      [provenance, reporterFor('http://example.org/provenance', issues)],
    ]);
    checkSnomedHttps(bundle, 'Bundle', reporters);
    expect(summarise(issues)).toEqual([
      ['terminology.snomed-https', 'Bundle.entry[1].resource.contained[0].agent[0].role[0].coding[0].system', 'warning'],
      ['terminology.snomed-https', 'Bundle.entry[1].resource.extension[0].value.ofType(CodeableConcept).coding[1].system', 'warning'],
      ['terminology.snomed-https', 'Bundle.entry[1].resource.code.coding[0].system', 'warning'],
    ]);
    expect(issues.map(issueProfile)).toEqual(['http://example.org/provenance', 'http://example.org/flag', 'http://example.org/flag']);
  });
});
