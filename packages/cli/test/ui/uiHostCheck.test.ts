import 'reflect-metadata';
import { Engine, MemoryStorage } from '@flowcache/core';
import { CacheInspector } from '@flowcache/core/records';
import { startUiServer, type UiServer } from '../../src/ui/startUiServer';
import { formTokenIn, postForm, send } from './support/http';
import { Warehouse } from './support/warehouse';

/**
 * DNS rebinding: a page of evil.example whose name now resolves to this machine makes the victim's browser send
 * `Host: evil.example` to the UI. Whatever address the UI listens on, and however it is spelled, such requests
 * are refused, and the names the UI really goes by are answered.
 */
describe('flowcache ui Host check on every bind address', () => {
  const storage = new MemoryStorage();
  const inspector = new CacheInspector(storage);
  const ALLOWED = 'cache.example.lan';

  beforeAll(async () => {
    const engine = new Engine({ storage });
    await engine.attach(new Warehouse({ price: 0, label: 0 })).restock(['kiwi'], 'note');
    await engine.flush();
  });

  // [address listened on, address the test connects to, Host literals that name the bound address]
  const binds: [string, string, string[], boolean][] = [
    ['0.0.0.0', '127.0.0.1', ['0.0.0.0', '127.0.0.1'], true],
    ['::', '127.0.0.1', ['[::]', '127.0.0.1', '[::1]'], true],
    ['127.1', '127.0.0.1', ['127.1', '127.0.0.1'], false],
    ['::ffff:127.0.0.1', '127.0.0.1', ['[::ffff:127.0.0.1]', '127.0.0.1'], false],
    ['0:0:0:0:0:0:0:1', '[::1]', ['[0:0:0:0:0:0:0:1]', '[::1]'], false],
  ];

  describe.each(binds)('listening on %s', (host, connectTo, literals, reachableFromNetwork) => {
    let server: UiServer;
    let base: string;
    let port: number;

    beforeAll(async () => {
      server = await startUiServer({ inspector, port: 0, host, allowDelete: true, allowedHosts: [ALLOWED] });
      port = Number(new URL(server.url).port);
      base = `http://${connectTo}:${port}/`;
    });
    afterAll(() => server.close());

    it(`says whether other machines can reach it (${reachableFromNetwork})`, () => {
      expect(server.reachableFromNetwork).toBe(reachableFromNetwork);
    });

    it('refuses another host name (421 with an explanation), with or without a port, on every route', async () => {
      for (const hostHeader of [
        `evil.example:${port}`,
        'evil.example',
        `${ALLOWED}.evil.example:${port}`,
        `${literals[0]}:${port + 1}`,
        'localhost:80',
      ]) {
        for (const path of ['', 'records', `records/${encodeURIComponent('prices/kiwi')}`]) {
          const answer = await send(`${base}${path}`, { headers: { Host: hostHeader } });
          expect([hostHeader, path, answer.status]).toEqual([hostHeader, path, 421]);
          expect(answer.body).toContain('Misdirected request');
          expect(answer.body).not.toContain('prices/kiwi');
        }
      }
    });

    it('refuses an invalidate post naming another host, even with the form token, and deletes nothing', async () => {
      const token = formTokenIn((await send(`${base}records`, { headers: { Host: `localhost:${port}` } })).body) ?? '';
      expect(token).not.toBe('');
      const answer = await postForm(
        `${base}invalidate`,
        { key: 'prices/kiwi', token },
        { Host: `evil.example:${port}`, 'Sec-Fetch-Site': 'same-origin' },
      );
      expect(answer.status).toBe(421);
      await expect(inspector.find('prices/kiwi')).resolves.toBeDefined();
    });

    it('answers the bound address in any spelling, localhost, the --allowed-host name; port optional', async () => {
      for (const name of [...literals, 'localhost', ALLOWED, ALLOWED.toUpperCase()]) {
        for (const hostHeader of [`${name}:${port}`, name]) {
          const answer = await send(base, { headers: { Host: hostHeader } });
          expect([hostHeader, answer.status]).toEqual([hostHeader, 200]);
        }
      }
    });
  });

  it('answers a server bound to one address under that address only, not another address of this machine', async () => {
    const server = await startUiServer({ inspector, port: 0, host: '127.0.0.2', allowDelete: false });
    try {
      const port = Number(new URL(server.url).port);
      const base = `http://127.0.0.2:${port}/`;
      expect((await send(base, { headers: { Host: `127.0.0.2:${port}` } })).status).toBe(200);
      expect((await send(base, { headers: { Host: `127.0.0.1:${port}` } })).status).toBe(421);
      expect((await send(base, { headers: { Host: `evil.example:${port}` } })).status).toBe(421);
    } finally {
      await server.close();
    }
  });
});
