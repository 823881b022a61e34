import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fhirJson } from './fhir-json.js';

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

const resource = fc.record({ resourceType: fc.constantFrom('Flag', 'Condition'), id: fc.uuid(), extra: fc.jsonValue() });
const entry = fc.record(
  { fullUrl: fc.webUrl(), resource: fc.tuple(resource, fc.boolean()).map(([r, frozen]) => (frozen ? deepFreeze(r) : r)), search: fc.record({ mode: fc.constantFrom('match', 'include') }) },
  { requiredKeys: ['search'] },
);
const bundle = fc.record({ resourceType: fc.constant('Bundle'), type: fc.constant('searchset'), link: fc.array(fc.record({ relation: fc.string(), url: fc.string() })), entry: fc.array(entry) });

describe('fhirJson', () => {
  it('gives exactly the text JSON.stringify gives, for any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => fhirJson(value) === JSON.stringify(value)));
  });

  it('gives exactly the text JSON.stringify gives for search Bundles with frozen and unfrozen resources', () => {
    fc.assert(fc.property(bundle, (value) => fhirJson(value) === JSON.stringify(value)));
  });

  it('drops undefined members as JSON.stringify does', () => {
    const value = { resourceType: 'Bundle', total: undefined, entry: [{ fullUrl: 'x', resource: undefined, search: { mode: 'match' } }] };
    expect(fhirJson(value)).toBe(JSON.stringify(value));
  });

  it('serialises a frozen resource once and reuses the text', () => {
    const flag = deepFreeze({ resourceType: 'Flag', id: 'a', status: 'active' });
    const spy = { calls: 0 };
    const original = JSON.stringify;
    JSON.stringify = ((...args: Parameters<typeof JSON.stringify>) => {
      if (args[0] === flag) spy.calls += 1;
      return original(...args);
    }) as typeof JSON.stringify;
    try {
      fhirJson({ resourceType: 'Bundle', entry: [{ resource: flag }] });
      fhirJson({ resourceType: 'Bundle', entry: [{ resource: flag }] });
      fhirJson(flag);
    } finally {
      JSON.stringify = original;
    }
    expect(spy.calls).toBe(1);
  });
});
