import { CSSProperties, useMemo, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  Content,
  Header,
  Page,
  Progress,
  Table,
  TableColumn,
  Link,
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import { parseEntityRef } from '@backstage/catalog-model';
import type {
  OverviewRow,
  Verdict,
} from '@stagewatch/backstage-plugin-observability-common';
import Box from '@material-ui/core/Box';
import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import Tooltip from '@material-ui/core/Tooltip';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import { observabilityApiRef } from '../../api';
import { formatValue } from '../TimeSeriesChart/formatValue';
import { VerdictStatus } from '../VerdictStatus';
import { errorMessage } from '../errorMessage';
import { describeFiringCount, worstLevel } from '../AlertsSection/alertFormat';
import { describeCoverage } from '../SloSection/describeSlo';
import { RuleTemplatesHeaderLink } from '../RuleTemplatesPage/RuleTemplatesHeaderLink';

const verdictRank: Record<Verdict, number> = {
  critical: 0,
  degraded: 1,
  unknown: 2,
  healthy: 3,
};
const numberOrDash = (
  v: number | null | undefined,
  unit: 'reqps' | 'ratio' | 'seconds',
) => (v === null || v === undefined ? '—' : formatValue(v, unit));
const byNumber =
  (key: 'requestRate' | 'errorRatio' | 'latencyP99') =>
  (a: OverviewRow, b: OverviewRow) =>
    (a.values?.[key] ?? -1) - (b.values?.[key] ?? -1);
const shortRef = (ref?: string, kind = 'group') =>
  ref
    ? humanizeEntityRef(parseEntityRef(ref, { defaultKind: kind }), {
        defaultKind: kind,
      })
    : '';

/** The smallest budget left among the row's SLOs; rows without SLOs sort last. */
const worstBudget = (row: OverviewRow) =>
  row.slos?.[0]?.budgetRemaining ?? Number.POSITIVE_INFINITY;

/** An SLO's budget left as a whole percentage, or "no data". */
const budgetText = (budgetRemaining: number | null) =>
  budgetRemaining === null
    ? 'no data'
    : `${Math.round(budgetRemaining * 100)}%`;

/**
 * The worst SLO of the row (the backend sorts them): its budget left, coloured by its burn alert,
 * with its name on a second line, and every SLO in the tooltip.
 */
const BudgetLeft = ({ row }: { row: OverviewRow }) => {
  if (row.sloError) {
    return <StatusWarning>invalid SLO spec</StatusWarning>;
  }
  const worst = row.slos?.[0];
  if (!worst) return <>—</>;
  const text = budgetText(worst.budgetRemaining);
  const all = row
    .slos!.map(
      s =>
        `${s.name} (${s.objectivePercent}% / ${s.window}): ${
          s.budgetRemaining === null
            ? 'no data'
            : `${budgetText(s.budgetRemaining)} left`
        }${s.alert === 'none' ? '' : `, ${s.alert}`}${
          // What the budget is computed from, when it is not the whole window.
          s.budgetRemaining === null
            ? ''
            : describeCoverage(s.coverage)?.text.replace(/^/, ', ') ?? ''
        }`,
    )
    .join('; ');
  // Coloured by the most urgent SLO, which need not be the one with the least budget.
  const slos = row.slos!;
  let status = <StatusOK>{text}</StatusOK>;
  if (slos.some(s => s.alert === 'page'))
    status = <StatusError>{text}</StatusError>;
  else if (
    slos.some(s => s.alert === 'ticket') ||
    (worst.budgetRemaining !== null && worst.budgetRemaining <= 0)
  )
    status = <StatusWarning>{text}</StatusWarning>;
  return (
    <Tooltip title={all} placement="bottom-end">
      <span data-testid={`budget-${row.entityRef}`}>
        {status}
        {/* A space, so the text reads "62% latency" and not "62%latency" to screen readers. */}{' '}
        <Box fontSize="0.75rem" color="text.secondary">
          {worst.name}
        </Box>
      </span>
    </Tooltip>
  );
};

/**
 * Alerts firing now, sorting by the most urgent then the most: critical before warning before
 * the rest, rows the backend could not count last.
 */
const alertsRank = (row: OverviewRow) => {
  const count = row.firingAlerts;
  if (!count) return -1;
  const level = worstLevel(count);
  const urgency = { critical: 3, warning: 2, other: 1 }[level ?? 'other'];
  return count.total === 0 ? 0 : urgency * 1e6 + count.total;
};

/** How many alerts fire, coloured by the most urgent severity; the breakdown on hover. */
const FiringAlerts = ({ row }: { row: OverviewRow }) => {
  const count = row.firingAlerts;
  const testId = `alerts-${row.entityRef}`;
  if (!count)
    return (
      <span title="The alert store could not be read" data-testid={testId}>
        —
      </span>
    );
  const text = String(count.total);
  const level = count.total > 0 ? worstLevel(count) : undefined;
  let status = <>{text}</>;
  if (level === 'critical') status = <StatusError>{text}</StatusError>;
  else if (level === 'warning') status = <StatusWarning>{text}</StatusWarning>;
  return (
    <span
      title={describeFiringCount(count)}
      data-testid={testId}
      data-level={level ?? 'none'}
    >
      {status}
    </span>
  );
};

type Filter = 'owner' | 'system' | 'verdict';

/** The first reason, without the entity ref the row already shows, so the cause stays visible. */
const reasonText = (row: OverviewRow) =>
  (row.health.reasons[0]?.message ?? '').replace(`${row.entityRef}: `, '');

/**
 * Cell styles. Backstage's table breaks words anywhere (`word-break: break-word`) and gives every
 * column the same width, which split "Unknown" and "availability" across lines; here lines break
 * only between words, and columns holding one token (numbers, refs, statuses) never wrap. The
 * horizontal padding is narrower than Backstage's so nine columns fit from 1280 px on. Backstage's
 * Table writes into a column's style object, so every column gets its own.
 */
const cellStyle = (
  options: { nowrap?: boolean; first?: boolean } = {},
): CSSProperties => ({
  wordBreak: 'normal',
  overflowWrap: 'normal',
  whiteSpace: options.nowrap ? 'nowrap' : 'normal',
  ...(options.first ? {} : { paddingLeft: 10 }),
  paddingRight: 10,
});
const headerStyle = (first = false): CSSProperties => ({
  wordBreak: 'normal',
  overflowWrap: 'normal',
  ...(first ? {} : { paddingLeft: 10 }),
  paddingRight: 10,
});

/**
 * The first reason on one line, cut with an ellipsis to the width the Health column has; the whole
 * text is in the tooltip and stays in the DOM for screen readers. `width: 0` with
 * `min-width: 100%` keeps the reason out of the column's intrinsic width, so a long reason never
 * widens the table, it only fills the space the column gets.
 */
const Reason = ({ row }: { row: OverviewRow }) => {
  const text = reasonText(row);
  return (
    <Tooltip title={text} placement="bottom-start">
      <Box
        data-testid={`reason-${row.entityRef}`}
        fontSize="0.75rem"
        color="text.secondary"
        style={{
          whiteSpace: 'nowrap',
          overflow: 'hidden',
          textOverflow: 'ellipsis',
          width: 0,
          minWidth: '100%',
          maxWidth: 360,
        }}
      >
        {text}
      </Box>
    </Tooltip>
  );
};

/** Every annotated entity the user can see, with its health, from one API request. */
export const ObservabilityOverviewPage = () => {
  const api = useApi(observabilityApiRef);
  const entityLink = useEntityRefLink();
  const overview = useAsync(() => api.getOverview(), [api]);
  const [filters, setFilters] = useState<Record<Filter, string>>({
    owner: '',
    system: '',
    verdict: '',
  });

  const rows = useMemo(() => overview.value?.rows ?? [], [overview.value]);
  const choices = useMemo(
    () => ({
      owner: [
        ...new Set(rows.map(r => r.owner).filter(Boolean) as string[]),
      ].sort(),
      system: [
        ...new Set(rows.map(r => r.system).filter(Boolean) as string[]),
      ].sort(),
      verdict: ['critical', 'degraded', 'unknown', 'healthy'],
    }),
    [rows],
  );
  // Memoized, as are the columns: the table re-processes every row whenever it is given a new
  // data array or new columns, which at 10,000 services made each unrelated render cost seconds.
  const shown = useMemo(
    () =>
      rows
        .filter(r => !filters.owner || r.owner === filters.owner)
        .filter(r => !filters.system || r.system === filters.system)
        .filter(r => !filters.verdict || r.health.verdict === filters.verdict)
        .sort(
          (a, b) =>
            verdictRank[a.health.verdict] - verdictRank[b.health.verdict],
        ),
    [rows, filters],
  );

  const columns = useMemo(
    (): TableColumn<OverviewRow>[] => [
      {
        title: 'Entity',
        field: 'entityRef',
        width: 'auto',
        cellStyle: cellStyle({ first: true }),
        headerStyle: headerStyle(true),
        highlight: true,
        render: row => (
          <Link to={`${entityLink(row.entityRef)}/observability`}>
            {row.title ?? parseEntityRef(row.entityRef).name}
          </Link>
        ),
      },
      {
        title: 'Health',
        field: 'health.verdict',
        customSort: (a, b) =>
          verdictRank[a.health.verdict] - verdictRank[b.health.verdict],
        // The column that takes the width left over, so the reason shows as much as fits.
        width: '25%',
        cellStyle: cellStyle({ nowrap: true }),
        headerStyle: headerStyle(),
        render: row => (
          <Box>
            <VerdictStatus verdict={row.health.verdict} />
            {row.health.reasons[0] && <Reason row={row} />}
          </Box>
        ),
      },
      {
        title: 'Request rate',
        field: 'values.requestRate',
        width: 'auto',
        cellStyle: cellStyle({ nowrap: true }),
        headerStyle: headerStyle(),
        type: 'numeric',
        customSort: byNumber('requestRate'),
        render: r => numberOrDash(r.values?.requestRate, 'reqps'),
      },
      {
        title: 'Error ratio',
        field: 'values.errorRatio',
        width: 'auto',
        cellStyle: cellStyle({ nowrap: true }),
        headerStyle: headerStyle(),
        type: 'numeric',
        customSort: byNumber('errorRatio'),
        render: r => numberOrDash(r.values?.errorRatio, 'ratio'),
      },
      {
        title: 'p99',
        field: 'values.latencyP99',
        width: 'auto',
        cellStyle: cellStyle({ nowrap: true }),
        headerStyle: headerStyle(),
        type: 'numeric',
        customSort: byNumber('latencyP99'),
        render: r => numberOrDash(r.values?.latencyP99, 'seconds'),
      },
      {
        title: 'Budget left',
        field: 'slos',
        width: 'auto',
        cellStyle: cellStyle(),
        headerStyle: headerStyle(),
        type: 'numeric',
        customSort: (a, b) => worstBudget(a) - worstBudget(b),
        render: row => <BudgetLeft row={row} />,
      },
      {
        title: 'Alerts',
        field: 'firingAlerts.total',
        width: 'auto',
        cellStyle: cellStyle({ nowrap: true }),
        headerStyle: headerStyle(),
        type: 'numeric',
        customSort: (a, b) => alertsRank(a) - alertsRank(b),
        render: row => <FiringAlerts row={row} />,
      },
      {
        title: 'Owner',
        field: 'owner',
        width: 'auto',
        cellStyle: cellStyle({ nowrap: true }),
        headerStyle: headerStyle(),
        render: r => shortRef(r.owner),
      },
      {
        title: 'System',
        field: 'system',
        width: 'auto',
        cellStyle: cellStyle({ nowrap: true }),
        headerStyle: headerStyle(),
        render: r => shortRef(r.system, 'system'),
      },
    ],
    [entityLink],
  );

  const paged = shown.length > 20;
  const tableOptions = useMemo(
    () => ({
      search: true,
      paging: paged,
      pageSize: 20,
      padding: 'dense' as const,
    }),
    [paged],
  );

  return (
    <Page themeId="tool">
      <Header
        title="Observability"
        subtitle="Health and golden signals of every service you can see"
      >
        <RuleTemplatesHeaderLink />
      </Header>
      <Content>
        {overview.loading && <Progress />}
        {overview.error && (
          <Alert severity="error">{errorMessage(overview.error)}</Alert>
        )}
        {overview.value && (
          <>
            <Box display="flex" style={{ gap: 16 }} mb={2} flexWrap="wrap">
              {(['owner', 'system', 'verdict'] as Filter[]).map(filter => (
                <FormControl
                  key={filter}
                  variant="outlined"
                  size="small"
                  style={{ minWidth: 180 }}
                >
                  <InputLabel id={`overview-${filter}`}>
                    {filter[0].toUpperCase() + filter.slice(1)}
                  </InputLabel>
                  <Select
                    labelId={`overview-${filter}`}
                    label={filter}
                    value={filters[filter]}
                    onChange={e =>
                      setFilters({
                        ...filters,
                        [filter]: e.target.value as string,
                      })
                    }
                  >
                    <MenuItem value="">All</MenuItem>
                    {choices[filter].map(choice => (
                      <MenuItem key={choice} value={choice}>
                        {filter === 'verdict'
                          ? choice
                          : shortRef(
                              choice,
                              filter === 'system' ? 'system' : 'group',
                            )}
                      </MenuItem>
                    ))}
                  </Select>
                </FormControl>
              ))}
            </Box>
            <Table<OverviewRow>
              title={`Services (${shown.length})`}
              options={tableOptions}
              columns={columns}
              data={shown}
              emptyContent={
                <Box p={2}>
                  No entity with an observability/prometheus-selector annotation
                  matches. Annotate a component's catalog-info.yaml to see it
                  here.
                </Box>
              }
            />
          </>
        )}
      </Content>
    </Page>
  );
};
