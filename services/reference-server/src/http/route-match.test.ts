import { describe, expect, it } from 'vitest';
import { lookupRoute } from './route-match.js';
import { routes } from './routes.js';

describe('lookupRoute over the route table', () => {
  it.each([
    ['GET', '/metadata', 'capabilities', {}],
    ['POST', '/', 'transaction', {}],
    ['POST', '/$validate', 'validate', {}],
    ['GET', '/PatientFlag', 'patient-flag-read', {}],
    ['POST', '/PatientFlag', 'patient-flag-transaction', {}],
    ['GET', '/Flag', 'search-type', { type: 'Flag' }],
    ['POST', '/Flag/_search', 'search-type', { type: 'Flag' }],
    ['POST', '/Condition', 'create', { type: 'Condition' }],
    ['POST', '/Consent/$validate', 'validate', { type: 'Consent' }],
    ['GET', '/Patient/_history', 'history-type', { type: 'Patient' }],
    ['GET', '/Flag/abc', 'read', { type: 'Flag', id: 'abc' }],
    ['GET', '/Flag/a%2Eb', 'read', { type: 'Flag', id: 'a.b' }],
    ['PUT', '/Flag/abc', 'update', { type: 'Flag', id: 'abc' }],
    ['DELETE', '/Flag/abc', 'delete', { type: 'Flag', id: 'abc' }],
    ['GET', '/Flag/abc/_history', 'history-instance', { type: 'Flag', id: 'abc' }],
    ['GET', '/Flag/abc/_history/2', 'vread', { type: 'Flag', id: 'abc', vid: '2' }],
    ['GET', '/Provenance/p1', 'read', { type: 'Provenance', id: 'p1' }],
  ])('%s %s → %s', (method, path, interaction, params) => {
    const found = lookupRoute(routes, method, path);
    expect(found.kind).toBe('found');
    if (found.kind !== 'found') return;
    expect(found.route.def.interaction).toBe(interaction);
    expect(found.route.params).toEqual(params);
  });

  it.each([
    ['GET', '/Observation'],
    ['GET', '/Flag/_unknown'],
    ['GET', '/Flag/a/b'],
    ['GET', '/Flag/%E0%A4%A'],
  ])('%s %s → not found', (method, path) => {
    expect(lookupRoute(routes, method, path).kind).toBe('not-found');
  });

  it.each([
    ['POST', '/Provenance', ['GET']],
    ['PUT', '/Provenance/x', ['GET']],
    ['PATCH', '/Flag/x', ['DELETE', 'GET', 'PUT']],
    ['GET', '/', ['POST']],
  ])('%s %s → 405 allowing %j', (method, path, allowed) => {
    expect(lookupRoute(routes, method, path)).toEqual({ kind: 'wrong-method', allowed });
  });
});
