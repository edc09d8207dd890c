import { PassThrough } from 'node:stream';
import { askConfirmation } from '../src/output/askConfirmation';

/** Asks with `typed` as the whole input; resolves to the answer and what the question printed. */
async function ask(typed: string): Promise<{ answer: boolean; shown: string }> {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (chunk: Buffer) => (shown += chunk.toString('utf8')));
  const answer = askConfirmation('delete everything?', { input, output });
  input.end(typed);
  return { answer: await answer, shown };
}

describe('the confirmation question of rm --all', () => {
  it('is a yes for y or yes, in any case', async () => {
    for (const typed of ['y\n', 'yes\n', 'Y\n', ' YES \n'])
      await expect(ask(typed)).resolves.toMatchObject({ answer: true });
  });

  it('is a no for anything else, an empty line, and the end of input (Ctrl+D)', async () => {
    for (const typed of ['n\n', '\n', 'yep\n', '']) await expect(ask(typed)).resolves.toMatchObject({ answer: false });
  });

  it('shows the question with the default answer', async () => {
    expect((await ask('n\n')).shown).toBe('delete everything? [y/N] ');
  });
});
