import { describe, expect, it } from 'vitest';
import { setAt } from '../test-support/json-edit.js';
import { runProfile } from '../test-support/run-profile.js';
import { entry, validResource } from '../test-support/valid-bundle.js';
import { gen3ProvenanceProfile } from './provenance-flag-profile.js';

const provenance = (): Record<string, unknown> =>
  (validResource(entry.adjustment).contained as Record<string, unknown>[])[0] ?? {};

describe('England-Provenance-Flag', () => {
  it('accepts the provenance raflag writes', () => {
    expect(runProfile(gen3ProvenanceProfile, provenance())).toEqual([]);
  });

  it.each([
    ['agent.who naming an Organization', 'agent[0].who', { reference: 'https://directory.spineservices.nhs.uk/Organization/B82005' }, 'Provenance.agent[0].who'],
    ['agent.who typed as a Patient', 'agent[0].who', { reference: 'urn:uuid:1', type: 'Patient' }, 'Provenance.agent[0].who'],
    ['agent.onBehalfOf naming a Practitioner', 'agent[0].onBehalfOf', { reference: 'Practitioner/1' }, 'Provenance.agent[0].onBehalfOf'],
  ])('reports %s', (_name, at, value, expression) => {
    const p = provenance();
    setAt(p, at, value);
    expect(runProfile(gen3ProvenanceProfile, p)).toEqual([['profile.reference-target', expression, 'error']]);
  });

  it('accepts references whose type cannot be told (identifier only, urn:uuid)', () => {
    const p = provenance();
    setAt(p, 'agent[0].who', { identifier: { system: 'https://fhir.nhs.uk/Id/sds-user-id', value: '1' } });
    setAt(p, 'agent[0].onBehalfOf', { reference: 'urn:uuid:7d2c' });
    expect(runProfile(gen3ProvenanceProfile, p)).toEqual([]);
  });
});
