// Public API of the harness: what suites, reporters and the command line import.
export { createClient, connect, operationPath, throttlingCodes, type DcsClient, type DcsClientOptions, type CallArgs, type CallResult, type ConnectDeps } from './client.ts';
export { checkResponse, failures, type ResponseToCheck, type CheckOptions } from './checkResponse.ts';
export { checks, type Check, type CheckContext, type Expectation, type Finding } from './checks/index.ts';
export { openTarget, type OpenTarget, type OpenTargetDeps } from './target.ts';
export { createTransport, type Transport, type TransportOptions, type HttpRequest, type HttpResponse, type SentRequest, type ReceivedResponse, type Exchange, type QueryValue } from './transport/client.ts';
export { DEFAULT_RETRY, IDEMPOTENT_METHODS, backoffDelay, type RetryPolicy } from './transport/retry.ts';
export { RateLimiter, type RateLimit } from './transport/rateLimit.ts';
export { TargetHealth } from './transport/health.ts';
export { assertReachable } from './transport/reachable.ts';
export { noAuth, authFromCredentials, type Credentials } from './auth/provider.ts';
export type { AuthProvider, SecretInput, SignableRequest } from './auth/types.ts';
export { tokenAuth } from './auth/token.ts';
export { akskAuth, signRequest, type AkSkCredentials } from './auth/aksk.ts';
export { bodySha256, CONTENT_SHA256 } from '../common/signing/sdkHmacSha256.ts';
export { Masker, MASK, isSecretName } from './repro/mask.ts';
export { toCurl, shellQuote } from './repro/curl.ts';
export { createExchangeLog, type ExchangeLog } from './repro/log.ts';
// The run-time scenario: the prerequisites a conformance run creates and the request each operation sends.
export { Scenario, successStatuses, pathOf, type Req, type Inst, type Account, type ScenarioOptions, type Made } from './scenario/scenario.ts';
export { REQUESTS, type Builder } from './scenario/requests.ts';
export { createInstanceBody } from './scenario/bodies.ts';
export { repairBody, conformToSchema, urlExamples, fillPath, fillQuery, type ExampleUrl } from './scenario/examples.ts';
export type { Driver, CallInit, Reply } from './scenario/driver.ts';
export * from './waits/index.ts';
export * from './errors.ts';
// The config's mode and error, as this entry point has always offered them (they live in config/).
export { ConfigError, type Mode } from '../config/index.ts';
