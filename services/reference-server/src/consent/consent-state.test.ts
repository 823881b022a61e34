import { ODS_ORGANISATION_SYSTEM } from '@raflag/core';
import type { Consent, Resource } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { dependsOnTime, NO_CONSENT, partnerRule, readConsentState, type ConsentVersion } from './consent-state.js';
import { raConsent } from './test-support/ra-consents.js';

const at = (minute: number) => `2026-03-01T10:${String(minute).padStart(2, '0')}:00.000Z`;
const v = (resource: Consent | Resource, minute: number, deleted = false): ConsentVersion => ({ resource, lastUpdated: at(minute), deleted });

const odsActor = (value: string) => ({ role: { text: 'information recipient' }, reference: { identifier: { system: ODS_ORGANISATION_SYSTEM, value } } });

describe('readConsentState: which consent is current', () => {
  it('no consents at all is none', () => {
    expect(readConsentState([])).toEqual(NO_CONSENT);
  });

  it.each([
    ['given', 'given'],
    ['refused', 'refused'],
    ['withdrawn', 'withdrawn'],
  ] as const)('a single %s consent reads as %s', (state, overall) => {
    const result = readConsentState([v(raConsent({ state, id: 'c1' }), 1)]);
    expect(result.overall).toBe(overall);
    expect(result.consentId).toBe('c1');
    expect(result.basis).toBe('patient');
  });

  it('the consent stored last is current, in whatever order the versions come', () => {
    const given = v(raConsent({ state: 'given', id: 'c1' }), 1);
    const withdrawn = v(raConsent({ state: 'withdrawn', id: 'c2' }), 5);
    const givenAgain = v(raConsent({ state: 'given', id: 'c3', permit: ['YHCR1'] }), 9);
    expect(readConsentState([withdrawn, given]).consentId).toBe('c2');
    expect(readConsentState([given, withdrawn]).overall).toBe('withdrawn');
    const again = readConsentState([givenAgain, given, withdrawn]);
    expect(again.overall).toBe('given');
    expect(again.consentId).toBe('c3');
    expect(partnerRule(again, 'YHCR1')).toBe('permit');
  });

  it('a future-dated dateTime cannot outlive a withdrawal stored later', () => {
    const given = v({ ...raConsent({ state: 'given', id: 'c1' }), dateTime: '2099-01-01T00:00:00Z' }, 1);
    const withdrawn = v({ ...raConsent({ state: 'withdrawn', id: 'c2' }), dateTime: '2026-03-01T10:05:00Z' }, 5);
    expect(readConsentState([given, withdrawn]).overall).toBe('withdrawn');
  });

  it('dateTime breaks a tie in lastUpdated, then the more restrictive consent wins', () => {
    const early = v({ ...raConsent({ state: 'refused', id: 'c1' }), dateTime: '2026-01-01T00:00:00Z' }, 3);
    const late = v({ ...raConsent({ state: 'given', id: 'c2' }), dateTime: '2026-02-01T00:00:00Z' }, 3);
    expect(readConsentState([late, early]).consentId).toBe('c2');
    const given = v(raConsent({ state: 'given', id: 'c3' }), 3);
    const refused = v(raConsent({ state: 'refused', id: 'c4' }), 3);
    expect(readConsentState([given, refused]).overall).toBe('refused');
    expect(readConsentState([refused, given]).overall).toBe('refused');
  });

  it('ignores deleted versions, other resource types and non-RA consents', () => {
    // Inactive, so it would read as a withdrawal if it were taken for an RA consent.
    const research: Consent = { resourceType: 'Consent', id: 'r1', status: 'inactive', scope: { text: 'research' }, category: [{ text: 'research' }] };
    const result = readConsentState([
      v(raConsent({ state: 'given', id: 'c1' }), 1),
      v(raConsent({ state: 'withdrawn', id: 'c2' }), 2, true),
      v(research, 9),
      v({ resourceType: 'Flag', id: 'f1' } as Resource, 9),
      { resource: undefined, lastUpdated: at(9), deleted: true },
    ]);
    expect(result.consentId).toBe('c1');
    expect(result.overall).toBe('given');
  });

  it('only the newest version of each Consent counts, so a history cannot resurrect a deleted or changed one', () => {
    const given = raConsent({ state: 'given', id: 'c1', permit: ['YHCR1'] });
    const changed = readConsentState([v(given, 1), v({ ...given, status: 'entered-in-error' }, 2)]);
    expect(changed.overall).toBe('none');
    const deleted = readConsentState([v(given, 1), { id: 'c1', resource: undefined, lastUpdated: at(2), deleted: true }]);
    expect(deleted.overall).toBe('none');
    const other = raConsent({ state: 'refused', id: 'c2' });
    expect(readConsentState([{ id: 'c2', resource: undefined, lastUpdated: at(3), deleted: true }, v(other, 2), v(given, 1)]).consentId).toBe('c1');
  });

  it.each(['draft', 'proposed', 'rejected', 'entered-in-error'] as const)('a %s consent is not a decision', (status) => {
    const result = readConsentState([v(raConsent({ state: 'given', id: 'c1' }), 1), v({ ...raConsent({ state: 'given', id: 'c2' }), status }, 2)]);
    expect(result.consentId).toBe('c1');
    expect(readConsentState([v({ ...raConsent({ state: 'given' }), status }, 1)]).overall).toBe('none');
  });
});

describe('readConsentState: state from status and purpose', () => {
  it('a given consent set inactive has been withdrawn', () => {
    expect(readConsentState([v({ ...raConsent({ state: 'given' }), status: 'inactive' }, 1)]).overall).toBe('withdrawn');
  });

  it('a Gen 2 dissent that kept status active is refused (the purpose decides)', () => {
    expect(readConsentState([v({ ...raConsent({ state: 'refused' }), status: 'active' }, 1)]).overall).toBe('refused');
  });

  it('an inactive RA consent without a purpose ends sharing; an active one is not a decision', () => {
    const { provision: _dropped, ...bare } = raConsent({ state: 'given' });
    expect(readConsentState([v({ ...bare, status: 'inactive' } as Consent, 1)]).overall).toBe('withdrawn');
    expect(readConsentState([v({ ...bare, status: 'active' } as Consent, 1)]).overall).toBe('none');
  });

  it.each([
    ['best-interest', 'best-interest'],
    ['lasting-power-of-attorney', 'lasting-power-of-attorney'],
    ['other-representative', 'other-representative'],
  ] as const)('reads basis %s', (basis, expected) => {
    expect(readConsentState([v(raConsent({ state: 'given', basis }), 1)]).basis).toBe(expected);
  });
});

describe('readConsentState: per-LHCRE provisions', () => {
  it('reads permits and denials by ODS code, case-insensitively', () => {
    const state = readConsentState([v(raConsent({ state: 'given', permit: ['yhcr1', 'OL1'], deny: ['GM1'] }), 1)]);
    expect(state.hasPartnerProvisions).toBe(true);
    expect(state.denyAll).toBe(false);
    expect(Object.fromEntries(state.partners)).toEqual({ YHCR1: 'permit', OL1: 'permit', GM1: 'deny' });
    expect(partnerRule(state, 'YHCR1')).toBe('permit');
    expect(partnerRule(state, 'gm1')).toBe('deny');
    expect(partnerRule(state, 'TV1')).toBeUndefined();
  });

  it('a consent without nested provisions names no one', () => {
    const state = readConsentState([v(raConsent({ state: 'given' }), 1)]);
    expect(state.hasPartnerProvisions).toBe(false);
    expect(state.partners.size).toBe(0);
  });

  it('permit and deny for one partner: deny wins in either order', () => {
    const base = raConsent({ state: 'given' });
    const both = (first: 'permit' | 'deny', second: 'permit' | 'deny'): Consent => ({
      ...base,
      provision: { ...base.provision, provision: [{ type: first, actor: [odsActor('YHCR1')] }, { type: second, actor: [odsActor('yhcr1')] }] },
    });
    expect(partnerRule(readConsentState([v(both('permit', 'deny'), 1)]), 'YHCR1')).toBe('deny');
    expect(partnerRule(readConsentState([v(both('deny', 'permit'), 1)]), 'YHCR1')).toBe('deny');
  });

  it('a deny naming no one, or someone unreadable, denies every partner', () => {
    const base = raConsent({ state: 'given', permit: ['YHCR1'] });
    const withDeny = (actor: unknown[] | undefined): Consent =>
      ({ ...base, provision: { ...base.provision, provision: [...(base.provision?.provision ?? []), { type: 'deny', actor }] } }) as Consent;
    for (const actor of [undefined, [], [{ reference: { reference: 'Organization/x' } }]]) {
      const state = readConsentState([v(withDeny(actor), 1)]);
      expect(state.denyAll).toBe(true);
      expect(partnerRule(state, 'YHCR1')).toBe('deny');
    }
  });

  it('a permit narrowed by criteria we do not evaluate does not count', () => {
    const base = raConsent({ state: 'given' });
    const narrowed: Consent = {
      ...base,
      provision: { ...base.provision, provision: [{ type: 'permit', actor: [odsActor('YHCR1')], class: [{ code: 'Flag' }] }] },
    };
    const state = readConsentState([v(narrowed, 1)]);
    expect(partnerRule(state, 'YHCR1')).toBeUndefined();
    expect(state.hasPartnerProvisions).toBe(true);
  });

  it('ignores actors from another identifier system', () => {
    const base = raConsent({ state: 'given' });
    const other: Consent = {
      ...base,
      provision: { ...base.provision, provision: [{ type: 'permit', actor: [{ reference: { identifier: { system: 'urn:other', value: 'YHCR1' } } }] }] },
    } as Consent;
    expect(partnerRule(readConsentState([v(other, 1)]), 'YHCR1')).toBeUndefined();
  });

  it('only the current consent\'s provisions count', () => {
    const old = v(raConsent({ state: 'given', deny: ['YHCR1'] }), 1);
    const current = v(raConsent({ state: 'given', permit: ['OL1'] }), 2);
    const state = readConsentState([old, current]);
    expect(partnerRule(state, 'YHCR1')).toBeUndefined();
    expect(partnerRule(state, 'OL1')).toBe('permit');
  });
});

describe('readConsentState: provision periods (D6)', () => {
  const now = new Date('2026-03-15T12:00:00Z');
  const withPeriods = (root: unknown, nested: unknown, type: 'permit' | 'deny' = 'permit'): Consent => {
    const base = raConsent({ state: 'given', id: 'c1' });
    return {
      ...base,
      provision: {
        ...base.provision,
        ...(root === undefined ? {} : { period: root }),
        provision: [{ type, actor: [odsActor('YHCR1')], ...(nested === undefined ? {} : { period: nested }) }, { type: 'deny', actor: [odsActor('GM1')] }],
      },
    } as Consent;
  };

  it.each([
    ['no periods', undefined, undefined, false],
    ['a period on the consent', { end: '2026-12-31' }, undefined, true],
    ['a period on a nested provision', undefined, { start: '2026-01-01' }, true],
  ])('dependsOnTime: %s', (_case, root, nested, expected) => {
    expect(dependsOnTime([v(withPeriods(root, nested), 1)])).toBe(expected);
    expect(dependsOnTime([v(raConsent({ state: 'refused', id: 'c0' }), 0), v(withPeriods(root, nested), 1)])).toBe(expected);
  });

  it.each([
    ['no periods', undefined, undefined, 'given', 'permit'],
    ['a current nested permit', undefined, { start: '2026-01-01', end: '2026-12-31' }, 'given', 'permit'],
    ['a nested permit that ended', undefined, { end: '2026-03-14' }, 'given', undefined],
    ['a nested permit not yet started', undefined, { start: '2026-03-16' }, 'given', undefined],
    ['a current consent period', { start: '2026-01-01' }, undefined, 'given', 'permit'],
    ['a consent period that ended', { end: '2026-03-14T23:59:59Z' }, undefined, 'none', undefined],
    ['a consent period not yet started', { start: '2027' }, undefined, 'none', undefined],
  ] as const)('%s: %s, YHCR1 %s', (_name, root, nested, overall, rule) => {
    const state = readConsentState([v(withPeriods(root, nested), 1)], now);
    expect(state.overall).toBe(overall);
    expect(partnerRule(state, 'YHCR1')).toBe(rule);
    // Denials outlive the period in every case.
    expect(partnerRule(state, 'GM1')).toBe('deny');
  });

  it('a nested deny counts whatever its period', () => {
    const state = readConsentState([v(withPeriods(undefined, { end: '2020-01-01' }, 'deny'), 1)], now);
    expect(partnerRule(state, 'YHCR1')).toBe('deny');
  });

  it('a refusal does not lapse with its period', () => {
    const base = raConsent({ state: 'refused' });
    const refused = { ...base, provision: { ...base.provision, period: { end: '2020-01-01' } } };
    expect(readConsentState([v(refused, 1)], now).overall).toBe('refused');
  });
});

