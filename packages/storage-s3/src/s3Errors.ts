import { S3RequestError } from './S3RequestError';

/** The fields of an SDK error (modelled, unmodelled or a network error) this package reads. */
interface SdkErrorShape {
  readonly name?: unknown;
  readonly Code?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: number; readonly requestId?: string };
}

/**
 * The SDK keeps only the text of an error that is not `instanceof Error` in its realm: in a vm (jest), Node's
 * own network errors arrive as "AWS SDK error wrapper for TimeoutError: socket hang up".
 */
const WRAPPED_ERROR = /^AWS SDK error wrapper for (\w+)/;

/** Names that say nothing about the failure: the code must come from elsewhere. */
const GENERIC_NAMES = new Set(['Error', 'UnknownError', 'S3ServiceException']);

const CHECK_PERMISSIONS =
  "check the client's credentials and that its policy allows s3:GetObject, s3:PutObject, s3:DeleteObject " +
  'and s3:ListBucket on this bucket and prefix';
const CHECK_ENDPOINT = "no answer came from the server: check the client's endpoint, the network and the timeouts";
const CHECK_REGION = "the bucket is in another region: set the client's region to the bucket's region";
const RETRY_LATER = "the server is busy or failing: retry later, or raise the client's maxAttempts";
const SET_REGION = "the client has no region, so no request was sent: set AWS_REGION (or the client's region option)";

/** What to check for each error code; anything else gets a hint chosen by HTTP status. */
const HINTS: Readonly<Record<string, string>> = {
  NoSuchBucket: "the bucket does not exist: check the bucket name and the client's endpoint and region",
  AccessDenied: CHECK_PERMISSIONS,
  Forbidden: CHECK_PERMISSIONS,
  AllAccessDisabled: CHECK_PERMISSIONS,
  InvalidAccessKeyId: "the access key id is unknown to the server: check the client's credentials",
  SignatureDoesNotMatch: "check the client's secret access key (and that the clock of this machine is right)",
  RequestTimeTooSkewed: "this machine's clock is too far from the server's: synchronize it",
  ExpiredToken: "the client's session credentials expired: refresh them",
  TokenRefreshRequired: "the client's session credentials expired: refresh them",
  PermanentRedirect: CHECK_REGION,
  AuthorizationHeaderMalformed: CHECK_REGION,
  IllegalLocationConstraintException: CHECK_REGION,
  KeyTooLongError: 'the store prefix plus the key exceed the 1024-byte S3 key limit: shorten the prefix',
  NotImplemented:
    'the server does not support this request; putIfAbsent needs conditional writes (PutObject with If-None-Match: *)',
  ConditionalRequestConflict: 'concurrent conditional writes to this key kept conflicting: retry later',
  SlowDown: RETRY_LATER,
  ServiceUnavailable: RETRY_LATER,
  InternalError: RETRY_LATER,
  ECONNREFUSED: CHECK_ENDPOINT,
  ECONNRESET: CHECK_ENDPOINT,
  ENOTFOUND: CHECK_ENDPOINT,
  EAI_AGAIN: CHECK_ENDPOINT,
  ETIMEDOUT: CHECK_ENDPOINT,
  EHOSTUNREACH: CHECK_ENDPOINT,
  TimeoutError: CHECK_ENDPOINT,
  IncompleteResponseBody: 'the connection ended before the whole object arrived: retry',
  CredentialsProviderError:
    'no credentials were found, so no request was sent: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and ' +
    'AWS_SECRET_ACCESS_KEY, or give the client credentials',
};

/** Failures of the client's own configuration, found before any request is sent: they carry only a message. */
const CLIENT_CONFIGURATION: readonly (readonly [RegExp, string])[] = [[/^Region is missing/, SET_REGION]];

/**
 * Codes of failures that usually pass if the request is repeated soon: the server is busy or failing, the
 * connection dropped or timed out. Any answer 429 or 5xx (but 501, not implemented) counts too.
 */
const TRANSIENT_CODES = new Set([
  'SlowDown',
  'ServiceUnavailable',
  'InternalError',
  'RequestTimeout',
  'ConditionalRequestConflict',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'TimeoutError',
  'IncompleteResponseBody',
]);

function isTransient(code: string, status: number | undefined): boolean {
  return TRANSIENT_CODES.has(code) || status === 429 || (status !== undefined && status >= 500 && status !== 501);
}

/**
 * The S3 error code of a failed request (`NoSuchKey`, `AccessDenied`), else a network error code
 * (`ECONNREFUSED`), else the error's name.
 */
export function s3ErrorCode(error: unknown): string {
  const shape = (error ?? {}) as SdkErrorShape;
  if (typeof shape.Code === 'string' && shape.Code !== '') return shape.Code;
  if (typeof shape.name === 'string' && !GENERIC_NAMES.has(shape.name)) return shape.name;
  if (typeof shape.code === 'string' && shape.code !== '') return shape.code;
  const wrapped = typeof shape.message === 'string' ? WRAPPED_ERROR.exec(shape.message) : null;
  if (wrapped !== null) return wrapped[1];
  return typeof shape.name === 'string' ? shape.name : 'UnknownError';
}

function httpStatusOf(error: unknown): number | undefined {
  return ((error ?? {}) as SdkErrorShape).$metadata?.httpStatusCode;
}

/**
 * Nothing is stored under the key: GetObject's `NoSuchKey`, or HeadObject's bodiless 404 (`NotFound`). A
 * HEAD cannot tell a missing bucket from a missing key, so `stat` and `delete` answer "missing" for both.
 */
export function isMissingObject(error: unknown): boolean {
  const code = s3ErrorCode(error);
  return code === 'NoSuchKey' || code === 'NotFound';
}

/** A `Range` starting at byte 0 was refused (416): the object exists and is empty. */
export function isUnsatisfiableRange(error: unknown): boolean {
  return s3ErrorCode(error) === 'InvalidRange' || httpStatusOf(error) === 416;
}

/** A conditional write found an object under the key (412). */
export function isPreconditionFailed(error: unknown): boolean {
  return s3ErrorCode(error) === 'PreconditionFailed' || httpStatusOf(error) === 412;
}

/** A conditional write collided with a concurrent write to the same key (409); S3 says to retry. */
export function isConditionalConflict(error: unknown): boolean {
  return s3ErrorCode(error) === 'ConditionalRequestConflict' || httpStatusOf(error) === 409;
}

/**
 * Explains a failed request as an `S3RequestError`: code, HTTP status, the server's message, bucket, key (or
 * listed prefix) and what to check.
 */
export function explainS3Failure(
  error: unknown,
  where: { bucket: string; objectKey: string; listing?: boolean; requestTimeoutMs?: number },
): S3RequestError {
  const { bucket, objectKey, listing = false, requestTimeoutMs } = where;
  const shape = (error ?? {}) as SdkErrorShape;
  const code = s3ErrorCode(error);
  const httpStatus = httpStatusOf(error);
  const serverMessage =
    typeof shape.message === 'string' && shape.message !== 'UnknownError' ? shape.message : undefined;
  const requestId = shape.$metadata?.requestId;
  const hint =
    code === 'AbortError' && requestTimeoutMs !== undefined
      ? `no complete answer within requestTimeoutMs (${requestTimeoutMs} ms): check the endpoint and the network, ` +
        'or raise requestTimeoutMs for large records on a slow link'
      : (configurationHint(serverMessage) ?? hintFor(code, httpStatus));
  const transient = isTransient(code, httpStatus);
  const failure = {
    code,
    httpStatus,
    serverMessage,
    bucket,
    objectKey,
    listing,
    hint,
    requestId,
    transient,
    cause: error,
  };
  return new S3RequestError(failure);
}

function configurationHint(message: string | undefined): string | undefined {
  if (message === undefined) return undefined;
  return CLIENT_CONFIGURATION.find(([pattern]) => pattern.test(message))?.[1];
}

function hintFor(code: string, status: number | undefined): string {
  const hint = HINTS[code];
  if (hint !== undefined) return hint;
  if (status === 403) return CHECK_PERMISSIONS;
  if (status === 301) return CHECK_REGION;
  if (status !== undefined && (status === 429 || status >= 500)) return RETRY_LATER;
  if (status === undefined) return CHECK_ENDPOINT;
  return "check the client's endpoint, region and credentials, and the bucket's permissions";
}
