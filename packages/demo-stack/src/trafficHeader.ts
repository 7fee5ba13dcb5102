/** Requests a service's own traffic generator sends carry this header, so they start no trace of their own. */
export const DEMO_TRAFFIC_HEADER = 'x-demo-traffic';
