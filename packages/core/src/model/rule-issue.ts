import type { z } from 'zod';
import type { MessageId } from '../outcome/messages.js';

/**
 * Adds a rule failure to a zod refinement, naming the catalogue message it stands for. Params are
 * structural facts only; parseRecord turns the issue into an OperationOutcome issue.
 */
export function addRuleIssue(
  ctx: z.RefinementCtx,
  path: PropertyKey[],
  id: MessageId,
  params: Record<string, string> = {},
): void {
  ctx.addIssue({ code: 'custom', path, input: undefined, params: { ...params, id } });
}
