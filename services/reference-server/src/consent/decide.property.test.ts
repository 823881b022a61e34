import type { ConsentState as CoreConsentState } from '@raflag/core';
import type { Consent } from 'fhir/r4.js';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { ClientPrincipal } from '../auth/principal.js';
import { readConsentState, type ConsentVersion } from './consent-state.js';
import { decide } from './decide.js';
import { SHAREABLE_TYPES, type SharingAgreement, type SharingMode } from './sharing-agreements.js';
import { raConsent } from './test-support/ra-consents.js';

const PARTNERS = ['YHCR1', 'OL001', 'GM001'] as const;
const READ_TYPES = [...SHAREABLE_TYPES, 'AuditEvent'] as const;

/** One consent decision as the server stored it, with what a client may have done to it since. */
interface ConsentEvent {
  readonly state: CoreConsentState;
  readonly permit: readonly string[];
  readonly deny: readonly string[];
  /** Server-assigned order; unique within a history. */
  readonly minute: number;
  /** What the client claimed as the consent's date: anything, including the future. */
  readonly dateTime: string | undefined;
  /** A later change of status, a deletion, or nothing. */
  readonly change: 'none' | 'inactive' | 'entered-in-error' | 'draft' | 'deleted';
}

const eventArb: fc.Arbitrary<ConsentEvent> = fc.record({
  state: fc.constantFrom<CoreConsentState>('given', 'refused', 'withdrawn'),
  permit: fc.subarray([...PARTNERS]),
  deny: fc.subarray([...PARTNERS]),
  minute: fc.integer({ min: 0, max: 58 }),
  dateTime: fc.option(fc.integer({ min: 0, max: 4_000_000_000_000 }).map((ms) => new Date(ms).toISOString()), { nil: undefined }),
  change: fc.constantFrom('none', 'none', 'none', 'inactive', 'entered-in-error', 'draft', 'deleted'),
});

/** Histories in random storage order (the array order is unrelated to `minute`). */
const historyArb = fc.uniqueArray(eventArb, { selector: (e) => e.minute, maxLength: 6 });

function toVersion(event: ConsentEvent, index: number): ConsentVersion {
  const built = raConsent({ state: event.state, permit: event.permit, deny: event.deny, id: `consent-${index}` });
  const status = event.change === 'none' || event.change === 'deleted' ? built.status : event.change;
  const resource: Consent = { ...built, status, ...(event.dateTime === undefined ? {} : { dateTime: event.dateTime }) };
  return { resource, lastUpdated: `2026-03-01T10:${String(event.minute).padStart(2, '0')}:00.000Z`, deleted: event.change === 'deleted' };
}

interface Read {
  readonly partner: (typeof PARTNERS)[number];
  readonly mode: SharingMode;
  readonly mayRead: readonly (typeof SHAREABLE_TYPES)[number][];
  readonly resourceType: (typeof READ_TYPES)[number];
  readonly breakGlass: boolean;
  readonly recordingOrganisations: readonly string[];
}

const readArb: fc.Arbitrary<Read> = fc.record({
  partner: fc.constantFrom(...PARTNERS),
  mode: fc.constantFrom<SharingMode>('opt-in', 'opt-out'),
  mayRead: fc.subarray([...SHAREABLE_TYPES], { minLength: 1 }),
  resourceType: fc.constantFrom(...READ_TYPES),
  breakGlass: fc.boolean(),
  // Sometimes the LHCRE's own code: recording organisations must not matter for an LHCRE.
  recordingOrganisations: fc.subarray(['A1B2C', ...PARTNERS]),
});

function lhcreRead(history: readonly ConsentEvent[], read: Read, breakGlass = read.breakGlass) {
  const principal: ClientPrincipal = {
    kind: 'client',
    clientId: `lhcre-${read.partner}`,
    clientKind: 'lhcre',
    organisation: { odsCode: read.partner, name: read.partner },
    scope: 'system/*.rs',
    purposeOfUse: breakGlass ? 'ETREAT' : 'TREAT',
    breakGlass: breakGlass ? { reason: 'Emergency' } : undefined,
    user: breakGlass ? { id: 'u1', activities: ['B0257', 'B0380'] } : undefined,
    tokenId: 'jti',
  };
  const agreement: SharingAgreement = {
    clientId: principal.clientId,
    organisation: principal.organisation,
    mode: read.mode,
    mayRead: [...read.mayRead],
    notificationEndpoint: 'https://lhcre.example/notify',
  };
  return decide({
    principal,
    consent: readConsentState(history.map(toVersion)),
    agreement,
    recordingOrganisations: read.recordingOrganisations,
    resourceType: read.resourceType,
  });
}

/**
 * The oracle, written from the rules rather than the code: the current consent is the latest
 * stored one that is still a decision (not deleted, draft or entered in error); one a client set
 * inactive counts as withdrawn.
 */
function current(history: readonly ConsentEvent[]) {
  const live = history.filter((e) => e.change === 'none' || e.change === 'inactive');
  const latest = [...live].sort((a, b) => b.minute - a.minute)[0];
  if (latest === undefined) return undefined;
  return { ...latest, state: latest.change === 'inactive' ? 'withdrawn' : latest.state };
}

const typeShared = (read: Read) => (read.mayRead as readonly string[]).includes(read.resourceType);

const RUNS = { numRuns: 2000 };

describe('decide over random consent histories (LHCREs)', () => {
  it('opt-in: an LHCRE reads exactly when the current consent is given and permits it (by name, or with no provisions at all) and the type is shared', () => {
    fc.assert(
      fc.property(historyArb, readArb, (history, read) => {
        const optIn = { ...read, mode: 'opt-in' as const };
        const now = current(history);
        const activePermit =
          now !== undefined &&
          now.state === 'given' &&
          !now.deny.includes(read.partner) &&
          (now.permit.includes(read.partner) || (now.permit.length === 0 && now.deny.length === 0));
        return (lhcreRead(history, optIn).decision === 'permit') === (activePermit && typeShared(read));
      }),
      RUNS,
    );
  });

  it('opt-out: an LHCRE reads exactly when there is no refusal, withdrawal or denial naming it and the type is shared', () => {
    fc.assert(
      fc.property(historyArb, readArb, (history, read) => {
        const optOut = { ...read, mode: 'opt-out' as const };
        const now = current(history);
        const objection = now !== undefined && (now.state !== 'given' || now.deny.includes(read.partner));
        return (lhcreRead(history, optOut).decision === 'permit') === (!objection && typeShared(read));
      }),
      RUNS,
    );
  });

  it('break-glass never changes an LHCRE\'s decision and is never reported for one', () => {
    fc.assert(
      fc.property(historyArb, readArb, (history, read) => {
        const withGlass = lhcreRead(history, read, true);
        const without = lhcreRead(history, read, false);
        return !withGlass.breakGlass && withGlass.decision === without.decision && withGlass.reason === without.reason;
      }),
      RUNS,
    );
  });

  it('after a refusal or withdrawal is stored last, no LHCRE reads in either mode', () => {
    fc.assert(
      fc.property(historyArb, readArb, fc.constantFrom<CoreConsentState>('refused', 'withdrawn'), (history, read, state) => {
        const last: ConsentEvent = { state, permit: [...PARTNERS], deny: [], minute: 59, dateTime: '1990-01-01T00:00:00Z', change: 'none' };
        return lhcreRead([last, ...history], read).decision === 'deny';
      }),
      RUNS,
    );
  });
});
