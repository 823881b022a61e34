import type { Patient } from 'fhir/r4.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { principalFor } from '../consent/test-support/principals.js';
import { raConsent } from '../consent/test-support/ra-consents.js';
import type { ConsentState as CoreConsentState } from '@raflag/core';
import { adjustmentFlag, patient } from '../http/test-support/ra-resources.js';
import { openTempStore, type TempStore } from '../store/test-support/temp-store.js';
import { withWriteRules } from './write-rules.js';

describe('withWriteRules with no LHCRE to notify', () => {
  let temp: TempStore;
  beforeEach(async () => {
    temp = await openTempStore();
  });
  afterEach(async () => {
    await temp.cleanup();
  });

  /** A patient with the given consent; returns the patient's id. */
  async function patientWhoseConsentIs(state: CoreConsentState): Promise<string> {
    return temp.store.transaction((tx) => {
      const stored = tx.create(patient() as Patient);
      if (!stored.ok) throw new Error('patient not stored');
      const consent = raConsent({ state });
      consent.patient = { reference: `Patient/${stored.version.id}` };
      if (!tx.create(consent).ok) throw new Error('consent not stored');
      return stored.version.id;
    });
  }

  const context = { principal: principalFor('clinical-B0257-B0380'), agreements: [], now: () => new Date('2026-11-27T12:00:00Z') };
  const recordFlag = (patientId: string): Promise<unknown> => temp.store.transaction(withWriteRules((tx) => tx.create(adjustmentFlag(patientId)), context));

  it.each(['refused', 'withdrawn'] as const)('refuses a new active flag when the consent is %s, and stores nothing', async (state) => {
    const patientId = await patientWhoseConsentIs(state);
    await expect(recordFlag(patientId)).rejects.toMatchObject({ status: 422 });
    const flags = await temp.store.search({ resourceType: 'Flag', conditions: [], sort: '-lastUpdated', count: 10 });
    expect(flags.matches).toHaveLength(0);
  });

  it('records a new active flag when the consent is given', async () => {
    const patientId = await patientWhoseConsentIs('given');
    await recordFlag(patientId);
    const flags = await temp.store.search({ resourceType: 'Flag', conditions: [], sort: '-lastUpdated', count: 10 });
    expect(flags.matches).toHaveLength(1);
  });
});
