// The floor: exactly the oauth4webapi exports telnyx-login's src uses at run time, plus idb-keyval's store
// functions. No SDK built on these two libraries can be smaller than this. bench/size.js checks this list
// against src/ on every run and reports any drift.
export {
  AuthorizationResponseError,
  JSON_ATTRIBUTE_COMPARISON,
  None,
  OperationProcessingError,
  ResponseBodyError,
  WWWAuthenticateChallengeError,
  allowInsecureRequests,
  authorizationCodeGrantRequest,
  calculatePKCECodeChallenge,
  clockTolerance,
  customFetch,
  discoveryRequest,
  dynamicClientRegistrationRequest,
  expectNoNonce,
  generateRandomCodeVerifier,
  generateRandomNonce,
  generateRandomState,
  getValidatedIdTokenClaims,
  processAuthorizationCodeResponse,
  processDiscoveryResponse,
  processDynamicClientRegistrationResponse,
  processRefreshTokenResponse,
  processResourceDiscoveryResponse,
  processRevocationResponse,
  refreshTokenGrantRequest,
  resourceDiscoveryRequest,
  revocationRequest,
  validateAuthResponse,
} from 'oauth4webapi';
export { createStore, del, get, set, update } from 'idb-keyval';
