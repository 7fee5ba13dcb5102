/**
 * Isomorphic parts of the observability plugin set: annotations, wire types and, later, PromQL
 * label enforcement and SLO math.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './wire';
export * from './promql';
export * from './slo';
export * from './permissions';
export * from './safeUrl';
export * from './rules';
export * from './traces/model';
export * from './traces/summarizeTraces';
export * from './traces/wire';
export * from './traces/fillTraceLink';
