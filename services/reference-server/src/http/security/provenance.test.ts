import type { Bundle, Flag, Provenance } from 'fhir/r4.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adjustmentFlag, NHS_NUMBER as BUNDLE_NHS_NUMBER, transactionBundle } from '../test-support/ra-resources.js';
import { messageIds, outcomeOf } from '../test-support/test-server.js';
import { DEMO_PATIENTS, startSecuredServer, USERS, type SecuredServer } from './test-support/secured-server.js';

/** security.md §7 C15 and C16: writes cannot claim another organisation, nor move an item between records. */
let s: SecuredServer;
let gp: string;
let patientId: string;

const ODS = 'https://directory.spineservices.nhs.uk/Organization';
const SDS = 'https://sds.spineservices.nhs.uk/Practitioner';

beforeAll(async () => {
  s = await startSecuredServer();
  gp = await s.token('demo-gp-riverside', { user: USERS.manager });
  patientId = await s.patientId(DEMO_PATIENTS.permitted);
});
afterAll(async () => {
  await s.close();
});

/** The Flag with its contained Provenance claiming the York hospital and one of its nurses. */
function claimingYork<T extends Flag>(flag: T): T {
  const provenance = flag.contained?.find((c): c is Provenance => c.resourceType === 'Provenance');
  if (provenance === undefined) throw new Error('the fixture Flag has a contained Provenance');
  provenance.agent = [{ ...provenance.agent[0], who: { reference: `${SDS}/555086425106`, display: 'Someone Else' }, onBehalfOf: { reference: `${ODS}/RCB`, display: 'York' } }];
  return flag;
}

async function storedAgents(type: string, id: string): Promise<Provenance['agent']> {
  const stored = await s.server.store.read(type, id);
  const provenance = (stored?.resource as Flag | undefined)?.contained?.find((c): c is Provenance => c.resourceType === 'Provenance');
  return provenance?.agent ?? [];
}

function expectFromToken(agents: Provenance['agent']): void {
  expect(agents).toHaveLength(1);
  expect(agents[0]?.onBehalfOf?.reference).toBe(`${ODS}/B82005`);
  expect(agents[0]?.who?.reference).toBe(`${SDS}/${USERS.manager.id}`);
  expect(JSON.stringify(agents)).not.toContain('RCB');
  expect(JSON.stringify(agents)).not.toContain('555086425106');
}

describe('Provenance comes from the token, not the body', () => {
  it('stores a created Flag with the token organisation and user, whatever the body claimed', async () => {
    const created = await s.fhir('/Flag', gp, { method: 'POST', body: claimingYork(adjustmentFlag(patientId)) });
    expect(created.status, created.text).toBe(201);
    const id = (created.json as Flag).id ?? '';
    expectFromToken(await storedAgents('Flag', id));
    // The answer shows what was stored, not what was sent.
    expectFromToken((created.json as Flag).contained?.find((c): c is Provenance => c.resourceType === 'Provenance')?.agent ?? []);
  });

  it('does the same on update', async () => {
    const created = await s.fhir('/Flag', gp, { method: 'POST', body: adjustmentFlag(patientId) });
    const flag = created.json as Flag;
    const updated = await s.fhir(`/Flag/${flag.id}`, gp, { method: 'PUT', body: claimingYork({ ...flag }), headers: { 'If-Match': `W/"${flag.meta?.versionId}"` } });
    expect(updated.status, updated.text).toBe(200);
    expectFromToken(await storedAgents('Flag', flag.id ?? ''));
  });

  it('does the same for every entry of a transaction', async () => {
    const bundle = transactionBundle();
    for (const entry of bundle.entry ?? []) {
      if (entry.resource?.resourceType === 'Flag') claimingYork(entry.resource);
    }
    const answer = await s.fhir('', gp, { method: 'POST', body: bundle });
    expect(answer.status, answer.text).toBe(200);
    const locations = ((answer.json as Bundle).entry ?? []).map((e) => e.response?.location ?? '').filter((l) => l.startsWith('Flag/'));
    expect(locations.length).toBeGreaterThan(0);
    for (const location of locations) {
      const [, id] = location.split('/');
      expectFromToken(await storedAgents('Flag', id ?? ''));
    }
    expect(await s.patientId(BUNDLE_NHS_NUMBER)).toBeTruthy();
  });

  it('never adds the claimed organisation to the record\u2019s recording organisations (which grant direct care)', async () => {
    // Direct care follows the organisations in the record's Provenance: a trusted forged claim
    // would let York's staff read this record whatever the patient's consent says.
    const other = await s.patientId(DEMO_PATIENTS.deniesYhcr);
    const created = await s.fhir('/Flag', gp, { method: 'POST', body: claimingYork(adjustmentFlag(other)) });
    expect(created.status).toBe(201);
    const page = await s.server.store.search({
      resourceType: 'Flag',
      conditions: [{ kind: 'reference', param: 'patient', values: [{ type: 'Patient', id: other }] }],
      sort: 'lastUpdated',
      count: 50,
    });
    const organisations = new Set(
      page.matches.flatMap((m) => ((m.resource as Flag).contained ?? []).flatMap((c) => (c.resourceType === 'Provenance' ? c.agent.map((a) => a.onBehalfOf?.reference) : []))),
    );
    expect(organisations).toContain(`${ODS}/B82005`);
    expect(organisations).not.toContain(`${ODS}/RCB`);
  });
});

describe('an update keeps the item in the record it was in (C16)', () => {
  it('answers a PUT that moves a Flag to another patient with 422, and leaves it where it was', async () => {
    const created = await s.fhir('/Flag', gp, { method: 'POST', body: adjustmentFlag(patientId) });
    const flag = created.json as Flag;
    const other = await s.patientId(DEMO_PATIENTS.deniesYhcr);
    const moved = await s.fhir(`/Flag/${flag.id}`, gp, { method: 'PUT', body: { ...flag, subject: { reference: `Patient/${other}` } }, headers: { 'If-Match': `W/"${flag.meta?.versionId}"` } });
    expect(moved.status).toBe(422);
    expect(messageIds(moved)).toEqual(['http.patient-immutable']);
    expect(outcomeOf(moved).issue[0]?.expression).toEqual(['Flag.subject']);
    const stored = await s.server.store.read('Flag', flag.id ?? '');
    expect(stored?.versionId).toBe(1);
    expect((stored?.resource as Flag).subject.reference).toBe(`Patient/${patientId}`);
  });

  it('still lets an update change anything else (the control)', async () => {
    const created = await s.fhir('/Flag', gp, { method: 'POST', body: adjustmentFlag(patientId) });
    const flag = created.json as Flag;
    const updated = await s.fhir(`/Flag/${flag.id}`, gp, { method: 'PUT', body: { ...flag, status: 'inactive' }, headers: { 'If-Match': `W/"${flag.meta?.versionId}"` } });
    expect(updated.status, updated.text).toBe(200);
  });
});
