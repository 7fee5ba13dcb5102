import { InputError } from '@backstage/errors';
import { z } from 'zod';

/** A zod issue path as a reader writes it: `rules[0].labels.severity`. */
export function fieldPath(path: ReadonlyArray<string | number>): string {
  return path
    .map((p, i) => {
      if (typeof p === 'number') return `[${p}]`;
      return i === 0 ? p : `.${p}`;
    })
    .join('');
}

/**
 * Parses a request's body or query with zod; a failure is an InputError (400) that names each
 * field and what is wrong with it. An absent body parses as `{}`, so its fields are named too.
 */
export function parseInput<S extends z.ZodTypeAny>(
  schema: S,
  value: unknown,
  where: string,
): z.infer<S> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) {
    throw new InputError(
      `Invalid ${where}: ${parsed.error.issues
        .map(i => `${fieldPath(i.path) || 'body'}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return parsed.data;
}
