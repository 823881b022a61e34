import { describe, expect, it } from 'vitest';
import { accessReport, renderAccessReport } from './access-report.js';
import { restAuditEvent } from './audit-event.js';
import { breakGlassEvent, consentDecisionEvent } from './security-alert-event.js';
import { breakGlassClinician, gpSystem, lhcre, server } from './test-support/principals.js';

const patient = { id: 'p1', nhsNumber: '9000000009' };
const at = (time: string) => new Date(`2026-11-26T${time}:00.000Z`);

const gpRead = restAuditEvent({
  interaction: 'read', status: 200, principal: gpSystem, patient, entities: ['Flag/f1'], requestId: 'r1', server, recorded: at('09:00'),
});
const lhcreDecision = consentDecisionEvent({
  decision: 'deny', reason: 'C10', principal: lhcre, patient, consentIds: [], requestId: 'r2', server, recorded: at('10:00'),
});
const lhcreRead = restAuditEvent({
  interaction: 'search-type', status: 200, principal: lhcre, patient, entities: [], requestId: 'r2', server, recorded: at('10:00'),
});
const glass = breakGlassEvent({ principal: breakGlassClinician, patient, requestId: 'r3', server, recorded: at('11:00') });
const glassRead = restAuditEvent({
  interaction: 'read', status: 200, principal: breakGlassClinician, patient, entities: ['Flag/f1', 'Condition/c1', 'Flag/f2'], requestId: 'r3', server, recorded: at('11:00'),
});
const gpUpdate = restAuditEvent({
  interaction: 'update', status: 200, principal: gpSystem, patient, entities: ['Flag/f1'], requestId: 'r4', server, recorded: at('12:00'),
});

describe('accessReport', () => {
  it('gives one line per request, newest first, merging its consent decision and break-glass alert', () => {
    const report = accessReport([gpRead, lhcreDecision, lhcreRead, glass, glassRead, gpUpdate]);
    expect(report.lines.map((line) => [line.requestId, line.did, line.allowed, line.breakGlass])).toEqual([
      ['r4', 'changed the record', true, false],
      ['r3', 'looked at part of the record', true, true],
      ['r2', 'looked up the record', false, false],
      ['r1', 'looked at part of the record', true, false],
    ]);
  });

  it('leaves out the end of an emergency override', () => {
    const stopped = breakGlassEvent({ principal: breakGlassClinician, patient, requestId: 'r9', server, recorded: at('12:30'), phase: 'stopped' });
    expect(accessReport([gpRead, stopped]).lines.map((line) => line.requestId)).toEqual(['r1']);
  });

  it('says which organisation, system, role and resource types', () => {
    const [line] = accessReport([glassRead, glass]).lines;
    expect(line).toEqual({
      when: '2026-11-26T11:00:00.000Z',
      organisation: { odsCode: 'B86010', name: 'Leeds Road Surgery' },
      system: 'gp-system',
      userRole: 'R8000',
      did: 'looked at part of the record',
      what: ['Flag', 'Condition'],
      allowed: true,
      breakGlass: true,
      requestId: 'r3',
    });
  });

  it('shows a refusal recorded only as a 403', () => {
    const refused = restAuditEvent({
      interaction: 'read', status: 403, reason: 'consent-denied', principal: lhcre, patient, requestId: 'r5', server, recorded: at('13:00'),
    });
    const [line] = accessReport([refused]).lines;
    expect(line).toMatchObject({ allowed: false, system: 'lhcre-yhcr', userRole: undefined, organisation: { odsCode: 'RV9' } });
  });
});

describe('renderAccessReport', () => {
  it('renders one readable line per entry', () => {
    const text = renderAccessReport(accessReport([gpRead, lhcreDecision, lhcreRead, glass, glassRead]));
    expect(text.split('\n')).toEqual([
      '2026-11-26 11:00 UTC  Leeds Road Surgery (B86010): a member of staff (job role R8000) using gp-system looked at part of the record (Flag, Condition); allowed [emergency access]',
      '2026-11-26 10:00 UTC  Yorkshire and Humber Care Record (RV9): a system using lhcre-yhcr looked up the record; refused',
      '2026-11-26 09:00 UTC  Leeds Road Surgery (B86010): a member of staff (job role R8000) using gp-system looked at part of the record (Flag); allowed',
    ]);
  });

  it('says so when nobody used the record', () => {
    expect(renderAccessReport(accessReport([]))).toBe('Nobody has used this record in the period shown.');
  });

  it('never shows the break-glass justification or the staff name to the person', () => {
    const text = renderAccessReport(accessReport([glass, glassRead]));
    expect(text).not.toContain('Unconscious');
    expect(text).not.toContain('Dr A Clinician');
  });
});
