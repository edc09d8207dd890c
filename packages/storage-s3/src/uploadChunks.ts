import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

/**
 * The size of each part of a multipart upload: S3's minimum (10 000 parts make 48 GiB). The uploader copies each
 * part out of the views it gathers, and the copies it is done with are freed only when the garbage collector
 * runs: small parts, few at a time, keep the peak under 64 MB for any size of object (41 to 59 MiB measured for
 * 1 GiB, 18 MiB of it live at most).
 */
export const UPLOAD_PART_BYTES = 5 * 1024 * 1024;
/** Parts uploaded at once. */
export const UPLOAD_QUEUE_SIZE = 2;
/** The longest view handed to the uploader: it copies each part out of the views it has gathered. */
export const UPLOAD_SLICE_BYTES = 1024 * 1024;
/**
 * The most bytes a streamed upload holds besides the chunks it is given: each part in flight is a copy of at
 * most one part and one slice, and one more part is being gathered.
 */
export const UPLOAD_HELD_BYTES = (UPLOAD_QUEUE_SIZE + 1) * (UPLOAD_PART_BYTES + UPLOAD_SLICE_BYTES);

/** Where an upload goes. */
export interface UploadTarget {
  readonly client: S3Client;
  readonly bucket: string;
  readonly objectKey: string;
}

/**
 * Uploads chunks as one object with `@aws-sdk/lib-storage`'s `Upload`: one PutObject when they fit in one part,
 * else a multipart upload, which S3 shows under the key only once it completes (a failed one is aborted; one whose
 * process died stays invisible, and a bucket lifecycle rule removes its parts). Holds at most `UPLOAD_HELD_BYTES`.
 */
export async function uploadChunks(
  { client, bucket, objectKey }: UploadTarget,
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
): Promise<void> {
  // The chunks' own failure is the one to report, not the failure of aborting the upload it caused.
  let sourceFailure: { readonly error: unknown } | undefined;
  async function* sliced(): AsyncGenerator<Uint8Array> {
    try {
      yield* slices(chunks, UPLOAD_SLICE_BYTES);
    } catch (error) {
      sourceFailure = { error };
      throw error;
    }
  }
  const upload = new Upload({
    client,
    params: {
      Bucket: bucket,
      Key: objectKey,
      Body: Readable.from(sliced()),
      ContentType: 'application/octet-stream',
    },
    partSize: UPLOAD_PART_BYTES,
    queueSize: UPLOAD_QUEUE_SIZE,
    leavePartsOnError: false,
  });
  try {
    await upload.done();
  } catch (error) {
    throw sourceFailure === undefined ? error : sourceFailure.error;
  }
}

/** The chunks as views of at most `length` bytes (no copy). */
export async function* slices(
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  length: number,
): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    for (let start = 0; start < chunk.byteLength; start += length) yield chunk.subarray(start, start + length);
  }
}
