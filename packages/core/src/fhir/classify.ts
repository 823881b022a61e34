import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { gen2Profile, gen3Profile, raflagUrl } from '../canonical.js';
import { adjustmentCategoryFrom, flagTypeFrom } from '../terminology/index.js';
import { firstMatch, readCategories, readCodings } from './codings.js';
import type { LocatedResource } from './input-resources.js';
import { isObject } from './json.js';
import { namesRaFlag, RA_FLAG_TYPE } from './ra-codes.js';
import { isRaConsent } from './ra-consent.js';
import { scrFlagCode } from './read-scr-flag.js';

/** What a resource is to the record. */
export type ResourceKind =
  | 'patient'
  | 'patient-flag'
  | 'adjustment'
  | 'ra-condition'
  | 'scr-condition'
  | 'scr-flag'
  | 'consent'
  /** A resource type the record has, but not about reasonable adjustments (an FGM flag, a diagnosis). */
  | 'unrecognised'
  /** A resource type the record never holds (Observation, Encounter …). */
  | 'unmapped';

function claims(resource: LocatedResource, ...profiles: string[]): boolean {
  const meta = resource.resource['meta'];
  const claimed = isObject(meta) && Array.isArray(meta['profile']) ? meta['profile'] : [];
  return profiles.some((p) => claimed.includes(p));
}

function classifyFlag(flag: LocatedResource): ResourceKind {
  const { resource, at } = flag;
  // Classification only looks; the readers report what they find.
  const quiet: OperationOutcomeIssue[] = [];
  if (scrFlagCode(resource, at) !== undefined) return 'scr-flag';
  const flagType = firstMatch(readCodings(resource['code'], at, quiet), flagTypeFrom);
  if (flagType !== undefined) return flagType.value === RA_FLAG_TYPE ? 'patient-flag' : 'unrecognised';
  const categories = readCategories(resource, at, quiet);
  if (categories.some(({ codings }) => namesRaFlag(codings) || firstMatch(codings, adjustmentCategoryFrom) !== undefined)) {
    return 'adjustment';
  }
  return claims(flag, gen3Profile.adjustment, gen2Profile.programmeFlag) ? 'adjustment' : 'unrecognised';
}

function classifyCondition(condition: LocatedResource): ResourceKind {
  const categories = readCategories(condition.resource, condition.at, []);
  const inScr = categories.some(({ codings }) =>
    codings.some((c) => c.system === raflagUrl.scrInformationCodeSystem && c.code === 'significant-medical-history'),
  );
  if (inScr) return 'scr-condition';
  if (categories.some(({ codings }) => namesRaFlag(codings))) return 'ra-condition';
  return claims(condition, gen3Profile.condition, gen2Profile.condition) ? 'ra-condition' : 'unrecognised';
}

export function classify(resource: LocatedResource): ResourceKind {
  switch (resource.type) {
    case 'Patient':
      return 'patient';
    case 'Flag':
      return classifyFlag(resource);
    case 'Condition':
      return classifyCondition(resource);
    case 'Consent':
      return isRaConsent(resource.resource, resource.at) ? 'consent' : 'unrecognised';
    default:
      return 'unmapped';
  }
}
