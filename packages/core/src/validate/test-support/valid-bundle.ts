import validRaBundle from '../__fixtures__/valid-ra-bundle.json' with { type: 'json' };
import { clone } from './issues.js';

/** Entry positions of `valid-ra-bundle.json`. */
export const entry = {
  patient: 0,
  patientFlag: 1,
  adjustment: 2,
  adjustment2: 3,
  adjustment3: 4,
  impairment: 5,
  underlyingCondition: 6,
  consent: 7,
} as const;

type Json = Record<string, unknown>;

/** A fresh copy of the valid Gen 3 transaction Bundle. */
export function validBundle(): Json {
  return clone(validRaBundle) as unknown as Json;
}

/** A fresh copy of one entry's resource. */
export function validResource(index: number): Json {
  const resource = validRaBundle.entry[index]?.resource;
  if (resource === undefined) throw new Error(`no entry ${index}`);
  return clone(resource) as unknown as Json;
}
