// Runs the reference server in its own process for the bench; the parent learns the URL over IPC.
import { loadConfig } from '../../src/config.js';
import { startServer } from '../../src/server.js';

const loaded = loadConfig(process.env, ['--insecure-no-auth']);
if (!loaded.ok) throw new Error(loaded.error);
const server = await startServer({ ...loaded.config, demoData: false, port: 0, host: '127.0.0.1', insecureNoAuth: true });
process.send?.({ url: server.url });
process.on('message', (message) => {
  if (message === 'stop') void server.close().then(() => process.exit(0));
});
