import type { Bundle, BundleEntry, FhirResource } from 'fhir/r4.js';
import { parseRecord, toFhir, type RaRecord, type Recorded } from '@raflag/core';

export const NHS_NUMBER = '9912003888';

export const recorded: Recorded = {
  practitioner: { sdsId: '2ee4tr6a9', name: 'Dr A Patel' },
  organisation: { odsCode: 'A3E5I7', name: 'Riverside Surgery' },
  role: { system: 'https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-SDSJobRoleName-1', code: 'R0260' },
  when: '2026-11-20T10:15:00Z',
};

export const laterRecorded: Recorded = { ...recorded, practitioner: { sdsId: '3ff5us7b0', name: 'Nurse B Jones' }, when: '2026-11-25T09:00:00Z' };

/** A record as a clinical system would first write it. */
export function newRecord(): RaRecord {
  const parsed = parseRecord({
    patient: { nhsNumber: NHS_NUMBER, name: { family: 'Mann', given: ['Alan'] } },
    adjustments: [
      { category: 'communication-support', code: '1082681000000103', notes: 'Short sentences, one idea at a time.', recorded },
      { category: 'bespoke-reasonable-adjustments', description: 'Quiet side room while waiting', recorded },
    ],
    impairments: [{ code: 'learning', recorded }],
    consent: {
      basis: 'best-interest',
      state: 'given',
      bestInterestSummary: 'Lacks capacity for this decision; sharing agreed with his sister and GP.',
      recorded,
      sharing: { permit: [{ odsCode: 'LHCRE1', name: 'Yorkshire and Humber Care Record' }], deny: [] },
    },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.outcome.issue));
  return parsed.record;
}

/**
 * What `GET PatientFlag?patient=…` answers once the record is stored: the PatientFlag (match) and
 * its details (include), each with a server id and version, references rewritten to `Type/id`,
 * and no Patient resource.
 */
export function storedSearchset(base: string, record: RaRecord = newRecord(), version = '2'): Bundle {
  let n = 0;
  const uuids = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
  const transaction = toFhir(record, { uuid: uuids });
  const names = new Map<string, string>();
  const ids = ['p1', 'pf1', 'k1', 'a1', 'a2', 'c1'];
  (transaction.entry ?? []).forEach((e, index) => {
    const type = e.resource?.resourceType ?? '';
    if (e.fullUrl !== undefined) names.set(e.fullUrl, `${type}/${e.resource?.id ?? ids[index] ?? `x${index}`}`);
  });
  let text = JSON.stringify(transaction);
  for (const [urn, name] of names) text = text.split(urn).join(name);
  const rewritten = JSON.parse(text) as Bundle;
  const entry: BundleEntry[] = (rewritten.entry ?? []).flatMap((e, index): BundleEntry[] => {
    const resource = e.resource as FhirResource;
    if (resource.resourceType === 'Patient') return [];
    const name = names.get(transaction.entry?.[index]?.fullUrl ?? '') ?? '';
    const id = name.split('/')[1] ?? '';
    return [
      {
        fullUrl: `${base}/${name}`,
        resource: { ...resource, id, meta: { ...resource.meta, versionId: version } } as FhirResource,
        search: { mode: index === 1 ? 'match' : 'include' },
      },
    ];
  });
  return { resourceType: 'Bundle', type: 'searchset', entry };
}
