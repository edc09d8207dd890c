import { createInterface } from 'node:readline';
import { terminalSafe } from './terminalSafe';

/**
 * Asks a yes-or-no question on the terminal (on stderr, so stdout keeps only the command's output) and resolves
 * to whether the answer was `y` or `yes`. Anything else is a no, and so are Ctrl+C and Ctrl+D: a destructive
 * command must never go ahead on a keystroke meant to stop it.
 */
export function askConfirmation(
  question: string,
  {
    input = process.stdin,
    output = process.stderr,
  }: { input?: NodeJS.ReadableStream; output?: NodeJS.WritableStream } = {},
): Promise<boolean> {
  return new Promise((resolve) => {
    const reader = createInterface({ input, output });
    reader.once('SIGINT', () => reader.close());
    reader.once('close', () => resolve(false));
    reader.question(`${terminalSafe(question)} [y/N] `, (answer) => {
      resolve(/^y(es)?$/i.test(answer.trim()));
      reader.close();
    });
  });
}
