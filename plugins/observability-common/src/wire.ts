/** The plugin id, shared by the frontend, the backend and the discovery service. @public */
export const OBSERVABILITY_PLUGIN_ID = 'observability';

/** `GET /api/observability/health`: the plugin is up and serving. @public */
export interface HealthResponse {
  status: 'ok';
}
