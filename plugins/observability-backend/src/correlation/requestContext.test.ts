import {
  contextFromTraceparent,
  currentContext,
  newContext,
  runWithContext,
  withTraceparent,
} from './requestContext';

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const parent = '00f067aa0ba902b7';

describe('request trace context', () => {
  it("continues the caller's trace from a valid traceparent, as a child span", () => {
    const context = contextFromTraceparent(`00-${traceId}-${parent}-01`);
    expect(context).toMatchObject({
      traceId,
      parentSpanId: parent,
      flags: '01',
    });
    expect(context.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(context.spanId).not.toBe(parent);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['an unknown version', `01-${traceId}-${parent}-01`],
    ['upper case', `00-${traceId.toUpperCase()}-${parent}-01`],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-${parent}-01`],
    ['an all-zero parent', `00-${traceId}-${'0'.repeat(16)}-01`],
    ['too short', `00-${traceId.slice(1)}-${parent}-01`],
    ['with text after it', `00-${traceId}-${parent}-01-extra`],
    ['not a string', 42],
  ])('starts a new trace when the traceparent is %s', (_name, header) => {
    const context = contextFromTraceparent(header);
    expect(context.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(context.traceId).not.toBe(traceId);
    expect(context.parentSpanId).toBeUndefined();
    expect(context.flags).toBe('01');
  });

  it('gives each new trace its own id', () => {
    expect(newContext().traceId).not.toBe(newContext().traceId);
  });

  it('adds the current traceparent to upstream headers inside a context, and nothing outside', async () => {
    const context = contextFromTraceparent(`00-${traceId}-${parent}-00`);
    const inside = await runWithContext(context, async () => {
      await new Promise(resolve => setTimeout(resolve, 1));
      return withTraceparent({ 'X-Scope-OrgID': 'team-a' });
    });
    expect(inside).toEqual({
      'X-Scope-OrgID': 'team-a',
      traceparent: `00-${traceId}-${context.spanId}-00`,
    });
    expect(currentContext()).toBeUndefined();
    expect(withTraceparent({ a: 'b' })).toEqual({ a: 'b' });
  });
});
