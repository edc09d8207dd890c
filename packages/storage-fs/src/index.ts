export { FileSystemStorage } from './FileSystemStorage';
export type { FileSystemStorageOptions } from './FileSystemStorageOptions';
export { storageFromUrl } from './storageFromUrl';
export { FileSystemLockManager, type FileSystemLockManagerOptions } from './locks';
