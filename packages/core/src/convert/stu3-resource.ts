import type { JsonObject } from '../validate/json-read.js';
import { readStu3Condition } from './stu3-condition.js';
import { readStu3Consent } from './stu3-consent.js';
import { readStu3Flag } from './stu3-flag.js';
import type { ReadOptions } from './stu3-item.js';
import { readStu3List } from './stu3-list.js';
import { emptyReading, merge, type Stu3Reading } from './stu3-reading.js';

const optional = <T>(value: T | undefined): T[] => (value === undefined ? [] : [value]);

/** Reads one STU3 record resource (Flag, Consent, List or stand-alone Condition) at `path`. */
export function readStu3Resource(
  kind: 'flag' | 'consent' | 'list' | 'condition',
  resource: JsonObject,
  path: string,
  options: ReadOptions,
): Stu3Reading {
  switch (kind) {
    case 'flag': {
      const r = readStu3Flag(resource, path, options);
      return withParts(`${path}.subject`, { patients: optional(r.patient), adjustments: optional(r.adjustment), issues: r.issues });
    }
    case 'consent': {
      const r = readStu3Consent(resource, path, options);
      return withParts(`${path}.patient`, { patients: optional(r.patient), consents: optional(r.consent), issues: r.issues });
    }
    case 'list': {
      const r = readStu3List(resource, path, options);
      return withParts(`${path}.subject`, r);
    }
    case 'condition': {
      const r = readStu3Condition(resource, path, options);
      return withParts(`${path}.subject`, {
        patients: optional(r.patient),
        impairments: optional(r.impairment),
        underlyingConditions: optional(r.underlyingCondition),
        issues: r.issues,
      });
    }
  }
}

function withParts(patientExpected: string, parts: Partial<Omit<Stu3Reading, 'patientExpected'>>): Stu3Reading {
  const reading = emptyReading(patientExpected);
  merge(reading, { ...emptyReading(patientExpected), ...parts });
  return reading;
}
