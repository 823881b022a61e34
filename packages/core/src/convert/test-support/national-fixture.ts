import { readFileSync } from 'node:fs';

/** Reads a national example payload from `src/__fixtures__/national/` as parsed JSON. */
export function nationalFixture(name: string): unknown {
  const url = new URL(`../../__fixtures__/national/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as unknown;
}

/** A deep copy of a fixture, for tests that change one element. */
export function nationalFixtureObject(name: string): Record<string, unknown> {
  return nationalFixture(name) as Record<string, unknown>;
}
