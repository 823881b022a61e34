import { httpError } from '../http/http-error.js';
import type { HistoryQuery, IdempotentResponse, SearchPage, SearchQuery, Store, StoredVersion, StoreTransaction, TransactionOptions } from '../store/store.js';
import type { AccessPolicy } from './access-policy.js';
import { withWriteRules, type WriteRulesContext } from './write-rules.js';

async function visible(policy: AccessPolicy, versions: readonly StoredVersion[]): Promise<StoredVersion[]> {
  const shown: StoredVersion[] = [];
  for (const version of versions) {
    const view = await policy.view(version);
    if (view !== undefined) shown.push(view);
  }
  return shown;
}

/**
 * The store as one request's caller sees it. Handlers are handed this instead of the store, so no
 * read path can forget the consent decision: every read, vread, search page, `_include`, history
 * page and PatientFlag answer passes through `AccessPolicy.view`, and every transaction runs with
 * the write rules. A page may hold fewer entries than `_count` after filtering; the cursors still
 * page through the underlying matches, so nothing is skipped and nothing is counted.
 */
export class GuardedStore implements Store {
  constructor(
    private readonly inner: Store,
    private readonly policy: AccessPolicy,
    private readonly rules: WriteRulesContext,
  ) {}

  async read(resourceType: string, id: string): Promise<StoredVersion | undefined> {
    const version = await this.inner.read(resourceType, id);
    return version === undefined ? undefined : this.policy.view(version);
  }

  async vread(resourceType: string, id: string, versionId: number): Promise<StoredVersion | undefined> {
    const version = await this.inner.vread(resourceType, id, versionId);
    return version === undefined ? undefined : this.policy.view(version);
  }

  async search(query: SearchQuery): Promise<SearchPage> {
    const page = await this.inner.search(query);
    return { ...page, matches: await visible(this.policy, page.matches) };
  }

  async count(query: Omit<SearchQuery, 'count' | 'cursor' | 'sort'>): Promise<number> {
    // An auditor sees no record, so a count tells it nothing about any one person; anyone else's
    // results are filtered by consent, and an unfiltered count would reveal what was filtered.
    const principal = this.policy.principal;
    if (principal.kind === 'client' && principal.clientKind !== 'auditor') throw httpError(403, 'http.count-filtered', undefined);
    return this.inner.count(query);
  }

  async history(query: HistoryQuery): Promise<SearchPage> {
    const page = await this.inner.history(query);
    return { ...page, matches: await visible(this.policy, page.matches) };
  }

  transaction<T>(work: (tx: StoreTransaction) => T, options?: TransactionOptions): Promise<T> {
    return this.inner.transaction(withWriteRules(work, this.rules), options);
  }

  idempotentTransaction<T>(
    key: string,
    work: (tx: StoreTransaction) => T,
    toResponse: (result: T) => IdempotentResponse,
  ): Promise<{ readonly replayed: false; readonly result: T } | { readonly replayed: true; readonly response: IdempotentResponse }> {
    // Scoped to the client: another client sending the same X-Request-ID must not get this answer.
    const principal = this.policy.principal;
    const scoped = principal.kind === 'client' ? `${principal.clientId} ${key}` : key;
    return this.inner.idempotentTransaction(scoped, withWriteRules(work, this.rules), toResponse);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
