import type { S3Client } from '@aws-sdk/client-s3';

/** The S3 requests a client sent, by command name (`GetObject`, `ListObjectsV2`), one entry per attempt. */
export interface RequestLog {
  readonly commands: readonly string[];
  clear(): void;
}

let counters = 0;

/**
 * Records every request the client sends, as SDK middleware in the deserialize step: it runs once per HTTP
 * attempt, after the retry logic, so SDK retries would show up as extra entries.
 */
export function recordRequests(client: S3Client): RequestLog {
  const commands: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      commands.push(String(context.commandName).replace(/Command$/, ''));
      return next(args);
    },
    { step: 'deserialize', name: `flowcacheRequestRecorder${++counters}` },
  );
  return {
    commands,
    clear: () => {
      commands.length = 0;
    },
  };
}
