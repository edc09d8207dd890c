import { GuardedStorage } from './guardedStorage';
import { MemoryObjects } from './MemoryObjects';

/**
 * Bytes by key in this process's memory: for tests and for results that need not outlive the process. Stores
 * copies, so callers cannot change what is stored by changing their buffers. It checks its arguments like every
 * storage core works with (it is its own `guardStorage`), so calling it directly refuses a bad key too.
 */
export class MemoryStorage extends GuardedStorage {
  constructor({ name = 'default' }: { name?: string } = {}) {
    super(new MemoryObjects(`memory://${name}`));
  }
}
