import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { gen3Extension, raflagUrl } from '../canonical.js';
import {
  careCoordinatorSchema,
  endOfLifePreferencesSchema,
  healthActionPlanSchema,
  scrContactSchema,
  type CareCoordinator,
  type EndOfLifePreferences,
  type HealthActionPlan,
  type ScrContact,
} from '../model/scr-information.js';
import { makeIssue } from '../outcome/issue.js';
import { readCodings } from './codings.js';
import { annotationText, isCurrent, readExtensions, reportUnmapped, type ReadExtension } from './elements.js';
import { checkedItem } from './item-check.js';
import { isObject, objectsIn, stringAt, type JsonObject } from './json.js';
import { readProvenance } from './provenance.js';
import { unreadable } from './ra-codes.js';
import { isScrCode, type ScrCode } from './scr-codes.js';
import { readContactPerson, readCoordinatorRole } from './scr-contained.js';

export type ScrFlagItem =
  | { kind: 'health-action-plan'; item: HealthActionPlan }
  | { kind: 'care-coordinator'; item: CareCoordinator }
  | { kind: 'end-of-life-preferences'; item: EndOfLifePreferences }
  | { kind: 'contact'; item: ScrContact };

/** The SCR item kind a Flag's code names, if it is one of raflag's SCR Flags. */
export function scrFlagCode(flag: JsonObject, at: string): ScrCode | undefined {
  const quiet: OperationOutcomeIssue[] = [];
  const found = readCodings(flag['code'], `${at}.code`, quiet).find((c) => c.system === raflagUrl.scrInformationCodeSystem);
  return found !== undefined && isScrCode(found.code) ? found.code : undefined;
}

/** The contained resource a `#id` reference points at, or undefined (reported) when it does not resolve. */
function containedAt(flag: JsonObject, reference: unknown, at: string, issues: OperationOutcomeIssue[]): JsonObject | undefined {
  const ref = isObject(reference) ? stringAt(reference['reference']) : undefined;
  const found = objectsIn(flag['contained']).find(([r]) => ref !== undefined && `#${String(r['id'])}` === ref);
  if (found === undefined) issues.push(makeIssue('contained.unresolved', at));
  return found?.[0];
}

const sharedWith = (found: readonly ReadExtension[] | undefined) =>
  (found ?? []).flatMap(({ extension }) => (typeof extension['valueString'] === 'string' ? [extension['valueString']] : []));

const KNOWN = ['contained', 'extension', 'status', 'category', 'code', 'subject', 'period', 'author'];

/** One SCR item from a Flag raflag wrote (see scr-codes.ts for the codes and extensions). */
export function readScrFlag(flag: JsonObject, at: string, issues: OperationOutcomeIssue[]): ScrFlagItem | undefined {
  reportUnmapped(flag, at, KNOWN, issues);
  if (!isCurrent(flag, at, issues)) return undefined;
  const code = scrFlagCode(flag, at);
  if (code === undefined) return unreadable(issues, `${at}.code`, 'code', 'Flag');
  const extensions = readExtensions(flag, at, [gen3Extension.flagNotes, raflagUrl.scrSharedWith, raflagUrl.scrContact], issues);
  const notes = () => annotationText(extensions.get(gen3Extension.flagNotes), issues);
  const start = isObject(flag['period']) ? stringAt(flag['period']['start']) : undefined;
  const recorded = readProvenance(flag, at, issues);
  if (recorded === undefined) return undefined;
  const common = { recorded, id: flag['id'] };
  switch (code) {
    case 'health-action-plan': {
      const item = { planDate: start, summary: notes(), sharedWith: sharedWith(extensions.get(raflagUrl.scrSharedWith)), ...common };
      const plan = checkedItem(healthActionPlanSchema, item, 'healthActionPlan', at, issues);
      return plan && { kind: code, item: plan };
    }
    case 'end-of-life-preferences': {
      const preferences = checkedItem(endOfLifePreferencesSchema, { text: notes(), date: start, ...common }, 'endOfLifePreferences', at, issues);
      return preferences && { kind: code, item: preferences };
    }
    case 'care-coordinator': {
      const role = containedAt(flag, flag['author'], `${at}.author`, issues);
      if (role === undefined) return undefined;
      const coordinator = checkedItem(careCoordinatorSchema, { ...readCoordinatorRole(role), ...common }, 'careCoordinator', at, issues);
      return coordinator && { kind: code, item: coordinator };
    }
    case 'carer':
    case 'lasting-power-of-attorney': {
      const [link] = extensions.get(raflagUrl.scrContact) ?? [];
      if (link === undefined) return unreadable(issues, `${at}.extension`, 'extension (Extension-SCR-Contact)', 'Flag');
      const person = containedAt(flag, link.extension['valueReference'], `${link.at}.value.ofType(Reference)`, issues);
      if (person === undefined) return undefined;
      const contact = checkedItem(scrContactSchema, { kind: code, ...readContactPerson(person), ...common }, 'contact', at, issues);
      return contact && { kind: 'contact', item: contact };
    }
    default:
      // additional-information and significant-medical-history are categories, never a Flag's code.
      issues.push(makeIssue('mapping.unrecognised-code', `${at}.code`));
      return undefined;
  }
}
