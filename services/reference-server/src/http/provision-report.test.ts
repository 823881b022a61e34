import type { Parameters } from 'fhir/r4.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoRecords } from '../demo/demo-records.js';
import { startSecuredServer, USERS, type SecuredServer } from './security/test-support/secured-server.js';

const valueOf = (report: Parameters, name: string): number | undefined => report.parameter?.find((p) => p.name === name)?.valueInteger;
const partOf = (report: Parameters, name: string, part: string): number | undefined =>
  report.parameter?.find((p) => p.name === name)?.part?.find((p) => p.name === part)?.valueInteger;

describe('GET $provision-report', () => {
  let secured: SecuredServer;

  beforeAll(async () => {
    secured = await startSecuredServer();
  }, 60_000);
  afterAll(async () => {
    await secured.close();
  });

  it('counts flags, adjustments by category, impairments and consents over the whole store, for auditors', async () => {
    const answer = await secured.fhir('/$provision-report', await secured.token('demo-auditor-riverside'));
    expect(answer.status).toBe(200);
    const report = answer.json as Parameters;
    const records = demoRecords.flatMap((demo) => (demo.record === undefined ? [] : [demo.record]));
    const adjustments = records.flatMap((record) => record.adjustments ?? []);
    expect(valueOf(report, 'adjustments')).toBe(adjustments.length);
    for (const category of new Set(adjustments.map((a) => a.category))) {
      expect(partOf(report, 'adjustments-by-category', category)).toBe(adjustments.filter((a) => a.category === category).length);
    }
    const states = records.flatMap((record) => (record.consent === undefined ? [] : [record.consent.state]));
    expect(partOf(report, 'consents', 'given')).toBe(states.filter((s) => s === 'given').length);
    expect(partOf(report, 'consents', 'refused')).toBe(states.filter((s) => s === 'refused').length);
    expect(valueOf(report, 'patients-with-flag')).toBeGreaterThan(0);
    // Counts only: no NHS number anywhere in the answer.
    for (const demo of demoRecords) expect(answer.text).not.toContain(demo.nhsNumber);
  });

  it('follows a new record: one more flag and its adjustments', async () => {
    const auditor = await secured.token('demo-auditor-riverside');
    const before = (await secured.fhir('/$provision-report', auditor)).json as Parameters;
    const gp = await secured.token('demo-gp-riverside', { user: USERS.manager });
    const { recordBundle } = await import('../../bench/record-bundle.js');
    const saved = await secured.fhir('/', gp, { method: 'POST', body: JSON.stringify(recordBundle('9434765919')), headers: { 'Content-Type': 'application/fhir+json' } });
    expect(saved.status).toBe(200);
    const after = (await secured.fhir('/$provision-report', auditor)).json as Parameters;
    expect(valueOf(after, 'patients-with-flag')).toBe((valueOf(before, 'patients-with-flag') ?? 0) + 1);
    expect(valueOf(after, 'adjustments')).toBe((valueOf(before, 'adjustments') ?? 0) + 2);
  });

  it('is for auditors only: a care provider is refused with 403', async () => {
    const answer = await secured.fhir('/$provision-report', await secured.token('demo-gp-riverside', { user: USERS.manager }));
    expect(answer.status).toBe(403);
    expect(answer.text).toContain('http.report-auditors-only');
  });
});
