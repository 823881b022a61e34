import { httpError } from '../http-error.js';
import type { Stage } from '../pipeline.js';
import type { RouteDef } from '../route-def.js';
import { lookupRoute } from '../route-match.js';

/** Finds the route in the one route table: unknown path 404, known path with another method 405 + Allow. */
export function routeStage(routes: readonly RouteDef[]): Stage {
  return {
    name: 'route',
    always: false,
    run(exchange) {
      const found = lookupRoute(routes, exchange.method, exchange.path);
      if (found.kind === 'not-found') throw httpError(404, 'http.route-not-found', undefined);
      if (found.kind === 'wrong-method') {
        const allowed = found.allowed.join(', ');
        throw httpError(405, 'http.method-not-allowed', undefined, { method: exchange.method, allowed }, { Allow: allowed });
      }
      exchange.route = found.route;
      // The route template, never the URL the client sent: paths can carry ids and queries patient data.
      exchange.requestLog.bind({ method: exchange.method, route: `/fhir${found.route.def.path}`, interaction: found.route.def.interaction });
    },
  };
}
