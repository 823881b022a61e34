import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotFoundError, RaflagClient, SmartAuth, type RequestingUser } from '@raflag/client';
import { parseRecord, type RaRecordInput } from '@raflag/core';
import type { AuditEvent, Bundle, Flag, Parameters } from 'fhir/r4.js';
import { credentialsFromServerDataDir } from '@raflag/lhcre-simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, freePort, runProcess, type Running } from './support/processes.js';

/*
 * The whole journey of issue 5, with the reference server and two LHCRE simulators as separate
 * processes on loopback: a GP records consent (a best-interest decision) and a flag; the
 * permitted LHCRE is notified and keeps a copy; the other LHCRE hears nothing and reads 404; a
 * user who may only see that a flag exists sees exactly that; consent is withdrawn and the LHCRE
 * purges; the audit trail shows every step and the provision report counts the record.
 */

const NHS_NUMBER = '9434765919';
const GP_USER: RequestingUser = { id: '555086415105', name: 'Dr Amina Shah', role: 'R8000', activities: ['B0257', 'B0380'] };
const EXISTENCE_USER: RequestingUser = { id: '555086415106', role: 'R8000', activities: ['B0264'] };
const recorded = {
  practitioner: { sdsId: '555086415105', name: 'Dr Amina Shah' },
  organisation: { odsCode: 'B82005', name: 'Riverside Medical Centre' },
  role: { system: 'https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-SDSJobRoleName-1', code: 'R0260' },
  when: '2026-11-26T09:00:00Z',
};
const record: RaRecordInput = {
  patient: { nhsNumber: NHS_NUMBER, name: { family: 'Okafor', given: ['Daniel'] } },
  adjustments: [
    { category: 'requires-specific-information-format', code: '796161000000101', recorded },
    { category: 'bespoke-reasonable-adjustments', description: 'First appointment of the day; a quiet room to wait in', recorded },
  ],
  impairments: [{ code: 'learning', recorded }],
  consent: {
    basis: 'best-interest',
    state: 'given',
    bestInterestSummary: 'Lacks capacity to decide about sharing; a best-interest meeting with his mother and the GP agreed sharing helps his care.',
    recorded,
    sharing: { permit: [{ odsCode: 'Y56', name: 'Yorkshire and Humber Care Record' }], deny: [] },
  },
};

interface Status {
  readonly notificationsReceived: number;
  readonly holds: readonly { nhsNumber: string }[];
}

describe('the sharing journey, end to end across processes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'raflag-story-'));
  const dataDir = join(dir, 'server');
  let server: Running;
  let yhcr: Running;
  let wessex: Running;
  let origin: string;
  let yhcrUrl: string;
  let wessexUrl: string;

  const keyOf = (clientId: string) => {
    const found = credentialsFromServerDataDir(dataDir, clientId);
    if (!found.ok) throw new Error(found.message);
    return { privateKey: found.privateKey, alg: found.alg };
  };
  const client = (clientId: string, user?: RequestingUser): RaflagClient => new RaflagClient({ baseUrl: `${origin}/fhir`, clientId, ...keyOf(clientId), ...(user === undefined ? {} : { user }) });
  const token = (clientId: string, user?: RequestingUser): Promise<string> =>
    new SmartAuth({ baseUrl: `${origin}/fhir`, clientId, ...keyOf(clientId), ...(user === undefined ? {} : { user }) }).accessToken();
  const status = async (url: string): Promise<Status> => (await (await fetch(`${url}/status`)).json()) as Status;
  const fhirGet = async <T>(path: string, bearer: string): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${origin}/fhir${path}`, { headers: { Authorization: `Bearer ${bearer}`, Accept: 'application/fhir+json' } });
    return { status: res.status, body: (await res.json()) as T };
  };

  beforeAll(async () => {
    const [yhcrPort, wessexPort] = [await freePort(), await freePort()];
    // Both LHCREs share only under an explicit permit; the patient's consent names only Yorkshire and Humber.
    const agreement = (clientId: string, odsCode: string, name: string, port: number) => ({
      clientId,
      organisation: { odsCode, name },
      mode: 'opt-in',
      mayRead: ['Flag', 'Condition', 'Consent', 'Patient', 'Provenance'],
      notificationEndpoint: `http://127.0.0.1:${port}/notifications`,
    });
    mkdirSync(dataDir);
    writeFileSync(
      join(dataDir, 'sharing-agreements.json'),
      JSON.stringify({ agreements: [agreement('demo-lhcre-yhcr', 'Y56', 'Yorkshire and Humber Care Record', yhcrPort), agreement('demo-lhcre-wessex', 'QRL', 'Wessex Care Record', wessexPort)] }),
    );
    server = runProcess('services/reference-server/src/main.ts', [], { PORT: '0', RAFLAG_DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    origin = (await server.waitFor(/FHIR base URL: (http:\/\/\S+)\/fhir/))[1] ?? '';
    const simulator = (clientId: string, port: number): Running =>
      runProcess('services/lhcre-simulator/src/main.ts', ['--server', origin, '--client-id', clientId, '--server-data-dir', dataDir, '--port', String(port), '--data-file', join(dir, `${clientId}.db`)], {});
    yhcr = simulator('demo-lhcre-yhcr', yhcrPort);
    wessex = simulator('demo-lhcre-wessex', wessexPort);
    yhcrUrl = (await yhcr.waitFor(/holdings at (http:\/\/\S+)\/status/))[1] ?? '';
    wessexUrl = (await wessex.waitFor(/holdings at (http:\/\/\S+)\/status/))[1] ?? '';
  }, 90_000);

  afterAll(async () => {
    await Promise.all([yhcr?.stop(), wessex?.stop()]);
    expect(await server?.stop()).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  let reportBefore: Parameters;
  const flagsCounted = (report: Parameters): number => report.parameter?.find((p) => p.name === 'patients-with-flag')?.valueInteger ?? -1;

  it('1. a GP system records consent by a best-interest decision and a flag with adjustments and an impairment', async () => {
    reportBefore = (await fhirGet<Parameters>('/$provision-report', await token('demo-auditor-riverside'))).body;
    const gp = client('demo-gp-riverside', GP_USER);
    const parsed = parseRecord(record);
    if (!parsed.ok) throw new Error('the story record must parse');
    await gp.saveRecord(parsed.record);
    const back = await gp.getRecord(NHS_NUMBER);
    expect(back.adjustments).toHaveLength(2);
    expect(back.impairments).toHaveLength(1);
    expect(back.consent).toMatchObject({ basis: 'best-interest', state: 'given' });
  });

  it('2. the permitted LHCRE is notified and holds a copy; the other is not notified and reads 404', async () => {
    await eventually(async () => ((await status(yhcrUrl)).holds.some((h) => h.nhsNumber === NHS_NUMBER) ? true : undefined), 'the YHCR simulator to hold the record');
    const theirs = await client('demo-lhcre-yhcr').getRecord(NHS_NUMBER);
    expect(theirs.adjustments).toHaveLength(2);
    const other = await status(wessexUrl);
    expect(other.notificationsReceived).toBe(0);
    expect(other.holds).toEqual([]);
    await expect(client('demo-lhcre-wessex').getRecord(NHS_NUMBER)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('3. a user who may only see that a flag exists sees the flag and nothing more', async () => {
    const { status: code, body } = await fhirGet<Bundle>(`/PatientFlag?patient=${NHS_NUMBER}`, await token('demo-hospital-york', EXISTENCE_USER));
    expect(code).toBe(200);
    expect(body.total).toBeUndefined();
    const resources = (body.entry ?? []).map((e) => e.resource);
    expect(resources).toHaveLength(1);
    const flag = resources[0] as Flag;
    expect(flag.meta?.tag?.some((t) => t.code === 'SUBSETTED')).toBe(true);
    expect(flag.extension).toBeUndefined();
    expect(flag.contained).toBeUndefined();
  });

  it('4. consent is withdrawn: the LHCRE purges its copy and its reads answer 404', async () => {
    await client('demo-gp-riverside', GP_USER).withdrawConsent(NHS_NUMBER, 'His mother, as his attorney, withdrew consent to share', { ...recorded, when: '2026-11-26T12:00:00Z' });
    await eventually(async () => ((await status(yhcrUrl)).holds.length === 0 ? true : undefined), 'the YHCR simulator to purge the record');
    await expect(client('demo-lhcre-yhcr').getRecord(NHS_NUMBER)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('5. the audit trail shows every step, and the provision report counts the record', async () => {
    const auditor = await token('demo-auditor-riverside');
    const patientBundle = await fhirGet<Bundle>(`/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|${NHS_NUMBER}`, await token('demo-gp-riverside', GP_USER));
    const patientId = patientBundle.body.entry?.[0]?.resource?.id;
    expect(patientId).toBeDefined();
    const trail = await fhirGet<Bundle>(`/AuditEvent?patient=Patient/${patientId ?? ''}&_count=100`, auditor);
    expect(trail.status).toBe(200);
    const events = (trail.body.entry ?? []).map((e) => e.resource as AuditEvent);
    const clients = new Set(events.flatMap((e) => (e.agent ?? []).map((a) => a.who?.identifier?.value)));
    for (const clientId of ['demo-gp-riverside', 'demo-lhcre-yhcr', 'demo-hospital-york']) expect(clients, `an audit event by ${clientId}`).toContain(clientId);
    // The permitted LHCRE's reads, before (allowed) and after withdrawal (refused), are both written down.
    const lhcreOutcomes = events.filter((e) => (e.agent ?? []).some((a) => a.who?.identifier?.value === 'demo-lhcre-yhcr')).map((e) => e.outcome);
    expect(lhcreOutcomes).toContain('0');
    expect(lhcreOutcomes.some((o) => o !== '0')).toBe(true);

    const report = (await fhirGet<Parameters>('/$provision-report', auditor)).body;
    expect(flagsCounted(report)).toBe(flagsCounted(reportBefore) + 1);
  });
});
