// Runs the reference server in its own process for the bench; the parent learns the URL over IPC.
// Configuration comes from the environment the bench sets (auth on, demo clients written).
import { loadConfig } from '../../src/config.js';
import { startServer } from '../../src/server.js';

const loaded = loadConfig(process.env);
if (!loaded.ok) throw new Error(loaded.error);
const server = await startServer({ ...loaded.config, port: 0, host: '127.0.0.1' });
process.send?.({ url: server.url });
process.on('message', (message) => {
  if (message === 'stop') void server.close().then(() => process.exit(0));
});
