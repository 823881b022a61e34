import {
  adjustmentCategoryFrom,
  codeSystem,
  conditionCategoryFrom,
  consentBasisFrom,
  consentStateFrom,
  flagTypeFrom,
  impairmentFrom,
} from '../../terminology/index.js';
import { codingAt, codingsOf, isObject, itemsOf, type CodingAt, type JsonObject } from '../json-read.js';
import { gen3AdjustmentProfile } from './adjustment-flag-profile.js';
import { lookupSystem } from './coded.js';
import { gen3ConditionProfile } from './condition-flag-profile.js';
import {
  gen2ConditionProfile,
  gen2ConsentProfile,
  gen2PatientFlagProfile,
  gen2ProgrammeFlagProfile,
  gen2ProvenanceProfile,
} from './gen2-profiles.js';
import { gen3PatientFlagProfile } from './patient-flag-profile.js';
import type { ProfileDef } from './profile-def.js';
import { gen3ProvenanceProfile } from './provenance-flag-profile.js';
import { raConsentProfile } from './ra-consent-profile.js';

/** Every profile whose rules raflag checks. */
export const knownProfiles: readonly ProfileDef[] = [
  gen3PatientFlagProfile,
  gen3AdjustmentProfile,
  gen3ConditionProfile,
  gen3ProvenanceProfile,
  raConsentProfile,
  gen2PatientFlagProfile,
  gen2ProgrammeFlagProfile,
  gen2ConditionProfile,
  gen2ConsentProfile,
  gen2ProvenanceProfile,
];

const byUrl: ReadonlyMap<string, ProfileDef> = new Map(knownProfiles.map((p) => [p.url, p]));

const CORE_SD = 'http://hl7.org/fhir/StructureDefinition/';
const UK_CORE_SD = 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-';

/**
 * Profiles claimed so routinely that a warning would be noise: the resource type's own core
 * definition, and UK Core, which every national example claims for its Patient. raflag checks
 * nothing beyond base R4 for them, as it does for any resource that is not RA content.
 */
function claimedRoutinely(url: string, resourceType: string): boolean {
  return url === `${CORE_SD}${resourceType}` || url.startsWith(UK_CORE_SD);
}

function withoutVersion(url: string): string {
  const bar = url.indexOf('|');
  return bar === -1 ? url : url.slice(0, bar);
}

export function profileByUrl(url: string): ProfileDef | undefined {
  // No known URL holds a `|`, so an exact hit needs no version stripped (the common case).
  return byUrl.get(url) ?? byUrl.get(withoutVersion(url));
}

const gen2Systems = new Set<string>([
  codeSystem.patientFlagCategory,
  codeSystem.raFlagCategory,
  codeSystem.raAdjustmentCategory,
  codeSystem.raConditionCategory,
  codeSystem.raConditionCode,
]);

const NRAF = 'national-reasonable-adjustment-flag';

function lookup(coding: CodingAt): [string, string] {
  return [lookupSystem(coding.system) ?? '', coding.code ?? ''];
}

const isNraf = (c: CodingAt): boolean => flagTypeFrom(...lookup(c)) === NRAF;
const isGen2 = (codings: readonly CodingAt[]): boolean => codings.some((c) => gen2Systems.has(c.system ?? ''));

function categoryCodings(resource: JsonObject): CodingAt[] {
  const codings: CodingAt[] = [];
  for (const { value, index } of itemsOf(resource.category)) codings.push(...codingsOf(value, `category[${index}]`));
  return codings;
}

function raFlagProfile(flag: JsonObject): ProfileDef | undefined {
  const code = codingsOf(flag.code, 'code');
  if (code.some(isNraf)) return isGen2(code) ? gen2PatientFlagProfile : gen3PatientFlagProfile;
  const categories = categoryCodings(flag);
  if (categories.some((c) => isNraf(c) || adjustmentCategoryFrom(...lookup(c)) !== undefined)) {
    return isGen2(categories) ? gen2ProgrammeFlagProfile : gen3AdjustmentProfile;
  }
  return undefined;
}

const raConditionCategorySystems = new Set<string>([codeSystem.conditionCategoryRA, codeSystem.raConditionCategory]);

function raConditionProfile(condition: JsonObject): ProfileDef | undefined {
  const categories = categoryCodings(condition);
  const code = codingsOf(condition.code, 'code');
  const ra =
    categories.some(
      (c) => isNraf(c) || (raConditionCategorySystems.has(c.system ?? '') && conditionCategoryFrom(...lookup(c)) !== undefined),
    ) || code.some((c) => impairmentFrom(...lookup(c)) !== undefined);
  if (!ra) return undefined;
  return isGen2([...categories, ...code]) ? gen2ConditionProfile : gen3ConditionProfile;
}

function raConsent(consent: JsonObject): ProfileDef | undefined {
  const provision = consent.provision;
  const purposes = isObject(provision) ? itemsOf(provision.purpose) : [];
  const ra =
    purposes.some(({ value }) => {
      const c = codingAt(value, '');
      return c !== undefined && consentStateFrom(...lookup(c)) !== undefined;
    }) ||
    categoryCodings(consent).some(isNraf) ||
    codingsOf(consent.policyRule, 'policyRule').some((c) => consentBasisFrom(...lookup(c)) !== undefined);
  if (!ra) return undefined;
  // The ra-sandbox FlagConsent names the flag type with its own NRAF; raflag's RA-Consent uses the slug.
  return isGen2(categoryCodings(consent)) ? gen2ConsentProfile : raConsentProfile;
}

/**
 * The RA profile a resource's content identifies it with when it claims none: the flag type
 * (`national-reasonable-adjustment-flag`, NRAF) or an adjustment category makes a Flag RA content,
 * an RA condition category or impairment code a Condition, an RA purpose, proxy role or flag type a
 * Consent. A Flag about, say, a food allergy is not, and gets the base rules only.
 */
export function raContentProfile(resourceType: string, resource: JsonObject): ProfileDef | undefined {
  switch (resourceType) {
    case 'Flag':
      return raFlagProfile(resource);
    case 'Condition':
      return raConditionProfile(resource);
    case 'Consent':
      return raConsent(resource);
    default:
      return undefined;
  }
}

export interface ProfileChoice {
  /** Profiles whose rules apply. */
  readonly apply: readonly ProfileDef[];
  /** Claimed (or forced) profiles raflag does not know, with where they were named. */
  readonly unknown: readonly { readonly url: string; readonly expression: string }[];
  /** Known profiles claimed by a resource of another type. */
  readonly misapplied: readonly { readonly profile: ProfileDef; readonly expression: string }[];
}

/** Shared by every choice that finds nothing to say; never written to. */
const NONE: readonly never[] = Object.freeze([]);

const NOTHING: ProfileChoice = Object.freeze({ apply: NONE, unknown: NONE, misapplied: NONE });

/**
 * The commonest answer by far, a resource claiming one known profile, shared per profile so that
 * choosing allocates nothing. Never written to.
 */
const onlyChoices: ReadonlyMap<ProfileDef, ProfileChoice> = new Map(
  knownProfiles.map((p) => [p, Object.freeze({ apply: Object.freeze([p]), unknown: NONE, misapplied: NONE })]),
);

interface Choosing {
  apply: ProfileDef[] | undefined;
  unknown: { url: string; expression: string }[] | undefined;
  misapplied: { profile: ProfileDef; expression: string }[] | undefined;
}

/** What a resource that is to be profiled must offer; `ResourceAt` and the business rules' entries both do. */
export interface ProfiledResource {
  readonly resource: JsonObject;
  readonly resourceType: string;
  readonly path: string;
  readonly role: 'top' | 'entry' | 'contained';
}

/** Where a profile was named: meta.profile[index], or the resource itself for a forced one (index -1). */
const namedAt = (at: ProfiledResource, index: number): string => (index < 0 ? at.path : `${at.path}.meta.profile[${index}]`);

/** `index` is the position in meta.profile, or -1 for a forced profile. */
function consider(choosing: Choosing, at: ProfiledResource, url: string, index: number): void {
  const profile = profileByUrl(url);
  // Expressions are only written out for what will be reported.
  if (profile === undefined) {
    if (index < 0 || !claimedRoutinely(url, at.resourceType)) (choosing.unknown ??= []).push({ url, expression: namedAt(at, index) });
  } else if (profile.resourceType !== at.resourceType) {
    (choosing.misapplied ??= []).push({ profile, expression: namedAt(at, index) });
  } else if (choosing.apply === undefined) {
    choosing.apply = [profile];
  } else if (!choosing.apply.includes(profile)) {
    choosing.apply.push(profile);
  }
}

function choice({ apply, unknown, misapplied }: Choosing): ProfileChoice {
  if (unknown === undefined && misapplied === undefined) {
    if (apply === undefined) return NOTHING;
    const only = apply.length === 1 && apply[0] !== undefined ? onlyChoices.get(apply[0]) : undefined;
    if (only !== undefined) return only;
  }
  return { apply: apply ?? NONE, unknown: unknown ?? NONE, misapplied: misapplied ?? NONE };
}

/**
 * Which profiles apply to a resource: the one forced by `validate(x, { profile })` (top-level only),
 * else the known profiles it claims, else the RA profile its content identifies; a Provenance
 * contained in an RA resource gets the Provenance profile of its container's generation.
 */
export function chooseProfiles(
  at: ProfiledResource,
  forced?: string,
  containerProfiles: readonly ProfileDef[] = [],
): ProfileChoice {
  const choosing: Choosing = { apply: undefined, unknown: undefined, misapplied: undefined };
  if (forced !== undefined) {
    consider(choosing, at, forced, -1);
    return choice(choosing);
  }
  const meta = at.resource.meta;
  const claimed: unknown = isObject(meta) ? meta.profile : undefined;
  if (Array.isArray(claimed)) {
    for (let index = 0; index < claimed.length; index++) {
      const url: unknown = claimed[index];
      // An empty string is `base.empty`, not a profile.
      if (typeof url === 'string' && url !== '') consider(choosing, at, url, index);
    }
  }
  if (choosing.apply === undefined) {
    const inferred = raContentProfile(at.resourceType, at.resource);
    if (inferred) choosing.apply = [inferred];
  }
  if (choosing.apply === undefined && at.role === 'contained' && at.resourceType === 'Provenance' && containerProfiles.length > 0) {
    choosing.apply = [containerProfiles.some((p) => p.generation === 2) ? gen2ProvenanceProfile : gen3ProvenanceProfile];
  }
  return choice(choosing);
}
