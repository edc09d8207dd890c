import 'reflect-metadata';
import assert from 'node:assert/strict';
import { Container } from 'inversify';
import {
  CacheKeyError,
  ConfigurationError,
  Engine,
  FlowcacheError,
  installFlowcache,
  Task,
  TaskDefinitionError,
  taskInputHash,
  UnhashableInputError,
} from '@flowcache/core';
import { errorMessage } from '@flowcache/core/adapters';

class Notifier {
  // strictKeys: a call whose key cannot be computed fails instead of running uncached with a warning.
  @Task({ cacheKeyFn: taskInputHash, strictKeys: true })
  async notify(channel: { post: (text: string) => void }, text: string): Promise<void> {
    channel.post(text);
  }

  @Task({ cacheKeyFn: () => Symbol('not a key') as unknown as string, strictKeys: true })
  async broken(): Promise<void> {}
}

export async function main(): Promise<void> {
  // Bad decorator options fail when the class is defined, naming the method and the option.
  assert.throws(
    () => {
      class Reports {
        @Task({ retries: -1 })
        async load(): Promise<void> {}
      }
      return Reports;
    },
    (error: unknown) =>
      error instanceof TaskDefinitionError &&
      error instanceof FlowcacheError &&
      error.message === '@Task on Reports.load: retries must be a whole number of 0 or more, got -1',
  );

  // With strict keys, an unhashable argument is an error naming the task and the argument.
  const notifier = new Engine().attach(new Notifier());
  await assert.rejects(notifier.notify({ post: () => undefined }, 'hi'), (error: unknown) => {
    assert.ok(error instanceof UnhashableInputError && error instanceof FlowcacheError);
    assert.equal(error.taskName, 'Notifier.notify');
    assert.equal(error.path, 'args[0].post');
    return true;
  });
  await assert.rejects(notifier.broken(), CacheKeyError);

  // Bad settings fail at installation, naming the setting or environment variable.
  process.env.FLOWCACHE_MEMORY_CACHE_SIZE = 'lots';
  try {
    assert.throws(() => installFlowcache(new Container()), ConfigurationError);
  } finally {
    delete process.env.FLOWCACHE_MEMORY_CACHE_SIZE;
  }

  // The text flowcache puts in its messages for anything caught: an Error's message, anything else through String.
  assert.equal(errorMessage(new ConfigurationError('bad setting')), 'bad setting');
  assert.equal(errorMessage('thrown text'), 'thrown text');
}
