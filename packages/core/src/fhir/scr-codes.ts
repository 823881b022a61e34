import type { CodeableConcept } from 'fhir/r4.js';
import { raflagUrl } from '../canonical.js';
import { concept } from './codings.js';

/**
 * The project code system `raflagUrl.scrInformationCodeSystem` for additional Summary Care Record
 * information that has no national code (domain.md §8). This table is its definition.
 */
export const scrConcepts = {
  'additional-information': {
    display: 'Additional Summary Care Record information',
    definition: 'Flag.category of every SCR item Flag, so that one search finds them all.',
  },
  'significant-medical-history': {
    display: 'Significant medical history',
    definition: 'Condition.category of a past or present significant condition (the code is SNOMED CT).',
  },
  'health-action-plan': {
    display: 'Health Action Plan',
    definition: 'Flag.code: the plan from the annual health check (LeDeR rec. 3); period.start is its date.',
  },
  'care-coordinator': {
    display: 'Named care coordinator',
    definition: 'Flag.code: the coordinator for two or more long-term conditions (LeDeR rec. 4), a contained PractitionerRole in Flag.author.',
  },
  'end-of-life-preferences': {
    display: 'End of life care preferences',
    definition: 'Flag.code: preferences in the person\'s words (Extension-England-FlagNotes); period.start is when they were expressed.',
  },
  carer: {
    display: 'Carer contact',
    definition: 'Flag.code: a carer, a contained RelatedPerson named by Extension-SCR-Contact.',
  },
  'lasting-power-of-attorney': {
    display: 'Lasting power of attorney contact',
    definition: 'Flag.code: a holder of a lasting power of attorney for health and welfare, a contained RelatedPerson named by Extension-SCR-Contact.',
  },
} as const;

export type ScrCode = keyof typeof scrConcepts;

export const scrConcept = (code: ScrCode): CodeableConcept =>
  concept(raflagUrl.scrInformationCodeSystem, code, scrConcepts[code].display);

export function isScrCode(code: string): code is ScrCode {
  return Object.hasOwn(scrConcepts, code);
}
