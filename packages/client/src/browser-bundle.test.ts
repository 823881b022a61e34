import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { clientKeys, type ClientKeys } from './test-support/fake-auth-server.js';

// The client promises to run in browsers. Bundling it for the browser platform fails on any Node
// built-in it (or fhir-kit-client, jose) reaches for, and running the bundle in a bare V8 context
// with only what a browser provides (fetch, Web Crypto, URL, timers) proves a signed-in read works.
const here = dirname(fileURLToPath(import.meta.url));
const BASE = 'https://browser.example.test/fhir';
const TOKEN_URL = 'https://browser.example.test/oauth2/token';

interface BrowserClient {
  read(type: string, id: string): Promise<{ resourceType: string; id: string }>;
}
interface BrowserApi {
  RaflagClient: new (options: Record<string, unknown>) => BrowserClient;
}

let code = '';
let keys: ClientKeys;

beforeAll(async () => {
  keys = await clientKeys();
  const result = await build({
    entryPoints: [resolve(here, 'index.ts')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'raflagClient',
    write: false,
    conditions: ['@raflag/source'],
    logLevel: 'silent',
  });
  code = result.outputFiles[0]?.text ?? '';
}, 60_000);

describe('@raflag/client in a browser', () => {
  it('bundles for the browser platform', () => {
    expect(code.length).toBeGreaterThan(0);
  });

  it('signs in and reads a Flag with only browser globals', async () => {
    const seen: Request[] = [];
    const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const request = new Request(input, init);
      seen.push(request);
      if (request.url.endsWith('/.well-known/smart-configuration')) return json({ token_endpoint: TOKEN_URL });
      if (request.url === TOKEN_URL) {
        const assertion = new URLSearchParams(await request.text()).get('client_assertion') ?? '';
        await jwtVerify(assertion, keys.publicKey, { audience: TOKEN_URL, issuer: 'browser-app', algorithms: ['ES384'] });
        return json({ access_token: 'browser-token', token_type: 'bearer', expires_in: 300 });
      }
      if (request.headers.get('authorization') !== 'Bearer browser-token') return json({ resourceType: 'OperationOutcome', issue: [] }, 401);
      return json({ resourceType: 'Flag', id: 'f1', status: 'active', code: {}, subject: {} });
    };
    const context: Record<string, unknown> = {
      fetch,
      Request,
      Response,
      Headers,
      URL,
      URLSearchParams,
      AbortController,
      AbortSignal,
      TextEncoder,
      TextDecoder,
      crypto: globalThis.crypto,
      structuredClone,
      btoa,
      atob,
      queueMicrotask,
      setTimeout,
      clearTimeout,
      console,
    };
    runInNewContext(`${code};globalThis.raflagClient = raflagClient;`, context);
    expect(runInNewContext('typeof process + typeof require + typeof Buffer', context)).toBe('undefinedundefinedundefined');
    const api = context['raflagClient'] as BrowserApi;
    const client = new api.RaflagClient({ baseUrl: BASE, clientId: 'browser-app', privateKey: keys.privateJwk, alg: 'ES384' });
    const flag = await client.read('Flag', 'f1');
    expect(flag).toMatchObject({ resourceType: 'Flag', id: 'f1' });
    expect(seen.map((r) => r.url)).toEqual([`${BASE}/.well-known/smart-configuration`, TOKEN_URL, `${BASE}/Flag/f1`]);
  });
});
