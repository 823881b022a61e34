import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, defaultLimits, loadConfig } from './config.js';

function ok(env: Record<string, string>, argv: string[] = []) {
  const result = loadConfig(env, argv);
  if (!result.ok) throw new Error(result.error);
  return result.config;
}

describe('loadConfig', () => {
  it('has safe defaults for every setting', () => {
    expect(ok({})).toEqual({
      port: 8080,
      host: '127.0.0.1',
      dataDir: './.raflag-data',
      demoData: true,
      insecureNoAuth: false,
      logLevel: 'info',
      readCacheSize: 20_000,
      limits: defaultLimits,
    });
  });

  it('reads each variable', () => {
    const config = ok({
      PORT: '0',
      HOST: '0.0.0.0',
      RAFLAG_DATA_DIR: '/var/lib/raflag',
      RAFLAG_DEMO_DATA: 'false',
      RAFLAG_INSECURE_NO_AUTH: 'true',
      LOG_LEVEL: 'warn',
      RAFLAG_MAX_BODY_BYTES: '2048',
      RAFLAG_MAX_JSON_DEPTH: '20',
      RAFLAG_MAX_ARRAY_LENGTH: '50',
      RAFLAG_MAX_STRING_LENGTH: '1000',
      RAFLAG_MAX_COUNT: '500',
      RAFLAG_MAX_HEADER_BYTES: '8192',
      RAFLAG_MAX_URL_LENGTH: '2000',
      RAFLAG_READ_CACHE_SIZE: '0',
    });
    expect(config).toEqual({
      port: 0,
      host: '0.0.0.0',
      dataDir: '/var/lib/raflag',
      demoData: false,
      insecureNoAuth: true,
      logLevel: 'warn',
      readCacheSize: 0,
      limits: { bodyBytes: 2048, jsonDepth: 20, arrayLength: 50, stringLength: 1000, countMax: 500, headerBytes: 8192, urlLength: 2000 },
    });
  });

  it('lists every variable it reads', () => {
    expect(CONFIG_VARIABLES).toContain('PORT');
    expect(CONFIG_VARIABLES).toContain('RAFLAG_MAX_URL_LENGTH');
    expect(CONFIG_VARIABLES).toContain('RAFLAG_PUBLIC_URL');
    expect(CONFIG_VARIABLES).toHaveLength(15);
  });

  it.each([
    ['1', true],
    ['yes', true],
    ['ON', true],
    ['0', false],
    ['no', false],
    ['off', false],
  ])('reads RAFLAG_DEMO_DATA=%s as %s', (value, expected) => {
    expect(ok({ RAFLAG_DEMO_DATA: value }).demoData).toBe(expected);
  });

  it('treats an empty variable as unset', () => {
    expect(ok({ PORT: '', HOST: '  ' }).port).toBe(8080);
    expect(ok({ PORT: '', HOST: '  ' }).host).toBe('127.0.0.1');
  });

  it('turns auth off with the --insecure-no-auth flag', () => {
    expect(ok({}, ['--insecure-no-auth']).insecureNoAuth).toBe(true);
    expect(ok({}, []).insecureNoAuth).toBe(false);
  });

  it.each([
    ['PORT', 'eighty', 'PORT must be a whole number'],
    ['PORT', '70000', 'PORT must be at most 65535'],
    ['PORT', '-1', 'PORT must be a whole number'],
    ['RAFLAG_DEMO_DATA', 'maybe', 'RAFLAG_DEMO_DATA must be one of'],
    ['RAFLAG_INSECURE_NO_AUTH', 'sure', 'RAFLAG_INSECURE_NO_AUTH must be one of'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL'],
    ['RAFLAG_MAX_COUNT', '0', 'RAFLAG_MAX_COUNT must be at least 1'],
    ['RAFLAG_MAX_BODY_BYTES', '1.5', 'RAFLAG_MAX_BODY_BYTES must be a whole number'],
  ])('names the bad variable %s=%s', (name, value, expected) => {
    const result = loadConfig({ [name]: value });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(expected);
  });

  it('refuses an unknown command-line option', () => {
    const result = loadConfig({}, ['--insecure']);
    expect(result).toEqual({ ok: false, error: expect.stringContaining('Unknown option --insecure') });
  });
});
