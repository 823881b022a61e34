import { AccessPolicy } from '../../access/access-policy.js';
import { GuardedStore } from '../../access/guarded-store.js';
import type { SharingAgreement } from '../../consent/sharing-agreements.js';
import type { Store } from '../../store/store.js';
import type { Stage } from '../pipeline.js';

/**
 * Hands the handler the store as this caller may see it (DESIGN decision 8): every resource a
 * read returns passes `decide` for its patient, and every write runs under the write rules
 * (Provenance from the token, no flag without consent, outbox rows for the LHCREs).
 */
export function consentGateStage(store: Store, agreements: readonly SharingAgreement[], now: () => Date = () => new Date()): Stage {
  const byClient = new Map(agreements.map((agreement) => [agreement.clientId, agreement]));
  return {
    name: 'consentGate',
    always: false,
    run(exchange) {
      const principal = exchange.principal ?? { kind: 'insecure-anonymous' };
      const policy = new AccessPolicy(principal, store, byClient, now);
      exchange.policy = policy;
      exchange.store = new GuardedStore(store, policy, {
        principal,
        agreements,
        now,
        onWritten: (reference, patientId) => {
          exchange.touched.resources.add(reference);
          if (patientId !== undefined) exchange.touched.patients.add(patientId);
        },
      });
    },
  };
}
