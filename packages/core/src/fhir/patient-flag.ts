import type { Extension, Flag, OperationOutcomeIssue, Reference } from 'fhir/r4.js';
import { FLAG_DETAIL_EXTENSION, gen3Extension, gen3Profile } from '../canonical.js';
import { compact } from '../model/compact.js';
import type { PatientFlagDetails } from '../model/patient-flag.js';
import type { Recorded } from '../model/recorded.js';
import { annotationText, readExtensions, reportUnmapped } from './elements.js';
import { isObject, objectsIn, stringAt, type JsonObject } from './json.js';
import { notesExtension } from './adjustment-flag.js';
import { provenanceFor, readProvenance } from './provenance.js';
import { raFlagTypeConcept } from './ra-codes.js';

/**
 * The one England-Flag-PatientFlag per person (code `national-reasonable-adjustment-flag`), listing
 * every detail resource in `flag-detail` extensions. `recorded` is usually the record's
 * `patientFlagRecorded`; a PatientFlag with nothing to say who raised it has no Provenance.
 */
export function patientFlagFor(
  patientRef: Reference,
  details: readonly Reference[],
  recorded: Recorded | undefined,
  flag: PatientFlagDetails = {},
): Flag {
  const extension: Extension[] = [
    ...(flag.notes === undefined ? [] : [notesExtension(flag.notes)]),
    ...details.map((valueReference) => ({ url: FLAG_DETAIL_EXTENSION, valueReference })),
  ];
  return compact<Flag>({
    resourceType: 'Flag',
    id: flag.id,
    meta: { profile: [gen3Profile.patientFlag] },
    contained: recorded === undefined ? undefined : [provenanceFor(recorded)],
    extension: extension.length > 0 ? extension : undefined,
    status: 'active',
    code: raFlagTypeConcept(),
    subject: patientRef,
  });
}

export interface ReadPatientFlag {
  /** Everything but `recorded`, which the caller keeps only when it differs from the derived one. */
  readonly details: Omit<PatientFlagDetails, 'recorded'>;
  readonly recorded: Recorded | undefined;
  /** The `flag-detail` references with the FHIRPath of each, to check they resolve. */
  readonly detailRefs: readonly { reference: string; at: string }[];
}

const KNOWN = ['contained', 'extension', 'status', 'code', 'subject'];

/** The PatientFlag (Gen 3 England-Flag-PatientFlag or Gen 2 PatientFlag with code NRAF). */
export function readPatientFlag(flag: JsonObject, at: string, issues: OperationOutcomeIssue[]): ReadPatientFlag {
  reportUnmapped(flag, at, KNOWN, issues);
  const extensions = readExtensions(flag, at, [gen3Extension.flagNotes, FLAG_DETAIL_EXTENSION], issues);
  const detailRefs = (extensions.get(FLAG_DETAIL_EXTENSION) ?? []).flatMap(({ extension, at: extAt }) => {
    const value = extension['valueReference'];
    const reference = isObject(value) ? stringAt(value['reference']) : undefined;
    return reference === undefined ? [] : [{ reference, at: `${extAt}.value.ofType(Reference)` }];
  });
  const details = compact<Omit<PatientFlagDetails, 'recorded'>>({
    notes: annotationText(extensions.get(gen3Extension.flagNotes), issues),
    id: stringAt(flag['id']),
  });
  // The PatientFlag's Provenance is 0..1 in Gen 3, and the record can derive it, so absence is no error.
  const hasProvenance = objectsIn(flag['contained']).some(([r]) => r['resourceType'] === 'Provenance');
  return { details, recorded: hasProvenance ? readProvenance(flag, at, issues) : undefined, detailRefs };
}
