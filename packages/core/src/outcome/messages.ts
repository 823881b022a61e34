import type { OperationOutcomeIssue } from 'fhir/r4.js';

/**
 * The one catalogue of validation and mapping messages. Every issue raflag emits comes from
 * here, so a message id is stable and its wording lives in one place.
 *
 * Placeholders `{name}` are filled from structural facts only (element paths, type names,
 * value-set and profile URLs, counts). Never put a submitted value in a message: diagnostics
 * must not echo patient data.
 */
export interface MessageDef {
  readonly severity: OperationOutcomeIssue['severity'];
  readonly code: OperationOutcomeIssue['code'];
  readonly text: string;
}

const def = (severity: MessageDef['severity'], code: MessageDef['code'], text: string): MessageDef => ({
  severity,
  code,
  text,
});

export const messages = {
  // --- ok -------------------------------------------------------------------------------------
  'ok': def('information', 'informational', 'No issues found.'),

  // --- JSON text (validateText) ---------------------------------------------------------------
  'syntax.invalid-json': def('fatal', 'structure', 'The text is not valid JSON: {problem} at line {line}, column {column}.'),
  'syntax.duplicate-key': def('error', 'structure', 'The key "{key}" appears more than once in the same object (line {line}, column {column}).'),
  'syntax.too-deep': def('fatal', 'too-costly', 'Arrays and objects are nested more than {limit} levels deep (line {line}, column {column}); raflag does not validate beyond that depth.'),

  // --- what kind of payload is this -----------------------------------------------------------
  'payload.not-object': def('fatal', 'structure', 'A FHIR resource must be a JSON object; this is {found}.'),
  'payload.no-resource-type': def('fatal', 'required', 'The resource has no resourceType, so it cannot be validated.'),
  'payload.unknown-resource-type': def('error', 'not-supported', 'resourceType "{resourceType}" is not an R4 resource type.'),
  'payload.stu3': def('error', 'not-supported', 'This is a retired STU3 payload ({reason}). raflag does not validate STU3 as R4: run convert (raflag convert --from stu3) to turn it into the current R4 shape.'),

  // --- base R4 rules (generated from the official StructureDefinitions) -----------------------
  'base.unknown-element': def('error', 'structure', 'Element "{element}" is not defined on {type}.'),
  'base.wrong-json-type': def('error', 'structure', 'Element must be {expected} but is {found}.'),
  'base.expected-array': def('error', 'structure', 'Element can repeat, so it must be a JSON array.'),
  'base.unexpected-array': def('error', 'structure', 'Element cannot repeat, so it must not be a JSON array.'),
  'base.primitive-format': def('error', 'value', 'Value is not a valid FHIR {type}.'),
  'base.required-missing': def('error', 'required', 'Element "{element}" is required ({min}..{max}) on {type}.'),
  'base.too-many': def('error', 'structure', 'Element "{element}" allows at most {max} item(s) on {type}; found {count}.'),
  'base.empty': def('error', 'invalid', 'Empty {what} is not allowed in FHIR: omit the element instead.'),
  'base.choice-multiple': def('error', 'structure', 'Only one of {element}[x] may be present; found {found}.'),
  'base.reference-format': def('error', 'value', 'Reference is not a valid relative, absolute, contained (#id) or urn:uuid/urn:oid reference.'),
  'base.reference-target': def('error', 'invalid', 'Reference points at a {found}, but this element only allows {allowed}.'),
  'base.required-binding': def('error', 'code-invalid', 'Code is not in the required value set {valueSet}.'),
  'base.extensible-binding': def('warning', 'code-invalid', 'Code is not in the extensible value set {valueSet}; use a code from it where one fits.'),
  'base.primitive-extension-mismatch': def('error', 'structure', 'Primitive extension "_{element}" does not line up with "{element}".'),
  'base.invariant': def('error', 'invariant', 'Constraint {key} failed: {human}'),
  'base.extension-url': def('error', 'required', 'Every extension must have a url.'),
  'base.extension-value-and-children': def('error', 'invariant', 'Extension must have either a value[x] or nested extensions, not both (ext-1).'),
  'base.reference-type-mismatch': def('error', 'invariant', 'Reference.type says {type}, but the reference points at a {found}.'),
  'base.xhtml-not-allowed': def('error', 'invariant', 'Narrative contains HTML that is not allowed in FHIR narrative (txt-1): {what}.'),
  'base.too-deep': def('error', 'too-costly', 'Elements are nested more than {max} levels deep here; what lies deeper was not checked.'),

  // --- Bundle rules ---------------------------------------------------------------------------
  'bundle.fullurl-duplicate': def('error', 'invariant', 'fullUrl is used by another entry; fullUrls must be unique within a Bundle (bdl-7).'),
  'bundle.fullurl-id-mismatch': def('error', 'invariant', 'fullUrl does not end with the resource\'s type and id.'),
  'bundle.request-missing': def('error', 'required', 'Every entry of a {type} Bundle must have a request (bdl-3).'),
  'bundle.request-not-allowed': def('error', 'invariant', 'Only batch, transaction and history Bundles may have entry.request (bdl-3).'),
  'bundle.response-not-allowed': def('error', 'invariant', 'Only batch-response, transaction-response and history Bundles may have entry.response (bdl-4).'),
  'bundle.total-not-allowed': def('error', 'invariant', 'Bundle.total is only allowed on searchset and history Bundles (bdl-1).'),
  'bundle.entry-empty': def('error', 'invariant', 'A Bundle entry must have a resource, a request or a response (bdl-5).'),
  'bundle.unresolved-urn': def('error', 'not-found', 'Reference to {target} does not resolve to any entry of this Bundle.'),
  'bundle.response-missing': def('error', 'required', 'Every entry of a {type} Bundle must have a response (bdl-4).'),

  // --- contained resources --------------------------------------------------------------------
  'contained.nested': def('error', 'invariant', 'A contained resource must not contain other resources (dom-2).'),
  'contained.unreferenced': def('error', 'invariant', 'Contained resource is not referenced from its container and does not reference it (dom-3).'),
  'contained.meta-not-allowed': def('error', 'invariant', 'A contained resource must not have meta.versionId, meta.lastUpdated or meta.security (dom-4).'),
  'contained.no-id': def('error', 'required', 'A contained resource must have an id so it can be referenced.'),
  'contained.narrative-not-allowed': def('error', 'invariant', 'A contained resource must not have text (dom-5).'),
  'contained.unresolved': def('error', 'not-found', 'Reference to a contained resource does not match any contained id.'),
  'contained.security-not-allowed': def('error', 'invariant', 'A contained resource must not have a security label (dom-5).'),

  // --- national and project profiles ----------------------------------------------------------
  'profile.unknown': def('warning', 'not-supported', 'Profile {profile} is not known to raflag; only the base R4 rules were checked against it.'),
  'profile.category-missing': def('error', 'required', 'The resource needs a category from {valueSet}.'),
  'profile.category-count': def('error', 'structure', 'The resource needs exactly {expected} categories; found {count}.'),
  'profile.code-not-in-valueset': def('error', 'code-invalid', 'Code is not in {valueSet}.'),
  'profile.code-wrong-system': def('error', 'code-invalid', 'Coding system must be {expected}.'),
  'profile.code-not-for-category': def('error', 'code-invalid', 'The adjustment code does not belong to the adjustment category given in category[{index}].'),
  'profile.display-mismatch': def('warning', 'code-invalid', 'Display does not match the code system\'s display for this code.'),
  'profile.element-missing': def('error', 'required', 'Element "{element}" is required by {profileName}.'),
  'profile.element-forbidden': def('error', 'structure', 'Element "{element}" is not allowed by {profileName}.'),
  'profile.extension-url-old': def('warning', 'business-rule', 'Extension url is the Gen 2 ra-sandbox url; the current profile uses {expected}.'),
  'profile.bespoke-text-required': def('error', 'required', 'A bespoke adjustment must describe the adjustment in code.text.'),
  'profile.other-impairment-text': def('error', 'required', 'An impairment of "other" must say what it is in code.text or note.'),
  'profile.best-interest-summary-required': def('error', 'required', 'Consent given by a best-interest decision must carry a best-interest summary.'),
  'profile.consent-status-purpose': def('error', 'business-rule', 'Consent status {status} does not agree with provision.purpose {purpose}.'),
  'profile.code-not-in-extensible-valueset': def('warning', 'code-invalid', 'Code is not in the extensible value set {valueSet}; use a code from it where one fits.'),
  'profile.category-repeated': def('error', 'structure', 'Only one category from {valueSet} is allowed; this is another.'),
  'profile.too-many': def('error', 'structure', 'Element "{element}" allows at most {max} item(s) in {profileName}; found {count}.'),
  'profile.reference-target': def('error', 'invalid', 'Reference points at a {found}, but {profileName} only allows {allowed} here.'),
  'profile.wrong-resource-type': def('error', 'invalid', 'Profile {profile} is for {expected} resources, not {found}; its rules were not checked.'),
  'profile.sharing-partner': def('error', 'required', 'A sharing partner must be named by its ODS code: reference.identifier with system {system}.'),

  // --- terminology ----------------------------------------------------------------------------
  'terminology.snomed-https': def('warning', 'code-invalid', 'SNOMED CT system must be http://snomed.info/sct, not https://snomed.info/sct.'),
  'terminology.unknown-code': def('error', 'code-invalid', 'Code is not defined in code system {system}.'),

  // --- business rules -------------------------------------------------------------------------
  'business.nhs-number-format': def('error', 'value', 'An NHS number must be exactly 10 digits.'),
  'business.nhs-number-check-digit': def('error', 'value', 'NHS number fails the modulus 11 check digit.'),
  'business.patient-flag-duplicate': def('error', 'business-rule', 'A patient may have only one national reasonable adjustment PatientFlag; this Bundle has {count}.'),
  'business.subject-mismatch': def('error', 'business-rule', 'Every detail resource must be about the same patient as the PatientFlag.'),
  'business.provenance-missing': def('error', 'business-rule', 'The resource must contain a Provenance recording who made this entry.'),
  'business.provenance-target': def('error', 'business-rule', 'The contained Provenance must target the containing resource (target.reference = "#").'),
  'business.flag-detail-unresolved': def('warning', 'not-found', 'flag-detail points at a resource that is not in this Bundle.'),

  // --- mapping and conversion -----------------------------------------------------------------
  'mapping.unmapped-resource': def('warning', 'not-supported', 'A {type} resource is not part of a reasonable-adjustment record and was not mapped.'),
  'mapping.unmapped-element': def('warning', 'not-supported', 'Element "{element}" has no place in the reasonable-adjustment record and was not carried.'),
  'mapping.unrecognised-code': def('error', 'code-invalid', 'Code is not a national code this mapping understands, so the item could not be read.'),
  'mapping.invalid-record': def('error', 'invalid', 'The record is not valid: {problem}.'),
  'mapping.no-patient': def('error', 'required', 'No patient NHS number could be found for the record.'),
  'mapping.normalised': def('information', 'informational', 'Normalised: {what}.'),
  'mapping.not-carried': def('warning', 'not-supported', 'Not carried into the R4 record: {what}.'),
  // STU3 conversion (convert/)
  'mapping.stu3-unrecognised': def('error', 'not-supported', 'This is not a recognised STU3 RARecord payload: {reason}.'),
  'mapping.stu3-nothing-to-carry': def('warning', 'not-found', 'The payload holds nothing that the R4 record can carry (the other issues say why), so no record was produced.'),
  'mapping.stu3-patient-mismatch': def('error', 'business-rule', 'The payload names more than one patient; a record is about one patient, so no record was produced.'),
  'mapping.stu3-patient-reference': def('error', 'value', 'The patient reference is not a Spine demographics URL ending in a 10-digit NHS number.'),

  // --- domain record (parseRecord) and FHIR mapping (fromFhir) --------------------------------
  'mapping.record-required': def('error', 'required', 'Element "{element}" is required here.'),
  'mapping.record-wrong-type': def('error', 'structure', 'Element must be {expected}.'),
  'mapping.record-unknown-element': def('error', 'structure', 'Element "{element}" is not part of {type}.'),
  'mapping.record-invalid-code': def('error', 'code-invalid', 'Value is not one of the codes allowed here ({allowed}).'),
  'mapping.record-invalid-format': def('error', 'value', 'Value is not a valid {format}.'),
  'mapping.record-empty': def('error', 'invalid', 'Value must contain visible text; FHIR does not allow empty strings.'),
  'mapping.record-code-not-in-category': def('error', 'code-invalid', 'The SNOMED CT code is not in the national list (England-FlagCodeRA) for this adjustment category.'),
  'mapping.record-bespoke-description': def('error', 'required', 'A bespoke adjustment must have a description (it is coded 1108111000000107, the text says what it is).'),
  'mapping.record-not-allowed': def('error', 'structure', 'Element "{element}" is not allowed on {kind}.'),
  'mapping.record-other-impairment-text': def('error', 'required', 'An impairment of "other" must say what it is in text.'),
  'mapping.record-sharing-conflict': def('error', 'business-rule', 'A sharing partner cannot be both permitted and denied.'),
  'mapping.record-duplicate-partner': def('error', 'business-rule', 'A sharing partner is named more than once.'),
  'mapping.unreadable-input': def('fatal', 'structure', 'Input must be a FHIR resource, a Bundle or an array of resources; this is {found}.'),
  'mapping.missing-element': def('error', 'required', 'Element "{element}" is needed to read this {type}, so the item was not read.'),
  'mapping.more-than-one': def('warning', 'business-rule', 'A record holds one {what}; this input has {count}, and only the first was read.'),
  'mapping.patient-conflict': def('error', 'business-rule', 'The input names more than one patient; a record is about one person.'),
  'mapping.nhs-number-missing': def('error', 'required', 'The Patient has no identifier with system https://fhir.nhs.uk/Id/nhs-number.'),
  'mapping.unrecognised-resource': def('warning', 'not-supported', 'A {type} resource that is not reasonable-adjustment or SCR content was not mapped.'),

  // --- HTTP server (services/reference-server) ----------------------------------------------
  'http.route-not-found': def('error', 'not-found', 'There is no FHIR endpoint at this URL.'),
  'http.method-not-allowed': def('error', 'not-supported', 'Method {method} is not allowed here; allowed: {allowed}.'),
  'http.not-acceptable': def('error', 'not-supported', 'The server answers only application/fhir+json (or application/json); the Accept header or _format asks for something else.'),
  'http.unsupported-media-type': def('error', 'not-supported', 'The request body must be application/fhir+json or application/json.'),
  'http.body-missing': def('error', 'required', 'The request needs a body.'),
  'http.body-too-large': def('error', 'too-costly', 'The request body is larger than the limit of {limit} bytes.'),
  'http.json-too-deep': def('error', 'too-costly', 'The JSON is nested more than {limit} levels deep.'),
  'http.array-too-long': def('error', 'too-costly', 'An array has more than {limit} items.'),
  'http.string-too-long': def('error', 'too-costly', 'A string is longer than {limit} characters.'),
  'http.headers-too-large': def('error', 'too-costly', 'The request headers are larger than the limit of {limit} bytes.'),
  'http.url-too-long': def('error', 'too-costly', 'The request URL is longer than the limit of {limit} characters.'),
  'http.request-id-invalid': def('error', 'value', 'X-Request-ID must be a UUID.'),
  'http.id-invalid': def('error', 'value', 'A resource id must be 1 to 64 letters, digits, "-" or ".".'),
  'http.version-invalid': def('error', 'value', 'A version id must be a positive integer.'),
  'http.resource-not-found': def('error', 'not-found', 'No {type} with this id exists.'),
  'http.version-not-found': def('error', 'not-found', 'No version of this {type} has this version id.'),
  'http.resource-gone': def('error', 'deleted', 'This {type} has been deleted.'),
  'http.resource-type-mismatch': def('error', 'invalid', 'The body is a {found}, but this URL takes a {expected}.'),
  'http.id-mismatch': def('error', 'invalid', 'The resource id in the body must equal the id in the URL.'),
  'http.if-match-required': def('error', 'required', 'This {interaction} needs an If-Match header naming the current version (W/"n").'),
  'http.if-match-invalid': def('error', 'value', 'If-Match must be a version ETag such as W/"1".'),
  'http.version-conflict': def('error', 'conflict', 'If-Match names a version that is not the current one; read the resource again and retry.'),
  'http.conditional-multiple-matches': def('error', 'duplicate', 'If-None-Exist matched {count} resources; it must match at most one.'),
  'http.search-parameter-unknown': def('error', 'not-supported', 'Search parameter "{name}" is not supported on {type}.'),
  'http.search-parameter-invalid': def('error', 'value', 'Search parameter "{name}" has a value that is not valid here: {problem}.'),
  'http.search-parameter-repeated': def('error', 'not-supported', 'Search parameter "{name}" may appear only once.'),
  'http.count-clamped': def('information', 'informational', '_count asked for more than {max} entries per page; {max} were returned per page.'),
  'http.cursor-invalid': def('error', 'value', 'The paging cursor is not valid or has expired; start the search again.'),
  'http.patient-required': def('error', 'required', 'PatientFlag needs patient=<NHS number>.'),
  'http.created': def('information', 'informational', 'Created {type}, version {version}.'),
  'http.updated': def('information', 'informational', 'Updated {type}, now version {version}.'),
  'http.unchanged': def('information', 'informational', 'A matching {type} already exists (If-None-Exist); nothing was written.'),
  'http.deleted': def('information', 'informational', 'Deleted {type}.'),
  'http.already-deleted': def('information', 'informational', 'This {type} was already deleted; nothing changed.'),
  'http.auth-required': def('error', 'login', 'This endpoint needs an access token: send Authorization: Bearer <token> (get one from the token endpoint with a signed client assertion).'),
  'http.token-invalid': def('error', 'login', 'The access token was refused ({reason}); get a new one from the token endpoint.'),
  'http.scope-insufficient': def('error', 'forbidden', 'The access token\'s scopes do not allow {interaction} on {type}; ask for a scope such as {needed}.'),
  'http.role-insufficient': def('error', 'forbidden', 'This needs the NHS activity code {needed} (for example B0380 to create, edit or remove a flag); the caller does not hold it.'),
  'http.audit-only': def('error', 'forbidden', 'An auditor client reads AuditEvents only.'),
  'http.audit-read-forbidden': def('error', 'forbidden', 'Only auditors, and care staff who may read the patient\'s record (searching with patient=), may read AuditEvents.'),
  'http.count-filtered': def('error', 'forbidden', '_summary=count is not available to callers whose results are filtered by consent: a count would reveal records they may not see.'),
  'http.consent-refused': def('error', 'business-rule', 'The patient has {state} consent to record and share a reasonable adjustment flag, so no new adjustment or impairment can be recorded; record a new given consent first.'),
  'http.patient-immutable': def('error', 'business-rule', 'An update cannot move a {type} to another patient\'s record (or off it); keep {element} as it is, and to correct a misfiled item remove it and record it again for the right patient.'),
  'http.conditional-match-hidden': def('error', 'conflict', 'The If-None-Exist condition matches a record this caller may not read, so nothing was created and the match is not shown; check the condition, or ask the organisation that holds the record.'),
  'http.audit-unavailable': def('fatal', 'exception', 'The server could not record this access in its audit trail, so it does not answer; try again.'),
  'http.report-auditors-only': def('error', 'forbidden', 'The provision report counts every organisation\'s records: it is for auditor clients.'),
  'http.read-only-type': def('error', 'not-supported', '{type} is read-only through this API.'),
  'http.internal-error': def('fatal', 'exception', 'The server could not complete the request; the details are logged under the request id.'),

  // --- transaction and batch Bundles (services/reference-server) ------------------------------
  'bundle-process.type-unsupported': def('error', 'not-supported', 'The server processes only transaction and batch Bundles here; this Bundle is a {type}.'),
  'bundle-process.method-unsupported': def('error', 'not-supported', 'Entry request method {method} is not supported in a {type} Bundle.'),
  'bundle-process.url-invalid': def('error', 'value', 'Entry request.url must be {expected} for {method}.'),
  'bundle-process.type-not-supported': def('error', 'not-supported', 'Resource type {type} cannot be written through this server.'),
  'bundle-process.conditional-unsupported': def('error', 'not-supported', 'Conditional {interaction} (a search in request.url) is not supported; name the resource by id.'),
  'bundle-process.rolled-back': def('information', 'informational', 'The transaction was rolled back because entry {index} failed; nothing was written.'),
} as const satisfies Record<string, MessageDef>;

export type MessageId = keyof typeof messages;
