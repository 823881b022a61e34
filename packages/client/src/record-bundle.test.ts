import { describe, expect, it } from 'vitest';
import { InvalidRecordError } from './errors.js';
import { recordTransaction, withFlagProvenancePinned } from './record-bundle.js';
import { laterRecorded, newRecord, recorded } from './test-support/record-fixtures.js';

describe('recordTransaction', () => {
  it('puts If-Match on updates whose version is known, and appends extra entries', () => {
    const record = newRecord();
    const withIds = { ...record, adjustments: record.adjustments.map((a, i) => ({ ...a, id: `a${i + 1}` })) };
    const versions: Record<string, string> = { 'Flag/a1': '7' };
    const bundle = recordTransaction(withIds, (type, id) => versions[`${type}/${id}`], [{ request: { method: 'DELETE', url: 'Flag/a9' } }]);
    const requests = bundle.entry?.map((e) => e.request);
    expect(requests?.find((r) => r?.url === 'Flag/a1')).toEqual({ method: 'PUT', url: 'Flag/a1', ifMatch: 'W/"7"' });
    expect(requests?.find((r) => r?.url === 'Flag/a2')).toEqual({ method: 'PUT', url: 'Flag/a2' });
    expect(requests?.at(-1)).toEqual({ method: 'DELETE', url: 'Flag/a9' });
  });

  it('throws InvalidRecordError with parseRecord’s outcome for an invalid record', () => {
    const call = () => recordTransaction({ ...newRecord(), adjustments: [{ category: 'communication-support', recorded }] }, () => undefined);
    expect(call).toThrow(InvalidRecordError);
  });
});

describe('withFlagProvenancePinned', () => {
  it('keeps who raised the flag when the first item changes', () => {
    const record = newRecord();
    const pinned = withFlagProvenancePinned(record);
    expect(pinned.patientFlag?.recorded).toEqual(recorded);
    const consent = record.consent;
    if (consent === undefined) throw new Error('fixture has a consent');
    const changed = { ...pinned, consent: { ...consent, recorded: laterRecorded } };
    expect(withFlagProvenancePinned(changed).patientFlag?.recorded).toEqual(recorded);
  });
});
