import { useEffect, useMemo, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { Progress } from '@backstage/core-components';
import type { RuleTemplate } from '@stagewatch/backstage-plugin-observability-common';
import Box from '@material-ui/core/Box';
import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import { stringify } from 'yaml';
import { observabilityApiRef } from '../../api';
import { errorMessage } from '../errorMessage';
import { formatActor, formatTime } from '../AlertsSection/alertFormat';
import { isoSeconds } from '../AlertRulesSection/ruleFormat';
import { foldUnchanged, lineDiff } from './lineDiff';

const useStyles = makeStyles(theme => ({
  diff: {
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    maxHeight: 480,
    overflow: 'auto',
    margin: theme.spacing(1, 0, 0),
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
  },
  added: { background: 'rgba(46, 160, 67, 0.18)' },
  removed: { background: 'rgba(248, 81, 73, 0.18)' },
  same: {},
  folded: { color: theme.palette.text.secondary, fontStyle: 'italic' },
}));

/** The parts of a version that people edit, as YAML, so a diff shows what changed. */
export function versionText(t: RuleTemplate): string {
  return stringify(
    {
      title: t.title,
      description: t.description,
      deprecated: t.deprecated ?? false,
      parameters: t.parameters,
      rules: t.rules,
    },
    { lineWidth: 0 },
  );
}

const describeVersion = (t: RuleTemplate) => {
  const when = isoSeconds(t.createdAt);
  return [
    `v${t.version}`,
    formatActor(t.createdBy) ?? undefined,
    when !== undefined ? formatTime(when) : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
};

/** Every version of a template with who made it and when, and a line diff of any two. */
export const VersionHistory = ({ id }: { id: string }) => {
  const classes = useStyles();
  const api = useApi(observabilityApiRef);
  const versions = useAsync(() => api.getRuleTemplateVersions(id), [api, id]);
  const list = useMemo(() => versions.value?.versions ?? [], [versions.value]);
  const [to, setTo] = useState<number>();
  const [from, setFrom] = useState<number>();
  useEffect(() => {
    setTo(list[0]?.version);
    setFrom(list[1]?.version);
  }, [list]);
  const after = list.find(v => v.version === to);
  const before = list.find(v => v.version === from);
  const diff = useMemo(
    () =>
      after && before
        ? foldUnchanged(lineDiff(versionText(before), versionText(after)))
        : [],
    [after, before],
  );

  if (versions.loading) return <Progress />;
  if (versions.error)
    return <Alert severity="error">{errorMessage(versions.error)}</Alert>;
  const picker = (
    label: string,
    value: number | undefined,
    set: (v: number) => void,
  ) => (
    <FormControl size="small" variant="outlined" style={{ minWidth: 280 }}>
      <InputLabel id={`version-${label}`}>{label}</InputLabel>
      <Select
        labelId={`version-${label}`}
        label={label}
        value={value ?? ''}
        onChange={e => set(Number(e.target.value))}
      >
        {list.map(v => (
          <MenuItem key={v.version} value={v.version}>
            {describeVersion(v)}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
  return (
    <Box data-testid="version-history">
      <Box component="ol" m={0} pl={2} mb={2}>
        {list.map(v => (
          <li key={v.version} data-testid={`template-version-${v.version}`}>
            <Typography variant="body2">
              {describeVersion(v)}
              {v.deprecated ? ' · deprecated' : ''}
            </Typography>
          </li>
        ))}
      </Box>
      {list.length < 2 ? (
        <Typography variant="body2" color="textSecondary">
          Only one version so far: nothing to compare.
        </Typography>
      ) : (
        <>
          <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
            {picker('From version', from, setFrom)}
            {picker('To version', to, setTo)}
          </Box>
          <pre className={classes.diff} data-testid="version-diff">
            {diff.map((line, i) =>
              line.kind === 'folded' ? (
                <div key={i} className={classes.folded} data-kind="folded">
                  {`  … ${line.count} unchanged line${
                    line.count === 1 ? '' : 's'
                  }`}
                </div>
              ) : (
                <div
                  key={i}
                  className={classes[line.kind]}
                  data-kind={line.kind}
                >
                  {`${{ same: ' ', added: '+', removed: '-' }[line.kind]} ${
                    line.text
                  }`}
                </div>
              ),
            )}
            {!diff.some(l => l.kind === 'added' || l.kind === 'removed') && (
              <div className={classes.folded}>No differences.</div>
            )}
          </pre>
        </>
      )}
    </Box>
  );
};
