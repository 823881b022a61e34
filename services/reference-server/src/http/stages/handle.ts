import type { CapabilityStatementRestSecurity } from 'fhir/r4.js';
import type { Limits } from '../../config.js';
import type { Store } from '../../store/store.js';
import type { Stage } from '../pipeline.js';
import type { RouteDef } from '../route-def.js';

/** Runs the matched route's handler with what the earlier stages gathered. */
export function handleStage(store: Store, limits: Limits, routes: readonly RouteDef[], security?: CapabilityStatementRestSecurity | undefined): Stage {
  return {
    name: 'handle',
    always: false,
    async run(exchange) {
      const route = exchange.route;
      if (!route) return;
      exchange.response = await route.def.handler(exchange, {
        store: exchange.store ?? store,
        limits,
        params: route.params,
        resource: exchange.resource,
        form: exchange.form,
        routes,
        security,
      });
    },
  };
}
