import { bundleHandler } from './handlers/bundle.js';
import { createHandler } from './handlers/create.js';
import { deleteHandler } from './handlers/delete.js';
import { historyHandler } from './handlers/history.js';
import { metadataHandler } from './handlers/metadata.js';
import { patientFlagHandler } from './handlers/patient-flag.js';
import { provisionReportHandler } from './handlers/provision-report.js';
import { readHandler } from './handlers/read.js';
import { searchHandler } from './handlers/search.js';
import { updateHandler } from './handlers/update.js';
import { validateHandler } from './handlers/validate.js';
import { vreadHandler } from './handlers/vread.js';
import type { RouteDef } from './route-def.js';

/** Types clients may write. */
export const WRITABLE_TYPES = ['Flag', 'Condition', 'Consent', 'Patient'] as const;
/**
 * Provenance lives contained in each item, and AuditEvents are written only by the server itself
 * (DESIGN decision 10): the API reads them and never writes them.
 */
export const READ_ONLY_TYPES = ['Provenance', 'AuditEvent'] as const;
export const RESOURCE_TYPES: readonly string[] = [...WRITABLE_TYPES, ...READ_ONLY_TYPES];

const all = RESOURCE_TYPES;
const writable: readonly string[] = WRITABLE_TYPES;

/**
 * The one route table: what serves requests is also what the CapabilityStatement is generated
 * from, so the two cannot drift. Order matters only where patterns overlap: literal segments
 * (`_history`, `_search`, `$validate`) never match `:id`.
 */
export const routes: readonly RouteDef[] = [
  { method: 'GET', path: '/metadata', interaction: 'capabilities', types: [], body: 'none', write: false, handler: metadataHandler },
  { method: 'POST', path: '/', interaction: 'transaction', types: [], body: 'resource', write: true, handler: bundleHandler },
  { method: 'POST', path: '/$validate', interaction: 'validate', types: [], body: 'resource', write: false, handler: validateHandler },
  { method: 'GET', path: '/$provision-report', interaction: 'provision-report', types: [], body: 'none', write: false, handler: provisionReportHandler },
  { method: 'GET', path: '/PatientFlag', interaction: 'patient-flag-read', types: [], body: 'none', write: false, handler: patientFlagHandler },
  { method: 'POST', path: '/PatientFlag', interaction: 'patient-flag-transaction', types: [], body: 'resource', write: true, handler: bundleHandler },
  { method: 'GET', path: '/:type', interaction: 'search-type', types: all, body: 'none', write: false, handler: searchHandler },
  { method: 'POST', path: '/:type/_search', interaction: 'search-type', types: all, body: 'search-form', write: false, handler: searchHandler },
  { method: 'POST', path: '/:type', interaction: 'create', types: writable, body: 'resource', write: true, handler: createHandler },
  { method: 'POST', path: '/:type/$validate', interaction: 'validate', types: all, body: 'resource', write: false, handler: validateHandler },
  { method: 'GET', path: '/:type/_history', interaction: 'history-type', types: all, body: 'none', write: false, handler: historyHandler },
  { method: 'GET', path: '/:type/:id', interaction: 'read', types: all, body: 'none', write: false, handler: readHandler },
  { method: 'PUT', path: '/:type/:id', interaction: 'update', types: writable, body: 'resource', write: true, handler: updateHandler },
  { method: 'DELETE', path: '/:type/:id', interaction: 'delete', types: writable, body: 'none', write: true, handler: deleteHandler },
  { method: 'GET', path: '/:type/:id/_history', interaction: 'history-instance', types: all, body: 'none', write: false, handler: historyHandler },
  { method: 'GET', path: '/:type/:id/_history/:vid', interaction: 'vread', types: all, body: 'none', write: false, handler: vreadHandler },
];
