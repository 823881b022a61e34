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
import type { Store } from './store/store.js';

export interface AppOptions {
  readonly store: Store;
  readonly logger?: Logger | undefined;
  /** Overrides of the request limits; the rest keep their safe defaults. */
  readonly limits?: Partial<Limits> | undefined;
  /**
   * Must be true: authentication is not built yet, so the app only runs when whoever starts it
   * says in so many words that it may run without (main logs a warning on every start).
   */
  readonly insecureNoAuth: boolean;
  /** The public FHIR base URL; by default it is worked out per request from the Host header. */
  readonly baseUrl?: string | undefined;
}

export const FHIR_BASE_PATH = '/fhir';

/** The request pipeline in order; auth, consent and audit are named pass-through stages for now. */
export function defaultStages(store: Store, limits: Limits, routes: readonly RouteDef[]): Stage[] {
  return [
    requestIdStage,
    limitsStage(limits),
    negotiateStage,
    authenticateStage,
    routeStage(routes),
    parseBodyStage(limits),
    authoriseStage,
    consentGateStage,
    handleStage(store, limits, routes),
    auditStage,
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
  if (options.insecureNoAuth !== true) {
    throw new Error('Authentication is not implemented yet: createApp needs insecureNoAuth: true (start the server with --insecure-no-auth).');
  }
  const limits: Limits = { ...defaultLimits, ...options.limits };
  const logger = options.logger ?? pino({ level: 'silent' });
  const stages = defaultStages(options.store, limits, defaultRoutes);
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
      log: logger,
      body: undefined,
      resource: undefined,
      form: undefined,
      route: undefined,
      principal: undefined,
      response: undefined,
    };
    await runPipeline(stages, exchange);
    // The respond stage always answers; this only guards against a bug leaving a client hanging.
    if (!res.headersSent) res.writeHead(500, { 'Content-Type': FHIR_JSON }).end(JSON.stringify(toOutcome([makeIssue('http.internal-error', undefined)])));
  };

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

  return (req, res) => {
    if (isFhirPath(req.url ?? '')) {
      fhir(req, res).catch((error: unknown) => {
        logger.error({ err: error }, 'error outside the FHIR pipeline');
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': FHIR_JSON }).end(JSON.stringify(toOutcome([makeIssue('http.internal-error', undefined)])));
      });
    } else {
      app(req, res);
    }
  };
}
