import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import express, { type NextFunction, type Request, type Response } from 'express';
import { makeIssue, toOutcome } from '@raflag/core';
import { pino } from 'pino';
import { defaultLimits, type Limits } from './config.js';
import type { Logger } from './logger.js';
import type { Exchange } from './http/exchange.js';
import { FHIR_JSON } from './http/fhir-response.js';
import { runPipeline, type Stage } from './http/pipeline.js';
import type { RouteDef } from './http/route-def.js';
import { routes as defaultRoutes } from './http/routes.js';
import { auditStage } from './http/stages/audit.js';
import { authenticateStage } from './http/stages/authenticate.js';
import { authoriseStage } from './http/stages/authorise.js';
import { consentGateStage } from './http/stages/consent-gate.js';
import { handleStage } from './http/stages/handle.js';
import { limitsStage } from './http/stages/limits.js';
import { negotiateStage } from './http/stages/negotiate.js';
import { parseBodyStage } from './http/stages/parse-body.js';
import { requestIdStage } from './http/stages/request-id.js';
import { respondStage } from './http/stages/respond.js';
import { routeStage } from './http/stages/route.js';
import type { AuditTrail, Store } from './store/store.js';
import { Authenticator } from './auth/authenticator.js';
import { fhirAudience, JWKS_PATH, TOKEN_PATH, tokenUrl, type Security } from './auth/security.js';
import { capabilitySecurity, smartConfiguration } from './auth/smart-configuration.js';
import { handleTokenRequest } from './auth/token-endpoint.js';
import { RequestLog } from './http/request-log.js';

export interface AppOptions {
  readonly store: Store & AuditTrail;
  readonly logger?: Logger | undefined;
  /** Overrides of the request limits; the rest keep their safe defaults. */
  readonly limits?: Partial<Limits> | undefined;
  /**
   * Keys, clients and sharing agreements. Required unless `insecureNoAuth`; with both, the
   * server still signs notifications and shares with LHCREs but asks nobody for a token.
   */
  readonly security?: Security | undefined;
  /** Runs without authentication: only when whoever starts it says so in so many words. */
  readonly insecureNoAuth: boolean;
  /** The public FHIR base URL; by default it is worked out per request from the Host header. */
  readonly baseUrl?: string | undefined;
}

export const FHIR_BASE_PATH = '/fhir';

const AUDIT_SERVER_NAME = 'raflag reference server';

/**
 * The request pipeline in order (DESIGN "How data flows"). Routing comes before authentication
 * so that an unknown URL is a 404 for everyone and the CapabilityStatement needs no token.
 */
export function defaultStages(store: Store & AuditTrail, limits: Limits, routes: readonly RouteDef[], security: Security | undefined, insecureNoAuth: boolean): Stage[] {
  const authenticator = insecureNoAuth || security === undefined ? undefined : new Authenticator(security);
  const capability = security === undefined ? undefined : capabilitySecurity({ tokenUrl: tokenUrl(security) });
  const server = { name: AUDIT_SERVER_NAME, url: security === undefined ? 'urn:raflag:reference-server' : fhirAudience(security) };
  return [
    requestIdStage,
    limitsStage(limits),
    negotiateStage,
    routeStage(routes),
    authenticateStage(authenticator),
    parseBodyStage(limits),
    authoriseStage,
    consentGateStage(store, security?.agreements ?? []),
    handleStage(store, limits, routes, capability),
    auditStage(store, server),
    respondStage,
  ];
}

function fhirBaseUrl(req: IncomingMessage, configured: string | undefined): string {
  if (configured !== undefined) return configured.replace(/\/$/, '');
  const protocol = (req.socket as Partial<TLSSocket>).encrypted === true ? 'https' : 'http';
  return `${protocol}://${req.headers.host ?? 'localhost'}${FHIR_BASE_PATH}`;
}

/** `/fhir` itself or anything below it, but not `/fhirish`. */
function isFhirPath(url: string): boolean {
  if (!url.startsWith(FHIR_BASE_PATH)) return false;
  const next = url.charAt(FHIR_BASE_PATH.length);
  return next === '' || next === '/' || next === '?';
}

/**
 * The request listener: `/fhir` runs the FHIR pipeline straight from Node's request, because it
 * does its own routing, parsing and answering and Express's would only add cost to every call;
 * `/healthz`, `/readyz` and the 404 for anything else are a small Express app.
 */
export function createApp(options: AppOptions): RequestListener {
  if (options.insecureNoAuth !== true && options.security === undefined) {
    throw new Error('createApp needs security (keys, clients, sharing agreements), or insecureNoAuth: true to run without authentication.');
  }
  const limits: Limits = { ...defaultLimits, ...options.limits };
  const logger = options.logger ?? pino({ level: 'silent' });
  const stages = defaultStages(options.store, limits, defaultRoutes, options.security, options.insecureNoAuth);
  const security = options.security;
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');

  app.get('/healthz', (_req, res) => {
    res.status(200).json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      // A read that finds nothing still proves the database answers.
      await options.store.read('Patient', 'readiness-probe');
      res.status(200).json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'not ready' });
    }
  });

  const fhir = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL((req.url ?? '/').slice(FHIR_BASE_PATH.length) || '/', 'http://placeholder');
    const requestLog = new RequestLog(logger);
    const exchange: Exchange = {
      req,
      res,
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      baseUrl: fhirBaseUrl(req, options.baseUrl),
      requestId: randomUUID(),
      clientRequestId: undefined,
      correlationId: undefined,
      requestLog,
      get log() {
        return requestLog.logger;
      },
      body: undefined,
      resource: undefined,
      form: undefined,
      route: undefined,
      principal: undefined,
      authFailure: undefined,
      policy: undefined,
      store: undefined,
      touched: { resources: new Set(), patients: new Set() },
      response: undefined,
    };
    await runPipeline(stages, exchange);
    // The respond stage always answers; this only guards against a bug leaving a client hanging.
    if (!res.headersSent) res.writeHead(500, { 'Content-Type': FHIR_JSON }).end(JSON.stringify(toOutcome([makeIssue('http.internal-error', undefined)])));
  };

  if (security !== undefined) {
    // RFC 6749 section 3.2: the token endpoint takes form fields; a client assertion is well under 16 kB.
    app.post(TOKEN_PATH, express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 }), async (req: Request, res: Response) => {
      const form = new URLSearchParams();
      const body = (req.body ?? {}) as Record<string, unknown>;
      for (const [key, value] of Object.entries(body)) if (typeof value === 'string') form.append(key, value);
      const answer = await handleTokenRequest(form, {
        registry: security.registry,
        keys: security.keyResolver,
        jtiCache: security.jtiCache,
        tokenUrl: tokenUrl(security),
        serverKeys: security.serverKeys,
        issuer: security.publicUrl,
        fhirBaseUrl: fhirAudience(security),
      });
      res.status(answer.status).set(answer.headers).json(answer.body);
    });
    app.get(JWKS_PATH, (_req, res) => {
      res.status(200).json(security.serverKeys.publicJwks());
    });
  }

  // Anything outside /fhir, /healthz and /readyz.
  app.use((_req: Request, res: Response) => {
    res.status(404).type(FHIR_JSON).send(JSON.stringify(toOutcome([makeIssue('http.route-not-found', undefined)])));
  });

  // Last resort: nothing internal reaches the client.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    logger.error({ err: error }, 'error outside the FHIR pipeline');
    if (res.headersSent) return;
    res.status(500).type(FHIR_JSON).send(JSON.stringify(toOutcome([makeIssue('http.internal-error', undefined)])));
  });

  const smartPath = `${FHIR_BASE_PATH}/.well-known/smart-configuration`;
  const smart = security === undefined ? undefined : JSON.stringify(smartConfiguration({ tokenUrl: tokenUrl(security), scopesSupported: [...new Set(security.registry.clients.flatMap((c) => c.scopes))] }));

  return (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path === smartPath && smart !== undefined && req.method === 'GET') {
      // SMART discovery lives under the FHIR base but is plain JSON, not a FHIR resource.
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'public, max-age=3600' }).end(smart);
    } else if (isFhirPath(req.url ?? '')) {
      fhir(req, res).catch((error: unknown) => {
        logger.error({ err: error }, 'error outside the FHIR pipeline');
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': FHIR_JSON }).end(JSON.stringify(toOutcome([makeIssue('http.internal-error', undefined)])));
      });
    } else {
      app(req, res);
    }
  };
}
