import { FlowcacheError } from './FlowcacheError';

/** Thrown when settings, environment variables or the container installation are invalid. */
export class ConfigurationError extends FlowcacheError {}
