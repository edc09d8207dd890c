import 'reflect-metadata';
import { Engine, MemoryStorage, StorageError, Task } from '@flowcache/core';
import { CacheInspector } from '@flowcache/core/records';
import { startUiServer, type UiServer } from '../../src/ui/startUiServer';
import { formTokenIn, postForm, send } from './support/http';
import { BOLD_NOTE, Warehouse } from './support/warehouse';
import { FailingStorage } from '../../../../test/support/failingStorage';
import { bytes } from '../../../../test/support/bytes';

/** The UI's HTTP behaviour without a browser: headers, errors, and the guards around invalidation. */
describe('flowcache ui server', () => {
  const storage = new MemoryStorage();
  const inspector = new CacheInspector(storage);
  const servers: UiServer[] = [];
  let url: string;

  async function serve(options: { inspector: CacheInspector; allowDelete: boolean; host?: string }): Promise<string> {
    const server = await startUiServer({ port: 0, host: '127.0.0.1', ...options });
    servers.push(server);
    return server.url;
  }

  beforeAll(async () => {
    const engine = new Engine({ storage });
    await engine.attach(new Warehouse({ price: 0, label: 0 })).restock(['kiwi', 'plum'], BOLD_NOTE);
    await engine.flush();
    url = await serve({ inspector, allowDelete: true });
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  it('reports the port it listens on', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(url).not.toMatch(/:0\/$/);
  });

  it('answers every page as self-contained HTML that may load nothing else', async () => {
    for (const path of ['', 'records', `records/${encodeURIComponent('prices/kiwi')}`, 'nothing-here']) {
      const answer = await send(`${url}${path}`);
      expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(answer.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'unsafe-inline'(;|$)/);
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.body).not.toMatch(/<script/i);
    }
  });

  it('escapes cached values, parameters and keys in the markup', async () => {
    const record = await send(`${url}records/${encodeURIComponent('labels/kiwi')}`);
    expect(record.body).toContain(
      '&lt;script&gt;window.__pwned = 1&lt;/script&gt;&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;',
    );
    const [run] = (await inspector.flowRuns()).flowRuns;
    const runPage = await send(`${url}runs/${encodeURIComponent(run.flowRunId)}`);
    expect(runPage.body).toContain('&#39;&lt;b&gt;bold&lt;/b&gt;&#39;');
    expect(runPage.body).not.toContain('<b>');
  });

  it('answers 404 for an unknown record, flow run or address', async () => {
    await expect(send(`${url}records/${encodeURIComponent('prices/none')}`)).resolves.toMatchObject({ status: 404 });
    await expect(send(`${url}runs/no-such-run`)).resolves.toMatchObject({ status: 404 });
    const unknown = await send(`${url}%3Cb%3Ex%3C%2Fb%3E`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).not.toContain('<b>');
  });

  it('shows what is wrong with an unreadable record, on its page and in the list', async () => {
    await storage.put('broken/one', bytes('<not a record>'));
    const record = await send(`${url}records/${encodeURIComponent('broken/one')}`);
    expect(record.status).toBe(200);
    expect(record.body).toMatch(
      /This record cannot be used: record &quot;broken\/one&quot; cannot be used: it is not a flowcache record/,
    );
    const list = await send(`${url}records?prefix=broken%2F`);
    expect(list.body).toContain('state-unreadable');
    await storage.delete('broken/one');
  });

  it('does not show the run history as a record, and says what it is', async () => {
    const [historyKey] = (await storage.list('_flowcache/')).objects.map((object) => object.key);
    const page = await send(`${url}records/${encodeURIComponent(historyKey)}`);
    expect(page.status).toBe(404);
    expect(page.body).toContain(`&quot;${historyKey}&quot; is a flow-run history object, not a cached record`);
    expect((await send(`${url}records`)).body).not.toContain('_flowcache/');
  });

  it('says that a long value preview was cut, and where', async () => {
    const engine = new Engine({ storage });
    await engine.attach(new Archive()).keep('long');
    await engine.flush();
    const value = /<pre id="record-value">([^<]*)<\/pre>/.exec(
      (await send(`${url}records/${encodeURIComponent('archive/long')}`)).body,
    )![1];
    expect(value).toMatch(/^&#39;y+… \(cut at 20 000 characters\)$/);
    await storage.delete('archive/long');
  });

  it('answers 400 for an invalid key, and 405 for a method a page does not take', async () => {
    await expect(send(`${url}records/${encodeURIComponent('../etc/passwd')}`)).resolves.toMatchObject({ status: 400 });
    await expect(send(`${url}records/%E0%A4%A`)).resolves.toMatchObject({ status: 400 });
    await expect(send(`${url}records`, { method: 'DELETE' })).resolves.toMatchObject({
      status: 405,
      headers: { allow: 'GET, HEAD' },
    });
    await expect(send(`${url}invalidate`)).resolves.toMatchObject({ status: 405, headers: { allow: 'POST' } });
  });

  it('refuses a host name other than localhost when listening on loopback (DNS rebinding)', async () => {
    await expect(send(url, { headers: { Host: 'attacker.example' } })).resolves.toMatchObject({ status: 421 });
    await expect(send(url, { headers: { Host: `localhost:${new URL(url).port}` } })).resolves.toMatchObject({
      status: 200,
    });
  });

  describe('invalidation', () => {
    let token: string;
    beforeAll(async () => {
      token = formTokenIn((await send(`${url}records`)).body) ?? '';
      expect(token).not.toBe('');
    });

    it('refuses a post without the form token, from another site, or with a foreign Origin', async () => {
      const origin = url.replace(/\/$/, '');
      const attempts = [
        postForm(`${url}invalidate`, { key: 'prices/kiwi' }, { Origin: origin }),
        postForm(`${url}invalidate`, { key: 'prices/kiwi', token: 'guessed' }, { Origin: origin }),
        postForm(`${url}invalidate`, { key: 'prices/kiwi', token }, { 'Sec-Fetch-Site': 'cross-site' }),
        postForm(`${url}invalidate`, { key: 'prices/kiwi', token }, { Origin: 'http://attacker.example' }),
        postForm(`${url}invalidate`, { key: 'prices/kiwi', token }, { Origin: 'null' }),
      ];
      for (const answer of await Promise.all(attempts)) expect(answer.status).toBe(403);
      await expect(inspector.find('prices/kiwi')).resolves.toBeDefined();
    });

    it('refuses a body that is not a form', async () => {
      const answer = await send(`${url}invalidate`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain' },
        body: 'key=prices/kiwi',
      });
      expect(answer.status).toBe(415);
    });

    it('deletes the record of a same-origin post with its token, 303 to the list with a proven notice', async () => {
      const answer = await postForm(
        `${url}invalidate`,
        { key: 'prices/kiwi', token },
        { Origin: url.replace(/\/$/, ''), 'Sec-Fetch-Site': 'same-origin' },
      );
      expect(answer.status).toBe(303);
      expect(answer.headers.location).toMatch(/^\/records\?invalidated=prices%2Fkiwi&proof=[\w-]{43}$/);
      await expect(inspector.find('prices/kiwi')).resolves.toBeUndefined();
      const list = await send(`${url}${String(answer.headers.location).slice(1)}`);
      expect(list.body).toContain('<p class="notice" id="notice">Invalidated <code>prices/kiwi</code>');
      // What it means for servers running on this storage, said where the user acts.
      expect(list.body).toContain(
        'running engines drop their in-memory copies within memoryRevalidateMs (default 5 s)',
      );
    });

    it('accepts a post without Sec-Fetch-Site or Origin (curl, an old browser) only with the token', async () => {
      await expect(postForm(`${url}invalidate`, { key: 'labels/kiwi' })).resolves.toMatchObject({ status: 403 });
      await expect(inspector.find('labels/kiwi')).resolves.toBeDefined();
      await expect(postForm(`${url}invalidate`, { key: 'labels/kiwi', token })).resolves.toMatchObject({ status: 303 });
      await expect(inspector.find('labels/kiwi')).resolves.toBeUndefined();
    });

    it('says, provably too, when there was no record under the key', async () => {
      const answer = await postForm(`${url}invalidate`, { key: 'prices/none', token });
      expect(answer.headers.location).toMatch(/^\/records\?missing=prices%2Fnone&proof=[\w-]+$/);
      const list = await send(`${url}${String(answer.headers.location).slice(1)}`);
      expect(list.body).toMatch(/id="notice">No record under <code>prices\/none<\/code>: nothing was invalidated/);
    });

    it('shows no notice a link could fake: no proof, a wrong proof, or the proof of another outcome', async () => {
      const absent = await postForm(`${url}invalidate`, { key: 'prices/gone', token });
      const proofOfMissing = new URL(String(absent.headers.location), url).searchParams.get('proof')!;
      for (const query of [
        'invalidated=prices%2Fplum',
        'invalidated=prices%2Fplum&proof=AAAA',
        `invalidated=prices%2Fgone&proof=${proofOfMissing}`,
        `missing=prices%2Fplum&proof=${proofOfMissing}`,
      ]) {
        const list = await send(`${url}records?${query}`);
        expect([query, list.status, list.body.includes('id="notice"')]).toEqual([query, 200, false]);
      }
      await expect(inspector.find('prices/plum')).resolves.toBeDefined();
    });

    it('returns to the filtered list the form came from, rebuilt from its known fields', async () => {
      const returnTo = '/records?task=Warehouse.price&status=live&cursor=prices%2Fa&other=1';
      const answer = await postForm(`${url}invalidate`, { key: 'prices/none', token, returnTo });
      expect(answer.status).toBe(303);
      expect(answer.headers.location).toMatch(
        /^\/records\?task=Warehouse\.price&status=live&cursor=prices%2Fa&missing=prices%2Fnone&proof=[\w-]+$/,
      );
      const page = await send(`${url}records?task=Warehouse.price&status=live`);
      expect(page.body).toContain('name="returnTo" value="/records?task=Warehouse.price&amp;status=live"');
    });

    it('refuses a return address not a records list of this server (no open redirect), deleting nothing', async () => {
      for (const returnTo of [
        'https://attacker.example/records',
        '//attacker.example/records',
        '/records/../runs',
        '/recordsx',
        'records',
        '/records#x',
      ]) {
        const answer = await postForm(`${url}invalidate`, { key: 'prices/plum', token, returnTo });
        expect([returnTo, answer.status, answer.headers.location]).toEqual([returnTo, 400, undefined]);
      }
      await expect(inspector.find('prices/plum')).resolves.toBeDefined();
    });

    it('refuses the run history with the words of the CLI, and keeps it', async () => {
      const [historyKey] = (await storage.list('_flowcache/')).objects.map((object) => object.key);
      const answer = await postForm(`${url}invalidate`, { key: historyKey, token });
      expect(answer.status).toBe(400);
      expect(answer.body).toContain(
        'is a flow-run history object, not a cached record: use `flowcache run &lt;flowRunId&gt;`',
      );
      expect((await storage.list('_flowcache/')).objects).toHaveLength(1);
    });
  });

  it('shows a storage failure as a 502 page with the message as text, and keeps serving', async () => {
    // every listing and lookup fails, with a message holding markup
    const failing = new FailingStorage();
    for (const operation of ['list', 'stat'] as const) {
      const onFire = new Error('<i>disk on fire</i>');
      const error = (key: string) => new StorageError(failing.location, operation, key, onFire);
      failing.fail(operation, { error });
    }
    const failingUrl = await serve({ inspector: new CacheInspector(failing), allowDelete: false });
    for (const path of ['', 'records', 'records/prices%2Fkiwi', 'runs/any']) {
      const answer = await send(`${failingUrl}${path}`);
      expect(answer.status).toBe(502);
      expect(answer.body).toContain('&lt;i&gt;disk on fire&lt;/i&gt;');
    }
    await expect(send(failingUrl)).resolves.toMatchObject({ status: 502 });
  });
});

/** A task whose value is longer than a record page shows. */
class Archive {
  @Task({ cacheKeyFn: (_context, [name]) => `archive/${String(name)}` })
  async keep(_name: string): Promise<string> {
    return 'y'.repeat(30_000);
  }
}
