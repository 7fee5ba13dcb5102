import { CodeSnippet, InfoCard } from '@backstage/core-components';
import {
  ANNOTATION_TRACE_INSTANCE,
  ANNOTATION_TRACE_SERVICE,
} from '@stagewatch/backstage-plugin-observability-common';
import Typography from '@material-ui/core/Typography';

const ANNOTATION_SNIPPET = `metadata:
  annotations:
    # the service.name your spans carry (OTEL_SERVICE_NAME)
    ${ANNOTATION_TRACE_SERVICE}: checkout
    # optional: a name from observability.traces.instances (default: the first)
    # ${ANNOTATION_TRACE_INSTANCE}: jaeger`;

const CONFIG_SNIPPET = `observability:
  traces:
    instances:
      - name: jaeger
        type: jaeger          # or tempo
        baseUrl: http://jaeger-query:16686
        links:
          trace: http://jaeger.example.com/trace/{traceId}`;

/** The entity names no trace service: what to add to its catalog-info.yaml. */
export const NoTraceServiceState = () => (
  <InfoCard title="Traces">
    <Typography variant="body2" paragraph data-testid="traces-no-annotation">
      This entity has no <code>{ANNOTATION_TRACE_SERVICE}</code> annotation, so
      the portal does not know which spans are its own. Add it to the entity's{' '}
      <code>catalog-info.yaml</code>:
    </Typography>
    <CodeSnippet text={ANNOTATION_SNIPPET} language="yaml" showCopyCodeButton />
  </InfoCard>
);

/** The portal has no trace instance configured: what the platform team adds to app-config. */
export const NoTraceInstanceState = (props: { message: string }) => (
  <InfoCard title="Traces">
    <Typography variant="body2" paragraph data-testid="traces-no-instance">
      {props.message}. A platform engineer adds Jaeger or Tempo to the portal's{' '}
      <code>app-config.yaml</code>:
    </Typography>
    <CodeSnippet text={CONFIG_SNIPPET} language="yaml" showCopyCodeButton />
  </InfoCard>
);
