import type { OperationOutcomeIssue } from 'fhir/r4.js';
import type { z } from 'zod';
import { stu3Extension } from '../canonical.js';
import type { consentSchema } from '../model/consent.js';
import { consentBasisFrom, consentStateFrom, type ConsentBasis, type ConsentState } from '../terminology/generations.js';
import { codingsOf, itemsOf, type JsonObject } from '../validate/json-read.js';
import { checkNrafCategory } from './stu3-category.js';
import { annotationText, extensionsOf, extensionValue, readRemovalReason, type ExtensionAt, type RemovalReason } from './stu3-extension.js';
import { notCarried, reportUnread } from './stu3-issues.js';
import { nested, type ReadOptions, type Stu3Item } from './stu3-item.js';
import { at } from './stu3-json.js';
import { patientFromReference, type PatientMention } from './stu3-patient-reference.js';
import { containedOf, recordedFrom } from './stu3-recorded.js';

export type ConsentInput = z.input<typeof consentSchema>;

export interface ConsentReading {
  readonly patient: PatientMention | undefined;
  /** Undefined when the Consent is not one the R4 record can hold (the issues say why). */
  readonly consent: Stu3Item<ConsentInput> | undefined;
  readonly issues: OperationOutcomeIssue[];
}

/**
 * `policy` is the one fixed national policy document (raflag's RA-Consent states its own), and
 * `purpose` is always RACONSENT in STU3: the state comes from `status`.
 */
const CONSENT_KEYS: ReadonlySet<string> = new Set([
  'resourceType', 'id', 'meta', 'contained', 'extension', 'status', 'category', 'patient', 'policy', 'purpose',
]);
const POLICY_KEYS: ReadonlySet<string> = new Set(['authority', 'uri']);

/**
 * STU3 recorded refusal and withdrawal as a status change (gotcha 22 is about Gen 2, which kept
 * `active`); raflag's consent says it with `state`.
 */
const STATE_OF_STATUS: Readonly<Record<string, ConsentState>> = {
  active: 'given',
  inactive: 'withdrawn',
  rejected: 'refused',
};

interface Summaries {
  create?: { text: string; source: string };
  remove?: { text: string; source: string };
}

/** Reads a STU3 RARecord-Consent-1: who consented, whether it stands, and the best-interest summaries. */
export function readStu3Consent(consent: JsonObject, path: string, options: ReadOptions = {}): ConsentReading {
  const issues: OperationOutcomeIssue[] = [];
  const modified = reportUnread(consent, path, CONSENT_KEYS, issues);
  const patient = patientFromReference(consent.patient, `${path}.patient`, issues);
  checkNrafCategory(consent.category, `${path}.category`, issues);
  itemsOf(consent.policy).forEach(({ value, index }) => reportUnread(value, at(path, 'policy', index), POLICY_KEYS, issues));
  checkPurpose(consent.purpose, `${path}.purpose`, issues);
  const state = readState(consent.status, `${path}.status`, issues);

  let proxyRole: ExtensionAt | undefined;
  let removal: RemovalReason | undefined;
  const summaries: Summaries = {};
  for (const ext of extensionsOf(consent, path)) {
    if (ext.url === stu3Extension.proxyRole && proxyRole === undefined) proxyRole = ext;
    else if (ext.url === stu3Extension.bestInterestSummary && !summaries.create && !summaries.remove) {
      Object.assign(summaries, readSummaries(ext, issues));
    } else if (ext.url === stu3Extension.removalReason && removal === undefined) {
      removal = readRemovalReason(ext, issues);
      if (state === 'given') issues.push(notCarried(ext.path, 'a removal reason on an active consent'));
    } else if (ext.url === stu3Extension.provenance) {
      issues.push(notCarried(ext.path, 'the retired Extension-RARecord-Provenance-1 (the contained Provenance is read instead)'));
    } else {
      issues.push(notCarried(ext.path, 'an extension the R4 consent has no place for (or a repeat of one)'));
    }
  }
  const { provenances, others } = containedOf(consent, path);
  others.forEach((other) => issues.push(notCarried(other.path, 'a contained resource other than the Provenance')));
  if (state === undefined || modified) return { patient, consent: undefined, issues };

  const basis = readBasis(proxyRole, path, issues);
  const removalSummary = state === 'given' ? undefined : readRemovalSummary(removal, summaries, issues);
  if (state === 'given' && summaries.remove) {
    issues.push(notCarried(summaries.remove.source, 'a removal summary on an active consent'));
  }
  const recorded = recordedFrom(provenances, 'the consent', `${path}.contained`, options, issues);
  if (basis === undefined || recorded.recorded === undefined) return { patient, consent: undefined, issues };

  const sources = new Map<string, string>([
    ['', path],
    ['basis', basis.source],
    ['state', `${path}.status`],
    ['bestInterestSummary', summaries.create?.source ?? `${path}.extension.where(url='${stu3Extension.bestInterestSummary}')`],
    ...nested('recorded', recorded.sources),
  ]);
  if (removalSummary) sources.set('removalSummary', removalSummary.source);
  const value: ConsentInput = {
    basis: basis.basis,
    state,
    ...(summaries.create ? { bestInterestSummary: summaries.create.text } : {}),
    ...(removalSummary ? { removalSummary: removalSummary.text } : {}),
    recorded: recorded.recorded,
  };
  return { patient, consent: { value, expression: path, sources }, issues };
}

function readState(status: unknown, path: string, issues: OperationOutcomeIssue[]): ConsentState | undefined {
  const state = typeof status === 'string' ? STATE_OF_STATUS[status] : undefined;
  if (state !== undefined) return state;
  if (status === 'draft' || status === 'proposed') {
    issues.push(notCarried(path, 'a consent that was never in force (draft or proposed)'));
  } else if (status === 'entered-in-error') {
    issues.push(notCarried(path, 'a consent entered in error'));
  } else {
    issues.push(notCarried(path, 'the consent, because its status is missing or not a Consent status', 'error'));
  }
  return undefined;
}

function checkPurpose(purpose: unknown, path: string, issues: OperationOutcomeIssue[]): void {
  for (const { value, index } of itemsOf(purpose)) {
    const code = value.code;
    const system = value.system;
    const given = typeof code === 'string' && typeof system === 'string' && consentStateFrom(system, code) === 'given';
    if (!given) issues.push(notCarried(`${path}[${index}]`, 'a consent purpose other than RACONSENT (the state is read from status)'));
  }
}

function readBasis(
  ext: ExtensionAt | undefined,
  path: string,
  issues: OperationOutcomeIssue[],
): { basis: ConsentBasis; source: string } | undefined {
  if (ext === undefined) {
    issues.push(
      notCarried(
        `${path}.extension.where(url='${stu3Extension.proxyRole}')`,
        'the consent, because it does not say who consented (the R4 consent requires it)',
        'error',
      ),
    );
    return undefined;
  }
  const value = extensionValue(ext, 'CodeableConcept', issues);
  const codings = codingsOf(value.value, value.path);
  const found = codings.find((c) => consentBasisFrom(c.system ?? '', c.code ?? '') !== undefined);
  const basis = found && consentBasisFrom(found.system ?? '', found.code ?? '');
  if (found === undefined || basis === undefined) {
    issues.push(
      notCarried(
        codings[0] ? `${codings[0].path}.code` : value.path,
        'the consent, because who consented is not an RARecord-ProxyRole-1 code (001–004); legacy codes such as lpa have no R4 equivalent',
        'error',
      ),
    );
    return undefined;
  }
  codings.filter((c) => c !== found).forEach((c) => issues.push(notCarried(c.path, 'a further proxy-role coding')));
  return { basis, source: `${found.path}.code` };
}

function readSummaries(ext: ExtensionAt, issues: OperationOutcomeIssue[]): Summaries {
  reportUnread(ext.value, ext.path, new Set(['url', 'extension']), issues);
  const summaries: Summaries = {};
  for (const part of extensionsOf(ext.value, ext.path)) {
    const key = part.url === 'createSummary' ? 'create' : part.url === 'removeSummary' ? 'remove' : undefined;
    if (key === undefined || summaries[key] !== undefined) {
      issues.push(notCarried(part.path, 'a part of the best-interest summary that the extension does not define (or a repeat of it)'));
      continue;
    }
    const value = extensionValue(part, 'Annotation', issues);
    const text = annotationText(value.value, value.path, issues);
    if (text === undefined) issues.push(notCarried(part.path, 'a best-interest summary without text'));
    else summaries[key] = { text, source: `${value.path}.text` };
  }
  return summaries;
}

/**
 * Why consent ended: the best-interest removeSummary when there is one, else the RemovalReason's
 * supporting comment. The coded reason has no place in the R4 consent.
 */
function readRemovalSummary(
  removal: RemovalReason | undefined,
  summaries: Summaries,
  issues: OperationOutcomeIssue[],
): { text: string; source: string } | undefined {
  if (removal?.coding) issues.push(notCarried(removal.coding.path, 'the coded removal reason (the R4 consent keeps why consent ended as text)'));
  if (summaries.remove) {
    if (removal?.comment !== undefined) {
      issues.push(notCarried(removal.commentPath, 'the removal comment, because the best-interest removal summary is carried instead'));
    }
    return summaries.remove;
  }
  return removal?.comment === undefined ? undefined : { text: removal.comment, source: removal.commentPath };
}
