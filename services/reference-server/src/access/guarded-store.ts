import { httpError } from '../http/http-error.js';
import type { HistoryQuery, IdempotentResponse, SearchPage, SearchQuery, Store, StoredVersion, StoreTransaction } from '../store/store.js';
import type { AccessPolicy } from './access-policy.js';
import { withWriteRules, type WriteRulesContext } from './write-rules.js';

/** Underlying pages a filtered page may scan for its first visible match (bounds the work of one request). */
const MAX_SCANNED_PAGES = 20;

/**
 * One page as a consent-filtered caller sees it (security.md C11). The store's cursors name the
 * last match of the page they end (its time and id), so a page that ends on a record the caller
 * may not see would hand out that record's id, and an empty page with a `next` link would say
 * hidden records exist. So a page that found nothing visible scans on, and a page is cut back to
 * end on its last visible match; `previous` (which names the page's first match) is left out.
 * After MAX_SCANNED_PAGES pages with nothing visible the answer ends there, without a `next`.
 */
async function filteredPage(policy: AccessPolicy, count: number, cursor: string | undefined, fetch: (cursor: string | undefined, count: number) => Promise<SearchPage>): Promise<SearchPage> {
  let from = cursor;
  for (let scanned = 0; scanned < MAX_SCANNED_PAGES; scanned += 1) {
    const page = await fetch(from, count);
    const shown: StoredVersion[] = [];
    let lastShown = -1;
    for (const [index, version] of page.matches.entries()) {
      const view = await policy.view(version);
      if (view === undefined) continue;
      shown.push(view);
      lastShown = index;
    }
    if (page.next === undefined) return { matches: shown };
    if (lastShown === page.matches.length - 1) return { matches: shown, next: page.next };
    if (lastShown >= 0) {
      // The same page again, ending on its last visible match: its `next` names only what the caller saw.
      const cut = await fetch(from, lastShown + 1);
      return { matches: shown, ...(cut.next === undefined ? {} : { next: cut.next }) };
    }
    from = page.next;
  }
  return { matches: [] };
}

/**
 * The store as one request's caller sees it. Handlers are handed this instead of the store, so no
 * read path can forget the consent decision: every read, vread, search page, `_include`, history
 * page and PatientFlag answer passes through `AccessPolicy.view`, and every transaction runs with
 * the write rules. A page may hold fewer entries than `_count` after filtering; its cursors page
 * through the underlying matches but never name one the caller may not see (`filteredPage`).
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
    if (!this.policy.restricted) return this.inner.search(query);
    const { resourceType, conditions, sort } = query;
    return filteredPage(this.policy, query.count, query.cursor, (cursor, count) => this.inner.search({ resourceType, conditions, sort, count, cursor }));
  }

  async count(query: Omit<SearchQuery, 'count' | 'cursor' | 'sort'>): Promise<number> {
    // An auditor sees no record, so a count tells it nothing about any one person; anyone else's
    // results are filtered by consent, and an unfiltered count would reveal what was filtered.
    const principal = this.policy.principal;
    if (principal.kind === 'client' && principal.clientKind !== 'auditor') throw httpError(403, 'http.count-filtered', undefined);
    return this.inner.count(query);
  }

  async history(query: HistoryQuery): Promise<SearchPage> {
    if (!this.policy.restricted) return this.inner.history(query);
    const { resourceType, id } = query;
    return filteredPage(this.policy, query.count, query.cursor, (cursor, count) => this.inner.history({ resourceType, id, count, cursor }));
  }

  transaction<T>(work: (tx: StoreTransaction) => T): Promise<T> {
    return this.inner.transaction(withWriteRules(work, this.rules));
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
