export * from './canonical.js';
export { messages, type MessageId, type MessageDef } from './outcome/messages.js';
export { makeIssue, issueId, issueProfile, type IssueOptions, type IssueParams } from './outcome/issue.js';
export { toOutcome, hasErrors, errorsOf } from './outcome/outcome.js';
export { validate, type ValidateOptions } from './validate/validate.js';
export { validateText } from './validate/validate-text.js';
export * from './terminology/index.js';
export { checkNhsNumber, isValidNhsNumber, nhsNumberCheckDigit, type NhsNumberCheck } from './nhs-number.js';
export {
  convertStu3,
  recogniseStu3,
  type Stu3Conversion,
  type ConvertStu3Options,
  type Stu3Removal,
  type Stu3Recognition,
  type Stu3Kind,
} from './convert/index.js';
export * from './model/index.js';
export * from './fhir/index.js';
export { isJsonObject, describeJson, type JsonObject } from './json/json-value.js';
