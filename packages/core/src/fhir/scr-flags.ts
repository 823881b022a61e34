import type { Extension, Flag, FhirResource, Reference } from 'fhir/r4.js';
import { raflagUrl } from '../canonical.js';
import { compact } from '../model/compact.js';
import type { Recorded } from '../model/recorded.js';
import type { CareCoordinator, EndOfLifePreferences, HealthActionPlan, ScrContact } from '../model/scr-information.js';
import { notesExtension } from './adjustment-flag.js';
import { provenanceFor } from './provenance.js';
import { scrConcept, type ScrCode } from './scr-codes.js';
import { CONTACT_ID, contactPerson, COORDINATOR_ID, coordinatorRole } from './scr-contained.js';

interface ScrFlagParts {
  readonly contained?: FhirResource[];
  readonly extension?: Extension[];
  readonly period?: { start: string };
  readonly author?: Reference;
}

/** Every SCR item Flag: category `additional-information`, the item kind as code, a contained Provenance. */
function scrFlag(code: ScrCode, item: { recorded: Recorded; id?: string }, patientRef: Reference, parts: ScrFlagParts): Flag {
  return compact<Flag>({
    resourceType: 'Flag',
    id: item.id,
    contained: [provenanceFor(item.recorded), ...(parts.contained ?? [])],
    extension: parts.extension,
    status: 'active',
    category: [scrConcept('additional-information')],
    code: scrConcept(code),
    subject: patientRef,
    period: parts.period,
    author: parts.author,
  });
}

/** The Health Action Plan: its date in period.start, the summary as flag notes, who it is shared with. */
export function healthActionPlanToFlag(plan: HealthActionPlan, patientRef: Reference): Flag {
  const shared = plan.sharedWith.map((valueString) => ({ url: raflagUrl.scrSharedWith, valueString }));
  return scrFlag('health-action-plan', plan, patientRef, {
    extension: [notesExtension(plan.summary), ...shared],
    period: { start: plan.planDate },
  });
}

export function careCoordinatorToFlag(coordinator: CareCoordinator, patientRef: Reference): Flag {
  return scrFlag('care-coordinator', coordinator, patientRef, {
    contained: [coordinatorRole(coordinator)],
    author: { reference: `#${COORDINATOR_ID}` },
  });
}

export function endOfLifeToFlag(preferences: EndOfLifePreferences, patientRef: Reference): Flag {
  return scrFlag('end-of-life-preferences', preferences, patientRef, {
    extension: [notesExtension(preferences.text)],
    period: preferences.date === undefined ? undefined : { start: preferences.date },
  });
}

export function contactToFlag(contact: ScrContact, patientRef: Reference): Flag {
  return scrFlag(contact.kind, contact, patientRef, {
    contained: [contactPerson(contact, patientRef)],
    extension: [{ url: raflagUrl.scrContact, valueReference: { reference: `#${CONTACT_ID}` } }],
  });
}
