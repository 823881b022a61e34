import type { RaRecordInput, Recorded } from '@raflag/core';

/**
 * Fictional people for the demo store. Every NHS number is in the 999 range that is never issued
 * to a real person, and passes the modulus 11 check; names and details are invented.
 */

const SDS_ROLE = 'https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-SDSJobRoleName-1';

const gp = (when: string): Recorded => ({
  practitioner: { sdsId: '555086415105', name: 'Dr Ruth Adebayo' },
  organisation: { odsCode: 'B82005', name: 'Riverside Medical Centre' },
  role: { system: SDS_ROLE, code: 'R0260' },
  when,
});

const ldNurse = (when: string): Recorded => ({
  practitioner: { sdsId: '555086425106', name: 'Sam Whitfield' },
  organisation: { odsCode: 'RCB', name: 'York and Scarborough Teaching Hospitals' },
  role: { system: SDS_ROLE, code: 'R0360' },
  when,
});

const LHCRE = { odsCode: 'Y56', name: 'Yorkshire and Humber Care Record' };

export interface DemoRecord {
  /** What the record shows, for the README and the start-up hint. */
  readonly description: string;
  readonly nhsNumber: string;
  /** Undefined for the person who has a Patient resource but no flag at all. */
  readonly record: RaRecordInput | undefined;
  readonly name: { readonly family: string; readonly given: readonly string[] };
}

export const demoRecords: readonly DemoRecord[] = [
  {
    description: 'Learning disability; consent given by a Mental Capacity Act best-interest decision',
    nhsNumber: '9990000018',
    name: { family: 'Okafor', given: ['Grace'] },
    record: {
      patient: { nhsNumber: '9990000018', name: { family: 'Okafor', given: ['Grace'] } },
      adjustments: [
        { category: 'requires-specific-information-format', code: '796161000000101', recorded: gp('2026-09-14T09:30:00Z') },
        {
          category: 'additional-communication-needs-and-support',
          code: '1108151000000106',
          notes: 'Her sister usually comes; call her before the appointment.',
          recorded: gp('2026-09-14T09:30:00Z'),
        },
        { category: 'bespoke-reasonable-adjustments', description: 'First appointment of the day, with a quiet room to wait in', recorded: gp('2026-09-14T09:30:00Z') },
      ],
      impairments: [{ code: 'learning', recorded: gp('2026-09-14T09:30:00Z') }],
      consent: {
        basis: 'best-interest',
        state: 'given',
        bestInterestSummary: 'Lacks capacity to decide on sharing; best-interest meeting with her sister and GP agreed that sharing helps her care.',
        recorded: gp('2026-09-14T09:30:00Z'),
        sharing: { permit: [LHCRE], deny: [] },
      },
    },
  },
  {
    description: 'Refused consent: the flag records the refusal and holds no details',
    nhsNumber: '9990158398',
    name: { family: 'Reilly', given: ['Thomas'] },
    record: {
      patient: { nhsNumber: '9990158398', name: { family: 'Reilly', given: ['Thomas'] } },
      consent: {
        basis: 'patient',
        state: 'refused',
        removalSummary: 'Did not want a flag on his record after discussing it at his review.',
        recorded: gp('2026-10-02T14:05:00Z'),
      },
    },
  },
  {
    description: 'No flag at all: only the Patient',
    nhsNumber: '9990237581',
    name: { family: 'Shah', given: ['Priya'] },
    record: undefined,
  },
  {
    description: 'Health Action Plan and a named care coordinator',
    nhsNumber: '9990316775',
    name: { family: 'Evans', given: ['David'] },
    record: {
      patient: { nhsNumber: '9990316775', name: { family: 'Evans', given: ['David'] } },
      adjustments: [
        { category: 'requires-specific-contact-method', code: '719561001', recorded: ldNurse('2026-06-20T11:00:00Z') },
        { category: 'adjustments-for-providing-additional-support-to-patients', code: '1325421000000100', recorded: ldNurse('2026-06-20T11:00:00Z') },
      ],
      impairments: [
        { code: 'learning', recorded: ldNurse('2026-06-20T11:00:00Z') },
        { code: 'stamina', recorded: ldNurse('2026-06-20T11:00:00Z') },
      ],
      consent: { basis: 'patient', state: 'given', recorded: ldNurse('2026-06-20T11:00:00Z'), sharing: { permit: [LHCRE], deny: [] } },
      scr: {
        healthActionPlan: {
          planDate: '2026-06-20',
          summary: 'Annual health check done. Weight management and a dental appointment this year; epilepsy review in the autumn.',
          sharedWith: ['His support workers at Holly House', 'Community dentist'],
          recorded: ldNurse('2026-06-20T11:00:00Z'),
        },
        careCoordinator: {
          name: 'Anita Kowalska',
          role: 'Community learning disability nurse',
          organisation: { name: 'York and Scarborough Teaching Hospitals', odsCode: 'RCB' },
          phone: '01904 725000',
          recorded: ldNurse('2026-06-20T11:00:00Z'),
        },
      },
    },
  },
  {
    description: 'Several adjustments and impairments: deafblind, uses a wheelchair, lasting power of attorney',
    nhsNumber: '9990395969',
    name: { family: 'Hughes', given: ['Margaret'] },
    record: {
      patient: { nhsNumber: '9990395969', name: { family: 'Hughes', given: ['Margaret'] } },
      adjustments: [
        { category: 'requires-communication-professional', code: '204331000000107', recorded: gp('2026-03-11T10:20:00Z') },
        { category: 'requires-specific-information-format', code: '936661000000109', recorded: gp('2026-03-11T10:20:00Z') },
        { category: 'requires-specific-contact-method', code: '796081000000106', recorded: gp('2026-03-11T10:20:00Z') },
        { category: 'adjustments-in-relation-to-the-environment-of-care', code: '1108191000000103', recorded: gp('2026-03-11T10:20:00Z') },
        { category: 'communication-support', code: '415803005', notes: 'Tactile signing when the light is poor.', recorded: gp('2026-03-11T10:20:00Z') },
      ],
      impairments: [
        { code: 'hearing', recorded: gp('2026-03-11T10:20:00Z') },
        { code: 'vision', recorded: gp('2026-03-11T10:20:00Z') },
        { code: 'mobility', recorded: gp('2026-03-11T10:20:00Z') },
      ],
      consent: {
        basis: 'lasting-power-of-attorney',
        state: 'given',
        recorded: gp('2026-03-11T10:20:00Z'),
        sharing: { permit: [LHCRE], deny: [] },
      },
      scr: {
        contacts: [{ kind: 'lasting-power-of-attorney', name: 'Owen Hughes', relationship: 'Son', phone: '07700 900123', recorded: gp('2026-03-11T10:20:00Z') }],
      },
    },
  },
  {
    description: 'Autistic adult: sensory adjustments and a bespoke one',
    nhsNumber: '9990475156',
    name: { family: 'Adeyemi', given: ['Samuel'] },
    record: {
      patient: { nhsNumber: '9990475156', name: { family: 'Adeyemi', given: ['Samuel'] } },
      adjustments: [
        { category: 'adjustments-in-relation-to-the-environment-of-care', code: '247994001', recorded: gp('2026-08-05T16:45:00Z') },
        { category: 'adjustments-in-relation-to-the-environment-of-care', code: '1325321000000108', recorded: gp('2026-08-05T16:45:00Z') },
        { category: 'bespoke-reasonable-adjustments', description: 'Send pictures of the clinic and the clinician before the visit', recorded: gp('2026-08-05T16:45:00Z') },
      ],
      impairments: [{ code: 'social', recorded: gp('2026-08-05T16:45:00Z') }],
      consent: { basis: 'patient', state: 'given', recorded: gp('2026-08-05T16:45:00Z'), sharing: { permit: [], deny: [LHCRE] } },
    },
  },
];
