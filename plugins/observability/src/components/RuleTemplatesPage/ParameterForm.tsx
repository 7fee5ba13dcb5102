import { useMemo } from 'react';
import { withTheme } from '@rjsf/core';
import { Theme } from '@rjsf/material-ui';
import type { UiSchema } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import type { ParameterSchema } from '@stagewatch/backstage-plugin-observability-common';
import { toFormSchema } from './parameterFormSchema';

/** The scaffolder's own form: rjsf with its Material UI theme. */
const Form = withTheme(Theme);

const uiSchema: UiSchema = {
  'ui:submitButtonOptions': { norender: true },
};

/**
 * A template's parameters as a form rendered from its JSON Schema, checked as the user types.
 * Empty fields are left out, so the backend applies the template's defaults.
 */
export const ParameterForm = (props: {
  parameters: ParameterSchema;
  value: Record<string, unknown>;
  onChange: (value: Record<string, unknown>) => void;
}) => {
  const schema = useMemo(
    () => toFormSchema(props.parameters),
    [props.parameters],
  );
  return (
    <Form
      schema={schema}
      uiSchema={uiSchema}
      formData={props.value}
      validator={validator}
      liveValidate
      showErrorList={false}
      noHtml5Validate
      onChange={e =>
        props.onChange((e.formData ?? {}) as Record<string, unknown>)
      }
    />
  );
};
