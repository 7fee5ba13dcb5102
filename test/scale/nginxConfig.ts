/*
 * nginx in front of everything, as a company runs it: one server that balances the portal
 * (frontend, API, Alertmanager's webhook) over the backend replicas, and one that stands in for
 * Mimir's or Thanos' multi-tenant front: `/prometheus/...` routed on X-Scope-OrgID to one
 * Prometheus per tenant, refused without a known tenant. The access log records each request's
 * upstream, tenant header and traceparent, which is how the tests see what the backends sent.
 */
export interface NginxLayout {
  dir: string;
  portalPort: number;
  replicaPorts: number[];
  /** The multi-tenant Prometheus front, when tenants are given. */
  tenantsPort?: number;
  tenants?: Record<string, number>;
}

export function renderNginxConfig(layout: NginxLayout): string {
  const { dir } = layout;
  const tenantMap = Object.entries(layout.tenants ?? {})
    .map(([tenant, port]) => `    ${JSON.stringify(tenant)} 127.0.0.1:${port};`)
    .join('\n');
  const tenantServer = layout.tenantsPort
    ? `
  map $http_x_scope_orgid $tenant_prometheus {
    default "";
${tenantMap}
  }
  # One JSON object per request, the PromQL form body included (it is read into memory).
  log_format tenant escape=json '{"msec":"$msec","method":"$request_method","uri":"$request_uri",'
                   '"status":"$status","upstream":"$upstream_addr","tenant":"$http_x_scope_orgid",'
                   '"traceparent":"$http_traceparent","body":"$request_body"}';
  server {
    listen 127.0.0.1:${layout.tenantsPort};
    access_log ${dir}/tenants-access.log tenant;
    location /prometheus/ {
      if ($tenant_prometheus = "") {
        return 401 "missing or unknown X-Scope-OrgID\\n";
      }
      # The prefix is stripped, as Mimir's and Thanos' fronts do for their own path.
      rewrite ^/prometheus/(.*)$ /$1 break;
      proxy_pass http://$tenant_prometheus;
    }
    location / {
      return 404 "only /prometheus/ is served here\\n";
    }
  }`
    : '';
  return `# Rendered by test/scale/nginxConfig.ts for one scale run.
worker_processes 2;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log warn;
events { worker_connections 4096; }
http {
  log_format scale '$msec $remote_addr "$request" $status $upstream_addr $request_time '
                   'tenant="$http_x_scope_orgid" traceparent="$http_traceparent" '
                   'agent="$http_user_agent"';
  access_log ${dir}/portal-access.log scale;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  # Bodies and answers stay in memory: the workers need no writable folder.
  client_body_buffer_size 2m;
  client_max_body_size 2m;
  proxy_max_temp_file_size 0;

  upstream backstage {
${layout.replicaPorts
  .map(p => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=3s;`)
  .join('\n')}
    keepalive 64;
  }
  server {
    listen 127.0.0.1:${layout.portalPort};
    location / {
      proxy_pass http://backstage;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      # A replica that refuses the connection or dies before answering: the request goes to the
      # other one. nginx never resends a POST that reached a replica (no non_idempotent), so a
      # webhook or an acknowledgement is never applied twice by the balancer itself.
      proxy_next_upstream error timeout http_502 http_503;
      proxy_next_upstream_tries 2;
      proxy_connect_timeout 2s;
      proxy_read_timeout 60s;
    }
  }${tenantServer}
}
`;
}
