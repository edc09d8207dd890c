/**
 * What the test fixture adds to s3rver 3.7.1 (Koa middlewares in front of it, one patch of its file store) so
 * that it answers as real S3 documents where s3rver does not. Test-only: the adapter sends the same requests
 * to every server and has no test paths.
 */
import { Readable } from 'node:stream';

/** The slice of s3rver's Koa context these middlewares use. */
export interface S3rverContext {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly req: NodeJS.ReadableStream;
  /** The query string's parameters: `uploadId` marks a request of a multipart upload. */
  readonly query: Record<string, string | string[] | undefined>;
  readonly store: {
    existsObject(bucket: string, key: string): Promise<boolean>;
    /** Throws when the object does not exist; `etag` is the quoted MD5 of the content, as S3 sends it. */
    getMetadata(bucket: string, key: string): Promise<{ 'content-length': number; etag: string }>;
  };
  status: number;
  type: string;
  body: unknown;
}

/** A Koa middleware over s3rver's context. */
export type S3rverMiddleware = (ctx: S3rverContext, next: () => Promise<void>) => Promise<void>;

/** Conditional writes, with a switch to answer the next ones with a conflict. */
export interface ConditionalWrites {
  readonly middleware: S3rverMiddleware;
  /** The next `count` conditional requests (PutObject or DeleteObject) answer 409 ConditionalRequestConflict. */
  conflictNext(count: number): void;
}

/** What a conditional request requires of the object: that there is none, or that its ETag is this one. */
type Precondition = { readonly absent: true } | { readonly etag: string };

const OBJECT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);

/**
 * Whether a request changes or reads the object itself: an UploadPart (PUT with `uploadId`) only adds a part
 * file under s3rver's uploads, and is left out of the object's turns (the part of a client killed mid-request
 * never ends in s3rver, and would block every later request on the key); a CompleteMultipartUpload (POST with
 * `uploadId`) writes the object, and takes its turn.
 */
function onObject(ctx: S3rverContext): boolean {
  const multipart = ctx.query?.uploadId !== undefined;
  return multipart ? ctx.method === 'POST' : OBJECT_METHODS.has(ctx.method);
}

/**
 * S3 conditional writes, which s3rver ignores: PutObject with `If-None-Match: *` answers 412 PreconditionFailed
 * when the key exists; PutObject and DeleteObject with `If-Match: <etag>` answer 412 when the key is missing or
 * its ETag differs (`*` matches any ETag; quotes do not matter, as with S3). Some servers answer 404 NoSuchKey
 * to an `If-Match` on a missing key instead; the adapter takes either answer as "changed". On request,
 * conditional requests answer 409 ConditionalRequestConflict, which S3 answers to colliding conditional writes.
 *
 * The preconditions are decided atomically because S3 applies the requests on one key one at a time, atomically,
 * and s3rver's file store does not: a PutObject truncates the file and then writes it, and a GetObject streams
 * whatever the file holds by then (a short body, or bytes that do not match the ETag it sent). So every request
 * on one object is taken here in turn, and a GetObject's body is read whole before the next request on its key.
 */
export function emulateConditionalWrites(): ConditionalWrites {
  const turns = new Map<string, Promise<void>>();
  let conflictsToAnswer = 0;
  const middleware: S3rverMiddleware = async (ctx, next) => {
    const { bucket, key } = objectOf(ctx);
    if (key === '' || !onObject(ctx)) return next();
    const precondition = preconditionOf(ctx);
    if (precondition !== undefined && conflictsToAnswer > 0) {
      conflictsToAnswer--;
      await drain(ctx.req);
      return answerError(ctx, 409, 'ConditionalRequestConflict', 'A conflicting conditional operation is in progress.');
    }
    await inTurn(turns, `${bucket}/${key}`, async () => {
      if (precondition !== undefined && !(await holds(ctx, bucket, key, precondition))) {
        await drain(ctx.req);
        return answerError(
          ctx,
          412,
          'PreconditionFailed',
          'At least one of the pre-conditions you specified did not hold',
        );
      }
      await next();
      if (ctx.method === 'GET') await takeBodyWhole(ctx);
    });
  };
  return {
    middleware,
    conflictNext(count) {
      conflictsToAnswer = count;
    },
  };
}

function preconditionOf(ctx: S3rverContext): Precondition | undefined {
  const ifNoneMatch = ctx.headers['if-none-match'];
  const ifMatch = ctx.headers['if-match'];
  if (ctx.method === 'PUT' && ifNoneMatch === '*') return { absent: true };
  if ((ctx.method === 'PUT' || ctx.method === 'DELETE') && typeof ifMatch === 'string') return { etag: ifMatch };
  return undefined;
}

async function holds(ctx: S3rverContext, bucket: string, key: string, precondition: Precondition): Promise<boolean> {
  if ('absent' in precondition) return !(await ctx.store.existsObject(bucket, key));
  const metadata = await ctx.store.getMetadata(bucket, key).catch(() => undefined);
  if (metadata === undefined) return false;
  const unquoted = (etag: string) => etag.replace(/"/g, '');
  return precondition.etag === '*' || unquoted(metadata.etag) === unquoted(precondition.etag);
}

/**
 * S3 has no directories; s3rver 3.7.1 keeps each object as files in a directory per key prefix and removes a
 * directory when a DeleteObject empties it. A PutObject of another key in that directory, between creating it
 * and opening its file, then fails with an unhandled ENOENT 'error' event that kills the process hosting
 * s3rver. So the writes of a bucket (PutObject, DeleteObject) are taken one at a time; reads run alongside.
 */
export function emulateFlatNamespace(): S3rverMiddleware {
  const turns = new Map<string, Promise<void>>();
  return async (ctx, next) => {
    const { bucket, key } = objectOf(ctx);
    if (key === '' || (ctx.method !== 'PUT' && ctx.method !== 'DELETE' && ctx.method !== 'POST') || !onObject(ctx)) {
      return next();
    }
    await inTurn(turns, bucket, next);
  };
}

/** Replaces a streamed body by its bytes, so that the file is read before another request on the key runs. */
async function takeBodyWhole(ctx: S3rverContext): Promise<void> {
  if (!(ctx.body instanceof Readable)) return;
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.body) chunks.push(Buffer.from(chunk as Uint8Array));
  ctx.body = Buffer.concat(chunks);
}

/**
 * S3 answers a ranged GetObject of an empty object with 416 InvalidRange. s3rver 3.7.1 instead announces one
 * byte (`Content-Length: 1`) and sends none, so the client would wait for it until it times out.
 */
export const emulateEmptyObjectRanges: S3rverMiddleware = async (ctx, next) => {
  if (ctx.method !== 'GET' || ctx.headers.range === undefined) return next();
  const { bucket, key } = objectOf(ctx);
  const size = await ctx.store.getMetadata(bucket, key).then(
    (metadata) => Number(metadata['content-length']),
    () => undefined,
  );
  if (size !== 0) return next();
  answerError(ctx, 416, 'InvalidRange', 'The requested range is not satisfiable');
};

/** The listing part of s3rver's file store. */
export interface ListingStore {
  listObjects(bucket: string, options: ListingOptions): Promise<Listing>;
}
interface ListingOptions {
  readonly delimiter?: string;
  readonly startAfter?: string;
  readonly maxKeys?: number;
  readonly [option: string]: unknown;
}
interface Listing {
  readonly objects: readonly { readonly key: string }[];
  readonly isTruncated: boolean;
  readonly [field: string]: unknown;
}

/**
 * S3 lists keys in UTF-8 byte order and resumes after the continuation token's key in that order. s3rver walks
 * its directories instead (so `a/1` comes before `a-b`, and `x/y` before `x`) and resumes by comparing JS
 * strings (UTF-16 code units, which skip an emoji after U+FF61). This lists everything under the prefix, then
 * orders, resumes and cuts the page by bytes. Listings with a delimiter are left alone (the adapter sends none).
 */
export function emulateUtf8ListingOrder(store: ListingStore): void {
  const listObjects = store.listObjects.bind(store);
  const byBytes = (left: string, right: string) =>
    Buffer.compare(Buffer.from(left, 'utf8'), Buffer.from(right, 'utf8'));
  store.listObjects = async (bucket, options) => {
    if (options.delimiter) return listObjects(bucket, options);
    const everything = await listObjects(bucket, { ...options, startAfter: '', maxKeys: Infinity });
    const startAfter = options.startAfter ?? '';
    const after = everything.objects
      .filter((object) => byBytes(object.key, startAfter) > 0)
      .sort((left, right) => byBytes(left.key, right.key));
    const maxKeys = options.maxKeys ?? Infinity;
    return { ...everything, objects: after.slice(0, maxKeys), isTruncated: after.length > maxKeys };
  };
}

/** Bucket and key of a path-style object request: `/bucket/some/key`. */
function objectOf(ctx: S3rverContext): { bucket: string; key: string } {
  const [bucket = '', ...keyParts] = ctx.path.slice(1).split('/');
  return { bucket: decodeURIComponent(bucket), key: decodeURIComponent(keyParts.join('/')) };
}

/** Runs `task` once every task queued earlier under the same id has finished. */
async function inTurn(turns: Map<string, Promise<void>>, id: string, task: () => Promise<void>): Promise<void> {
  const turn = (turns.get(id) ?? Promise.resolve()).then(task);
  const settled = turn.catch(() => undefined);
  turns.set(id, settled);
  try {
    await turn;
  } finally {
    if (turns.get(id) === settled) turns.delete(id);
  }
}

/** Reads the request body to its end, so the client is not cut off mid-upload by an early answer. */
async function drain(request: NodeJS.ReadableStream): Promise<void> {
  for await (const _chunk of request) {
    // discarded
  }
}

function answerError(ctx: S3rverContext, status: number, code: string, message: string): void {
  ctx.status = status;
  ctx.type = 'application/xml';
  ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
}
