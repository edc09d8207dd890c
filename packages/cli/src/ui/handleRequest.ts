import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorMessage, StorageKeyError } from '@flowcache/core/adapters';
import { BadParameterError } from './BadParameterError';
import { invalidateRecord } from './invalidateRecord';
import { errorPage, notFoundPage } from './pages/errorPage';
import { flowRunPage } from './pages/flowRunPage';
import { flowRunsPage } from './pages/flowRunsPage';
import { recordPage } from './pages/recordPage';
import { recordsPage } from './pages/recordsPage';
import { statsPage } from './pages/statsPage';
import { trendsPage } from './pages/trendsPage';
import { FormError } from './readForm';
import type { Reply } from './Reply';
import { isAllowedHost } from './requestGuards';
import { sendReply } from './sendReply';
import type { UiContext } from './UiContext';
import { INVALIDATE_URL } from './urls';

/** Answers one request; whatever fails becomes an error page, never a crash of the server. */
export async function handleRequest(
  context: UiContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  let reply: Reply;
  try {
    reply = await route(context, request);
  } catch (error) {
    reply = failurePage(error);
  }
  if (!response.headersSent && !response.destroyed) sendReply(response, reply);
}

async function route(context: UiContext, request: IncomingMessage): Promise<Reply> {
  if (!isAllowedHost(context, request)) {
    return errorPage(
      421,
      'Misdirected request',
      'This server answers only to the address it listens on, to localhost when that is this machine, and to the ' +
        'host names given with flowcache ui --allowed-host. A page of another site cannot read it by pointing its ' +
        'own name at this address.',
    );
  }
  // Parsed against a fixed origin: the path stays as sent, and `%2F` inside a key stays encoded.
  const url = new URL(`http://ui${request.url ?? '/'}`);
  const path = url.pathname;
  if (path === INVALIDATE_URL) {
    return request.method === 'POST' ? invalidateRecord(context, request) : methodNotAllowed('POST');
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') return methodNotAllowed('GET, HEAD');
  if (path === '/') return flowRunsPage(context, url.searchParams);
  if (path.startsWith('/runs/')) {
    const topLevel = url.searchParams.get('in') || undefined;
    return flowRunPage(context, decodeURIComponent(path.slice('/runs/'.length)), topLevel);
  }
  if (path === '/records') return recordsPage(context, url.searchParams);
  if (path.startsWith('/records/')) return recordPage(context, decodeURIComponent(path.slice('/records/'.length)));
  if (path === '/stats') return statsPage(context, url.searchParams);
  if (path === '/trends') return trendsPage(context, url.searchParams);
  return notFoundPage(`Nothing at ${path}.`);
}

function methodNotAllowed(allow: string): Reply {
  return errorPage(405, 'Method not allowed', `This address answers ${allow} only.`, { Allow: allow });
}

function failurePage(error: unknown): Reply {
  const message = errorMessage(error);
  if (error instanceof FormError) return errorPage(error.status, 'Bad request', message);
  if (error instanceof BadParameterError) return errorPage(400, 'Bad request', message);
  if (error instanceof StorageKeyError || error instanceof URIError) return errorPage(400, 'Bad request', message);
  // Every page reads the storage and little else, so what fails is nearly always the storage (unreachable,
  // denied, a bad listing cursor): show what it said.
  return errorPage(502, 'The storage could not be read', message);
}
