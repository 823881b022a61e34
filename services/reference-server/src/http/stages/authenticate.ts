import type { Stage } from '../pipeline.js';

/**
 * Pass-through until SMART Backend Services lands (decision 7): every caller is the anonymous
 * principal that `insecureNoAuth` allowed when the app was created. The next issue replaces this
 * stage with token verification that sets a real principal or answers 401.
 */
export const authenticateStage: Stage = {
  name: 'authenticate',
  always: false,
  run(exchange) {
    exchange.principal = { kind: 'insecure-anonymous' };
  },
};
