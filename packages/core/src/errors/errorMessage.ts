/**
 * The text to show for something that was thrown: an `Error`'s message, or anything else converted with `String`
 * (code may throw strings, numbers or plain objects). Used wherever a caught value is put into a message.
 */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
