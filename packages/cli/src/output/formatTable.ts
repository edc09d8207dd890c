import { terminalSafeCell } from './terminalSafe';

/**
 * Rows as aligned text columns under an upper-case header, for terminals and `grep`. The last column is not
 * padded, so lines carry no trailing spaces. Cells are made `terminalSafeCell` first: a newline or an escape
 * sequence in a task name can neither break the columns nor act on the terminal.
 */
export function formatTable(header: readonly string[], cells: readonly (readonly string[])[]): string {
  const rows = cells.map((row) => row.map(terminalSafeCell));
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  return [line(header.map((title) => title.toUpperCase())), ...rows.map(line)].join('\n');
}

/** `label  value` lines with the labels aligned, for one object's details; each value kept on its line. */
export function formatFields(fields: readonly (readonly [string, string])[]): string {
  const width = Math.max(...fields.map(([label]) => label.length));
  return fields.map(([label, value]) => `${label.padEnd(width)}  ${terminalSafeCell(value)}`).join('\n');
}
