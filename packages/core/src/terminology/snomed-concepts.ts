/**
 * SNOMED CT concepts the specifications use outside the adjustment lists (domain.md §3.4). They are
 * named here because several of them look alike and are easily swapped (§7 item 9: the Equality Act
 * threshold is a Condition code, the Bespoke code is an adjustment).
 */
export const snomedConcept = {
  /** STU3 List.code (fixed) and the List search parameter. */
  reasonableAdjustmentsList: '1094391000000102',
  /** The other member of CareConnect-ListCode-1. */
  diagnosesList: '887161000000102',
  /** STU3 Equality Act threshold Condition (`/ThresholdCode`); never a Flag.code. */
  equalityActThreshold: '1326341000000105',
  /** The only member of the Bespoke (011) adjustment category. */
  bespokeAdjustment: '1108111000000107',
  /** CP-IS flag code. */
  childProtectionFinding: '224353004',
  /** FGM flag code. */
  familyHistoryOfFgm: '902961000000107',
} as const;

/** Displays for the concepts above that are not adjustment rows (those come from the generated lists). */
export const otherSnomedDisplays: ReadonlyMap<string, string> = new Map([
  [snomedConcept.reasonableAdjustmentsList, 'Reasonable adjustments for health and care access'],
  [snomedConcept.diagnosesList, 'Diagnoses'],
  [
    snomedConcept.equalityActThreshold,
    'Impairment with substantial and long term adverse effect on normal day to day activity (Equality Act 2010)',
  ],
  [snomedConcept.childProtectionFinding, 'Child protection finding'],
  [snomedConcept.familyHistoryOfFgm, 'Family history of female genital mutilation'],
]);

/**
 * Codes that national examples carry but that are not valid SCTIDs, with the concept they meant.
 * `7961610000001018` "Requires visual alert" in the API read examples is really `945951000000108`.
 */
export const knownInvalidSnomedCodes: ReadonlyMap<string, string> = new Map([['7961610000001018', '945951000000108']]);
