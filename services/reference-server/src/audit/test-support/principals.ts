import type { ClientPrincipal } from '../../auth/principal.js';
import type { AuditServer } from '../audit-parts.js';

/** Callers and a server shared by the audit tests. */
export const server: AuditServer = { name: 'raflag reference server', url: 'https://raflag.example/fhir' };

export const gpSystem: ClientPrincipal = {
  kind: 'client',
  clientId: 'gp-system',
  clientKind: 'clinical-system',
  organisation: { odsCode: 'B86010', name: 'Leeds Road Surgery' },
  scope: 'system/Flag.rs',
  user: { id: '555000001', name: 'Dr A Clinician', roleCode: 'R8000', activities: ['B0257'] },
  purposeOfUse: 'TREAT',
  tokenId: 'tok-1',
};

export const lhcre: ClientPrincipal = {
  kind: 'client',
  clientId: 'lhcre-yhcr',
  clientKind: 'lhcre',
  organisation: { odsCode: 'RV9', name: 'Yorkshire and Humber Care Record' },
  scope: 'system/Flag.rs',
  purposeOfUse: 'TREAT',
  tokenId: 'tok-2',
};

export const breakGlassClinician: ClientPrincipal = {
  ...gpSystem,
  purposeOfUse: 'ETREAT',
  breakGlass: { reason: 'Unconscious in A&E, consent cannot be sought' },
  tokenId: 'tok-3',
};
