import { anInstanceOf, classInCode, withArticle } from '../src/values/describeClass';

describe('how messages name a class', () => {
  it.each([
    ['Map', 'a Map'],
    ['Int8Array', 'an Int8Array'],
    ['Error', 'an Error'],
    ['AggregateError', 'an AggregateError'],
    ['EventEmitter', 'an EventEmitter'],
    ['Uint8Array', 'a Uint8Array'],
    ['URL', 'a URL'],
    ['URLSearchParams', 'a URLSearchParams'],
    ['UnknownRecord', 'an UnknownRecord'],
  ])('reads %s as %s', (noun, expected) => expect(withArticle(noun)).toBe(expected));

  it('names an instance of an anonymous class, and its class in code, without pretending it has a name', () => {
    expect(anInstanceOf('anonymous class')).toBe('an instance of an anonymous class');
    expect(classInCode('anonymous class')).toBe('<its class>');
    expect(anInstanceOf('Money')).toBe('a Money');
    expect(classInCode('Money')).toBe('Money');
  });
});
