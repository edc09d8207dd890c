/** What `S3RequestError` is built from. */
export interface S3RequestFailure {
  /** The S3 error code (`NoSuchBucket`), a network error code (`ECONNREFUSED`), or the SDK error's name. */
  readonly code: string;
  /** The HTTP status of the answer, `undefined` when none arrived. */
  readonly httpStatus: number | undefined;
  /** The server's own words, when it said something. */
  readonly serverMessage: string | undefined;
  readonly bucket: string;
  /** The full object key (store prefix included), or the full prefix of a listing. */
  readonly objectKey: string;
  readonly listing: boolean;
  /** What to check or do about it. */
  readonly hint: string;
  /** S3's request id, for support requests. */
  readonly requestId: string | undefined;
  /**
   * Repeating the request soon may well succeed: the server was busy or failing, or the connection dropped.
   * Default false.
   */
  readonly transient?: boolean;
  /** The SDK's error. */
  readonly cause: unknown;
}

/**
 * Why one S3 request failed, in words a user can act on: the S3 error code (`NoSuchBucket`, `AccessDenied`, or
 * a network code like `ECONNREFUSED`), the HTTP status, the bucket and object key, and what to check. It is the
 * `cause` of the `StorageError` that `S3Storage` throws; its own `cause` is the SDK's error.
 */
export class S3RequestError extends Error {
  readonly code: string;
  readonly httpStatus: number | undefined;
  readonly bucket: string;
  readonly objectKey: string;
  readonly hint: string;
  readonly requestId: string | undefined;
  readonly transient: boolean;

  constructor(failure: S3RequestFailure) {
    const answer = [failure.httpStatus === undefined ? undefined : `HTTP ${failure.httpStatus}`, failure.serverMessage]
      .filter((part) => part !== undefined && part !== '')
      .join(': ');
    const subject = failure.listing ? `objects under "${failure.objectKey}"` : `key "${failure.objectKey}"`;
    super(
      `${failure.code}${answer === '' ? '' : ` (${answer})`} ` +
        `for bucket "${failure.bucket}", ${subject}: ${failure.hint}`,
      { cause: failure.cause },
    );
    this.name = 'S3RequestError';
    this.code = failure.code;
    this.httpStatus = failure.httpStatus;
    this.bucket = failure.bucket;
    this.objectKey = failure.objectKey;
    this.hint = failure.hint;
    this.requestId = failure.requestId;
    this.transient = failure.transient ?? false;
  }
}
