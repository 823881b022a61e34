import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NHS_NUMBER_SYSTEM } from '@raflag/core';
import { openTempStore, type TempStore } from '../bundle/test-support/temp-store.js';
import { demoRecords } from './demo-records.js';
import { isStoreEmpty, loadDemoData } from './load-demo-data.js';

let temp: TempStore;

beforeEach(async () => {
  temp = await openTempStore();
});

afterEach(async () => {
  await temp.dispose();
});

const patients = () => temp.store.count({ resourceType: 'Patient', conditions: [] });

describe('loadDemoData', () => {
  it('loads every demo person into an empty store through the Bundle processor', async () => {
    expect(await isStoreEmpty(temp.store)).toBe(true);
    expect(await loadDemoData(temp.store)).toEqual({ loaded: true, patients: demoRecords.length });
    expect(await patients()).toBe(demoRecords.length);
    // Five have a PatientFlag; the person with no flag has none.
    const patientFlags = await temp.store.count({
      resourceType: 'Flag',
      conditions: [{ kind: 'token', param: 'code', values: [{ code: 'national-reasonable-adjustment-flag' }] }],
    });
    expect(patientFlags).toBe(demoRecords.filter((d) => d.record !== undefined).length);
    const bare = demoRecords.find((d) => d.record === undefined);
    const found = await temp.store.search({
      resourceType: 'Flag',
      conditions: [{ kind: 'identifier', param: 'identifier', values: [{ system: NHS_NUMBER_SYSTEM, value: bare?.nhsNumber ?? '' }] }],
      sort: 'lastUpdated',
      count: 10,
    });
    expect(found.matches).toEqual([]);
  });

  it('is idempotent: a store that holds anything is left alone', async () => {
    await loadDemoData(temp.store);
    expect(await loadDemoData(temp.store)).toEqual({ loaded: false, reason: 'store-not-empty' });
    expect(await patients()).toBe(demoRecords.length);
  });
});
