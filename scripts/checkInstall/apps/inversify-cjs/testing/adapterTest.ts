/**
 * What an adapter package's test file imports from @flowcache/core/testing, type-checked under each
 * moduleResolution. The second fixture is wrong on purpose: its error proves the types are real, not `any`.
 */
import { MemoryStorage } from '@flowcache/core';
import { describeLockCompliance, describeStorageCompliance, type StorageFixture } from '@flowcache/core/testing';

const fixture: StorageFixture = { create: () => new MemoryStorage() };

export function declareTests(): void {
  describeStorageCompliance('MemoryStorage', fixture);
  // @ts-expect-error a lock fixture must make a lock manager
  describeLockCompliance('Nothing', { create: () => 42 });
}
