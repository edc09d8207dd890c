import { expect, it } from '@jest/globals';
import { S3LockManager } from '../../src';
import { freshPrefix } from '../../../../test/support/freshPrefix';
import { holderAndWaiter } from '../../../../test/support/watchedWaiter';
import { recordRequests } from '../support/s3rverFixture';
import { useS3rver } from '../support/useS3rver';

const s3 = useS3rver();

it('a SERIALIZABLE waiter tries with one PutObject, backs off, reads the result before the lock again', async () => {
  const prefix = freshPrefix('locks');
  const waiterClient = s3.server.createClient();
  const requests = recordRequests(waiterClient);
  const log: string[] = [];
  const waiterLocks = new S3LockManager({ client: waiterClient, bucket: s3.server.bucket, prefix });
  const holderLocks = new S3LockManager({ client: s3.server.createClient(), bucket: s3.server.bucket, prefix });
  const workers = holderAndWaiter(holderLocks, waiterLocks, {
    // Reads of the result and lock requests, in the order the waiter made them.
    onWaiterRead: () => log.push(`read after ${requests.commands.join(' ') || 'nothing'}`),
  });

  const held = workers.holder.train('sales');
  await workers.holding;
  const waited = workers.waiter.train('sales');
  // Held for as long as the waiter needs to look at the result a second time.
  while (log.length < 2) await new Promise((resolve) => setImmediate(resolve));
  workers.finishHolder();

  expect(await Promise.all([held, waited])).toEqual(['model of sales #1', 'model of sales #1']);
  expect(workers.runs()).toBe(1);
  // Its first try is one refused create (no read of the lock object), then a pause, and it reads the result.
  expect(log.slice(0, 2)).toEqual(['read after nothing', 'read after PutObject']);
  // Later, only reads of the lock object while the holder holds it, one per look at the result that missed.
  expect(requests.commands[0]).toBe('PutObject');
  expect(requests.commands.slice(1, log.length - 1)).toEqual(Array(log.length - 2).fill('GetObject'));
});
