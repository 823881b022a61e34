/**
 * Every fixed SQL statement the adapter runs, in one place so the query-plan test can check each
 * one uses an index. Search statements are built in `search-sql.ts`.
 */
export const fixedSql = {
  readCurrent:
    'SELECT v.version AS version, v.last_updated AS lastUpdated, v.deleted AS deleted, v.json AS json FROM current_resources c ' +
    'JOIN resource_versions v ON v.resource_type = c.resource_type AND v.id = c.id AND v.version = c.version WHERE c.resource_type = ? AND c.id = ?',
  currentPointer: 'SELECT version, last_updated AS lastUpdated, deleted FROM current_resources WHERE resource_type = ? AND id = ?',
  readVersion: 'SELECT version, last_updated AS lastUpdated, deleted, json FROM resource_versions WHERE resource_type = ? AND id = ? AND version = ?',
  insertVersion: 'INSERT INTO resource_versions (resource_type, id, version, last_updated, deleted, json) VALUES (?, ?, ?, ?, ?, ?)',
  upsertCurrent:
    'INSERT INTO current_resources (resource_type, id, version, last_updated, deleted) VALUES (?, ?, ?, ?, ?) ' +
    'ON CONFLICT (resource_type, id) DO UPDATE SET version = excluded.version, last_updated = excluded.last_updated, deleted = excluded.deleted',
  deleteTokens: 'DELETE FROM search_tokens WHERE resource_type = ? AND id = ?',
  deleteReferences: 'DELETE FROM search_references WHERE resource_type = ? AND id = ?',
  insertToken: 'INSERT OR IGNORE INTO search_tokens (resource_type, param, code, system, id) VALUES (?, ?, ?, ?, ?)',
  insertReference: 'INSERT OR IGNORE INTO search_references (resource_type, param, target_type, target_id, id) VALUES (?, ?, ?, ?, ?)',
  instanceHistoryNext:
    'SELECT resource_type AS resourceType, id, version, last_updated AS lastUpdated, deleted, json FROM resource_versions ' +
    'WHERE resource_type = ? AND id = ? AND version < ? ORDER BY version DESC LIMIT ?',
  instanceHistoryPrevious:
    'SELECT resource_type AS resourceType, id, version, last_updated AS lastUpdated, deleted, json FROM resource_versions ' +
    'WHERE resource_type = ? AND id = ? AND version > ? ORDER BY version ASC LIMIT ?',
  typeHistoryFirst:
    'SELECT resource_type AS resourceType, id, version, last_updated AS lastUpdated, deleted, json FROM resource_versions ' +
    'WHERE resource_type = ? ORDER BY last_updated DESC, id DESC, version DESC LIMIT ?',
  typeHistoryNext:
    'SELECT resource_type AS resourceType, id, version, last_updated AS lastUpdated, deleted, json FROM resource_versions ' +
    'WHERE resource_type = ? AND (last_updated, id, version) < (?, ?, ?) ORDER BY last_updated DESC, id DESC, version DESC LIMIT ?',
  typeHistoryPrevious:
    'SELECT resource_type AS resourceType, id, version, last_updated AS lastUpdated, deleted, json FROM resource_versions ' +
    'WHERE resource_type = ? AND (last_updated, id, version) > (?, ?, ?) ORDER BY last_updated ASC, id ASC, version ASC LIMIT ?',
  readIdempotency: 'SELECT response FROM idempotency_keys WHERE key = ? AND created_at >= ?',
  purgeIdempotency: 'DELETE FROM idempotency_keys WHERE created_at < ?',
  insertIdempotency: 'INSERT OR REPLACE INTO idempotency_keys (key, response, created_at) VALUES (?, ?, ?)',
  readMeta: 'SELECT value FROM store_meta WHERE name = ?',
  writeMeta: 'INSERT OR REPLACE INTO store_meta (name, value) VALUES (?, ?)',
  /** Rebuilding the indexes walks live resources by key, a page at a time. */
  reindexBatch:
    'SELECT c.resource_type AS type, c.id AS id, v.json AS json FROM current_resources c ' +
    'JOIN resource_versions v ON v.resource_type = c.resource_type AND v.id = c.id AND v.version = c.version ' +
    'WHERE (c.resource_type, c.id) > (?, ?) AND c.deleted = 0 ORDER BY c.resource_type, c.id LIMIT 500',
} as const;

export type FixedSqlName = keyof typeof fixedSql;
