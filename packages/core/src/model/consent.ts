import { z } from 'zod';
import { consentBases, consentStates } from '../terminology/index.js';
import { resourceIdSchema, spineIdSchema, textSchema } from './primitives.js';
import { recordedSchema } from './recorded.js';
import { addRuleIssue } from './rule-issue.js';

/** A regional shared care record (an LHCRE) the patient's consent names, by its ODS code. */
export const sharingPartnerSchema = z.strictObject({
  odsCode: spineIdSchema,
  name: textSchema.optional(),
});

export const sharingSchema = z.strictObject({
  permit: z.array(sharingPartnerSchema).default(() => []),
  deny: z.array(sharingPartnerSchema).default(() => []),
});

/**
 * The one current consent to record and share the flag (project profile RA-Consent, shaped on the
 * 2024 FlagConsent): who consented, whether it is given, refused or withdrawn, and with which
 * sharing partners the record may or may not be shared.
 */
export const consentSchema = z
  .strictObject({
    basis: z.enum(consentBases),
    state: z.enum(consentStates),
    /** Why a Mental Capacity Act best-interest decision was taken; required for that basis. */
    bestInterestSummary: textSchema.optional(),
    /** Why consent was refused or withdrawn. */
    removalSummary: textSchema.optional(),
    recorded: recordedSchema,
    sharing: sharingSchema.default(() => ({ permit: [], deny: [] })),
    /** Server id of the Consent, when the record was read back. */
    id: resourceIdSchema.optional(),
  })
  .superRefine((consent, ctx) => {
    if (consent.basis === 'best-interest' && consent.bestInterestSummary === undefined) {
      addRuleIssue(ctx, ['bestInterestSummary'], 'profile.best-interest-summary-required');
    }
    const seen = new Set<string>();
    for (const side of ['permit', 'deny'] as const) {
      consent.sharing[side].forEach((partner, index) => {
        const key = partner.odsCode.toUpperCase();
        if (!seen.has(key)) {
          seen.add(key);
          return;
        }
        const inPermit = consent.sharing.permit.some((p) => p.odsCode.toUpperCase() === key);
        const id = side === 'deny' && inPermit ? 'mapping.record-sharing-conflict' : 'mapping.record-duplicate-partner';
        addRuleIssue(ctx, ['sharing', side, index], id);
      });
    }
  });

export type SharingPartner = z.output<typeof sharingPartnerSchema>;
export type Sharing = z.output<typeof sharingSchema>;
export type RaConsent = z.output<typeof consentSchema>;
