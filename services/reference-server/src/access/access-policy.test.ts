import type { Consent, Patient } from 'fhir/r4.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SharingAgreement } from '../consent/sharing-agreements.js';
import { LHCRE_ODS, principalFor } from '../consent/test-support/principals.js';
import { raConsent } from '../consent/test-support/ra-consents.js';
import { adjustmentFlag, patient } from '../http/test-support/ra-resources.js';
import type { StoredVersion } from '../store/store.js';
import { openTempStore, type TempStore } from '../store/test-support/temp-store.js';
import { AccessPolicy } from './access-policy.js';

const agreement: SharingAgreement = {
  clientId: 'lhcre-yhcr',
  organisation: { odsCode: LHCRE_ODS, name: 'YHCR' },
  mode: 'opt-in',
  mayRead: ['Flag', 'Condition'],
  notificationEndpoint: 'https://yhcr.example/notify',
};
const agreements = new Map([[agreement.clientId, agreement]]);
const PERMIT_ENDS = '2026-12-01T00:00:00.000Z';

/** The patient's consent permitting the LHCRE, the permit limited to a period when `end` is given. */
function consentFor(patientId: string, end?: string): Consent {
  const consent = raConsent({ state: 'given', permit: [LHCRE_ODS] });
  consent.patient = { reference: `Patient/${patientId}` };
  const permit = consent.provision?.provision?.find((node) => node.type === 'permit');
  if (permit === undefined) throw new Error('the consent has no permit provision');
  if (end !== undefined) permit.period = { end };
  return consent;
}

describe('AccessPolicy over the read cache', () => {
  let temp: TempStore;
  beforeEach(async () => {
    temp = await openTempStore();
  });
  afterEach(async () => {
    await temp.cleanup();
  });

  /** A patient with one adjustment Flag and the given consent; returns the stored Flag. */
  async function record(consent: (patientId: string) => Consent): Promise<StoredVersion> {
    return temp.store.transaction((tx) => {
      const stored = tx.create(patient() as Patient);
      if (!stored.ok) throw new Error('patient not stored');
      const flag = tx.create(adjustmentFlag(stored.version.id));
      if (!flag.ok) throw new Error('flag not stored');
      if (!tx.create(consent(stored.version.id)).ok) throw new Error('consent not stored');
      return flag.version;
    });
  }

  const lhcreSees = async (flag: StoredVersion, at: string): Promise<boolean> =>
    (await new AccessPolicy(principalFor('lhcre'), temp.store, agreements, () => new Date(at)).view(flag)) !== undefined;

  it('reads a permit with a period against each request’s clock, however often its pages are served', async () => {
    const flag = await record((id) => consentFor(id, PERMIT_ENDS));
    // The same cached consent and flag pages answer all three requests.
    expect(await lhcreSees(flag, '2026-11-30T23:59:59.000Z')).toBe(true);
    expect(await lhcreSees(flag, '2026-12-01T00:00:01.000Z')).toBe(false);
    expect(await lhcreSees(flag, '2026-11-30T12:00:00.000Z')).toBe(true);
  });

  it('keeps deciding by the stored consent when it has no period, and by the new one once it changes', async () => {
    const flag = await record((id) => consentFor(id));
    expect(await lhcreSees(flag, '2026-11-30T00:00:00.000Z')).toBe(true);
    expect(await lhcreSees(flag, '2030-01-01T00:00:00.000Z')).toBe(true);
    const patientId = (flag.resource as { subject?: { reference?: string } }).subject?.reference?.split('/')[1] ?? '';
    await temp.store.transaction((tx) => {
      const withdrawn = raConsent({ state: 'withdrawn' });
      withdrawn.patient = { reference: `Patient/${patientId}` };
      tx.create(withdrawn);
    });
    expect(await lhcreSees(flag, '2030-01-01T00:00:00.000Z')).toBe(false);
  });
});
