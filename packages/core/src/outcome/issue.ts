import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { raflagUrl } from '../canonical.js';
import { messages, type MessageId } from './messages.js';

export type IssueParams = Readonly<Record<string, string | number>>;

export interface IssueOptions {
  /** The profile whose rule failed; base R4 rules leave it out. */
  readonly profile?: string;
  /** Overrides the catalogue severity where the same rule is an error in one place and a warning in another. */
  readonly severity?: OperationOutcomeIssue['severity'];
  /** Line and column (1-based) in the submitted text, when the issue came from parsing it. */
  readonly position?: { readonly line: number; readonly column: number };
}

const fill = (template: string, params: IssueParams): string =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });

/** Builds one OperationOutcome issue from the catalogue. */
export function makeIssue(
  id: MessageId,
  expression: string | undefined,
  params: IssueParams = {},
  options: IssueOptions = {},
): OperationOutcomeIssue {
  const message = messages[id];
  const text = fill(message.text, params);
  const result: OperationOutcomeIssue = {
    severity: options.severity ?? message.severity,
    code: message.code,
    details: { coding: [{ system: raflagUrl.messageCodeSystem, code: id }], text },
    diagnostics: options.profile ? `${text} (profile ${options.profile})` : text,
  };
  if (expression !== undefined) result.expression = [expression];
  const extension = [];
  if (options.profile) extension.push({ url: raflagUrl.issueProfileExtension, valueCanonical: options.profile });
  if (options.position) {
    extension.push({
      url: raflagUrl.issuePositionExtension,
      extension: [
        { url: 'line', valueInteger: options.position.line },
        { url: 'column', valueInteger: options.position.column },
      ],
    });
  }
  if (extension.length > 0) result.extension = extension;
  return result;
}

/** The message id of an issue made by `makeIssue`, for tests and callers that branch on it. */
export function issueId(issue: OperationOutcomeIssue): string | undefined {
  return issue.details?.coding?.find((c) => c.system === raflagUrl.messageCodeSystem)?.code;
}

/** The profile an issue was raised against, if any. */
export function issueProfile(issue: OperationOutcomeIssue): string | undefined {
  return issue.extension?.find((e) => e.url === raflagUrl.issueProfileExtension)?.valueCanonical;
}
