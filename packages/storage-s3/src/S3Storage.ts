import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type PutObjectCommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  isStorageKey,
  ConfigurationError,
  ObjectTooLargeError,
  StorageError,
  type GetOptions,
  type ListOptions,
  type ResultStorage,
  type StoredObject,
  type StoredObjectPage,
  type VersionedBytes,
} from '@flowcache/core/adapters';
import { normalizePrefix } from './normalizePrefix';
import { uploadChunks } from './uploadChunks';
import { abortAfter, checkRequestTimeout } from './requestTimeout';
import { discardBody, readBody, readBodyUpTo } from './readBody';
import {
  explainS3Failure,
  isConditionalConflict,
  isMissingObject,
  isPreconditionFailed,
  isUnsatisfiableRange,
} from './s3Errors';

/** How to reach the bucket: everything about the connection is the client's business. */
export interface S3StorageOptions {
  /**
   * Your configured `S3Client` (endpoint, region, credentials, retries, timeouts): AWS, MinIO and R2 differ
   * only in its configuration. The storage never builds a client or reads the environment.
   */
  readonly client: S3Client;
  readonly bucket: string;
  /** Put in front of every key, so several stores can share a bucket: `'flowcache/prod'`. Default `''`. */
  readonly prefix?: string;
  /**
   * The longest one operation may take, the client's retries included, in milliseconds; then it fails with
   * `AbortError` (the call goes on without storage). Default 60000: room for large records on a slow link.
   */
  readonly requestTimeoutMs?: number;
}

/** Pauses before retrying a conditional write that collided with another (409), with jitter applied. */
const CONFLICT_RETRY_DELAYS_MS = [25, 75, 200];

/**
 * Bytes by key in an S3 bucket (AWS S3, MinIO, Cloudflare R2, anything speaking the S3 API with conditional
 * writes). One request per operation except `delete` (HEAD + DELETE): a cache hit costs one GetObject.
 * `putIfAbsent` relies on `If-None-Match: *`, `putIfVersion` on `If-Match: <ETag>`; a server that ignores them
 * makes them plain `put`s.
 * Failures other than "not found" throw `StorageError` whose cause, an `S3RequestError`, names the bucket,
 * the key, the S3 error code and what to check.
 */
export class S3Storage implements ResultStorage {
  /** `s3://bucket/prefix`. */
  readonly location: string;
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly keyPrefix: string;
  private readonly requestTimeoutMs: number;

  constructor({ client, bucket, prefix = '', requestTimeoutMs = 60_000 }: S3StorageOptions) {
    if (typeof client?.send !== 'function') {
      throw new ConfigurationError('S3Storage option `client` must be an S3Client from @aws-sdk/client-s3');
    }
    if (typeof bucket !== 'string' || bucket === '') {
      throw new ConfigurationError('S3Storage option `bucket` must be a non-empty bucket name');
    }
    this.client = client;
    this.bucket = bucket;
    this.keyPrefix = normalizePrefix(prefix);
    this.requestTimeoutMs = checkRequestTimeout(requestTimeoutMs, 'S3Storage');
    this.location = `s3://${bucket}${this.keyPrefix === '' ? '' : `/${this.keyPrefix.slice(0, -1)}`}`;
  }

  /**
   * One GetObject; `NoSuchKey` is `undefined`. With `maxBytes`, a response whose `Content-Length` is larger is
   * refused before its body is read (`ObjectTooLargeError`), and a body without a length is read only up to the
   * limit.
   */
  async get(key: string, options?: GetOptions): Promise<Uint8Array | undefined> {
    return (await this.read(key, options, 'get'))?.bytes;
  }

  /** `get`, with the object's ETag as its version: the same single GetObject. */
  async getVersioned(key: string, options?: GetOptions): Promise<VersionedBytes | undefined> {
    const read = await this.read(key, options, 'getVersioned');
    if (read === undefined) return undefined;
    if (read.etag === undefined) {
      throw this.failure('getVersioned', key, new Error('the GetObject response carried no ETag'));
    }
    return { bytes: read.bytes, version: read.etag };
  }

  /**
   * One PutObject with `If-Match: <version>` (the ETag `getVersioned` read): 412, or 404 from a server that
   * answers so for a missing key, means the object changed or is gone (`false`). A 409 is retried as in
   * `putIfAbsent`.
   */
  async putIfVersion(key: string, bytes: Uint8Array, version: string): Promise<boolean> {
    return this.putConditionally('putIfVersion', key, { ...this.putRequest(key, bytes), IfMatch: version });
  }

  private async read(
    key: string,
    { maxBytes }: GetOptions = {},
    operation: string,
  ): Promise<{ readonly bytes: Uint8Array; readonly etag: string | undefined } | undefined> {
    try {
      const request = { Bucket: this.bucket, Key: this.objectKey(key) };
      const response = await this.client.send(new GetObjectCommand(request), this.deadline());
      const etag = response.ETag;
      if (maxBytes === undefined) return { bytes: await readBody(response.Body, response.ContentLength), etag };
      if (response.ContentLength !== undefined && response.ContentLength > maxBytes) {
        discardBody(response.Body);
        throw new ObjectTooLargeError(this.location, key, response.ContentLength, maxBytes);
      }
      const { bytes, more } = await readBodyUpTo(response.Body, maxBytes, response.ContentLength);
      // Past the limit, the size is not known: at least one byte more than allowed.
      if (more) throw new ObjectTooLargeError(this.location, key, maxBytes + 1, maxBytes);
      return { bytes, etag };
    } catch (error) {
      if (isMissingObject(error)) return undefined;
      if (error instanceof ObjectTooLargeError) throw error;
      throw this.failure(operation, key, error);
    }
  }

  /** One GetObject with `Range: bytes=0-(length-1)` (one HeadObject when `length` is 0). */
  async getRange(key: string, length: number): Promise<Uint8Array | undefined> {
    if (length === 0) return (await this.head(key, 'getRange')) === undefined ? undefined : new Uint8Array(0);
    const request = { Bucket: this.bucket, Key: this.objectKey(key), Range: `bytes=0-${length - 1}` };
    try {
      const response = await this.client.send(new GetObjectCommand(request), this.deadline());
      // A server that ignores Range sends the whole object: the rest of it is left unread.
      return (await readBodyUpTo(response.Body, length, response.ContentLength)).bytes;
    } catch (error) {
      if (isMissingObject(error)) return undefined;
      if (isUnsatisfiableRange(error)) return new Uint8Array(0);
      throw this.failure('getRange', key, error);
    }
  }

  /** One PutObject. */
  async put(key: string, bytes: Uint8Array): Promise<void> {
    try {
      await this.client.send(new PutObjectCommand(this.putRequest(key, bytes)), this.deadline());
    } catch (error) {
      throw this.failure('put', key, error);
    }
  }

  /**
   * The chunks as one object: one PutObject when they fit in one 5 MiB part, else a multipart upload
   * (`@aws-sdk/lib-storage`), visible under the key only once complete, holding at most 18 MiB of copies at a time
   * however large the object (see `uploadChunks`). Not bounded by `requestTimeoutMs`, which is for one request:
   * each part's requests are bounded by the client's own timeouts.
   */
  async putStream(key: string, chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<void> {
    try {
      await uploadChunks({ client: this.client, bucket: this.bucket, objectKey: this.objectKey(key) }, chunks);
    } catch (error) {
      throw this.failure('putStream', key, error);
    }
  }

  /**
   * One PutObject with `If-None-Match: *`: 412 means something is there (`false`). A 409 means a concurrent
   * conditional write to the same key was in flight: S3 asks to retry, and the retry's answer decides.
   */
  async putIfAbsent(key: string, bytes: Uint8Array): Promise<boolean> {
    return this.putConditionally('putIfAbsent', key, { ...this.putRequest(key, bytes), IfNoneMatch: '*' });
  }

  private async putConditionally(
    operation: 'putIfAbsent' | 'putIfVersion',
    key: string,
    request: PutObjectCommandInput,
  ): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.client.send(new PutObjectCommand(request), this.deadline());
        return true;
      } catch (error) {
        if (isPreconditionFailed(error)) return false;
        if (operation === 'putIfVersion' && isMissingObject(error)) return false;
        const delay = CONFLICT_RETRY_DELAYS_MS[attempt];
        if (!isConditionalConflict(error) || delay === undefined) throw this.failure(operation, key, error);
        await sleep(delay * (0.5 + Math.random()));
      }
    }
  }

  /** HeadObject, then DeleteObject if something is there: S3's DELETE does not say whether the key existed. */
  async delete(key: string): Promise<boolean> {
    if ((await this.head(key, 'delete')) === undefined) return false;
    try {
      const request = { Bucket: this.bucket, Key: this.objectKey(key) };
      await this.client.send(new DeleteObjectCommand(request), this.deadline());
      return true;
    } catch (error) {
      throw this.failure('delete', key, error);
    }
  }

  /**
   * One ListObjectsV2 per page; keys come back relative to the store prefix, in S3's (UTF-8 byte) order. An object
   * whose key no record could have (a console's folder marker `archive/`, a key with `//` or a control character)
   * is skipped and named in `foreign` by its whole object key, as `aws s3 rm` would take it.
   */
  async list(prefix: string, { cursor, limit = 1000 }: ListOptions = {}): Promise<StoredObjectPage> {
    try {
      const response = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: this.objectKey(prefix),
          MaxKeys: limit,
          ...(cursor === undefined ? {} : { ContinuationToken: cursor }),
        }),
        this.deadline(),
      );
      const objects: StoredObject[] = [];
      const foreign: string[] = [];
      for (const object of response.Contents ?? []) {
        const objectKey = object.Key ?? '';
        const key = objectKey.slice(this.keyPrefix.length);
        if (!isStorageKey(key)) foreign.push(objectKey);
        else objects.push({ key, size: object.Size ?? 0, modifiedAt: object.LastModified ?? new Date(0) });
      }
      const next = response.IsTruncated ? response.NextContinuationToken : undefined;
      return foreign.length === 0 ? { objects, cursor: next } : { objects, cursor: next, foreign };
    } catch (error) {
      throw this.failure('list', prefix, error);
    }
  }

  /** One HeadObject; 404 is `undefined`. */
  async stat(key: string): Promise<StoredObject | undefined> {
    return this.head(key, 'stat');
  }

  private async head(key: string, operation: string): Promise<StoredObject | undefined> {
    try {
      const request = { Bucket: this.bucket, Key: this.objectKey(key) };
      const response = await this.client.send(new HeadObjectCommand(request), this.deadline());
      return { key, size: response.ContentLength ?? 0, modifiedAt: response.LastModified ?? new Date(0) };
    } catch (error) {
      if (isMissingObject(error)) return undefined;
      throw this.failure(operation, key, error);
    }
  }

  /** Send options that end the request after `requestTimeoutMs`. */
  private deadline() {
    return abortAfter(this.requestTimeoutMs);
  }

  private objectKey(key: string): string {
    return this.keyPrefix + key;
  }

  private putRequest(key: string, bytes: Uint8Array) {
    return { Bucket: this.bucket, Key: this.objectKey(key), Body: bytes, ContentType: 'application/octet-stream' };
  }

  private failure(operation: string, key: string, error: unknown): StorageError {
    const explained = explainS3Failure(error, {
      bucket: this.bucket,
      objectKey: this.objectKey(key),
      listing: operation === 'list',
      requestTimeoutMs: this.requestTimeoutMs,
    });
    return new StorageError(this.location, operation, key, explained, { transient: explained.transient });
  }
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
