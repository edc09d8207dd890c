/**
 * Turns off the AWS SDK's notice that its releases after January 2027 need Node.js 22, with the switch the SDK
 * documents for it (aws/aws-sdk-js-v3#7983). On Node 20 every S3 client printed it once per test file and per child
 * process, burying real warnings. It is set on the jest process itself, before any worker or child starts, so test
 * workers, examples and CLI processes inherit it.
 */
export function quietAwsSdkNodeWarning(env: NodeJS.ProcessEnv = process.env): void {
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
