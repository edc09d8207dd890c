import 'reflect-metadata';
import { Flow, Task, TaskDefinitionError, type TaskOptions } from '../src';

const ROUTE = 'custom:route';
/** Stands in for a framework decorator (Nest's @Get, Swagger's @ApiOperation) that tags the method itself. */
function Route(path: string): MethodDecorator {
  return (_target, _key, descriptor) => {
    Reflect.defineMetadata(ROUTE, path, descriptor.value as object);
  };
}

describe('@Task and @Flow', () => {
  it('keep metadata that other decorators put on the method, before or after them', () => {
    class Controller {
      @Task()
      @Route('/inner')
      async inner(): Promise<void> {}

      @Route('/outer')
      @Flow()
      async outer(): Promise<void> {}
    }
    const prototype = Controller.prototype;
    expect(Reflect.getMetadata(ROUTE, prototype.inner)).toBe('/inner');
    expect(Reflect.getMetadata(ROUTE, prototype.outer)).toBe('/outer');
    expect(prototype.inner.name).toBe('inner');
    expect(Reflect.getMetadata('design:paramtypes', prototype, 'inner')).toEqual([]);
  });

  it.each<[string, TaskOptions, RegExp]>([
    ['an unknown option', { cacheTtl: 5 } as TaskOptions, /unknown option "cacheTtl"/],
    ['negative retries', { retries: -1 }, /retries must be a whole number/],
    ['fractional retries', { retries: 1.5 }, /retries must be a whole number/],
    ['a negative delay', { retryDelay: -3 }, /retryDelay must be .*negative/],
    ['an empty name', { name: ' ' }, /name must be a non-empty string/],
    ['a key function that is not a function', { cacheKeyFn: 'inputs' as never }, /cacheKeyFn must be a function/],
    ['a policy that is not a policy', { cachePolicy: 'inputs' as never }, /cachePolicy must be a policy/],
    [
      'an unknown duration unit',
      { cacheExpiration: { fortnights: 1 } as never },
      /cacheExpiration must be .*fortnights/,
    ],
    [
      'a malformed ISO duration',
      { cacheExpiration: '24 hours' },
      /cacheExpiration must be .*"24 hours" is not a valid duration/,
    ],
    ['a negative duration', { cacheExpiration: -1000 }, /cacheExpiration must be .*negative/],
    ['a non-boolean refreshCache', { refreshCache: 'yes' as never }, /refreshCache must be true or false/],
    ['a non-boolean strictKeys', { strictKeys: 1 as never }, /strictKeys must be true or false/],
    ['an empty version', { version: '' }, /version must be a non-empty string/],
  ])('reject %s when the class is defined, naming the method', (_label, options, message) => {
    const define = () => {
      class Broken {
        @Task(options)
        async work(): Promise<void> {}
      }
      return Broken;
    };
    expect(define).toThrow(TaskDefinitionError);
    expect(define).toThrow(/@Task on Broken\.work: /);
    expect(define).toThrow(message);
  });

  it('refuse flow options that only tasks have', () => {
    expect(() => {
      class Broken {
        @Flow({ cacheKeyFn: () => 'k' } as never)
        async run(): Promise<void> {}
      }
      return Broken;
    }).toThrow(/@Flow on Broken\.run: unknown option "cacheKeyFn"/);
  });

  it('refuse static methods and a method decorated twice', () => {
    expect(() => {
      // biome-ignore lint/complexity/noStaticOnlyClass: a decorated static method is the case under test
      class Static {
        @Task()
        static async work(): Promise<void> {}
      }
      return Static;
    }).toThrow(/@Task on Static\.work: only instance methods/);
    expect(() => {
      class Twice {
        @Task()
        @Flow()
        async work(): Promise<void> {}
      }
      return Twice;
    }).toThrow('@Task on Twice.work: the method already has @Flow; use one of them');
  });

  it('refuse fields and a missing pair of parentheses with a clear error', () => {
    expect(() => {
      class Field {
        @(Task() as unknown as PropertyDecorator)
        handler = async () => 1;
      }
      return Field;
    }).toThrow('@Task on Field.handler: only methods can be decorated, not accessors or fields');
    expect(() => {
      class Bare {
        @(Task as unknown as MethodDecorator)
        async work(): Promise<void> {}
      }
      return Bare;
    }).toThrow('@Task must be called: write @Task() or @Task({ ...options })');
    expect(() => {
      class Bare {
        @(Flow as unknown as MethodDecorator)
        async run(): Promise<void> {}
      }
      return Bare;
    }).toThrow(/@Flow must be called/);
  });

  it('only accept methods that return a promise (checked by the type checker)', () => {
    class Typed {
      // @ts-expect-error a task may read from asynchronous storage, so its method must be async
      @Task()
      work(): number {
        return 1;
      }
    }
    expect(new Typed()).toBeInstanceOf(Typed);
  });
});
