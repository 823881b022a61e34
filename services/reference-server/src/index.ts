export { createApp, defaultStages, FHIR_BASE_PATH, type AppOptions } from './app.js';
export { startServer, DATABASE_FILE, type RunningServer, type StartOptions } from './server.js';
export { loadConfig, defaultLimits, INSECURE_NO_AUTH_FLAG, type Config, type Limits, type ConfigResult } from './config.js';
export { openSqliteStore, type SqliteStoreOptions } from './store/sqlite-store.js';
export * from './store/store.js';
export * from './store/store-errors.js';
export { processBundle } from './bundle/process-bundle.js';
