import { Entity } from '@backstage/catalog-model';
import { readEntitySlos } from './entitySlos';

const entity = (name: string, slos?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    annotations: slos === undefined ? {} : { 'observability/slos': slos },
  },
});

describe('readEntitySlos', () => {
  it('reads an entity without the annotation, or with a blank one, as none', () => {
    expect(readEntitySlos(entity('a'))).toEqual({ status: 'none' });
    expect(readEntitySlos(entity('a', '  \n'))).toEqual({ status: 'none' });
  });

  it('answers the same specs for the same text, shared and frozen so no caller can change them for another', () => {
    const text = '- { name: availability, objective: 99.9, sli: availability }';
    const first = readEntitySlos(entity('a', text));
    const second = readEntitySlos(entity('b', text));
    expect(first).toEqual({
      status: 'ok',
      slos: [
        expect.objectContaining({ name: 'availability', objective: 0.999 }),
      ],
    });
    expect(second).toEqual(first);
    if (first.status !== 'ok' || second.status !== 'ok') throw new Error();
    expect(second.slos).toBe(first.slos);
    expect(Object.isFrozen(first.slos)).toBe(true);
    expect(Object.isFrozen(first.slos[0])).toBe(true);
    expect(() => first.slos.push(first.slos[0])).toThrow(TypeError);
  });

  it('names each entity in the error of a bad text it has seen before', () => {
    const bad = '- { name: x, objective: 250, sli: availability }';
    const a = readEntitySlos(entity('a', bad));
    const b = readEntitySlos(entity('b', bad));
    expect(a).toEqual({
      status: 'invalid',
      error: expect.stringMatching(/^component:default\/a: /),
    });
    expect(b).toEqual({
      status: 'invalid',
      error: expect.stringMatching(/^component:default\/b: /),
    });
  });

  it('reads a changed text anew', () => {
    const one = readEntitySlos(
      entity('a', '- { name: one, objective: 99, sli: availability }'),
    );
    const two = readEntitySlos(
      entity('a', '- { name: two, objective: 99.5, sli: availability }'),
    );
    expect(one.status === 'ok' && one.slos[0].name).toBe('one');
    expect(two.status === 'ok' && two.slos[0].objective).toBe(0.995);
  });
});
