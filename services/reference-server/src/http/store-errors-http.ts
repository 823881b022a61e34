import { InvalidCursorError, StoreQueryError, UnsupportedSearchParameterError } from '../store/store-errors.js';
import { httpError } from './http-error.js';
import { safeParameterName } from './search/parameter-name.js';

/** Runs a store call, turning the store's "bad query" errors into 400s; anything else stays a 500. */
export async function withQueryErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof InvalidCursorError) throw httpError(400, 'http.cursor-invalid', undefined);
    if (error instanceof UnsupportedSearchParameterError) {
      throw httpError(400, 'http.search-parameter-unknown', undefined, { name: safeParameterName(error.param), type: error.resourceType });
    }
    if (error instanceof StoreQueryError) throw httpError(400, 'http.search-parameter-invalid', undefined, { name: 'query', problem: 'not answerable' });
    throw error;
  }
}
