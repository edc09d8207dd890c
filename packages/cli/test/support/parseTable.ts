/**
 * The rows of a table the CLI printed, as objects keyed by the lower-case column titles. Cells are separated by
 * two or more spaces (values such as `expired 2 days ago` hold single spaces only).
 */
export function parseTable(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trimEnd().split('\n');
  const columns = header.split(/ {2,}/).map((title) => title.toLowerCase());
  return lines
    .filter((line) => line.trim() !== '')
    .map((line) => Object.fromEntries(line.split(/ {2,}/).map((cell, index) => [columns[index], cell])));
}

/** The `label  value` lines of a details view, as an object. */
export function parseFields(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .trimEnd()
      .split('\n')
      .map((line) => /^(\S+(?: \S+)*?) {2,}(.*)$/.exec(line))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => [match[1], match[2]]),
  );
}
