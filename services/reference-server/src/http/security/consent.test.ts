import type { Bundle, Consent } from 'fhir/r4.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredVersion } from '../../store/store.js';
import { adjustmentFlag, NHS_NUMBER as BUNDLE_NHS_NUMBER, transactionBundle } from '../test-support/ra-resources.js';
import { bundleOf, messageIds, outcomeOf, type Received } from '../test-support/test-server.js';
import { DEMO_PATIENTS, startSecuredServer, USERS, type SecuredServer } from './test-support/secured-server.js';

/**
 * security.md §7 C10/C11 and D1–D2, D4, D10: what an opt-in LHCRE (YHCR, Y56) may read under
 * each patient's consent, and what recording and withdrawing consent do.
 */
let s: SecuredServer;
let yhcr: string;
let gp: string;
const ids: Record<string, string> = {};

const RA_CONSENT_PURPOSE = 'https://fhir.nhs.uk/England/CodeSystem/RA-ConsentPurpose';

async function storedOf(resourceType: string, patientId: string): Promise<StoredVersion[]> {
  const page = await s.server.store.search({
    resourceType,
    conditions: [{ kind: 'reference', param: 'patient', values: [{ type: 'Patient', id: patientId }] }],
    sort: 'lastUpdated',
    count: 50,
  });
  return [...page.matches];
}

const firstFlagId = async (patientId: string): Promise<string> => (await storedOf('Flag', patientId))[0]?.id ?? 'none';

beforeAll(async () => {
  s = await startSecuredServer();
  for (const [name, nhsNumber] of Object.entries(DEMO_PATIENTS)) ids[name] = await s.patientId(nhsNumber);
  ids['withdrawing'] = await s.patientId('9990395969');
  yhcr = await s.token('demo-lhcre-yhcr');
  gp = await s.token('demo-gp-riverside', { user: USERS.manager });
  // A record whose given consent permits only another LHCRE (QWO, West Yorkshire): it never names YHCR.
  const recorded = await s.fhir('', gp, { method: 'POST', body: transactionBundle() });
  if (recorded.status !== 200) throw new Error(`could not record the QWO-only record: ${recorded.status} ${recorded.text}`);
  ids['otherPartner'] = await s.patientId(BUNDLE_NHS_NUMBER);
});
afterAll(async () => {
  await s.close();
});

const id = (name: string): string => ids[name] ?? 'unknown';

function expectEmptySearch(answer: Received): void {
  expect(answer.status).toBe(200);
  const bundle = bundleOf(answer);
  expect(bundle.type).toBe('searchset');
  expect(bundle.entry ?? []).toEqual([]);
  expect(bundle.total).toBeUndefined();
  expect((bundle.link ?? []).map((l) => l.relation)).not.toContain('next');
}

function expectNotFoundLikeMissing(hidden: Received, missing: Received): void {
  expect(hidden.status).toBe(404);
  expect(missing.status).toBe(404);
  expect(outcomeOf(hidden).issue[0]?.code).toBe('not-found');
  expect(messageIds(hidden)).toEqual(messageIds(missing));
  expect(hidden.text).toBe(missing.text);
}

describe('an opt-in LHCRE reads under the patient consent', () => {
  it('reads a patient whose given consent permits it by name: search, read and PatientFlag', async () => {
    const search = await s.fhir(`/Flag?patient=${id('permitted')}`, yhcr);
    expect(search.status).toBe(200);
    expect(bundleOf(search).entry?.length ?? 0).toBeGreaterThan(0);
    expect(bundleOf(search).total).toBeUndefined();
    expect((await s.fhir(`/Flag/${await firstFlagId(id('permitted'))}`, yhcr)).status).toBe(200);
    const patientFlag = await s.fhir(`/PatientFlag?patient=${DEMO_PATIENTS.permitted}`, yhcr);
    expect(bundleOf(patientFlag).entry?.length ?? 0).toBeGreaterThan(0);
  });

  it.each([
    ['who refused consent', 'refused'],
    ['whose consent denies it by name', 'deniesYhcr'],
    ['whose consent permits only another LHCRE', 'otherPartner'],
  ])('gets an empty search, with no total, for a patient %s', async (_name, patient) => {
    expect((await storedOf('Flag', id(patient))).length).toBeGreaterThan(0);
    expectEmptySearch(await s.fhir(`/Flag?patient=${id(patient)}`, yhcr));
    expectEmptySearch(await s.fhir(`/Condition?patient=${id(patient)}`, yhcr));
    expectEmptySearch(await s.fhir(`/Consent?patient=${id(patient)}`, yhcr));
  });

  it.each([
    ['who refused consent', 'refused'],
    ['whose consent denies it by name', 'deniesYhcr'],
    ['whose consent permits only another LHCRE', 'otherPartner'],
  ])('gets 404, exactly as for a missing id, reading the Flag or Patient of a patient %s', async (_name, patient) => {
    const flagId = await firstFlagId(id(patient));
    expectNotFoundLikeMissing(await s.fhir(`/Flag/${flagId}`, yhcr), await s.fhir(`/Flag/${flagId.slice(0, -4)}0000`, yhcr));
    expectNotFoundLikeMissing(await s.fhir(`/Flag/${flagId}/_history/1`, yhcr), await s.fhir(`/Flag/${flagId.slice(0, -4)}0000/_history/1`, yhcr));
    expectNotFoundLikeMissing(await s.fhir(`/Patient/${id(patient)}`, yhcr), await s.fhir(`/Patient/${id(patient).slice(0, -4)}0000`, yhcr));
  });

  it('gets an empty PatientFlag answer for the refused patient', async () => {
    expectEmptySearch(await s.fhir(`/PatientFlag?patient=${DEMO_PATIENTS.refused}`, yhcr));
  });

  it('never sees a count: _summary=count is refused to filtered callers (LHCRE and clinical system alike)', async () => {
    for (const token of [yhcr, gp]) {
      const answer = await s.fhir(`/Flag?patient=${id('refused')}&_summary=count`, token);
      expect(answer.status).toBe(403);
      expect(messageIds(answer)).toEqual(['http.count-filtered']);
    }
  });

  it('never carries total in a type-wide search either', async () => {
    const answer = await s.fhir('/Flag?_count=100', yhcr);
    expect(answer.status).toBe(200);
    expect(bundleOf(answer).total).toBeUndefined();
    const subjects = new Set((bundleOf(answer).entry ?? []).map((e) => (e.resource as { subject?: { reference?: string } }).subject?.reference));
    for (const hidden of ['refused', 'deniesYhcr', 'otherPartner']) expect(subjects).not.toContain(`Patient/${id(hidden)}`);
  });
});

describe('paging never hints at hidden records (C11)', () => {
  const hiddenPatients = ['refused', 'deniesYhcr', 'otherPartner', 'noFlag'];

  it('answers a small page over a hidden record exactly as over a patient with no record: no next link', async () => {
    const hidden = await s.fhir(`/Flag?patient=${id('deniesYhcr')}&_count=1`, yhcr);
    const none = await s.fhir(`/Flag?patient=${id('noFlag')}&_count=1`, yhcr);
    expect((bundleOf(hidden).link ?? []).map((l) => l.relation)).toEqual(['self']);
    expect((bundleOf(none).link ?? []).map((l) => l.relation)).toEqual(['self']);
    expectEmptySearch(hidden);
  });

  it.each([
    ['a search', '/Flag?_count=2'],
    ['the type history', '/Flag/_history?_count=2'],
  ])('pages through %s to every visible Flag, with cursors that name no hidden one', async (_name, first) => {
    const hiddenIds = new Set<string>();
    for (const patient of hiddenPatients) for (const version of await storedOf('Flag', id(patient))) hiddenIds.add(version.id);
    const visibleIds = new Set<string>();
    for (const patient of ['permitted', 'hospitalRecorded', 'withdrawing']) for (const version of await storedOf('Flag', id(patient))) visibleIds.add(version.id);
    const seen = new Set<string>();
    let url: string | undefined = `${s.base}${first}`;
    for (let pages = 0; url !== undefined && pages < 100; pages += 1) {
      const answer: Received = await s.fhir(url.slice(s.base.length), yhcr);
      expect(answer.status).toBe(200);
      for (const entry of bundleOf(answer).entry ?? []) if (entry.resource?.id !== undefined) seen.add(entry.resource.id);
      const links = bundleOf(answer).link ?? [];
      expect(links.map((l) => l.relation)).not.toContain('previous');
      url = links.find((l) => l.relation === 'next')?.url;
      const cursor = url === undefined ? '' : (new URL(url).searchParams.get('_cursor') ?? '');
      const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
      for (const hiddenId of hiddenIds) expect(decoded).not.toContain(hiddenId);
    }
    for (const hiddenId of hiddenIds) expect(seen).not.toContain(hiddenId);
    for (const visibleId of visibleIds) expect(seen).toContain(visibleId);
  });
});

describe('recording against a refusal', () => {
  it('rejects an active Flag for the patient who refused with 422 http.consent-refused, and stores nothing', async () => {
    const before = (await storedOf('Flag', id('refused'))).length;
    const answer = await s.fhir('/Flag', gp, { method: 'POST', body: adjustmentFlag(id('refused')) });
    expect(answer.status).toBe(422);
    expect(outcomeOf(answer).issue[0]?.code).toBe('business-rule');
    expect(messageIds(answer)).toEqual(['http.consent-refused']);
    expect(outcomeOf(answer).issue[0]?.details?.text).toContain('refused');
    expect(answer.text).not.toContain(DEMO_PATIENTS.refused);
    expect((await storedOf('Flag', id('refused'))).length).toBe(before);
  });
});

describe('withdrawing consent', () => {
  it('ends the LHCRE reads from the very next request, and queues a withdrawn notification for it', async () => {
    const patient = id('withdrawing');
    const flagId = await firstFlagId(patient);
    // The control: YHCR reads this record while the consent stands.
    expect((await s.fhir(`/Flag/${flagId}`, yhcr)).status).toBe(200);
    expect(bundleOf(await s.fhir(`/Flag?patient=${patient}`, yhcr)).entry?.length ?? 0).toBeGreaterThan(0);

    const consentSearch = await s.fhir(`/Consent?patient=${patient}`, gp);
    const consent = bundleOf(consentSearch).entry?.[0]?.resource as Consent;
    const withdrawn: Consent = {
      ...consent,
      status: 'inactive',
      provision: {
        ...consent.provision,
        purpose: [{ system: RA_CONSENT_PURPOSE, code: 'RAREVOKED', display: 'Reasonable Adjustments - Consent revoked to record Reasonable Adjustments' }],
      },
    };
    const update = await s.fhir(`/Consent/${consent.id}`, gp, { method: 'PUT', body: withdrawn, headers: { 'If-Match': `W/"${consent.meta?.versionId}"` } });
    expect(update.status, update.text).toBe(200);

    expectNotFoundLikeMissing(await s.fhir(`/Flag/${flagId}`, yhcr), await s.fhir(`/Flag/${flagId.slice(0, -4)}0000`, yhcr));
    expectEmptySearch(await s.fhir(`/Flag?patient=${patient}`, yhcr));
    expectEmptySearch(await s.fhir(`/PatientFlag?patient=9990395969`, yhcr));
    // Withdrawal ends opt-out sharing too.
    expect((await s.fhir(`/Flag/${flagId}`, await s.token('demo-lhcre-wessex'))).status).toBe(404);

    const rows = s.server.store.outboxRecords({ lhcreClientId: 'demo-lhcre-yhcr', nhsNumber: '9990395969' });
    const last = rows.at(-1);
    expect(last?.item.event).toBe('withdrawn');
    expect(last?.item.resources).toEqual([]);
    // Wessex (opt-out, never named) was permitted too, so it is told as well; nobody else is.
    expect(s.server.store.outboxRecords({ nhsNumber: '9990395969' }).map((r) => r.item.lhcreClientId).sort()).toEqual(['demo-lhcre-wessex', 'demo-lhcre-yhcr']);
  });
});

describe('transactions reading back', () => {
  it('records the QWO-only record (the fixture) and YHCR cannot read it back through a search with _include', async () => {
    const answer = await s.fhir(`/Flag?patient=${id('otherPartner')}&_include=Flag:detail`, yhcr);
    expectEmptySearch(answer);
    expect((bundleOf(answer) as Bundle).entry).toBeUndefined();
  });
});
