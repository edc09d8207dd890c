import 'reflect-metadata';
import assert from 'node:assert/strict';
import { Engine, hashKey, MemoryStorage, stableHash, Task, taskInputHash, UnhashableInputError } from '@flowcache/core';

// The instance is not part of any key: two translators with different settings share results.
class Translator {
  constructor(readonly language: string) {}

  @Task({ cacheKeyFn: taskInputHash })
  async translate(text: string): Promise<string> {
    return `${text} (${this.language})`;
  }

  // The fix: what the result depends on is an argument.
  @Task({ cacheKeyFn: taskInputHash })
  async translateTo(language: string, text: string): Promise<string> {
    return `${text} (${language})`;
  }
}

// A class instance hashes as its class name and its own enumerable fields: no #private fields, no getters.
// One with no such field at all keeps its state out of sight, so it is refused rather than share one key.
class ApiQuery {
  readonly #token: string;
  constructor(token: string) {
    this.#token = token;
  }
  get endpoint(): string {
    return `/v1/${this.#token}`;
  }
}

// With an own field as well, nothing tells that a #private one is missing from the key.
class LabelledQuery {
  readonly #token: string;
  constructor(
    readonly label: string,
    token: string,
  ) {
    this.#token = token;
  }
  get endpoint(): string {
    return `/v1/${this.#token}`;
  }
}

// Give such a class its stable form explicitly.
class PinnedQuery {
  readonly #endpoint: string;
  constructor(endpoint: string) {
    this.#endpoint = endpoint;
  }
  [hashKey](): unknown {
    return this.#endpoint;
  }
}

// An array hashes as its elements (and a RegExp match result's index, input, groups and indices): other named
// properties are not seen, nor are those of typed arrays and Buffers. An Array subclass hashes as its elements.
class Batch extends Array<number> {
  source = '';
}
// A Date, Map, Set, RegExp, URL or boxed primitive is hashed with its own enumerable fields, a subclass's too.
class Totals extends Map<string, number> {
  currency = 'EUR';
}

export async function main(): Promise<void> {
  const engine = new Engine({ storage: new MemoryStorage() });
  const french = engine.attach(new Translator('fr'));
  const german = engine.attach(new Translator('de'));
  assert.equal(await french.translate('hello'), 'hello (fr)');
  assert.equal(await german.translate('hello'), 'hello (fr)'); // the French result, from the cache
  assert.equal(await german.translateTo('de', 'hello'), 'hello (de)');

  assert.throws(() => stableHash(new ApiQuery('a')), UnhashableInputError);
  assert.equal(stableHash(new LabelledQuery('q', 'a')), stableHash(new LabelledQuery('q', 'b')));
  assert.notEqual(stableHash(new PinnedQuery('/v1/a')), stableHash(new PinnedQuery('/v1/b')));

  const fromOrders = Batch.from([1, 2]) as Batch;
  fromOrders.source = 'orders';
  const fromRefunds = Batch.from([1, 2]) as Batch;
  fromRefunds.source = 'refunds';
  assert.equal(stableHash(fromOrders), stableHash(fromRefunds));
  assert.equal(stableHash(fromOrders), stableHash([1, 2])); // even equal to a plain array
  const dollars = new Totals([['march', 10]]);
  dollars.currency = 'USD';
  assert.notEqual(stableHash(dollars), stableHash(new Totals([['march', 10]])));
  // ... but not its class: a Totals hashes like a Map with the same entries and fields.
  assert.equal(stableHash(dollars), stableHash(Object.assign(new Map([['march', 10]]), { currency: 'USD' })));
  // Nor are a String object's named properties: it has one own key per character.
  assert.equal(stableHash(Object.assign(new String('hi'), { lang: 'en' })), stableHash(new String('hi')));

  // Symbol-keyed and non-enumerable properties are never seen.
  const draft = Object.assign(new Totals(), { [Symbol('note')]: 'draft' });
  assert.equal(stableHash(draft), stableHash(new Totals()));
  // A class is known by its name only: two classes named alike hash alike.
  const fromBilling = new (class Amount {
    value = 1;
  })();
  const fromShipping = new (class Amount {
    value = 1;
  })();
  assert.equal(stableHash(fromBilling), stableHash(fromShipping));
}
