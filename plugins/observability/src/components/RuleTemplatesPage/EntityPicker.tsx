import { useApi } from '@backstage/frontend-plugin-api';
import {
  CATALOG_FILTER_EXISTS,
  catalogApiRef,
  humanizeEntityRef,
} from '@backstage/plugin-catalog-react';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { ANNOTATION_PROMETHEUS_SELECTOR } from '@stagewatch/backstage-plugin-observability-common';
import TextField from '@material-ui/core/TextField';
import Autocomplete from '@material-ui/lab/Autocomplete';
import useAsync from 'react-use/esm/useAsync';

/**
 * Chooses an entity to preview against, among those with a Prometheus selector (the only ones that
 * get rules), as the catalog shows them to the signed-in user.
 */
export const EntityPicker = (props: {
  value: string | undefined;
  onChange: (entityRef: string | undefined) => void;
}) => {
  const catalogApi = useApi(catalogApiRef);
  const entities = useAsync(async () => {
    const { items } = await catalogApi.getEntities({
      filter: {
        [`metadata.annotations.${ANNOTATION_PROMETHEUS_SELECTOR}`]:
          CATALOG_FILTER_EXISTS,
      },
      fields: ['kind', 'metadata.namespace', 'metadata.name', 'metadata.title'],
    });
    return items
      .map((e: Entity) => ({
        ref: stringifyEntityRef(e),
        label: humanizeEntityRef(e),
        title: e.metadata.title,
      }))
      .sort((a, b) => a.label.localeCompare(b.label));
  }, [catalogApi]);
  const options = entities.value ?? [];
  const selected = options.find(o => o.ref === props.value) ?? null;
  return (
    <Autocomplete
      options={options}
      loading={entities.loading}
      value={selected}
      getOptionLabel={o => (o.title ? `${o.label} (${o.title})` : o.label)}
      getOptionSelected={(o, v) => o.ref === v.ref}
      onChange={(_e, option) => props.onChange(option?.ref)}
      renderInput={params => (
        <TextField
          {...params}
          label="Preview for entity"
          variant="outlined"
          size="small"
          error={Boolean(entities.error)}
          helperText={
            entities.error
              ? `Could not list entities: ${entities.error.message}`
              : 'Entities with an observability/prometheus-selector annotation'
          }
        />
      )}
    />
  );
};
