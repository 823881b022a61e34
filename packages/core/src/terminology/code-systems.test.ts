import { describe, expect, it } from 'vitest';
import { codeSystem, valueSet } from './code-systems.js';
import { adjustmentCategories, nationalCodeSystems } from './terminology.generated.js';

describe('codeSystem', () => {
  it.each([
    ['flagCategoryPatient', 'https://fhir.nhs.uk/England/CodeSystem/England-FlagCategoryPatient'],
    ['flagCategoryRA', 'https://fhir.nhs.uk/England/CodeSystem/England-FlagCategoryRA'],
    ['conditionCategoryRA', 'https://fhir.nhs.uk/England/CodeSystem/England-ConditionCategoryRA'],
    ['conditionCodeRA', 'https://fhir.nhs.uk/England/CodeSystem/England-ConditionCodeRA'],
    ['patientFlagCategory', 'https://fhir.nhs.uk/England/CodeSystem/PatientFlagCategory'],
    ['raFlagCategory', 'https://fhir.nhs.uk/England/CodeSystem/RA-FlagCategory'],
    ['raConditionCategory', 'https://fhir.nhs.uk/England/CodeSystem/RA-ConditionCategory'],
    ['raConditionCode', 'https://fhir.nhs.uk/England/CodeSystem/RA-ConditionCode'],
    ['raConsentPurpose', 'https://fhir.nhs.uk/England/CodeSystem/RA-ConsentPurpose'],
    ['flagProxyRole', 'https://fhir.nhs.uk/England/CodeSystem/FlagProxyRole'],
    ['stu3FlagCategory', 'https://fhir.nhs.uk/STU3/CodeSystem/RARecord-FlagCategory-1'],
    ['stu3AdjustmentCategory', 'https://fhir.nhs.uk/STU3/CodeSystem/RARecord-AdjustmentCategory-1'],
    ['stu3ConditionCode', 'https://fhir.nhs.uk/STU3/CodeSystem/RARecord-ConditionCode-1'],
    ['stu3ConsentPurpose', 'https://fhir.nhs.uk/STU3/CodeSystem/RARecord-ConsentPurpose-1'],
    ['stu3ProxyRole', 'https://fhir.nhs.uk/STU3/CodeSystem/RARecord-ProxyRole-1'],
    ['stu3RemovalReason', 'https://fhir.nhs.uk/STU3/CodeSystem/RARecord-RemovalReason-1'],
    ['stu3RemovalReasonIndividualAdjustment', 'https://fhir.nhs.uk/STU3/CodeSystem/RARecord-RemovalReasonIndividualAdjustment-1'],
    ['careConnectConditionCategory', 'https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-ConditionCategory-1'],
    ['careConnectSdsJobRoleName', 'https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-SDSJobRoleName-1'],
    ['spineErrorOrWarningCode', 'https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode'],
    ['stu3SpineErrorOrWarningCode', 'https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1'],
    ['snomed', 'http://snomed.info/sct'],
  ] as const)('%s is %s', (key, url) => {
    expect(codeSystem[key]).toBe(url);
  });

  it('names every code system in terminology.json', () => {
    const named = new Set<string>(Object.values(codeSystem));
    expect(nationalCodeSystems.map((cs) => cs.url).filter((url) => !named.has(url))).toEqual([]);
  });

  it('gives each URL one name only', () => {
    const urls = Object.values(codeSystem);
    expect(new Set(urls).size).toBe(urls.length);
  });

  it('never puts a ValueSet URL among the code systems', () => {
    expect(Object.values(codeSystem).filter((url) => url.includes('/ValueSet/'))).toEqual([]);
  });
});

describe('valueSet', () => {
  it.each([
    ['englandFlagCategoryPatient', 'https://fhir.nhs.uk/England/ValueSet/England-FlagCategoryPatient'],
    ['englandFlagCategoryProgramme', 'https://fhir.nhs.uk/England/ValueSet/England-FlagCategoryProgramme'],
    ['englandFlagCodeRA', 'https://fhir.nhs.uk/England/ValueSet/England-FlagCodeRA'],
    ['englandFlagConditionCategory', 'https://fhir.nhs.uk/England/ValueSet/England-FlagConditionCategory'],
    ['englandFlagConditionCode', 'https://fhir.nhs.uk/England/ValueSet/England-FlagConditionCode'],
    ['englandFlagProvenanceRole', 'https://fhir.nhs.uk/England/ValueSet/England-FlagProvenanceRole'],
    ['patientFlagCategory', 'https://fhir.nhs.uk/England/ValueSet/PatientFlagCategory'],
    ['programmeFlagCategory', 'https://fhir.nhs.uk/England/ValueSet/ProgrammeFlagCategory'],
    ['raFlagCode', 'https://fhir.nhs.uk/England/ValueSet/RA-FlagCode'],
    ['flagConditionCategory', 'https://fhir.nhs.uk/England/ValueSet/FlagConditionCategory'],
    ['flagConditionCode', 'https://fhir.nhs.uk/England/ValueSet/FlagConditionCode'],
    ['flagConsentPurpose', 'https://fhir.nhs.uk/England/ValueSet/FlagConsentPurpose'],
    ['flagProxyRole', 'https://fhir.nhs.uk/England/ValueSet/FlagProxyRole'],
    ['flagProvenanceRole', 'https://fhir.nhs.uk/England/ValueSet/FlagProvenanceRole'],
    ['stu3FlagCategory', 'https://fhir.nhs.uk/STU3/ValueSet/RARecord-FlagCategory-1'],
    ['stu3AdjustmentCategory', 'https://fhir.nhs.uk/STU3/ValueSet/RARecord-AdjustmentCategory-1'],
    ['stu3FlagCode', 'https://fhir.nhs.uk/STU3/ValueSet/RARecord-FlagCode-1'],
    ['stu3ConditionCode', 'https://fhir.nhs.uk/STU3/ValueSet/RARecord-ConditionCode-1'],
    ['stu3ConsentPurpose', 'https://fhir.nhs.uk/STU3/ValueSet/RARecord-ConsentPurpose-1'],
    ['stu3ProxyRole', 'https://fhir.nhs.uk/STU3/ValueSet/RARecord-ProxyRole-1'],
    ['stu3RemovalReason', 'https://fhir.nhs.uk/STU3/ValueSet/RARecord-RemovalReason-1'],
    ['stu3ProvenanceRole', 'https://fhir.nhs.uk/STU3/ValueSet/RARecord-ProvenanceRole-1'],
    ['stu3SpineErrorOrWarningCode', 'https://fhir.nhs.uk/STU3/ValueSet/Spine-ErrorOrWarningCode-1'],
    ['careConnectConditionCategory', 'https://fhir.hl7.org.uk/STU3/ValueSet/CareConnect-ConditionCategory-1'],
  ] as const)('%s is %s', (key, url) => {
    expect(valueSet[key]).toBe(url);
  });

  it('gives each URL one name only, and every one is a ValueSet URL', () => {
    const urls = Object.values(valueSet);
    expect(new Set(urls).size).toBe(urls.length);
    expect(urls.filter((url) => !url.includes('/ValueSet/'))).toEqual([]);
  });

  it('does not reuse the URL of a per-category STU3 value set', () => {
    const named = new Set<string>(Object.values(valueSet));
    expect(adjustmentCategories.filter((c) => named.has(c.stu3ValueSet))).toEqual([]);
  });
});
