import { exitCode, type CliIo } from './cli-io.js';
import { signClientAssertion } from './client-assertion.js';
import { parseOptions } from './parse-options.js';
import { loadSigningClient } from './registered-client.js';

export const tokenHelp = `Usage: raflag token --client <id> [options]

Gets an access token from the reference server for a registered client, the SMART
Backend Services way: signs a client assertion with the client's private key and
posts it to <url>/oauth2/token. Prints the access token, for trying things with curl.

The client's algorithm comes from <data-dir>/clients.json and its private key from
<data-dir>/demo/<id>.private.json, where the server writes the keys of its demo
clients (such as demo-gp-riverside and demo-lhcre-yhcr), or from --key.

Options:
  --client ID        The client id (required).
  --data-dir D       The server's data folder (default: RAFLAG_DATA_DIR, else ./.raflag-data).
  --url URL          The server (default http://127.0.0.1:8080).
  --key FILE         The private JWK, for a client that is not a demo client
                     (for example one from "raflag keys generate").
  --scope S          The scopes to ask for, space-separated (default: all the client's).
  --user-id U        For a clinical system: the SDS id of the user it acts for.
  --activities A,B   With --user-id: the user's NHS activity codes (B0264, B0257, B0380).
  --json             Print the whole token response, not only the token.
  -h, --help         Show this help.

Exit codes:
  0  a token was issued
  1  the key or registry could not be read, the server could not be reached, or it
     refused (its error and description are printed)
  2  usage error: no --client, an unknown option, or --activities without --user-id

Examples:
  raflag token --client demo-gp-riverside
  raflag token --client demo-gp-riverside --user-id 555021935107 --activities B0257,B0380
  raflag token --client demo-lhcre-yhcr --scope "system/Flag.rs" --json
  TOKEN=$(raflag token --client demo-gp-riverside --user-id 555021935107 --activities B0257)
  curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8080/fhir/Flag
`;

const DEFAULT_URL = 'http://127.0.0.1:8080';
const DEFAULT_DATA_DIR = './.raflag-data';
const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

const usageError = (io: CliIo, message: string): number => {
  io.stderr.write(`raflag token: ${message}\nRun "raflag token --help" for usage.\n`);
  return exitCode.usage;
};

const failure = (io: CliIo, message: string): number => {
  io.stderr.write(`raflag token: ${message}\n`);
  return exitCode.invalid;
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `raflag token --client <id> ...`; resolves to the process exit code. */
export async function tokenCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseOptions(args, {
    client: 'value',
    'data-dir': 'value',
    url: 'value',
    key: 'value',
    scope: 'value',
    'user-id': 'value',
    activities: 'value',
    json: 'flag',
  });
  if (parsed.kind === 'help') {
    io.stdout.write(tokenHelp);
    return exitCode.valid;
  }
  if (parsed.kind === 'usage-error') return usageError(io, parsed.message);
  const { values } = parsed;
  if (parsed.positionals.length > 0) return usageError(io, `unexpected argument ${parsed.positionals.join(' ')}`);
  const clientId = values['client'];
  if (clientId === undefined || clientId === '') return usageError(io, 'say which client: --client <id>');
  const userId = values['user-id'];
  const activities = (values['activities'] ?? '').split(',').map((a) => a.trim()).filter((a) => a !== '');
  if (userId === undefined && activities.length > 0) return usageError(io, '--activities needs --user-id: they are the activities of that user');
  if (userId === '') return usageError(io, '--user-id must not be empty');
  let base: URL;
  try {
    base = new URL(values['url'] ?? DEFAULT_URL);
  } catch {
    return usageError(io, `--url is not a URL`);
  }
  const tokenUrl = `${base.href.replace(/\/+$/, '')}/oauth2/token`;
  const dataDir = values['data-dir'] ?? (io.env?.['RAFLAG_DATA_DIR']?.trim() || DEFAULT_DATA_DIR);

  const loaded = await loadSigningClient(dataDir, clientId, values['key']);
  if (!loaded.ok) return failure(io, loaded.message);
  const assertion = await signClientAssertion({
    ...loaded.client,
    tokenUrl,
    ...(userId === undefined ? {} : { user: { id: userId, activities } }),
  });
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: assertion });
  if (values['scope'] !== undefined) form.set('scope', values['scope']);

  let status: number;
  let body: unknown;
  try {
    const response = await fetch(tokenUrl, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' }, body: form });
    status = response.status;
    body = await response.json().catch(() => undefined);
  } catch (error) {
    return failure(io, `could not reach ${tokenUrl}${error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : ''}`);
  }
  if (!isRecord(body)) return failure(io, `${tokenUrl} answered ${status} without a JSON object`);
  const token = body['access_token'];
  if (status !== 200 || typeof token !== 'string') {
    const error = typeof body['error'] === 'string' ? body['error'] : `HTTP ${status}`;
    const description = typeof body['error_description'] === 'string' ? `: ${body['error_description']}` : '';
    return failure(io, `the server refused: ${error}${description}`);
  }
  io.stdout.write(parsed.flags.has('json') ? `${JSON.stringify(body, null, 2)}\n` : `${token}\n`);
  return exitCode.valid;
}
