const OUTBOX_COLUMNS =
  'o.sequence AS sequence, o.id AS id, o.lhcre_client_id AS lhcreClientId, o.endpoint AS endpoint, o.event AS event, ' +
  'o.nhs_number AS nhsNumber, o.resources AS resources, o.changed_at AS changedAt, o.attempts AS attempts, o.state AS state, ' +
  'o.next_attempt_at AS nextAttemptAt, o.last_error AS lastError, o.finished_at AS finishedAt';

/**
 * Every fixed SQL statement the adapter runs, in one place so the query-plan test can check each
 * one uses an index. Search statements are built in `search-sql.ts`.
 */
export const fixedSql = {
  readCurrent:
    'SELECT v.version AS version, v.last_updated AS lastUpdated, v.deleted AS deleted, v.json AS json, v.dictionary AS dictionary FROM current_resources c ' +
    'JOIN resource_versions v ON v.resource_type = c.resource_type AND v.id = c.id AND v.version = c.version WHERE c.resource_type = ? AND c.id = ?',
  currentPointer: 'SELECT version, last_updated AS lastUpdated, deleted FROM current_resources WHERE resource_type = ? AND id = ?',
  readVersion: 'SELECT version, last_updated AS lastUpdated, deleted, json, dictionary FROM resource_versions WHERE resource_type = ? AND id = ? AND version = ?',
  insertVersion: 'INSERT INTO resource_versions (resource_type, id, version, last_updated, deleted, json, dictionary) VALUES (?, ?, ?, ?, ?, ?, ?)',
  upsertCurrent:
    'INSERT INTO current_resources (resource_type, id, version, last_updated, deleted) VALUES (?, ?, ?, ?, ?) ' +
    'ON CONFLICT (resource_type, id) DO UPDATE SET version = excluded.version, last_updated = excluded.last_updated, deleted = excluded.deleted',
  /** One row by its whole key: a changed resource's rows come from its previous version (migration 5). */
  deleteToken: 'DELETE FROM search_tokens WHERE resource_type = ? AND param = ? AND code = ? AND id = ? AND system = ?',
  deleteReference: 'DELETE FROM search_references WHERE resource_type = ? AND param = ? AND target_type = ? AND target_id = ? AND id = ?',
  insertToken: 'INSERT OR IGNORE INTO search_tokens (resource_type, param, code, system, id) VALUES (?, ?, ?, ?, ?)',
  insertReference: 'INSERT OR IGNORE INTO search_references (resource_type, param, target_type, target_id, id) VALUES (?, ?, ?, ?, ?)',
  instanceHistoryNext:
    'SELECT resource_type AS resourceType, id, version, last_updated AS lastUpdated, deleted, json, dictionary FROM resource_versions ' +
    'WHERE resource_type = ? AND id = ? AND version < ? ORDER BY version DESC LIMIT ?',
  instanceHistoryPrevious:
    'SELECT resource_type AS resourceType, id, version, last_updated AS lastUpdated, deleted, json, dictionary FROM resource_versions ' +
    'WHERE resource_type = ? AND id = ? AND version > ? ORDER BY version ASC LIMIT ?',
  typeHistoryFirst:
    'SELECT resource_type AS resourceType, id, version, last_updated AS lastUpdated, deleted, json, dictionary FROM resource_versions ' +
    'WHERE resource_type = ? ORDER BY last_updated DESC, id DESC, version DESC LIMIT ?',
  typeHistoryNext:
    'SELECT resource_type AS resourceType, id, version, last_updated AS lastUpdated, deleted, json, dictionary FROM resource_versions ' +
    'WHERE resource_type = ? AND (last_updated, id, version) < (?, ?, ?) ORDER BY last_updated DESC, id DESC, version DESC LIMIT ?',
  typeHistoryPrevious:
    'SELECT resource_type AS resourceType, id, version, last_updated AS lastUpdated, deleted, json, dictionary FROM resource_versions ' +
    'WHERE resource_type = ? AND (last_updated, id, version) > (?, ?, ?) ORDER BY last_updated ASC, id ASC, version ASC LIMIT ?',
  /** Records a compression dictionary once; the UNIQUE key on (resource_type, bytes) finds it again. */
  insertDictionary: 'INSERT OR IGNORE INTO resource_dictionaries (resource_type, bytes) VALUES (?, ?)',
  dictionaryId: 'SELECT id FROM resource_dictionaries WHERE resource_type = ? AND bytes = ?',
  readIdempotency: 'SELECT response FROM idempotency_keys WHERE key = ? AND created_at >= ?',
  purgeIdempotency: 'DELETE FROM idempotency_keys WHERE created_at < ?',
  insertIdempotency: 'INSERT OR REPLACE INTO idempotency_keys (key, response, created_at) VALUES (?, ?, ?)',
  readMeta: 'SELECT value FROM store_meta WHERE name = ?',
  writeMeta: 'INSERT OR REPLACE INTO store_meta (name, value) VALUES (?, ?)',
  /** Rebuilding the indexes walks live resources by key, a page at a time. */
  reindexBatch:
    'SELECT c.resource_type AS type, c.id AS id, v.json AS json, v.dictionary AS dictionary FROM current_resources c ' +
    'JOIN resource_versions v ON v.resource_type = c.resource_type AND v.id = c.id AND v.version = c.version ' +
    'WHERE (c.resource_type, c.id) > (?, ?) AND c.deleted = 0 ORDER BY c.resource_type, c.id LIMIT 500',
  insertOutbox:
    'INSERT INTO outbox (id, lhcre_client_id, endpoint, event, nhs_number, resources, changed_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  /** The ordering contract of `OutboxPort.due` (sharing/outbox.ts), word for word. */
  outboxDue:
    `SELECT ${OUTBOX_COLUMNS} FROM outbox o WHERE o.state = 'pending' AND o.next_attempt_at <= ? ` +
    "AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.state = 'pending' " +
    'AND p.lhcre_client_id = o.lhcre_client_id AND p.nhs_number = o.nhs_number AND p.sequence < o.sequence) ' +
    'ORDER BY o.sequence LIMIT ?',
  /** Finished rows are final: a late mark for a row already delivered or abandoned changes nothing. */
  outboxMarkDelivered: "UPDATE outbox SET state = 'delivered', finished_at = ? WHERE id = ? AND state = 'pending'",
  outboxMarkRetry: "UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ? AND state = 'pending'",
  outboxMarkAbandoned: "UPDATE outbox SET state = 'abandoned', finished_at = ?, last_error = ? WHERE id = ? AND state = 'pending'",
  outboxByLhcre: `SELECT ${OUTBOX_COLUMNS} FROM outbox o WHERE o.lhcre_client_id = ? ORDER BY o.sequence`,
  outboxByPatient: `SELECT ${OUTBOX_COLUMNS} FROM outbox o WHERE o.nhs_number = ? ORDER BY o.sequence`,
  outboxByPatientAndLhcre: `SELECT ${OUTBOX_COLUMNS} FROM outbox o WHERE o.nhs_number = ? AND o.lhcre_client_id = ? ORDER BY o.sequence`,
  /** Forgets client-assertion ids whose assertion can no longer be accepted anyway. */
  purgeUsedJti: 'DELETE FROM used_jti WHERE expires_at < ?',
  /** Writes a row when the pair is new or only remembered past its time; changes nothing for a replay. */
  claimJti:
    'INSERT INTO used_jti (issuer, jti, expires_at) VALUES (?, ?, ?) ' +
    'ON CONFLICT (issuer, jti) DO UPDATE SET expires_at = excluded.expires_at WHERE used_jti.expires_at < ?',
} as const;

/**
 * Statements that read a whole table on purpose, kept out of `fixedSql` so the query-plan test's
 * "every statement uses an index" stays a rule without exceptions. Only tests and the status
 * page list the whole outbox.
 */
export const wholeTableSql = {
  outboxAll: `SELECT ${OUTBOX_COLUMNS} FROM outbox o ORDER BY o.sequence`,
  /** Read once when the store opens: a few rows, one per resource type per set of samples. */
  allDictionaries: 'SELECT id, bytes FROM resource_dictionaries',
} as const;

export type WholeTableSqlName = keyof typeof wholeTableSql;

export type FixedSqlName = keyof typeof fixedSql;
