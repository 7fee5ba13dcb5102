/** The entity the rendering examples use: what observability:annotations returns for `orders`. */
export const exampleEntityInput = {
  name: 'orders',
  owner: 'group:default/team-checkout',
  annotations: {
    'observability/prometheus-selector': '{job="orders", namespace="shop"}',
    'observability/profile': 'prom-client-http',
    'observability/slos':
      '- name: availability\n  objective: 99.9%\n  window: 30d\n  sli: availability\n',
    'observability/alert-rules':
      '- template: error-ratio\n  params:\n    severity: page\n',
  },
};
