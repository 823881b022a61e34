import type { Stage } from '../pipeline.js';

/** Pass-through until the consent decision (decision 8) is wired in: may this principal touch this patient? */
export const consentGateStage: Stage = {
  name: 'consentGate',
  always: false,
  run() {},
};
