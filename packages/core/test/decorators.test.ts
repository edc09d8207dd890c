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
    ['an unknown option', { cacheExpiration: 5 } as TaskOptions, /unknown option "cacheExpiration"/],
    ['negative retries', { retries: -1 }, /retries must be a whole number/],
    ['fractional retries', { retries: 1.5 }, /retries must be a whole number/],
    ['a negative delay', { retryDelayMs: -3 }, /retryDelayMs must be a number/],
    ['an empty name', { name: ' ' }, /name must be a non-empty string/],
    ['a key function that is not a function', { cacheKeyFn: 'inputs' as never }, /cacheKeyFn must be a function/],
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
    }).toThrow(/@Task on Twice\.work: the method already has @Task or @Flow/);
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
