/**
 * Errors the SQLite adapter throws for a query the HTTP layer should answer with 400. Anything
 * else a store method throws is a server fault (500).
 */
export class StoreQueryError extends Error {
  override readonly name: string = 'StoreQueryError';
}

/** A paging cursor that this store did not issue for this query (malformed, altered or reused elsewhere). */
export class InvalidCursorError extends StoreQueryError {
  override readonly name = 'InvalidCursorError';
  constructor() {
    super('The paging cursor is not valid for this query.');
  }
}

/** A condition on a parameter the resource type does not have, or of the wrong kind for it. */
export class UnsupportedSearchParameterError extends StoreQueryError {
  override readonly name = 'UnsupportedSearchParameterError';
  constructor(
    readonly resourceType: string,
    readonly param: string,
  ) {
    super(`${resourceType} has no search parameter '${param}' of that kind.`);
  }
}
