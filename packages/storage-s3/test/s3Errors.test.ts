import { describe, expect, it } from '@jest/globals';
import { GetObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { explainS3Failure, isMissingObject, s3ErrorCode } from '../src/s3Errors';

const serviceError = (name: string, httpStatusCode: number, message: string) =>
  new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode, requestId: 'REQ123' }, message });

describe('explainS3Failure', () => {
  it('explains AccessDenied with the permissions to check', () => {
    const explained = explainS3Failure(serviceError('AccessDenied', 403, 'Access Denied'), {
      bucket: 'reports',
      objectKey: 'cache/k',
    });
    expect(explained.message).toBe(
      'AccessDenied (HTTP 403: Access Denied) for bucket "reports", key "cache/k": check the client\'s credentials ' +
        'and that its policy allows s3:GetObject, s3:PutObject, ' +
        's3:DeleteObject and s3:ListBucket on this bucket and prefix',
    );
    expect(explained.requestId).toBe('REQ123');
  });

  it('explains a bodiless 403 answer to a HEAD by its status', () => {
    const explained = explainS3Failure(serviceError('Forbidden', 403, 'UnknownError'), {
      bucket: 'reports',
      objectKey: 'k',
    });
    expect(explained.message).toMatch(
      /^Forbidden \(HTTP 403\) for bucket "reports", key "k": check the client's credentials/,
    );
  });

  it('points a wrong region at the client configuration', () => {
    expect(
      explainS3Failure(serviceError('PermanentRedirect', 301, 'moved'), { bucket: 'b', objectKey: 'k' }).hint,
    ).toMatch(/region/);
  });

  it('points a client without a region at AWS_REGION, not at the network', async () => {
    const saved = process.env.AWS_REGION;
    delete process.env.AWS_REGION;
    try {
      // A real client: its own check fails before any request is sent.
      const client = new S3Client({ region: undefined, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
      const error = await client
        .send(new GetObjectCommand({ Bucket: 'b', Key: 'k' }))
        .catch((failure: unknown) => failure);
      const explained = explainS3Failure(error, { bucket: 'b', objectKey: 'k' });
      expect(explained.hint).toBe(
        "the client has no region, so no request was sent: set AWS_REGION (or the client's region option)",
      );
      expect(explained.transient).toBe(false);
    } finally {
      if (saved !== undefined) process.env.AWS_REGION = saved;
    }
  });

  it('points missing credentials at where credentials come from', () => {
    const missing = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
    expect(explainS3Failure(missing, { bucket: 'b', objectKey: 'k' }).hint).toMatch(
      /^no credentials were found, so no request was sent: set AWS_PROFILE/,
    );
  });

  it('uses the network error code when no answer arrived', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    expect(s3ErrorCode(refused)).toBe('ECONNREFUSED');
    expect(explainS3Failure(refused, { bucket: 'b', objectKey: 'k' }).message).toMatch(
      /^ECONNREFUSED \(connect ECONNREFUSED/,
    );
  });

  it('treats NoSuchKey and HEAD NotFound as missing, and NoSuchBucket as a failure', () => {
    expect(isMissingObject(serviceError('NoSuchKey', 404, 'gone'))).toBe(true);
    expect(isMissingObject(serviceError('NotFound', 404, 'UnknownError'))).toBe(true);
    expect(isMissingObject(serviceError('NoSuchBucket', 404, 'no bucket'))).toBe(false);
  });

  it('marks as transient what may pass when repeated: busy or failing servers and dropped connections', () => {
    const transient = (error: unknown) => explainS3Failure(error, { bucket: 'b', objectKey: 'k' }).transient;
    const network = (code: string) => Object.assign(new Error(code), { code });
    expect(transient(serviceError('SlowDown', 503, 'Please reduce your request rate'))).toBe(true);
    expect(transient(serviceError('InternalError', 500, 'We encountered an internal error'))).toBe(true);
    expect(transient(serviceError('UnknownError', 502, 'UnknownError'))).toBe(true);
    expect(transient(serviceError('TooManyRequests', 429, 'slow down'))).toBe(true);
    expect(transient(network('ECONNRESET'))).toBe(true);
    expect(transient(network('ECONNREFUSED'))).toBe(true);
    expect(transient(serviceError('AccessDenied', 403, 'Access Denied'))).toBe(false);
    expect(transient(serviceError('NoSuchBucket', 404, 'no bucket'))).toBe(false);
    expect(transient(serviceError('NotImplemented', 501, 'not implemented'))).toBe(false);
    expect(transient(network('ENOTFOUND'))).toBe(false);
    // How a reset connection reaches the SDK's retry step inside a vm, such as a jest test.
    expect(transient(new Error('AWS SDK error wrapper for TimeoutError: socket hang up'))).toBe(true);
  });
});
