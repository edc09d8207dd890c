import { MemoryLockManager } from '@flowcache/core';
import { describeLockCompliance } from '@flowcache/core/testing';

describeLockCompliance('MemoryLockManager', { create: () => new MemoryLockManager() });
