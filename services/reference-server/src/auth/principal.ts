/**
 * Who is calling, as the authenticate stage works it out from a verified access token. Every later
 * decision (scopes, roles, consent, audit) reads only this, never the token or the request.
 */

/** NHS national RBAC activity codes for the flag: see that one exists, read details, change it. */
export const ACTIVITY = {
  existence: 'B0264',
  readDetails: 'B0257',
  manage: 'B0380',
} as const;
export type ActivityCode = (typeof ACTIVITY)[keyof typeof ACTIVITY];

export type ClientKind = 'clinical-system' | 'lhcre' | 'auditor';

export interface Organisation {
  /** ODS organisation code. */
  readonly odsCode: string;
  readonly name: string;
}

/** The person a clinical system acts for, as named in its client assertion (`requesting_user`). */
export interface EndUser {
  /** SDS user id or role-profile id (URID). */
  readonly id: string;
  readonly name?: string | undefined;
  /** SDS job role code (`R8000`). */
  readonly roleCode?: string | undefined;
  /** The activity codes the user holds for this session (B0264, B0257, B0380, others ignored). */
  readonly activities: readonly string[];
}

/** Emergency access the caller declared in its assertion: purpose of use ETREAT with a reason. */
export interface BreakGlass {
  readonly reason: string;
}

export interface ClientPrincipal {
  readonly kind: 'client';
  readonly clientId: string;
  readonly clientKind: ClientKind;
  readonly organisation: Organisation;
  /** The scopes granted in the access token, space separated as issued. */
  readonly scope: string;
  readonly user?: EndUser | undefined;
  /** v3 ActReason purpose of use; `TREAT` unless the caller asked for more. */
  readonly purposeOfUse: 'TREAT' | 'ETREAT';
  readonly breakGlass?: BreakGlass | undefined;
  /** The access token's `jti`, recorded in audit events. */
  readonly tokenId: string;
}

/** Only when the server was started with `--insecure-no-auth`: no checks at all. */
export interface InsecureAnonymousPrincipal {
  readonly kind: 'insecure-anonymous';
}

export type Principal = ClientPrincipal | InsecureAnonymousPrincipal;
