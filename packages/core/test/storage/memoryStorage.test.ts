import { MemoryStorage } from '@flowcache/core';
import { describeStorageCompliance } from '@flowcache/core/testing';

describeStorageCompliance('MemoryStorage', { create: () => new MemoryStorage() });
