import type { Flag, OperationOutcomeIssue } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { raflagUrl } from '../canonical.js';
import { readScrFlag, type ScrFlagItem } from './read-scr-flag.js';
import { careCoordinatorToFlag, contactToFlag, endOfLifeToFlag, healthActionPlanToFlag } from './scr-flags.js';
import { exampleRecorded as R } from './test-support/fixtures.js';

const patientRef = { reference: 'urn:uuid:p' };

function read(flag: Flag) {
  const issues: OperationOutcomeIssue[] = [];
  const item = readScrFlag(JSON.parse(JSON.stringify(flag)) as Record<string, unknown>, 'Flag', issues);
  return { item, issues: issues.map((i) => `${i.severity} ${i.details?.coding?.[0]?.code} ${i.expression?.[0]}`) };
}

const plan = { planDate: '2025-02', summary: 'Weight and eyesight checked', sharedWith: ['Carer'], recorded: R, id: 'h1' };
const coordinator = {
  name: 'Sam Lee',
  role: 'Community nurse',
  organisation: { name: 'Trust', odsCode: 'RX1' },
  phone: '+44 113 496 0000',
  email: 'sam@example.org',
  recorded: R,
};
const contact = { kind: 'lasting-power-of-attorney' as const, name: 'Pat Mann', relationship: 'Sister', phone: '07700 900000', recorded: R };

describe('SCR item Flags', () => {
  it.each<[string, Flag, ScrFlagItem]>([
    ['Health Action Plan', healthActionPlanToFlag(plan, patientRef), { kind: 'health-action-plan', item: plan }],
    ['Health Action Plan shared with nobody', healthActionPlanToFlag({ ...plan, sharedWith: [] }, patientRef), { kind: 'health-action-plan', item: { ...plan, sharedWith: [] } }],
    ['care coordinator', careCoordinatorToFlag(coordinator, patientRef), { kind: 'care-coordinator', item: coordinator }],
    ['care coordinator with a name only', careCoordinatorToFlag({ name: 'Sam', recorded: R }, patientRef), { kind: 'care-coordinator', item: { name: 'Sam', recorded: R } }],
    ['end-of-life preferences', endOfLifeToFlag({ text: 'At home', date: '2024-12-01', recorded: R }, patientRef), { kind: 'end-of-life-preferences', item: { text: 'At home', date: '2024-12-01', recorded: R } }],
    ['attorney contact', contactToFlag(contact, patientRef), { kind: 'contact', item: contact }],
  ])('reads back the %s it writes', (_, flag, expected) => {
    expect(flag.category?.[0]?.coding?.[0]).toEqual({ system: raflagUrl.scrInformationCodeSystem, code: 'additional-information', display: 'Additional Summary Care Record information' });
    expect(read(flag)).toEqual({ item: expected, issues: [] });
  });

  it('does not read a coordinator whose author does not resolve to a contained PractitionerRole', () => {
    const flag = careCoordinatorToFlag(coordinator, patientRef);
    flag.author = { reference: '#nobody' };
    expect(read(flag)).toEqual({ item: undefined, issues: ['error contained.unresolved Flag.author'] });
  });

  it('does not read a contact Flag without its contact extension', () => {
    const flag = contactToFlag(contact, patientRef);
    delete flag.extension;
    expect(read(flag)).toEqual({ item: undefined, issues: ['error mapping.missing-element Flag.extension'] });
  });

  it('does not read a Health Action Plan without its date, and says which part is missing', () => {
    const flag = healthActionPlanToFlag(plan, patientRef);
    delete flag.period;
    const result = read(flag);
    expect(result).toEqual({ item: undefined, issues: ['error mapping.invalid-record Flag'] });
  });

  it('does not take a category code for an item kind', () => {
    const flag = endOfLifeToFlag({ text: 'x', recorded: R }, patientRef);
    flag.code.coding![0]!.code = 'additional-information';
    expect(read(flag)).toEqual({ item: undefined, issues: ['error mapping.unrecognised-code Flag.code'] });
  });
});
