import 'reflect-metadata';
import assert from 'node:assert/strict';
import { Container } from 'inversify';
import { ConfigurationError, FlowcacheError, installFlowcache, Task, TaskDefinitionError } from '@flowcache/core';

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

  // Bad settings fail at installation, naming the setting or environment variable.
  process.env.FLOWCACHE_MEMORY_CACHE_SIZE = 'lots';
  try {
    assert.throws(() => installFlowcache(new Container()), ConfigurationError);
  } finally {
    delete process.env.FLOWCACHE_MEMORY_CACHE_SIZE;
  }
}
