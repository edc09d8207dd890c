import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

describe('the test run', () => {
  it('keeps the AWS SDK from printing its Node version notice in the processes the tests start', () => {
    // A child inherits the environment of the jest process, as the examples, the CLI and S3 workers do.
    const child = spawnSync(
      process.execPath,
      [
        '-e',
        "const { S3Client } = require('@aws-sdk/client-s3'); new " +
          "S3Client({ region: 'us-east-1' }); console.log('made')",
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(child.stdout.trim()).toBe('made');
    expect(child.stderr).not.toContain('NodeVersionSupportWarning');
  });
});
