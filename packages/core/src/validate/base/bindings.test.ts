import { describe, expect, it } from 'vitest';
import { codeInValueSet, codingInValueSet, valueSetCount, valueSetUrl } from './bindings.js';
import { getType } from './definitions.js';
import { VALUE_SETS } from './value-sets.generated.js';

const indexOf = (url: string): number => VALUE_SETS.findIndex((_, i) => valueSetUrl(i) === url);

describe('required bindings', () => {
  const flagStatus = indexOf('http://hl7.org/fhir/ValueSet/flag-status');
  const clinical = indexOf('http://hl7.org/fhir/ValueSet/condition-clinical');

  it('expands the R4 required value sets offline', () => {
    expect(valueSetCount).toBeGreaterThan(200);
    expect(flagStatus).toBeGreaterThanOrEqual(0);
    expect(valueSetUrl(flagStatus)).toBe('http://hl7.org/fhir/ValueSet/flag-status');
  });

  it.each([
    ['active', true],
    ['inactive', true],
    ['entered-in-error', true],
    ['Active', false],
    ['enabled', false],
  ])('flag-status contains %s: %s', (code, expected) => {
    expect(codeInValueSet(flagStatus, code)).toBe(expected);
  });

  it.each([
    ['http://terminology.hl7.org/CodeSystem/condition-clinical', 'remission', true],
    ['http://terminology.hl7.org/CodeSystem/condition-clinical', 'current', false],
    ['http://snomed.info/sct', 'active', false],
    [undefined, 'active', true],
    [undefined, 'current', false],
  ])('condition-clinical contains %s|%s: %s', (system, code, expected) => {
    expect(codingInValueSet(clinical, system, code)).toBe(expected);
  });

  it('binds the elements of the base definitions to their value sets', () => {
    expect(getType('Flag')?.elements.get('status')?.valueSet).toBe(flagStatus);
    expect(getType('Condition')?.elements.get('clinicalStatus')?.valueSet).toBe(clinical);
    // Preferred, extensible and example bindings are left to the profile layer.
    expect(getType('Flag')?.elements.get('category')?.valueSet).toBe(-1);
    expect(getType('Flag')?.elements.get('language')?.valueSet).toBe(-1);
  });

  it('carries every value set URL in full once decoded, whatever the abbreviation', () => {
    for (let i = 0; i < VALUE_SETS.length; i++) expect(valueSetUrl(i)).toMatch(/^(https?:|urn:)/);
    expect(codingInValueSet(indexOf('http://hl7.org/fhir/ValueSet/bundle-type'), 'http://hl7.org/fhir/bundle-type', 'transaction')).toBe(true);
  });

  it('expands value sets that include whole code systems and nested concepts', () => {
    const resourceTypes = indexOf('http://hl7.org/fhir/ValueSet/resource-types');
    expect(codeInValueSet(resourceTypes, 'Flag')).toBe(true);
    expect(codeInValueSet(resourceTypes, 'Flagg')).toBe(false);
    const confidentiality = indexOf('http://terminology.hl7.org/ValueSet/v3-ConfidentialityClassification');
    expect(codeInValueSet(confidentiality, 'R')).toBe(true);
  });

  it('skips value sets that cannot be expanded offline', () => {
    expect(indexOf('http://hl7.org/fhir/ValueSet/mimetypes')).toBe(-1);
    expect(indexOf('http://hl7.org/fhir/ValueSet/ucum-units')).toBe(-1);
    expect(getType('Attachment')?.elements.get('contentType')?.valueSet).toBe(-1);
  });
});
