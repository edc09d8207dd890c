import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  type GetObjectCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  ConfigurationError,
  errorMessage,
  LockLostError,
  pollUntil,
  type AcquireOptions,
  type Lease,
  type LockManager,
  type PollLook,
} from '@flowcache/core/adapters';
import { normalizePrefix } from '../normalizePrefix';
import { discardBody, readBodyUpTo } from '../readBody';
import { abortAfter, checkRequestTimeout } from '../requestTimeout';
import { explainS3Failure, isConditionalConflict, isMissingObject, isPreconditionFailed } from '../s3Errors';
import { S3RequestError } from '../S3RequestError';
import { decodeLockObject, encodeLockObject, MAX_LOCK_OBJECT_BYTES, type LockObjectContent } from './lockObject';

/** How to reach the bucket holding the locks. */
export interface S3LockManagerOptions {
  /**
   * Your configured `S3Client` (endpoint, region, credentials, retries, timeouts), as for `S3Storage`; the lock
   * manager never builds a client or reads the environment.
   */
  readonly client: S3Client;
  /** The bucket holding the lock objects. It must exist and support conditional writes (see the README). */
  readonly bucket: string;
  /**
   * Put in front of every lock object's key, normalized like `S3Storage`'s prefix (`'/locks/'` is `'locks'`).
   * Default `'flowcache-locks'`, so that locks never mix with results stored in the same bucket.
   */
  readonly prefix?: string;
  /**
   * The longest one request may take, the client's retries included, in milliseconds; then it fails with
   * `AbortError`, and the SERIALIZABLE call goes on without its lock (with a warning). Default 10000.
   */
  readonly requestTimeoutMs?: number;
}

/** A lock object as read: its content (`undefined` when it is not a lock this package wrote) and its ETag. */
interface LockObjectRead {
  readonly content: LockObjectContent | undefined;
  readonly etag: string;
}

const DEFAULT_PREFIX = 'flowcache-locks';
// Every lock object's key ends with this, so lock objects are recognizable in a listing of the bucket.
const LOCK_SUFFIX = '.lock';
// How often a waiter reads the lock again: other processes' releases cannot wake it, and every look is a request.
const POLL_MS = 100;
// Pauses before re-sending a conditional request that collided with another (409), with jitter applied.
const CONFLICT_RETRY_DELAYS_MS = [25, 75, 200];
// Conditional writes that may fail in one call because others changed the lock in between, before it gives up.
const CONTENDED_WRITES = 3;

/**
 * Leases as small JSON objects in an S3 bucket, for processes on any number of hosts. The lock on `key` is the
 * object `<prefix>/<key>.lock`, holding `{ holder, token, host, pid, expiresAt }`. Every change is a conditional
 * request, so the server decides every race: a free key is taken with PutObject `If-None-Match: *` (exactly one
 * creator wins); a renewal, a re-acquire by the holder and the takeover of an expired lease are PutObject
 * `If-Match: <ETag read>` (exactly one writer of what was read wins); a release is DeleteObject `If-Match`.
 * A 409 ConditionalRequestConflict is retried. Expiry compares `expiresAt` (the writer's clock) with this
 * process's clock, so leases must be much longer than the clock skew between hosts. Request failures throw
 * `S3RequestError`, naming the bucket and the lock object's key.
 */
export class S3LockManager implements LockManager {
  /** `s3://bucket/prefix`. */
  readonly location: string;
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly keyPrefix: string;
  private readonly requestTimeoutMs: number;
  private readonly host = os.hostname();
  /** The ETag of each lease's own write, so that renew and release can send it as `If-Match` without reading. */
  private readonly writtenEtags = new WeakMap<Lease, string>();

  constructor(options: S3LockManagerOptions) {
    const {
      client,
      bucket,
      prefix = DEFAULT_PREFIX,
      requestTimeoutMs = 10_000,
    } = (options ?? {}) as Partial<S3LockManagerOptions>;
    if (typeof client?.send !== 'function') {
      throw new ConfigurationError('S3LockManager option `client` must be an S3Client from @aws-sdk/client-s3');
    }
    if (typeof bucket !== 'string' || bucket === '') {
      throw new ConfigurationError('S3LockManager option `bucket` must be a non-empty bucket name');
    }
    this.client = client;
    this.bucket = bucket;
    this.keyPrefix = normalizeLockPrefix(prefix);
    this.requestTimeoutMs = checkRequestTimeout(requestTimeoutMs, 'S3LockManager');
    this.location = `s3://${bucket}${this.keyPrefix === '' ? '' : `/${this.keyPrefix.slice(0, -1)}`}`;
  }

  /**
   * One PutObject `If-None-Match: *` when the key is free. Otherwise it reads the lock (GetObject) and renews it
   * for its holder, takes it over when expired (PutObject `If-Match`), or reads it again every 100 ms until it
   * is released or expires, up to `timeoutMs`. With `takeOverEnded: false`, a refused create is not followed by
   * a read on the first look: a waiter that backs off between tries pays one request for its first.
   */
  async acquire(
    key: string,
    holder: string,
    { leaseMs, timeoutMs = 0, takeOverEnded = true }: AcquireOptions,
  ): Promise<Lease | undefined> {
    const deadline = Date.now() + timeoutMs;
    let failedWrites = 0;
    let seen: LockObjectRead | undefined; // nothing seen yet: try to create first, the only request a free key costs
    let looked = false;
    // A look reads the lock (after the first) and takes it unless another holder's lease is live. A lost write race
    // reads again at once, without a pause; past the deadline, CONTENDED_WRITES lost races end the wait.
    const look = async (): Promise<PollLook<Lease | undefined>> => {
      for (;;) {
        if (looked) seen = await this.read(key);
        looked = true;
        const live = unexpired(seen);
        if (live !== undefined && live.holder !== holder) return { ready: false, until: live.expiresAt };
        // The holder's own live lease keeps its token; a free, expired or unreadable lock gets a new one.
        const lease = await this.write(key, this.contentFor(holder, live?.token ?? randomUUID(), leaseMs), seen?.etag);
        if (lease !== undefined) return { ready: true, value: lease };
        // Taken: without takeOverEnded, the first look stops at the failed create, one request (see AcquireOptions).
        if (!takeOverEnded && seen === undefined && failedWrites === 0) {
          failedWrites++;
          return { ready: false };
        }
        if (++failedWrites >= CONTENDED_WRITES && Date.now() >= deadline) return { ready: true, value: undefined };
      }
    };
    return pollUntil(look, { timeoutMs, intervalMs: POLL_MS });
  }

  /**
   * One PutObject `If-Match` with the ETag of the lease's last write. When the lock changed since (or the lease
   * was not written by this manager) it reads the lock first, and writes only if the token is still the lease's.
   */
  async renew(lease: Lease, leaseMs: number): Promise<Lease> {
    let etag = this.writtenEtags.get(lease);
    for (let attempt = 1; ; attempt++) {
      if (etag === undefined) {
        const seen = await this.read(lease.key);
        if (seen?.content?.token !== lease.token || seen.content.expiresAt <= Date.now()) {
          throw new LockLostError(lease.key, lease.holder);
        }
        etag = seen.etag;
      } else if (lease.expiresAt <= Date.now()) {
        throw new LockLostError(lease.key, lease.holder);
      }
      const renewed = await this.write(lease.key, this.contentFor(lease.holder, lease.token, leaseMs), etag);
      if (renewed !== undefined) return renewed;
      // Changed since it was read: by a takeover (the next read says so) or by the holder's own concurrent calls.
      if (attempt >= CONTENDED_WRITES) throw new LockLostError(lease.key, lease.holder);
      etag = undefined;
    }
  }

  /**
   * One DeleteObject `If-Match` with the ETag of the lease's last write (GetObject first when the lock changed
   * since). A lease that expired without being taken over is removed too, and then reported as lost: the work it
   * guarded ran unprotected for a while.
   */
  async release(lease: Lease): Promise<void> {
    let etag = this.writtenEtags.get(lease);
    let expiresAt = lease.expiresAt;
    for (let attempt = 1; ; attempt++) {
      if (etag === undefined) {
        const seen = await this.read(lease.key);
        if (seen?.content?.token !== lease.token) throw new LockLostError(lease.key, lease.holder);
        etag = seen.etag;
        expiresAt = seen.content.expiresAt;
      }
      if (await this.remove(lease.key, etag)) {
        this.writtenEtags.delete(lease);
        if (expiresAt <= Date.now()) throw new LockLostError(lease.key, lease.holder);
        return;
      }
      if (attempt >= CONTENDED_WRITES) throw new LockLostError(lease.key, lease.holder);
      etag = undefined;
    }
  }

  /** One GetObject: whether an unexpired lease is in the lock object. */
  async isLocked(key: string): Promise<boolean> {
    return unexpired(await this.read(key)) !== undefined;
  }

  /** One GetObject every 100 ms (sooner when the lease expires sooner) until the lock is free or time is up. */
  async waitForRelease(key: string, timeoutMs: number): Promise<boolean> {
    const released = await pollUntil(
      async (): Promise<PollLook<true>> => {
        const live = unexpired(await this.read(key));
        return live === undefined ? { ready: true, value: true } : { ready: false, until: live.expiresAt };
      },
      { timeoutMs, intervalMs: POLL_MS },
    );
    return released ?? false;
  }

  private contentFor(holder: string, token: string, leaseMs: number): LockObjectContent {
    return { holder, token, host: this.host, pid: process.pid, expiresAt: Date.now() + leaseMs };
  }

  /**
   * Writes the lock object if it is still what was read (`If-Match: etag`), or creates it if nothing was there
   * (`If-None-Match: *`); `undefined` when someone changed it first.
   */
  private async write(key: string, content: LockObjectContent, etag: string | undefined): Promise<Lease | undefined> {
    const request = {
      Bucket: this.bucket,
      Key: this.objectKey(key),
      Body: encodeLockObject(content),
      ContentType: 'application/json',
      ...(etag === undefined ? { IfNoneMatch: '*' } : { IfMatch: etag }),
    };
    const written = await this.sendConditional(key, () =>
      this.client.send(new PutObjectCommand(request), this.deadline()),
    );
    if (written === undefined) return undefined;
    const lease: Lease = { key, holder: content.holder, token: content.token, expiresAt: content.expiresAt };
    if (written.ETag !== undefined) this.writtenEtags.set(lease, written.ETag);
    return lease;
  }

  /** Deletes the lock object if it is still what was read; `false` when someone changed or removed it first. */
  private async remove(key: string, etag: string): Promise<boolean> {
    const request = { Bucket: this.bucket, Key: this.objectKey(key), IfMatch: etag };
    return (
      (await this.sendConditional(key, () => this.client.send(new DeleteObjectCommand(request), this.deadline()))) !==
      undefined
    );
  }

  /**
   * Sends a conditional request; `undefined` when its condition failed: 412, or 404 for an `If-Match` on a key
   * that is gone. A 409 (a concurrent conditional request on the key) is re-sent after a pause, as S3 asks; the
   * answer to the re-sent request decides.
   */
  private async sendConditional<T>(key: string, send: () => Promise<T>): Promise<T | undefined> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await send();
      } catch (error) {
        if (isPreconditionFailed(error) || isMissingObject(error)) return undefined;
        const delay = CONFLICT_RETRY_DELAYS_MS[attempt];
        if (!isConditionalConflict(error) || delay === undefined) throw this.failure(key, error);
        await sleep(delay * (0.5 + Math.random()));
      }
    }
  }

  /** The lock object and its ETag; `undefined` when there is none. */
  private async read(key: string): Promise<LockObjectRead | undefined> {
    let response: GetObjectCommandOutput;
    let bytes: Uint8Array | undefined;
    try {
      const request = { Bucket: this.bucket, Key: this.objectKey(key) };
      response = await this.client.send(new GetObjectCommand(request), this.deadline());
      bytes = await readLockBody(response);
    } catch (error) {
      if (isMissingObject(error)) return undefined;
      throw this.failure(key, error);
    }
    if (response.ETag === undefined) {
      // Without the ETag no change could be made conditional: refuse rather than overwrite blindly.
      throw new S3RequestError({
        code: 'MissingETag',
        httpStatus: response.$metadata.httpStatusCode,
        serverMessage: undefined,
        bucket: this.bucket,
        objectKey: this.objectKey(key),
        listing: false,
        hint: 'the server answered GetObject without an ETag; S3LockManager needs ETags and conditional writes',
        requestId: response.$metadata.requestId,
        cause: undefined,
      });
    }
    // Too large to be a lock: read like any object that is not one (a lease anyone may replace), left unread.
    return { content: bytes === undefined ? undefined : decodeLockObject(bytes), etag: response.ETag };
  }

  /** Send options that end the request after `requestTimeoutMs`. */
  private deadline() {
    return abortAfter(this.requestTimeoutMs);
  }

  private objectKey(key: string): string {
    return `${this.keyPrefix}${key}${LOCK_SUFFIX}`;
  }

  private failure(key: string, error: unknown): S3RequestError {
    const where = { bucket: this.bucket, objectKey: this.objectKey(key), requestTimeoutMs: this.requestTimeoutMs };
    return explainS3Failure(error, where);
  }
}

/**
 * The bytes of a lock object, or `undefined` for an object larger than `MAX_LOCK_OBJECT_BYTES`, which is never
 * read whole (its length announced: not at all; otherwise no more than the limit).
 */
async function readLockBody(response: GetObjectCommandOutput): Promise<Uint8Array | undefined> {
  if (response.ContentLength !== undefined && response.ContentLength > MAX_LOCK_OBJECT_BYTES) {
    discardBody(response.Body);
    return undefined;
  }
  const { bytes, more } = await readBodyUpTo(response.Body, MAX_LOCK_OBJECT_BYTES, response.ContentLength);
  return more ? undefined : bytes;
}

/** The lease in the lock object, unless there is none, it expired, or the object is not a lock. */
function unexpired(seen: LockObjectRead | undefined): LockObjectContent | undefined {
  const content = seen?.content;
  return content !== undefined && content.expiresAt > Date.now() ? content : undefined;
}

/** `normalizePrefix`, with its complaints naming this class's option. */
function normalizeLockPrefix(prefix: unknown): string {
  if (typeof prefix !== 'string') throw new ConfigurationError('S3LockManager option `prefix` must be a string');
  try {
    return normalizePrefix(prefix);
  } catch (error) {
    const reason = error instanceof ConfigurationError && error.cause instanceof Error ? error.cause : error;
    const message = errorMessage(reason);
    throw new ConfigurationError(`S3LockManager option \`prefix\` is invalid: ${message}`, { cause: reason });
  }
}
