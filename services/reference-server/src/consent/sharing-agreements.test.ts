import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSharingAgreements } from './sharing-agreements.js';

const dir = mkdtempSync(join(tmpdir(), 'raflag-sharing-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function fileWith(content: unknown): string {
  const file = join(dir, `agreements-${n++}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const yhcr = {
  clientId: 'lhcre-yhcr',
  organisation: { odsCode: 'YHCR1', name: 'Yorkshire & Humber Care Record' },
  mode: 'opt-out',
  mayRead: ['Flag', 'Condition'],
  notificationEndpoint: 'https://yhcr.example.nhs.uk/raflag/notify',
};
const oneLondon = {
  clientId: 'lhcre-onelondon',
  organisation: { odsCode: 'OL001', name: 'OneLondon' },
  mayRead: ['Flag'],
  notificationEndpoint: 'http://127.0.0.1:8099/notify',
};

describe('loadSharingAgreements', () => {
  it('loads valid agreements and defaults the mode to opt-in', async () => {
    const result = await loadSharingAgreements(fileWith({ agreements: [yhcr, oneLondon] }));
    expect(result).toEqual({ ok: true, agreements: [yhcr, { ...oneLondon, mode: 'opt-in' }] });
  });

  it('accepts an empty list and http on localhost', async () => {
    expect(await loadSharingAgreements(fileWith({ agreements: [] }))).toEqual({ ok: true, agreements: [] });
    const local = { ...yhcr, notificationEndpoint: 'http://localhost:3000/n' };
    expect((await loadSharingAgreements(fileWith({ agreements: [local] }))).ok).toBe(true);
  });

  const bad: [string, unknown, string][] = [
    ['http to a remote host', { ...yhcr, notificationEndpoint: 'http://yhcr.example.nhs.uk/notify' }, 'agreements[0].notificationEndpoint must use https'],
    ['http to the metadata address', { ...yhcr, notificationEndpoint: 'http://169.254.169.254/latest' }, 'agreements[0].notificationEndpoint must use https'],
    ['a relative endpoint', { ...yhcr, notificationEndpoint: '/notify' }, 'agreements[0].notificationEndpoint is not an absolute URL'],
    ['credentials in the endpoint', { ...yhcr, notificationEndpoint: 'https://u:secret@yhcr.example/n' }, 'agreements[0].notificationEndpoint must not carry a user name or password'],
    ['ftp endpoint', { ...yhcr, notificationEndpoint: 'ftp://yhcr.example/n' }, 'agreements[0].notificationEndpoint must use https'],
    ['an unknown mode', { ...yhcr, mode: 'always' }, 'agreements[0].mode must be one of "opt-in", "opt-out"'],
    ['an unshareable type', { ...yhcr, mayRead: ['Flag', 'AuditEvent'] }, 'agreements[0].mayRead[1] must be one of'],
    ['nothing to read', { ...yhcr, mayRead: [] }, 'agreements[0].mayRead must list at least one of'],
    ['a type twice', { ...yhcr, mayRead: ['Flag', 'Flag'] }, 'agreements[0].mayRead lists a resource type twice'],
    ['a bad ODS code', { ...yhcr, organisation: { odsCode: 'no spaces!', name: 'x' } }, 'agreements[0].organisation.odsCode must be an ODS organisation code'],
    ['a missing organisation name', { ...yhcr, organisation: { odsCode: 'YHCR1' } }, 'agreements[0].organisation.name is missing; add it'],
    ['a missing clientId', { ...yhcr, clientId: undefined }, 'agreements[0].clientId is missing; add it'],
    ['a clientId that is a number', { ...yhcr, clientId: 7 }, 'agreements[0].clientId must be a string'],
    ['an empty clientId', { ...yhcr, clientId: ' ' }, "agreements[0].clientId must be the LHCRE's client id"],
    ['an unknown field', { ...yhcr, share: 'all' }, 'agreements[0] has unknown field(s) share'],
  ];
  it.each(bad)('refuses %s, naming the file and field', async (_name, agreement, expected) => {
    const file = fileWith({ agreements: [agreement] });
    const result = await loadSharingAgreements(file);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe('invalid');
    expect(result.message.startsWith(`${file}: `)).toBe(true);
    expect(result.message).toContain(expected);
    expect(result.message).not.toContain('secret');
  });

  it('refuses a repeated clientId and a repeated ODS code (case-insensitive)', async () => {
    const dupClient = await loadSharingAgreements(fileWith({ agreements: [yhcr, { ...oneLondon, clientId: 'lhcre-yhcr' }] }));
    expect(dupClient.ok === false && dupClient.message).toContain('agreements[1].clientId repeats the clientId');
    const dupOds = await loadSharingAgreements(fileWith({ agreements: [yhcr, { ...oneLondon, organisation: { odsCode: 'yhcr1', name: 'x' } }] }));
    expect(dupOds.ok === false && dupOds.message).toContain('agreements[1].organisation.odsCode repeats the ODS code');
  });

  it('refuses a top-level array and reports each problem', async () => {
    const result = await loadSharingAgreements(fileWith([yhcr]));
    expect(result.ok === false && result.message).toContain('(top level) must be an object');
    const two = await loadSharingAgreements(fileWith({ agreements: [{ ...yhcr, mode: 'x', mayRead: [] }] }));
    expect(two.ok === false && two.message).toMatch(/agreements\[0\]\.mode .*; agreements\[0\]\.mayRead /);
  });

  it('says when the file is missing or not JSON', async () => {
    const missing = join(dir, 'nope.json');
    expect(await loadSharingAgreements(missing)).toEqual({
      ok: false,
      reason: 'not-found',
      message: `${missing}: no sharing agreements file; create one (see services/reference-server/docs/sharing-agreements.md) or start without LHCRE sharing`,
    });
    const broken = fileWith('{"agreements": [');
    const result = await loadSharingAgreements(broken);
    expect(result).toMatchObject({ ok: false, reason: 'invalid-json' });
  });

  it('says when the file cannot be read', async () => {
    // A directory in place of the file: reading fails with something other than ENOENT.
    expect(await loadSharingAgreements(dir)).toMatchObject({ ok: false, reason: 'unreadable' });
  });
});
