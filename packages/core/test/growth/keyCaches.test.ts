import { stableHash, taskInputHash, type TaskInfo, type TaskRunContext } from '../../src';
import { rememberedDigests } from '../../src/keys/recentDigests';
import { rememberedKeyLists } from '../../src/keys/sortedKeys';

const task: TaskInfo = {
  name: 'Reports.load',
  className: 'Reports',
  methodName: 'load',
  source: 'async load(query) { return []; }',
  version: undefined,
  parameterNames: ['query'],
};
const context = { task } as TaskRunContext;

describe('what computing keys remembers', () => {
  it('stays bounded: at most 512 key lists, however many shapes of objects are hashed', () => {
    for (let shape = 0; shape < 5000; shape++) stableHash({ [`field${shape}`]: 1, id: shape });
    expect(rememberedKeyLists()).toBeGreaterThan(0);
    expect(rememberedKeyLists()).toBeLessThanOrEqual(512);
  });

  it('stays bounded: at most 4096 digests of keys, however many distinct calls are keyed', () => {
    for (let call = 0; call < 10_000; call++) taskInputHash(context, [{ id: call }]);
    expect(rememberedDigests()).toBeGreaterThan(0);
    expect(rememberedDigests()).toBeLessThanOrEqual(4096);
  });
});
