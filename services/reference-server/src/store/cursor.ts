import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidCursorError } from './store-errors.js';

/**
 * Paging cursors: the sort key of the row a page starts after (or before), the direction, and a
 * fingerprint of the query, signed with a key kept in the database so a client can neither forge
 * a position nor carry a cursor over to another query, and cursors survive a restart.
 */
export type CursorDirection = 'next' | 'previous';

export interface CursorPosition {
  readonly direction: CursorDirection;
  /** The sort key of the anchor row: `[lastUpdated, id]` for search, plus `version` for history. */
  readonly key: readonly (string | number)[];
  /** What the cursor belongs to (query fingerprint); checked on decode. */
  readonly scope: string;
}

const MAC_BYTES = 16;

export interface CursorCodec {
  encode(position: CursorPosition): string;
  /** The position, or throws InvalidCursorError when the cursor was not issued for `scope`. */
  decode(cursor: string, scope: string): CursorPosition;
}

function isKey(value: unknown): value is (string | number)[] {
  return Array.isArray(value) && value.every((part) => typeof part === 'string' || (typeof part === 'number' && Number.isSafeInteger(part)));
}

export function cursorCodec(secret: string): CursorCodec {
  const mac = (payload: string): Buffer => createHmac('sha256', secret).update(payload).digest().subarray(0, MAC_BYTES);
  return {
    encode(position) {
      const payload = Buffer.from(JSON.stringify([position.direction === 'next' ? 'n' : 'p', position.key, position.scope])).toString('base64url');
      return `${payload}.${mac(payload).toString('base64url')}`;
    },
    decode(cursor, scope) {
      const [payload, signature, extra] = cursor.split('.');
      if (payload === undefined || signature === undefined || extra !== undefined) throw new InvalidCursorError();
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== MAC_BYTES || !timingSafeEqual(given, mac(payload))) throw new InvalidCursorError();
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch {
        throw new InvalidCursorError();
      }
      if (!Array.isArray(parsed) || parsed.length !== 3) throw new InvalidCursorError();
      const [direction, key, cursorScope] = parsed as unknown[];
      if ((direction !== 'n' && direction !== 'p') || !isKey(key) || cursorScope !== scope) throw new InvalidCursorError();
      return { direction: direction === 'n' ? 'next' : 'previous', key, scope };
    },
  };
}
