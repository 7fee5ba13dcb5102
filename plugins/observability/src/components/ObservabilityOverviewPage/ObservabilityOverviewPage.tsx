import {
  CSSProperties,
  memo,
  useCallback,
  useDeferredValue,
  useMemo,
  useState,
} from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  Content,
  Header,
  Page,
  Progress,
  Link,
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import { parseEntityRef } from '@backstage/catalog-model';
import type {
  OverviewResponse,
  OverviewRow,
  Verdict,
} from '@stagewatch/backstage-plugin-observability-common';
import Box from '@material-ui/core/Box';
import { makeStyles } from '@material-ui/core/styles';
import FormControl from '@material-ui/core/FormControl';
import IconButton from '@material-ui/core/IconButton';
import InputAdornment from '@material-ui/core/InputAdornment';
import InputLabel from '@material-ui/core/InputLabel';
import OutlinedInput from '@material-ui/core/OutlinedInput';
import Paper from '@material-ui/core/Paper';
import Select from '@material-ui/core/Select';
import TextField from '@material-ui/core/TextField';
import Toolbar from '@material-ui/core/Toolbar';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import Clear from '@material-ui/icons/Clear';
import Search from '@material-ui/icons/Search';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import { observabilityApiRef } from '../../api';
import { formatValue } from '../TimeSeriesChart/formatValue';
import { VerdictStatus } from '../VerdictStatus';
import { errorMessage } from '../errorMessage';
import { describeFiringCount, worstLevel } from '../AlertsSection/alertFormat';
import { describeCoverage } from '../SloSection/describeSlo';
import { RuleTemplatesHeaderLink } from '../RuleTemplatesPage/RuleTemplatesHeaderLink';
import {
  sortRows,
  TableSort,
  WindowedColumn,
  WindowedTable,
} from './WindowedTable';

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
 * Static classes for what the cells repeat. A `Box` with style props adds and removes a style rule
 * for every instance it mounts, which made scrolling and filtering the rows' slowest part.
 */
const useCellStyles = makeStyles(theme => ({
  caption: {
    fontSize: '0.75rem',
    color: theme.palette.text.secondary,
  },
}));

/** Backstage's table toolbar: the title with the count, and the search box. */
const useToolbarStyles = makeStyles(theme => ({
  toolbar: {
    padding: theme.spacing(3, 0, 2.5, 2.5),
    gap: theme.spacing(2),
  },
  title: {
    flex: 1,
    fontWeight: theme.typography.fontWeightBold as number,
  },
  search: {
    paddingRight: theme.spacing(2),
    minWidth: 150,
  },
}));

/**
 * The worst SLO of the row (the backend sorts them): its budget left, coloured by its burn alert,
 * with its name on a second line, and every SLO in the tooltip.
 */
const BudgetLeft = ({ row }: { row: OverviewRow }) => {
  const classes = useCellStyles();
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
        <div className={classes.caption}>{worst.name}</div>
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
 * Cell styles. Backstage's theme breaks words anywhere in table cells (`word-break: break-word`),
 * which split "Unknown" and "availability" across lines; here lines break only between words, and
 * columns holding one token (numbers, refs, statuses) never wrap. The horizontal padding is
 * narrower than Backstage's so nine columns fit from 1280 px on.
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
  const classes = useCellStyles();
  const text = reasonText(row);
  return (
    <Tooltip title={text} placement="bottom-start">
      <div
        data-testid={`reason-${row.entityRef}`}
        className={classes.caption}
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
      </div>
    </Tooltip>
  );
};

type Entry = { row: OverviewRow; key: string };

/**
 * What the search box matches, lowercased once per response: the fields Backstage's table searched
 * (the columns' raw values) and the reason shown. Fields are joined by a newline, which the
 * one-line search box cannot type, so a query never matches across two fields.
 */
const searchKey = (row: OverviewRow) =>
  [
    row.entityRef,
    row.title,
    row.health.verdict,
    reasonText(row),
    row.values?.requestRate,
    row.values?.errorRatio,
    row.values?.latencyP99,
    row.firingAlerts?.total,
    row.owner,
    row.system,
  ]
    .filter(v => v !== undefined && v !== null && v !== '')
    .join('\n')
    .toLowerCase();

/** Text order as Backstage's table sorted a field: rows without the field first. */
const byText =
  (value: (row: OverviewRow) => string | undefined) =>
  (a: OverviewRow, b: OverviewRow) => {
    const x = value(a);
    const y = value(b);
    if (x === y) return 0;
    if (!x) return -1;
    if (!y) return 1;
    return x < y ? -1 : 1;
  };
const byVerdict = (a: OverviewRow, b: OverviewRow) =>
  verdictRank[a.health.verdict] - verdictRank[b.health.verdict];
const onEntries =
  (compare: (a: OverviewRow, b: OverviewRow) => number) =>
  (a: Entry, b: Entry) =>
    compare(a.row, b.row);

const titleId = 'observability-overview-title';

const emptyHint = (
  <Box p={2}>
    No entity with an observability/prometheus-selector annotation matches.
    Annotate a component's catalog-info.yaml to see it here.
  </Box>
);

/**
 * One filter's menu: a native select, so choosing closes no popover and draws no menu items (the
 * owner menu of a large catalog lists hundreds of teams, and MUI's menu re-rendered every item on
 * a choice: 154 ms at 10,000 services). It also gives type-ahead and the platform's own list.
 * Memoized with its choices, so a keystroke in the search box need not build it again.
 */
function FilterMenu({
  filter,
  value,
  choices,
  onChange,
}: {
  filter: Filter;
  value: string;
  choices: string[];
  onChange: (filter: Filter, value: string) => void;
}) {
  const id = `overview-${filter}`;
  const label = filter[0].toUpperCase() + filter.slice(1);
  return (
    <FormControl variant="outlined" size="small" style={{ minWidth: 180 }}>
      <InputLabel htmlFor={id} shrink>
        {label}
      </InputLabel>
      <Select
        native
        id={id}
        // The label always sits on the border: a native select always shows its choice.
        input={<OutlinedInput notched label={label} />}
        value={value}
        onChange={e => onChange(filter, e.target.value as string)}
      >
        <option value="">All</option>
        {choices.map(choice => (
          <option key={choice} value={choice}>
            {filter === 'verdict'
              ? choice
              : shortRef(choice, filter === 'system' ? 'system' : 'group')}
          </option>
        ))}
      </Select>
    </FormControl>
  );
}
const FilterSelect = memo(FilterMenu);

/** The filters, the search box and the rows of one overview response. */
const Overview = ({ overview }: { overview: OverviewResponse }) => {
  const classes = useToolbarStyles();
  const entityLink = useEntityRefLink();
  const [filters, setFilters] = useState<Record<Filter, string>>({
    owner: '',
    system: '',
    verdict: '',
  });
  const setFilter = useCallback(
    (filter: Filter, value: string) =>
      setFilters(current => ({ ...current, [filter]: value })),
    [],
  );
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<TableSort>();
  // The controls update at once; the rows follow in a render React may interrupt for the next
  // keystroke or choice.
  const deferredFilters = useDeferredValue(filters);
  const query = useDeferredValue(search).trim().toLowerCase();

  const rows = overview.rows;
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

  const columns = useMemo(
    (): WindowedColumn<Entry>[] => [
      {
        id: 'entity',
        title: 'Entity',
        cellStyle: cellStyle({ first: true }),
        headerStyle: headerStyle(true),
        highlight: true,
        compare: onEntries(byText(r => r.entityRef)),
        render: ({ row }) => (
          <Link to={`${entityLink(row.entityRef)}/observability`}>
            {row.title ?? parseEntityRef(row.entityRef).name}
          </Link>
        ),
      },
      {
        id: 'health',
        title: 'Health',
        compare: onEntries(byVerdict),
        // The column that takes the width left over, so the reason shows as much as fits.
        width: '25%',
        cellStyle: cellStyle({ nowrap: true }),
        headerStyle: headerStyle(),
        render: ({ row }) => (
          <div>
            <VerdictStatus verdict={row.health.verdict} />
            {row.health.reasons[0] && <Reason row={row} />}
          </div>
        ),
      },
      {
        id: 'requestRate',
        title: 'Request rate',
        cellStyle: cellStyle({ nowrap: true }),
        headerStyle: headerStyle(),
        numeric: true,
        compare: onEntries(byNumber('requestRate')),
        render: ({ row }) => numberOrDash(row.values?.requestRate, 'reqps'),
      },
      {
        id: 'errorRatio',
        title: 'Error ratio',
        cellStyle: cellStyle({ nowrap: true }),
        headerStyle: headerStyle(),
        numeric: true,
        compare: onEntries(byNumber('errorRatio')),
        render: ({ row }) => numberOrDash(row.values?.errorRatio, 'ratio'),
      },
      {
        id: 'latencyP99',
        title: 'p99',
        cellStyle: cellStyle({ nowrap: true }),
        headerStyle: headerStyle(),
        numeric: true,
        compare: onEntries(byNumber('latencyP99')),
        render: ({ row }) => numberOrDash(row.values?.latencyP99, 'seconds'),
      },
      {
        id: 'budget',
        title: 'Budget left',
        cellStyle: cellStyle(),
        headerStyle: headerStyle(),
        numeric: true,
        compare: onEntries((a, b) => worstBudget(a) - worstBudget(b)),
        render: ({ row }) => <BudgetLeft row={row} />,
      },
      {
        id: 'alerts',
        title: 'Alerts',
        cellStyle: cellStyle({ nowrap: true }),
        headerStyle: headerStyle(),
        numeric: true,
        compare: onEntries((a, b) => alertsRank(a) - alertsRank(b)),
        render: ({ row }) => <FiringAlerts row={row} />,
      },
      {
        id: 'owner',
        title: 'Owner',
        cellStyle: cellStyle({ nowrap: true }),
        headerStyle: headerStyle(),
        compare: onEntries(byText(r => r.owner)),
        render: ({ row }) => shortRef(row.owner),
      },
      {
        id: 'system',
        title: 'System',
        cellStyle: cellStyle({ nowrap: true }),
        headerStyle: headerStyle(),
        compare: onEntries(byText(r => r.system)),
        render: ({ row }) => shortRef(row.system, 'system'),
      },
    ],
    [entityLink],
  );

  // Worst first unless a column's title was clicked; sorted before filtering, so a keystroke or a
  // filter costs one pass over the precomputed keys and no sort.
  const entries = useMemo(
    () =>
      rows
        .map(row => ({ row, key: searchKey(row) }))
        .sort(onEntries(byVerdict)),
    [rows],
  );
  const sorted = useMemo(
    () => sortRows(entries, columns, sort),
    [entries, columns, sort],
  );
  const shown = useMemo(() => {
    const { owner, system, verdict } = deferredFilters;
    return sorted.filter(
      ({ row, key }) =>
        (!owner || row.owner === owner) &&
        (!system || row.system === system) &&
        (!verdict || row.health.verdict === verdict) &&
        (!query || key.includes(query)),
    );
  }, [sorted, deferredFilters, query]);

  return (
    <>
      <Box display="flex" style={{ gap: 16 }} mb={2} flexWrap="wrap">
        {(['owner', 'system', 'verdict'] as Filter[]).map(filter => (
          <FilterSelect
            key={filter}
            filter={filter}
            value={filters[filter]}
            choices={choices[filter]}
            onChange={setFilter}
          />
        ))}
      </Box>
      <Paper>
        <Toolbar className={classes.toolbar}>
          <Typography
            variant="h5"
            component="h2"
            id={titleId}
            className={classes.title}
          >
            {`Services (${shown.length})`}
          </Typography>
          <TextField
            value={search}
            onChange={e => setSearch(e.target.value)}
            placeholder="Filter"
            className={classes.search}
            inputProps={{ 'aria-label': 'Search' }}
            InputProps={{
              startAdornment: (
                <InputAdornment position="start">
                  <Search fontSize="small" />
                </InputAdornment>
              ),
              endAdornment: (
                <InputAdornment position="end">
                  <IconButton
                    disabled={!search}
                    onClick={() => setSearch('')}
                    aria-label="Clear Search"
                  >
                    <Clear fontSize="small" />
                  </IconButton>
                </InputAdornment>
              ),
            }}
          />
        </Toolbar>
        <WindowedTable
          rows={shown}
          columns={columns}
          rowKey={entry => entry.row.entityRef}
          sort={sort}
          onSortChange={setSort}
          labelledBy={titleId}
          emptyContent={
            query ? <Box p={2}>No service matches the search.</Box> : emptyHint
          }
        />
      </Paper>
    </>
  );
};

/**
 * Every annotated entity the user can see, with its health, from one API request. The filters'
 * state lives in `Overview`, below `Page`: `Page` hands its children a new theme object whenever it
 * renders, and every styled component under it then builds and inserts its style sheet again,
 * which cost more than filtering the rows.
 */
export const ObservabilityOverviewPage = () => {
  const api = useApi(observabilityApiRef);
  const overview = useAsync(() => api.getOverview(), [api]);
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
        {overview.value && <Overview overview={overview.value} />}
      </Content>
    </Page>
  );
};
