export { buildProgram, runCli } from './program';
export { CliError, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './CliError';
