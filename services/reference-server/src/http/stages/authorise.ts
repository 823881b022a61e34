import type { Stage } from '../pipeline.js';

/** Pass-through until scopes and NHS activity codes arrive with auth (decision 7). */
export const authoriseStage: Stage = {
  name: 'authorise',
  always: false,
  run() {},
};
