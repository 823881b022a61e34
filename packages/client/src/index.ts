export { RaflagClient, type RaflagClientOptions } from './raflag-client.js';
export {
  FhirClient,
  type PreferReturn,
  type WriteOptions,
  type UpdateOptions,
  type SearchParams,
  type SearchBundle,
} from './fhir-client.js';
export { FhirTransport, NotModified, type FhirRequest, type FhirAnswer, type HttpMethod, type TransportOptions } from './fhir-transport.js';
export { SmartAuth, DEFAULT_SCOPE, type SmartAuthOptions, type TokenSource, type PrivateKeyInput } from './smart-auth.js';
export { signClientAssertion, ASSERTION_LIFETIME_SECONDS, type AssertionAlgorithm, type AssertionClaims, type RequestingUser } from './client-assertion.js';
export { discoverTokenEndpoint, requestToken, type FetchLike, type IssuedToken } from './token-endpoint.js';
export { retryPolicy, retryDelay, type RetryOptions, type RetryPolicy } from './retry-policy.js';
export { retryAfterMs } from './retry-after.js';
export { isResourceOf, type ResourceType, type ResourceOf } from './resource-types.js';
export {
  RaflagClientError,
  FhirHttpError,
  NotFoundError,
  PreconditionFailedError,
  PreconditionRequiredError,
  AuthError,
  NetworkError,
  InvalidResponseError,
  InvalidRecordError,
  type FhirHttpErrorDetails,
  type AuthErrorDetails,
} from './errors.js';
