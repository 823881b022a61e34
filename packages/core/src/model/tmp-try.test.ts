import { it } from 'vitest';
import { parseRecord } from './parse-record.js';
it('x', () => {
  const rec = { when: '2024-01-01T11:00:00+00:00', organisation: { odsCode: 'A3E5I7' }, role: { system: 'https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-SDSJobRoleName-1', code: 'R0260' } };
  const r = parseRecord({ patient: { nhsNumber: '9912003881', foo: 1 }, adjustments: [{ category: 'bespoke-reasonable-adjustments', recorded: rec }, { category: 'communication-support', code: '1108111000000107', recorded: rec }], consent: { basis: 'best-interest', state: 'given', recorded: rec } });
  console.log(JSON.stringify(r, null, 1));
  console.log(JSON.stringify(parseRecord({ patient: { nhsNumber: '9912003888' }, adjustments: [{ category: 'communication-support', code: '1082681000000103', recorded: { ...rec, practitioner: undefined } }] })));
});
