import { ResponseError } from '@backstage/errors';

/** The backend's own message (which annotation, which selector), not "Request failed with 400". */
export function errorMessage(error: unknown): string {
  if (error instanceof ResponseError) {
    return error.body?.error?.message ?? error.message;
  }
  if (error && typeof error === 'object' && 'body' in error) {
    const body = (error as { body?: { error?: { message?: string } } }).body;
    if (body?.error?.message) return body.error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** The HTTP status of a failed API call, when it came from the backend. */
export function errorStatus(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}
