// The `flowcache` executable (bin/flowcache.js loads this file): runs the command line and exits with its code.
import { runCli } from './program';

// The AWS SDK warns on every s3: command, in 7 lines, that its releases after January 2027 will need Node 22:
// news about future SDK versions, not about this command. Its own switch turns it off; a user's setting wins.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// `flowcache ls | head` closes stdout early: that is the reader's choice, not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

void runCli(process.argv).then((code) => {
  process.exitCode = code;
});
