import type { Bundle, BundleEntry } from 'fhir/r4.js';
import { fromFhir, hasErrors, type RaConsent, type RaRecord, type Recorded } from '@raflag/core';
import type { AssertionAlgorithm, RequestingUser } from './client-assertion.js';
import { InvalidResponseError, NotFoundError } from './errors.js';
import { FhirClient } from './fhir-client.js';
import { recordTransaction, withFlagProvenancePinned } from './record-bundle.js';
import type { RetryOptions } from './retry-policy.js';
import { SmartAuth, type PrivateKeyInput, type TokenSource } from './smart-auth.js';
import type { FetchLike } from './token-endpoint.js';

export interface RaflagClientOptions {
  /** The FHIR base, e.g. `http://127.0.0.1:8080/fhir`. */
  readonly baseUrl: string;
  /** With `privateKey` and `alg`: SMART Backend Services. Leave all three out for a server without auth. */
  readonly clientId?: string;
  readonly privateKey?: PrivateKeyInput;
  readonly alg?: AssertionAlgorithm;
  readonly kid?: string;
  readonly scope?: string;
  /** Skips SMART discovery. */
  readonly tokenUrl?: string;
  /** The clinical system's end user, named in every client assertion. */
  readonly user?: RequestingUser;
  readonly purposeOfUse?: 'TREAT' | 'ETREAT';
  readonly breakGlassReason?: string;
  /** Another source of tokens, instead of clientId/privateKey/alg. */
  readonly auth?: TokenSource;
  readonly retry?: RetryOptions;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Epoch milliseconds. */
  readonly now?: () => number;
  /** Used for discovery and the token endpoint; FHIR calls go through fhir-kit-client and the global fetch. */
  readonly fetch?: FetchLike;
}

function authFrom(options: RaflagClientOptions): TokenSource | undefined {
  if (options.auth !== undefined) return options.auth;
  const { clientId, privateKey, alg } = options;
  if (clientId === undefined && privateKey === undefined && alg === undefined) return undefined;
  if (clientId === undefined || privateKey === undefined || alg === undefined) {
    throw new TypeError('SMART Backend Services needs clientId, privateKey and alg together');
  }
  return new SmartAuth({ ...options, clientId, privateKey, alg });
}

const notFound = (diagnostics: string) =>
  new NotFoundError(`HTTP 404: ${diagnostics}`, {
    status: 404,
    outcome: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found', diagnostics }] },
  });

/**
 * A client for a Reasonable Adjustment Flag server: the typed FHIR calls of FhirClient, and the
 * record-level calls that read a patient's whole record and write it back as one transaction.
 */
export class RaflagClient extends FhirClient {
  constructor(options: RaflagClientOptions) {
    super({ baseUrl: options.baseUrl, auth: authFrom(options), retry: options.retry, sleep: options.sleep, now: options.now });
  }

  /** `GET PatientFlag?patient=…` as a record. NotFoundError when the patient has no flag (or this caller may not see it). */
  async getRecord(nhsNumber: string): Promise<RaRecord> {
    const answer = await this.transport.send({ method: 'GET', path: `PatientFlag?patient=${encodeURIComponent(nhsNumber)}` });
    const bundle = this.expect(answer, 'Bundle');
    this.versions.noteBundle(bundle);
    // Search outcomes (warnings about the search itself) are not part of the record.
    const entry = (bundle.entry ?? []).filter((e) => e.resource !== undefined && e.resource.resourceType !== 'OperationOutcome');
    if (entry.length === 0) throw notFound('No reasonable adjustment flag for this patient');
    const read = fromFhir({ ...bundle, entry }, { nhsNumber });
    if (read.record === undefined || hasErrors(read.outcome)) {
      throw new InvalidResponseError('The server answered with a record this client cannot read', { status: answer.status, outcome: read.outcome });
    }
    return read.record;
  }

  /**
   * Writes the record as one transaction: items with an id are updated with `If-Match` from the
   * version read, new ones created. Items left out of the record are not deleted (removeAdjustment does that).
   */
  async saveRecord(record: RaRecord): Promise<Bundle> {
    return this.transaction(recordTransaction(record, (type, id) => this.versions.get(type, id)));
  }

  /** Records (or replaces) the patient's current consent, keeping the Consent's identity. */
  async recordConsent(nhsNumber: string, consent: RaConsent): Promise<Bundle> {
    const record = await this.getRecord(nhsNumber);
    const next = withFlagProvenancePinned(record);
    return this.saveRecord({ ...next, consent: { ...consent, id: record.consent?.id } });
  }

  /** Withdraws the current consent (RAREVOKED, inactive) with the reason and who recorded the withdrawal. */
  async withdrawConsent(nhsNumber: string, reason: string, recorded: Recorded): Promise<Bundle> {
    const record = await this.getRecord(nhsNumber);
    if (record.consent === undefined) throw notFound('The record has no consent to withdraw');
    const next = withFlagProvenancePinned(record);
    return this.saveRecord({ ...next, consent: { ...record.consent, state: 'withdrawn', removalSummary: reason, recorded } });
  }

  /** Deletes one adjustment Flag and drops it from the PatientFlag's details, in one transaction. */
  async removeAdjustment(nhsNumber: string, adjustmentId: string): Promise<Bundle> {
    const record = await this.getRecord(nhsNumber);
    if (!record.adjustments.some((a) => a.id === adjustmentId)) throw notFound('The record has no adjustment with that id');
    const next = withFlagProvenancePinned(record);
    const versionId = this.versions.get('Flag', adjustmentId);
    const remove: BundleEntry = {
      request: { method: 'DELETE', url: `Flag/${adjustmentId}`, ...(versionId === undefined ? {} : { ifMatch: `W/"${versionId}"` }) },
    };
    const bundle = recordTransaction({ ...next, adjustments: next.adjustments.filter((a) => a.id !== adjustmentId) }, (type, id) => this.versions.get(type, id), [remove]);
    return this.transaction(bundle);
  }
}
