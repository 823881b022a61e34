import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { gen2Extension, gen3Extension } from '../canonical.js';
import { annotationText, isCurrent, readExtensions, reportUnmapped } from './elements.js';

const ids = (issues: OperationOutcomeIssue[]) => issues.map((i) => `${i.details?.coding?.[0]?.code} ${i.expression?.[0]}`);

describe('element helpers', () => {
  it('reports only elements that are neither known nor always allowed', () => {
    const issues: OperationOutcomeIssue[] = [];
    reportUnmapped({ resourceType: 'Flag', id: '1', meta: {}, text: {}, status: 'active', period: {}, _status: {} }, 'Flag', ['status'], issues);
    expect(ids(issues)).toEqual(['mapping.unmapped-element Flag.period', 'mapping.unmapped-element Flag._status']);
  });

  it('groups extensions under the current URL, warns about Gen 2 URLs and unknown ones', () => {
    const issues: OperationOutcomeIssue[] = [];
    const found = readExtensions(
      { extension: [{ url: gen2Extension.flagNotes, valueAnnotation: { text: 'old' } }, { url: 'urn:x', valueString: 'y' }] },
      'Flag',
      [gen3Extension.flagNotes],
      issues,
    );
    expect(annotationText(found.get(gen3Extension.flagNotes), issues)).toBe('old');
    expect(ids(issues)).toEqual(['profile.extension-url-old Flag.extension[0].url', 'mapping.unmapped-element Flag.extension[1]']);
  });

  it('reports an annotation without text', () => {
    const issues: OperationOutcomeIssue[] = [];
    expect(annotationText([{ extension: { url: 'u', valueAnnotation: {} }, at: 'Flag.extension[0]' }], issues)).toBeUndefined();
    expect(ids(issues)).toEqual(['mapping.not-carried Flag.extension[0].value.ofType(Annotation)']);
  });

  it.each([
    [{ status: 'active' }, true],
    [{}, true],
    [{ status: 'inactive' }, false],
    [{ status: 'entered-in-error' }, false],
  ])('treats %j as current: %s', (flag, current) => {
    expect(isCurrent(flag, 'Flag', [])).toBe(current);
  });
});
