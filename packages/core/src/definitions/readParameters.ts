export interface Parameters {
  readonly names: string[];
  readonly hasRestParameter: boolean;
}

/**
 * Reads parameter names from a function's source text: `async load(day, { region } = {}, ...rest)` gives
 * `['day', 'arg1', 'rest']` with a rest parameter. Strings, comments, defaults and nested brackets are skipped;
 * a destructured parameter has no name of its own and is called `arg<index>`.
 */
export function readParameters(fn: (...args: never[]) => unknown): Parameters {
  const source = fn.toString();
  const open = source.indexOf('(');
  if (open === -1) return { names: [], hasRestParameter: false };
  const texts = splitTopLevel(source, open + 1)
    .map((text) => text.trim())
    .filter((text) => text !== '');
  const names = texts.map((text, index) => {
    const match = /^(?:\.\.\.)?\s*([A-Za-z_$][\w$]*)/.exec(text);
    return match ? match[1] : `arg${index}`;
  });
  return { names, hasRestParameter: texts.length > 0 && texts[texts.length - 1].startsWith('...') };
}

// Walks from just after the opening parenthesis to its partner and splits on commas at depth 0.
function splitTopLevel(source: string, start: number): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (let index = start; index < source.length; index++) {
    const char = source[index];
    if (char === '"' || char === "'" || char === '`') {
      const end = skipString(source, index);
      current += source.slice(index, end + 1);
      index = end;
      continue;
    }
    if (char === '/' && (source[index + 1] === '/' || source[index + 1] === '*')) {
      index = skipComment(source, index);
      continue;
    }
    if (char === '(' || char === '[' || char === '{') depth++;
    if (char === ')' || char === ']' || char === '}') {
      if (depth === 0) break;
      depth--;
    }
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
      continue;
    }
    current += char;
  }
  parts.push(current);
  return parts;
}

function skipString(source: string, start: number): number {
  const quote = source[start];
  for (let index = start + 1; index < source.length; index++) {
    if (source[index] === '\\') index++;
    else if (source[index] === quote) return index;
  }
  return source.length;
}

function skipComment(source: string, start: number): number {
  if (source[start + 1] === '/') {
    const end = source.indexOf('\n', start);
    return end === -1 ? source.length : end;
  }
  const end = source.indexOf('*/', start + 2);
  return end === -1 ? source.length : end + 1;
}
