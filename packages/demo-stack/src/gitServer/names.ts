/**
 * A service name is a DNS label (lower case, digits, hyphens): it becomes a repository directory,
 * a Prometheus job, a process name and a file name, so anything else is refused up front rather
 * than escaped in four places.
 */
export const serviceNamePattern = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** `<service name>.git`, the only directory names the git server serves or creates. */
export const repositoryNamePattern = /^[a-z0-9][a-z0-9-]{0,62}\.git$/;

export function isServiceName(name: string): boolean {
  return serviceNamePattern.test(name);
}

export function isRepositoryName(name: string): boolean {
  return repositoryNamePattern.test(name);
}
