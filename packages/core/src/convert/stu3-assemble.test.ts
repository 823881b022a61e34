import { describe, expect, it } from 'vitest';
import { assembleRecord } from './stu3-assemble.js';
import { readStu3Bundle } from './stu3-bundle.js';
import { readStu3Resource } from './stu3-resource.js';
import {
  categoryExtension,
  consent,
  flag,
  issueSummary,
  NHS_NUMBER,
  provenance,
  proxyRoleExtension,
  RECORDED,
} from './test-support/stu3-builders.js';

const bundleOf = (...resources: Record<string, unknown>[]) =>
  readStu3Bundle({ resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) }, {});
const afar = { coding: [{ system: 'http://snomed.info/sct', code: '362691000000102' }] };

describe('assembleRecord', () => {
  it('builds the record for the patient the payload names', () => {
    const { record, issues } = assembleRecord(bundleOf(consent(), flag()));
    expect(issues).toEqual([]);
    expect(record?.patient).toEqual({ nhsNumber: NHS_NUMBER });
    expect(record?.consent).toMatchObject({ basis: 'patient', state: 'given', recorded: RECORDED });
    expect(record?.adjustments).toEqual([{ category: 'communication-support', code: '441092009', recorded: RECORDED }]);
  });

  it('says where the patient was expected when the payload names none', () => {
    const { record, issues } = assembleRecord(readStu3Resource('flag', flag({ subject: undefined }), 'Flag', {}));
    expect(record).toBeUndefined();
    expect(issueSummary(issues)).toEqual([['mapping.no-patient', 'error', 'Flag.subject']]);
  });

  it('refuses a payload about two patients, pointing at the second', () => {
    const other = flag({ subject: { reference: 'https://demographics.spineservices.nhs.uk/STU3/Patient/9434765919' } });
    const { record, issues } = assembleRecord(bundleOf(consent(), other));
    expect(record).toBeUndefined();
    expect(issueSummary(issues)).toEqual([['mapping.stu3-patient-mismatch', 'error', 'Bundle.entry[1].resource.subject.reference']]);
  });

  it('keeps the current consent and reports older ones', () => {
    const { record, issues } = assembleRecord(bundleOf(consent({ status: 'inactive' }), consent({ extension: [proxyRoleExtension('004')] })));
    expect(record?.consent).toMatchObject({ basis: 'other-representative', state: 'given' });
    expect(issueSummary(issues)).toEqual([['mapping.not-carried', 'warning', 'Bundle.entry[0].resource']]);
  });

  it('drops an adjustment the record model rejects, at the STU3 element, and keeps the rest', () => {
    const { record, issues } = assembleRecord(bundleOf(consent(), flag({ code: afar }), flag({ extension: [categoryExtension('006')], code: afar })));
    expect(record?.adjustments).toEqual([{ category: 'community-language-support', code: '362691000000102', recorded: RECORDED }]);
    expect(issueSummary(issues)).toEqual([
      ['mapping.record-code-not-in-category', 'error', 'Bundle.entry[1].resource.code.coding[0].code'],
      ['mapping.not-carried', 'error', 'Bundle.entry[1].resource'],
    ]);
  });

  it('drops a best-interest consent without its summary, pointing at where the summary belongs', () => {
    const { record, issues } = assembleRecord(bundleOf(consent({ extension: [proxyRoleExtension('002')] }), flag()));
    expect(record?.consent).toBeUndefined();
    expect(record?.adjustments).toHaveLength(1);
    expect(issueSummary(issues)).toEqual([
      [
        'profile.best-interest-summary-required',
        'error',
        "Bundle.entry[0].resource.extension.where(url='https://fhir.nhs.uk/STU3/StructureDefinition/Extension-RARecord-BestInterestSummary-1')",
      ],
      ['mapping.not-carried', 'error', 'Bundle.entry[0].resource'],
    ]);
  });

  it.each([
    [
      'a role outside the national provenance roles',
      provenance({ agent: [{ role: [{ coding: [{ system: 'http://x', code: 'y' }] }], onBehalfOfReference: { reference: 'https://directory.spineservices.nhs.uk/STU3/Organization/a3e5i7' } }] }),
      'mapping.record-invalid-code',
      'Flag.contained[0].agent[0].role[0].coding[0]',
    ],
    [
      'an ODS code that cannot end a Spine URL',
      provenance({ agent: [{ role: [{ coding: [{ system: RECORDED.role.system, code: 'R0260' }] }], onBehalfOfReference: { reference: 'https://directory.spineservices.nhs.uk/STU3/Organization/a3-e5' } }] }),
      'mapping.record-invalid-format',
      'Flag.contained[0].agent[0].onBehalfOf.ofType(Reference).reference',
    ],
    [
      'a recorded time that is not an instant',
      provenance({ recorded: '2016-03-01' }),
      'mapping.record-invalid-format',
      'Flag.contained[0].recorded',
    ],
  ])('drops an item whose Provenance has %s, and says nothing was left', (_label, prov, id, expression) => {
    const { record, issues } = assembleRecord(readStu3Resource('flag', flag({ contained: [prov] }), 'Flag', {}));
    expect(record).toBeUndefined();
    expect(issueSummary(issues)).toEqual([
      [id, 'error', expression],
      ['mapping.not-carried', 'error', 'Flag'],
      ['mapping.stu3-nothing-to-carry', 'warning', undefined],
    ]);
  });

  it('never echoes the submitted values in what it reports', () => {
    const { issues } = assembleRecord(readStu3Resource('flag', flag({ contained: [provenance({ recorded: 'Tuesday-Jo-Bloggs' })] }), 'Flag', {}));
    expect(JSON.stringify(issues)).not.toContain('Bloggs');
  });
});
