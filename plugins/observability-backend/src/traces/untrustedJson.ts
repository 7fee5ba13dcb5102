/*
 * Reading an untrusted trace backend's JSON without trusting its shape: a field of the wrong
 * type reads as empty, never as a throw.
 */
export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export const text = (v: unknown): string => (typeof v === 'string' ? v : '');
