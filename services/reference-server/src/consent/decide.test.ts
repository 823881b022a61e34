import { describe, expect, it } from 'vitest';
import { readConsentState, type ConsentState } from './consent-state.js';
import { decide, type Decision, type DecisionReason } from './decide.js';
import type { SharingAgreement, SharingMode } from './sharing-agreements.js';
import { raConsent, type ConsentSpec } from './test-support/ra-consents.js';
import {
  breakGlassCases,
  clientCases,
  ELSEWHERE_ODS,
  LHCRE_ODS,
  OTHER_LHCRE_ODS,
  OWN_ODS,
  principalFor,
  type BreakGlassCase,
  type ClientCase,
} from './test-support/principals.js';

// --- the dimensions -----------------------------------------------------------------------------

/** The patient's consent and what it says about this LHCRE (YHCR1). */
type ConsentCase =
  | 'none'
  | 'given-plain'
  | 'given-permit'
  | 'given-deny'
  | 'given-other'
  | 'refused'
  | 'refused-permit'
  | 'withdrawn'
  | 'withdrawn-permit';
const consentSpecs: Record<Exclude<ConsentCase, 'none'>, ConsentSpec> = {
  'given-plain': { state: 'given' },
  'given-permit': { state: 'given', permit: [LHCRE_ODS] },
  'given-deny': { state: 'given', permit: [OTHER_LHCRE_ODS], deny: [LHCRE_ODS] },
  'given-other': { state: 'given', permit: [OTHER_LHCRE_ODS] },
  refused: { state: 'refused' },
  // A refusal or withdrawal that still carries an old permit for the LHCRE.
  'refused-permit': { state: 'refused', permit: [LHCRE_ODS] },
  withdrawn: { state: 'withdrawn' },
  'withdrawn-permit': { state: 'withdrawn', permit: [LHCRE_ODS] },
};
const consentCases = ['none', ...Object.keys(consentSpecs)] as ConsentCase[];

/** Read through the real reader from real RA-Consent resources. */
const readCase = (c: ConsentCase): ConsentState =>
  c === 'none'
    ? readConsentState([])
    : readConsentState([{ resource: raConsent({ ...consentSpecs[c], id: 'consent-1' }), lastUpdated: '2026-03-01T10:00:00.000Z' }]);
const states = new Map(consentCases.map((c) => [c, readCase(c)]));
const consentState = (c: ConsentCase): ConsentState => states.get(c) ?? readCase(c);

type AgreementCase = 'no-agreement' | SharingMode;
const agreementCases: AgreementCase[] = ['no-agreement', 'opt-in', 'opt-out'];
const agreementFor = (a: AgreementCase): SharingAgreement | undefined =>
  a === 'no-agreement'
    ? undefined
    : {
        clientId: 'lhcre-yhcr',
        organisation: { odsCode: LHCRE_ODS, name: 'YHCR' },
        mode: a,
        mayRead: ['Flag', 'Condition'],
        notificationEndpoint: 'https://yhcr.example/notify',
      };

/** Flag is in the agreement's mayRead, Consent is not. */
type TypeCase = 'Flag' | 'Consent';
const typeCases: TypeCase[] = ['Flag', 'Consent'];

/** Whether the caller's organisation recorded the record. */
type OrgCase = 'own' | 'other';
const orgCases: OrgCase[] = ['own', 'other'];
const recordingFor = (o: OrgCase, client: ClientCase): string[] =>
  o === 'own' ? [ELSEWHERE_ODS, client === 'lhcre' ? LHCRE_ODS.toLowerCase() : OWN_ODS.toLowerCase()] : [ELSEWHERE_ODS];

interface Combination {
  client: ClientCase;
  consent: ConsentCase;
  agreement: AgreementCase;
  breakGlass: BreakGlassCase;
  type: TypeCase;
  org: OrgCase;
}

function* combinations(): Generator<Combination> {
  for (const client of clientCases)
    for (const consent of consentCases)
      for (const agreement of agreementCases)
        for (const breakGlass of breakGlassCases)
          for (const type of typeCases) for (const org of orgCases) yield { client, consent, agreement, breakGlass, type, org };
}

const run = (c: Combination): Decision =>
  decide({
    principal: principalFor(c.client, c.breakGlass),
    consent: consentState(c.consent),
    agreement: c.client === 'lhcre' ? agreementFor(c.agreement) : undefined,
    recordingOrganisations: recordingFor(c.org, c.client),
    resourceType: c.type,
  });

// --- the expected answers, as a decision table: the first row that matches wins ---------------

type Match<T> = '*' | readonly T[];
interface Row {
  client: Match<ClientCase>;
  consent: Match<ConsentCase>;
  agreement: Match<AgreementCase>;
  breakGlass: Match<BreakGlassCase>;
  type: Match<TypeCase>;
  org: Match<OrgCase>;
  expect: Decision;
}
const P = (reason: DecisionReason, breakGlass = false): Decision => ({ decision: 'permit', reason, breakGlass });
const D = (reason: DecisionReason): Decision => ({ decision: 'deny', reason, breakGlass: false });
const any = { client: '*', consent: '*', agreement: '*', breakGlass: '*', type: '*', org: '*' } as const;
const CLINICAL: ClientCase[] = ['clinical-app', 'clinical-B0264', 'clinical-B0257', 'clinical-B0380', 'clinical-B0257-B0380'];
const GIVEN: ConsentCase[] = ['given-plain', 'given-permit', 'given-deny', 'given-other'];

const table: Row[] = [
  { ...any, client: ['auditor'], expect: D('auditor-no-clinical-data') },
  // LHCREs: break-glass and the recording organisation never appear in these rows.
  { ...any, client: ['lhcre'], agreement: ['no-agreement'], expect: D('lhcre-no-agreement') },
  { ...any, client: ['lhcre'], type: ['Consent'], expect: D('lhcre-type-not-shared') },
  { ...any, client: ['lhcre'], consent: ['refused', 'refused-permit'], expect: D('lhcre-consent-refused') },
  { ...any, client: ['lhcre'], consent: ['withdrawn', 'withdrawn-permit'], expect: D('lhcre-consent-withdrawn') },
  { ...any, client: ['lhcre'], consent: ['given-deny'], expect: D('lhcre-consent-denies-partner') },
  { ...any, client: ['lhcre'], agreement: ['opt-out'], expect: P('lhcre-opt-out-no-objection') },
  { ...any, client: ['lhcre'], consent: ['none'], expect: D('lhcre-opt-in-no-consent') },
  { ...any, client: ['lhcre'], consent: ['given-permit'], expect: P('lhcre-opt-in-partner-permitted') },
  { ...any, client: ['lhcre'], consent: ['given-plain'], expect: P('lhcre-opt-in-consent-permits-all') },
  { ...any, client: ['lhcre'], consent: ['given-other'], expect: D('lhcre-opt-in-partner-not-named') },
  // Clinical systems: agreement and resource type never appear in these rows.
  { ...any, client: ['clinical-no-role'], expect: D('clinical-no-flag-role') },
  { ...any, client: CLINICAL, org: ['own'], expect: P('clinical-direct-care') },
  { ...any, client: CLINICAL, consent: GIVEN, expect: P('clinical-consent-given') },
  { ...any, client: ['clinical-B0257', 'clinical-B0257-B0380'], breakGlass: ['valid'], expect: P('clinical-break-glass', true) },
  { ...any, client: CLINICAL, breakGlass: ['valid', 'no-etreat', 'blank-reason'], expect: D('clinical-break-glass-not-allowed') },
  { ...any, client: CLINICAL, consent: ['refused', 'refused-permit'], expect: D('clinical-consent-refused') },
  { ...any, client: CLINICAL, consent: ['withdrawn', 'withdrawn-permit'], expect: D('clinical-consent-withdrawn') },
  { ...any, client: CLINICAL, consent: ['none'], expect: D('clinical-no-consent') },
];

const matches = <T>(m: Match<T>, value: T) => m === '*' || m.includes(value);
function expected(c: Combination): Decision | undefined {
  return table.find(
    (r) =>
      matches(r.client, c.client) &&
      matches(r.consent, c.consent) &&
      matches(r.agreement, c.agreement) &&
      matches(r.breakGlass, c.breakGlass) &&
      matches(r.type, c.type) &&
      matches(r.org, c.org),
  )?.expect;
}

describe('decide: every combination', () => {
  const all = [...combinations()];

  it('covers every client kind × consent × mode × break-glass × type × organisation', () => {
    expect(all).toHaveLength(8 * 9 * 3 * 4 * 2 * 2);
  });

  it.each(clientCases)('%s: every combination gets exactly the decision table\'s answer', (client) => {
    const wrong = all
      .filter((c) => c.client === client)
      .flatMap((c) => {
        const want = expected(c);
        const got = run(c);
        return want !== undefined && JSON.stringify(got) === JSON.stringify(want) ? [] : [{ ...c, want, got }];
      });
    expect(wrong).toEqual([]);
  });

  it('every reason code but the agreement mismatch (spelled out below) is reached, and every table row decides some combination', () => {
    const reasons = new Set(all.map((c) => run(c).reason));
    const rowsUsed = new Set(all.map((c) => table.findIndex((r) => expected(c) === r.expect)));
    expect([...reasons].sort()).toEqual(table.map((r) => r.expect.reason).sort());
    expect(reasons.has('lhcre-agreement-mismatch')).toBe(false);
    expect(rowsUsed.size).toBe(table.length);
  });

  it('break-glass is reported only on a permit it alone made', () => {
    for (const c of all) {
      const got = run(c);
      if (!got.breakGlass) continue;
      expect(got.decision).toBe('permit');
      expect(run({ ...c, breakGlass: 'none' }).decision).toBe('deny');
    }
  });
});

describe('decide: the security checklist cases, spelled out', () => {
  const lhcre = principalFor('lhcre');
  const flagRead = (consent: ConsentState, mode: AgreementCase, principal = lhcre, recording: string[] = [ELSEWHERE_ODS]) =>
    decide({ principal, consent, agreement: agreementFor(mode), recordingOrganisations: recording, resourceType: 'Flag' });

  it('D1: opt-in with a permit naming the LHCRE reads', () => {
    expect(flagRead(consentState('given-permit'), 'opt-in')).toEqual(P('lhcre-opt-in-partner-permitted'));
  });
  it('D2: opt-in without any consent is denied', () => {
    expect(flagRead(consentState('none'), 'opt-in')).toEqual(D('lhcre-opt-in-no-consent'));
  });
  it('D3: opt-out without any consent reads', () => {
    expect(flagRead(consentState('none'), 'opt-out')).toEqual(P('lhcre-opt-out-no-objection'));
  });
  it('D4: opt-out with a deny naming the LHCRE is denied', () => {
    expect(flagRead(consentState('given-deny'), 'opt-out')).toEqual(D('lhcre-consent-denies-partner'));
  });
  it('D7: a permit for OneLondon only is denied for YHCR and permitted for OneLondon', () => {
    const consent = consentState('given-other');
    expect(flagRead(consent, 'opt-in')).toEqual(D('lhcre-opt-in-partner-not-named'));
    const oneLondon = { ...lhcre, clientId: 'lhcre-ol', organisation: { odsCode: OTHER_LHCRE_ODS, name: 'OneLondon' } };
    const agreement: SharingAgreement = { ...(agreementFor('opt-in') as SharingAgreement), clientId: 'lhcre-ol', organisation: oneLondon.organisation };
    expect(decide({ principal: oneLondon, consent, agreement, recordingOrganisations: [], resourceType: 'Flag' })).toEqual(
      P('lhcre-opt-in-partner-permitted'),
    );
  });
  it('D10: withdrawal denies in both modes', () => {
    expect(flagRead(consentState('withdrawn-permit'), 'opt-in')).toEqual(D('lhcre-consent-withdrawn'));
    expect(flagRead(consentState('withdrawn'), 'opt-out')).toEqual(D('lhcre-consent-withdrawn'));
  });
  it('D13: break-glass by a B0257 clinician elsewhere on a refused patient reads, flagged for alert', () => {
    expect(flagRead(consentState('refused'), 'no-agreement', principalFor('clinical-B0257', 'valid'))).toEqual(P('clinical-break-glass', true));
  });
  it('D14: break-glass by a B0264 user, without ETREAT, without a reason, or by an LHCRE does not open the record', () => {
    const refused = consentState('refused');
    expect(flagRead(refused, 'no-agreement', principalFor('clinical-B0264', 'valid'))).toEqual(D('clinical-break-glass-not-allowed'));
    expect(flagRead(refused, 'no-agreement', principalFor('clinical-B0257', 'no-etreat'))).toEqual(D('clinical-break-glass-not-allowed'));
    expect(flagRead(refused, 'no-agreement', principalFor('clinical-B0257', 'blank-reason'))).toEqual(D('clinical-break-glass-not-allowed'));
    expect(flagRead(refused, 'opt-out', principalFor('lhcre', 'valid'))).toEqual(D('lhcre-consent-refused'));
  });
  it('direct care: the recording organisation\'s staff read even after withdrawal; ODS codes match case-insensitively', () => {
    expect(flagRead(consentState('withdrawn'), 'no-agreement', principalFor('clinical-B0264'), [OWN_ODS.toLowerCase()])).toEqual(
      P('clinical-direct-care'),
    );
  });
  it('an agreement for another client or organisation is a mismatch', () => {
    const consent = consentState('given-permit');
    const agreement = agreementFor('opt-out') as SharingAgreement;
    const otherClient = { ...agreement, clientId: 'lhcre-other' };
    const otherOrg = { ...agreement, organisation: { odsCode: OTHER_LHCRE_ODS, name: 'OneLondon' } };
    for (const a of [otherClient, otherOrg]) {
      expect(decide({ principal: lhcre, consent, agreement: a, recordingOrganisations: [], resourceType: 'Flag' })).toEqual(
        D('lhcre-agreement-mismatch'),
      );
    }
  });
  it('an LHCRE reads only the types its agreement lists', () => {
    const consent = consentState('given-permit');
    const read = (resourceType: string) => decide({ principal: lhcre, consent, agreement: agreementFor('opt-in'), recordingOrganisations: [], resourceType }).reason;
    expect(read('Condition')).toBe('lhcre-opt-in-partner-permitted');
    expect(read('Provenance')).toBe('lhcre-type-not-shared');
    expect(read('AuditEvent')).toBe('lhcre-type-not-shared');
  });
});
