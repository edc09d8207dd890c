export { FileSystemLockManager, type FileSystemLockManagerOptions } from './FileSystemLockManager';
