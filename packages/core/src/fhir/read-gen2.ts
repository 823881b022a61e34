import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { gen2Extension, gen3Extension, raflagUrl } from '../canonical.js';
import { makeIssue } from '../outcome/issue.js';

/**
 * What the 2024 ra-sandbox (Gen 2) payloads spell differently from what raflag emits, read as the
 * current shape. Gen 2 codes (NRAF, 001–011, 1–12, FlagProxyRole, RA-ConsentPurpose) are mapped by
 * the terminology module; this file holds the URLs.
 */

/** Gen 2 extension URL → the URL raflag emits for the same content. */
const currentExtension: ReadonlyMap<string, string> = new Map([
  // Every Gen 3 example also uses the Gen 2 notes URL (domain.md §7 item 20).
  [gen2Extension.flagNotes, gen3Extension.flagNotes],
  [gen2Extension.consentCreateSummary, raflagUrl.consentCreateSummary],
  [gen2Extension.consentRemoveSummary, raflagUrl.consentRemoveSummary],
]);

/** The URL raflag emits for an extension URL, warning when the input used the Gen 2 one. */
export function currentExtensionUrl(url: string, at: string, issues: OperationOutcomeIssue[]): string {
  const current = currentExtension.get(url);
  if (current === undefined) return url;
  issues.push(makeIssue('profile.extension-url-old', `${at}.url`, { expected: current }));
  return current;
}

// Gen 2 examples keep the STU3 path segment (`…/STU3/Practitioner/…`); Gen 3 drops it.
const PRACTITIONER_URL = /^https:\/\/sds\.spineservices\.nhs\.uk\/(?:STU3\/)?Practitioner\/([A-Za-z0-9]+)$/;
const ORGANISATION_URL = /^https:\/\/directory\.spineservices\.nhs\.uk\/(?:STU3\/)?Organization\/([A-Za-z0-9]+)$/;

/** The SDS user id at the end of a Spine Practitioner URL of either generation. */
export function sdsIdFromUrl(url: string): string | undefined {
  return PRACTITIONER_URL.exec(url)?.[1];
}

/** The ODS code at the end of a Spine Organization URL of either generation. */
export function odsCodeFromUrl(url: string): string | undefined {
  return ORGANISATION_URL.exec(url)?.[1];
}
