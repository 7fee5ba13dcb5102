import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/**
 * The part of a new entity the observability actions read: what the template also writes into
 * `catalog-info.yaml`. Rendering from this is rendering what the catalog will hold.
 */
export interface ServiceEntityInput {
  name: string;
  namespace?: string;
  kind?: string;
  title?: string;
  owner: string;
  annotations: Record<string, string>;
}

/** A DNS label: what a Kubernetes name, a Prometheus job and a catalog name all accept. */
export const SERVICE_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** The entity as the catalog will store it, for the backend's own renderers. */
export function serviceEntity(input: ServiceEntityInput): Entity {
  if (!SERVICE_NAME.test(input.name)) {
    throw new InputError(
      `input.name: '${input.name}' is not a valid service name (lowercase letters, digits and dashes, at most 63 characters)`,
    );
  }
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: input.kind ?? 'Component',
    metadata: {
      name: input.name,
      namespace: input.namespace ?? 'default',
      ...(input.title ? { title: input.title } : {}),
      annotations: input.annotations,
    },
    spec: { type: 'service', lifecycle: 'experimental', owner: input.owner },
  };
}
