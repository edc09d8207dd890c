/**
 * What the test fixture adds to s3rver 3.7.1 (Koa middlewares in front of it, one patch of its file store) so
 * that it answers as real S3 documents where s3rver does not. Test-only: the adapter sends the same requests
 * to every server and has no test paths.
 */

/** The slice of s3rver's Koa context these middlewares use. */
export interface S3rverContext {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly req: NodeJS.ReadableStream;
  readonly store: {
    existsObject(bucket: string, key: string): Promise<boolean>;
    getMetadata(bucket: string, key: string): Promise<{ 'content-length': number }>;
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
  /** The next `count` conditional writes answer 409 ConditionalRequestConflict. */
  conflictNext(count: number): void;
}

/**
 * S3 conditional writes (s3rver ignores `If-None-Match`): a PutObject with `If-None-Match: *` answers 412
 * PreconditionFailed when the key exists, decided atomically (conditional writes to one key are serialized
 * here), and, on request, 409 ConditionalRequestConflict, which S3 answers to colliding conditional writes.
 */
export function emulateConditionalWrites(): ConditionalWrites {
  const turns = new Map<string, Promise<void>>();
  let conflictsToAnswer = 0;
  const middleware: S3rverMiddleware = async (ctx, next) => {
    if (ctx.method !== 'PUT' || ctx.headers['if-none-match'] !== '*') return next();
    const { bucket, key } = objectOf(ctx);
    if (conflictsToAnswer > 0) {
      conflictsToAnswer--;
      await drain(ctx.req);
      return answerError(ctx, 409, 'ConditionalRequestConflict', 'A conflicting conditional operation is in progress.');
    }
    await inTurn(turns, `${bucket}/${key}`, async () => {
      if (!(await ctx.store.existsObject(bucket, key))) return next();
      await drain(ctx.req);
      answerError(ctx, 412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
    });
  };
  return {
    middleware,
    conflictNext(count) {
      conflictsToAnswer = count;
    },
  };
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
  const byBytes = (left: string, right: string) => Buffer.compare(Buffer.from(left, 'utf8'), Buffer.from(right, 'utf8'));
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
