import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { usageError } from './CliError';

/**
 * Refuses a `file:` URL with a host, such as `file://relative/x`: someone meaning a relative path wrote two
 * slashes, and `relative` became a host name. The file adapter's own error ends in Node's TypeError about hosts,
 * which does not say what to write instead; this names the absolute URL that was probably meant.
 */
export function checkFileUrl(url: string, source: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return; // not a URL at all: storageFromUrl says so
  }
  if (parsed.protocol !== 'file:' || parsed.host === '' || parsed.host === 'localhost') return;
  const meant = pathToFileURL(resolve(decodeURIComponent(`${parsed.host}${parsed.pathname}`))).href;
  throw usageError(
    `${source} is "${url}", whose "${parsed.host}" is read as a host name: a file: URL names an absolute path after ` +
      `three slashes, such as ${meant}`,
  );
}
