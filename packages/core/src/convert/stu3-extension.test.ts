import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { annotationText, extensionsOf, extensionValue, readRemovalReason } from './stu3-extension.js';
import { CS, EXT, issueSummary, removalReasonExtension } from './test-support/stu3-builders.js';

describe('extensionsOf and extensionValue', () => {
  it('reads value[x] at value.ofType(T) and reports other keys', () => {
    const issues: OperationOutcomeIssue[] = [];
    const [ext] = extensionsOf({ extension: [{ url: EXT.notes, valueAnnotation: { text: 'n' }, valueString: 'x' }] }, 'Flag');
    expect(ext?.url).toBe(EXT.notes);
    const value = ext ? extensionValue(ext, 'Annotation', issues) : undefined;
    expect(value).toEqual({ value: { text: 'n' }, path: 'Flag.extension[0].value.ofType(Annotation)' });
    expect(issueSummary(issues)).toEqual([['mapping.not-carried', 'warning', 'Flag.extension[0].valueString']]);
  });
});

describe('annotationText', () => {
  it('keeps the trimmed text and reports the author and time', () => {
    const issues: OperationOutcomeIssue[] = [];
    const text = annotationText({ text: ' Easy read please ', authorString: 'Nurse N', time: '2020-01-01' }, 'A', issues);
    expect(text).toBe('Easy read please');
    expect(issueSummary(issues)).toEqual([
      ['mapping.not-carried', 'warning', 'A.authorString'],
      ['mapping.not-carried', 'warning', 'A.time'],
    ]);
  });

  it.each([undefined, 'text', { text: '  ' }])('has no text in %j', (annotation) => {
    expect(annotationText(annotation, 'A', [])).toBeUndefined();
  });
});

describe('readRemovalReason', () => {
  it('reads the coded reason and the supporting comment', () => {
    const issues: OperationOutcomeIssue[] = [];
    const [ext] = extensionsOf({ extension: [removalReasonExtension('Error', 'Wrong patient')] }, 'Flag');
    const reason = ext ? readRemovalReason(ext, issues) : undefined;
    expect(reason).toEqual({
      coding: {
        system: CS.removalReason,
        code: 'Error',
        display: undefined,
        path: 'Flag.extension[0].extension[0].value.ofType(CodeableConcept).coding[0]',
      },
      comment: 'Wrong patient',
      commentPath: 'Flag.extension[0].extension[1].value.ofType(string)',
    });
    expect(issues).toEqual([]);
  });

  it('says where the comment should be when it is missing, and reports unknown parts', () => {
    const issues: OperationOutcomeIssue[] = [];
    const ext = removalReasonExtension('Error', undefined);
    const [at] = extensionsOf({ extension: [{ ...ext, extension: [...(ext.extension as unknown[]), { url: 'when', valueString: 'x' }] }] }, 'Flag');
    const reason = at ? readRemovalReason(at, issues) : undefined;
    expect(reason?.comment).toBeUndefined();
    expect(reason?.commentPath).toBe("Flag.extension[0].extension.where(url='supportingComment')");
    expect(issueSummary(issues)).toEqual([['mapping.not-carried', 'warning', 'Flag.extension[0].extension[1]']]);
  });
});
