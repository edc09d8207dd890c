import { inspect } from 'node:util';
import { errorMessage } from '../errors/errorMessage';

/**
 * A short, one-line text preview of any value, for run history and inspection: never throws, never huge, and
 * only ever shown as text.
 */
export function previewValue(value: unknown, maxLength = 200): string {
  let text: string;
  try {
    text = inspect(value, {
      depth: 2,
      maxArrayLength: 10,
      maxStringLength: maxLength,
      breakLength: Infinity,
      compact: true,
    });
  } catch (error) {
    text = `<cannot be shown: ${errorMessage(error)}>`;
  }
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}
