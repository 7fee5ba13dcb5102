/**
 * Types of the observability backend's HTTP API, shared by the backend and the frontend client.
 * Times are Unix seconds (as Prometheus uses them); missing values are `null`, never NaN.
 */
import type { AlertState, BurnRateWindow, SloWindow } from './slo/alertWindows';
import type { SloIndicator } from './slo/sloSpec';
import type { TraceInstanceStatus } from './traces/wire';

/** The plugin id, shared by the frontend, the backend and the discovery service. @public */
export const OBSERVABILITY_PLUGIN_ID = 'observability';

/** @public */
export type UpstreamStatus = {
  name: string;
  status: 'up' | 'down';
  /** Prometheus version from /api/v1/status/buildinfo, when it answered. */
  version?: string;
  error?: string;
};

/** `GET /api/observability/health`: the plugin, each upstream and the database. @public */
export interface HealthResponse {
  /** `ok` when every upstream and the database answer, `degraded` otherwise. */
  status: 'ok' | 'degraded';
  instances?: UpstreamStatus[];
  /** Jaeger and Tempo instances, with the API each one speaks. */
  traceInstances?: TraceInstanceStatus[];
  database?: { status: 'up' | 'down'; error?: string };
}

/** @public */
export type Verdict = 'healthy' | 'degraded' | 'critical' | 'unknown';

/** Why an entity is not healthy; one per signal that crossed a threshold or had no data. @public */
export interface VerdictReason {
  signal: 'errorRatio' | 'latencyP99' | 'liveness' | 'data' | 'slo' | 'alerts';
  severity: Exclude<Verdict, 'healthy'>;
  message: string;
  value?: number;
  threshold?: number;
}

/** @public */
export interface HealthVerdict {
  verdict: Verdict;
  reasons: VerdictReason[];
}

/** The series an entity is scoped to and where they come from. @public */
export interface EntityScope {
  /** The selector every query is limited to, as enforced (e.g. `{job="checkout"}`). */
  selector: string;
  instance: string;
  profile: string;
}

/** The golden-signal values of the summary. @public */
export interface SignalValues {
  /** Requests per second. */
  requestRate: number | null;
  /** Share of requests that failed, 0..1. */
  errorRatio: number | null;
  /** 99th percentile latency in seconds. */
  latencyP99: number | null;
  /** The profile's saturation signal, in `saturationUnit`. */
  saturation: number | null;
  /** Share of scrape targets up, 0..1. */
  liveness: number | null;
}

/** @public */
export type SignalUnit =
  | 'reqps'
  | 'ratio'
  | 'seconds'
  | 'cores'
  | 'bytes'
  | 'count'
  | 'percent';

/** Alerts firing now, by severity label (`none` for alerts without one). @public */
export interface FiringAlertCount {
  total: number;
  bySeverity: Record<string, number>;
}

/** `GET /entities/:kind/:namespace/:name/summary`. @public */
export interface SummaryResponse {
  entityRef: string;
  scope: EntityScope;
  /** Evaluation time. */
  time: number;
  values: SignalValues;
  saturationUnit: SignalUnit;
  health: HealthVerdict;
  /** Alerts firing now (they also count in `health`); absent when the alert store could not be read. */
  firingAlerts?: FiringAlertCount;
  warnings: string[];
}

/** `[time, value]`; `null` where Prometheus returned NaN or ±Inf. @public */
export type SeriesPoint = [number, number | null];

/** @public */
export interface Series {
  labels: Record<string, string>;
  points: SeriesPoint[];
}

/** @public */
export type SignalName =
  | 'requestRate'
  | 'errorRatio'
  | 'latencyP50'
  | 'latencyP95'
  | 'latencyP99'
  | 'saturation'
  | 'liveness';

/** @public */
export interface SignalSeries {
  name: SignalName;
  title: string;
  unit: SignalUnit;
  /** The scoped PromQL that produced the series. */
  query: string;
  series: Series[];
  /** Set when this signal's query failed while others succeeded. */
  error?: string;
}

/** The range a response covers, after alignment and the points cap. @public */
export interface ResolvedRange {
  from: number;
  to: number;
  step: number;
  /** The step the caller asked for, when it was raised to respect the points cap. */
  requestedStep?: number;
  /** Why the step differs from the requested one. */
  note?: string;
}

/** `GET /entities/:kind/:namespace/:name/signals?from&to&step`. @public */
export interface SignalsResponse {
  entityRef: string;
  scope: EntityScope;
  range: ResolvedRange;
  signals: SignalSeries[];
  warnings: string[];
}

/** `POST /entities/:kind/:namespace/:name/query`. @public */
export interface QueryRequest {
  query: string;
  /** Instant query at this time (default now). */
  time?: number;
  /** Range query when `from` and `to` are set. */
  from?: number;
  to?: number;
  step?: number;
}

/** @public */
export interface QueryResponse {
  entityRef: string;
  scope: EntityScope;
  /** The query as sent upstream, with the entity's matchers added. */
  scopedQuery: string;
  resultType: 'matrix' | 'vector' | 'scalar' | 'string';
  series: Series[];
  range?: ResolvedRange;
  warnings: string[];
}

/**
 * How much of an SLO's window has data: from the SLI's first data in the window to now. Gaps in
 * between are not subtracted. A budget computed from a few minutes of a 30-day window says little.
 * @public
 */
export interface SloCoverage {
  /** Seconds of the window with data, 0..windowSeconds. */
  seconds: number;
  windowSeconds: number;
  /** seconds ÷ windowSeconds, 0..1. */
  ratio: number;
}

/** An SLO in an overview row. @public */
export interface OverviewSlo {
  name: string;
  objectivePercent: number;
  window: SloWindow;
  /** Share of the error budget left over the window; null without data. */
  budgetRemaining: number | null;
  /** How much of the window has data; null when unknown (no data, or the query failed). */
  coverage?: SloCoverage | null;
  alert: AlertState['state'];
  /** Why the SLO could not be computed (a malformed spec, a failed query). */
  error?: string;
}

/** One row of `GET /overview`. @public */
export interface OverviewRow {
  entityRef: string;
  title?: string;
  kind: string;
  owner?: string;
  system?: string;
  scope?: EntityScope;
  values?: SignalValues;
  health: HealthVerdict;
  /** The entity's SLOs with the budget left, worst first; absent when it declares none. */
  slos?: OverviewSlo[];
  /** Set when the entity's SLO annotation is malformed. */
  sloError?: string;
  /** Alerts of the entity firing now; absent when the alert store could not be read. */
  firingAlerts?: FiringAlertCount;
  /** Set when the entity's annotation is malformed or its group's queries failed. */
  error?: string;
}

/** `GET /overview?owner&system&kind`. @public */
export interface OverviewResponse {
  time: number;
  rows: OverviewRow[];
  /** How many upstream queries served this response (grows with groups, not entities). */
  upstreamQueries: number;
  warnings: string[];
}

/** One SLO's state in `GET /entities/:kind/:namespace/:name/slos`. @public */
export interface SloStatus {
  name: string;
  /** As written, e.g. 99.9. */
  objectivePercent: number;
  window: SloWindow;
  sli: SloIndicator;
  /** Share of good events over the SLO window (0..1), null without data. */
  sliValue: number | null;
  /** Share of the error budget left over the window; negative when overspent. */
  budgetRemaining: number | null;
  /** How much of the window has data; null when unknown (no data, or the query failed). */
  coverage?: SloCoverage | null;
  /** Until the budget is gone at the 1h burn rate; null when it is not being spent. */
  timeToExhaustionSeconds: number | null;
  burnRates: Partial<Record<BurnRateWindow, number | null>>;
  alert: AlertState;
  /** Budget remaining over a rolling SLO window, for a burn-down chart. */
  burnDown: SeriesPoint[];
  /** The scoped PromQL of the SLI error ratio over the SLO window. */
  query: string;
}

/** `GET /entities/:kind/:namespace/:name/slos`. @public */
export interface SlosResponse {
  entityRef: string;
  time: number;
  slos: SloStatus[];
  warnings: string[];
}

/** @public */
export type AlertEventType =
  | 'fired'
  | 'resolved'
  | 'acknowledged'
  | 'unacknowledged'
  | 'silenced'
  | 'silence_expired';

/** One thing that happened to an alert. @public */
export interface AlertEvent {
  type: AlertEventType;
  time: number;
  /** A user entity ref, or how the backend learnt of it (`webhook`, `reconciler`). */
  actor: string | null;
  note: string | null;
}

/** An alert instance: one fingerprint from a firing until it resolves. @public */
export interface AlertView {
  id: string;
  fingerprint: string;
  alertname: string;
  severity: string | null;
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  generatorURL: string | null;
  startsAt: number;
  endsAt: number | null;
  /** The alert's `value` annotation, when its rule sets one (e.g. `{{ $value }}`). */
  value: string | null;
  entityRefs: string[];
  /** Set while acknowledged: by whom (user entity ref), when, and their note. */
  acknowledged: AlertAcknowledgement | null;
  /** Set while an Alertmanager silence created from the portal is active. */
  silenced: AlertSilence | null;
  /** Oldest first. */
  events: AlertEvent[];
}

/** @public */
export interface AlertAcknowledgement {
  by: string;
  time: number;
  note: string | null;
}

/** @public */
export interface AlertSilence {
  /** Alertmanager's silence id. */
  silenceId: string;
  by: string;
  time: number;
  endsAt: number;
  note: string | null;
}

/** Whether the caller may act on the entity's alerts, and why not. @public */
export interface AlertActionPermission {
  allowed: boolean;
  /** Why not, in words for the button's tooltip. */
  reason?: string;
}

/** Silence durations the portal offers; the API takes any Prometheus duration from 1m to 30d. @public */
export const ALERT_SILENCE_PRESETS = ['30m', '1h', '4h', '1d', '7d'] as const;

/** `GET /entities/:kind/:namespace/:name/alerts?from&to&state&limit&offset`. @public */
export interface AlertsResponse {
  entityRef: string;
  from: number;
  to: number;
  /** Alerts matching the filter, of which `alerts` is the page asked for. */
  total: number;
  alerts: AlertView[];
  /** What the caller may do with this entity's alerts. */
  permissions: {
    acknowledge: AlertActionPermission;
    silence: AlertActionPermission;
  };
}

/** `POST .../alerts/:id/acknowledge` and `.../unacknowledge`. @public */
export interface AlertAcknowledgeRequest {
  note?: string;
}

/** `POST .../alerts/:id/silence`. @public */
export interface AlertSilenceRequest {
  /** A Prometheus duration from 1m to 30d, e.g. `1h`. */
  duration: string;
  note?: string;
}

/**
 * `GET .../alerts/stats?from&to`: alerts that fired in the range. MTTA is the mean time from
 * firing to the first acknowledgement over acknowledged alerts; MTTR from firing to resolution
 * over resolved alerts; null when there are none. @public
 */
export interface AlertStatsResponse {
  entityRef: string;
  from: number;
  to: number;
  count: number;
  firing: number;
  acknowledged: number;
  resolved: number;
  mttaSeconds: number | null;
  mttrSeconds: number | null;
}
