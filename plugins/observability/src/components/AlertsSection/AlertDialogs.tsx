import { ReactNode, useState } from 'react';
import type { AlertView } from '@stagewatch/backstage-plugin-observability-common';
import { ALERT_SILENCE_PRESETS } from '@stagewatch/backstage-plugin-observability-common';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { errorMessage } from '../errorMessage';
import { describePreset } from './alertFormat';

export const NOTE_MAX_LENGTH = 1000;

/** What a dialog is open for; the section holds one at a time. */
export type AlertAction = {
  kind: 'acknowledge' | 'unacknowledge' | 'silence' | 'expire';
  alert: AlertView;
};

/**
 * A dialog whose confirm button runs `onSubmit`: buttons are disabled while it runs, a failure
 * stays in the dialog so the user can retry or cancel, success closes it.
 */
const ActionDialog = (props: {
  title: string;
  confirmLabel: string;
  onSubmit: () => Promise<void>;
  onClose: () => void;
  children: ReactNode;
}) => {
  const { title, confirmLabel, onSubmit, onClose, children } = props;
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>();
  const titleId = 'alert-action-dialog-title';

  const submit = async () => {
    setSubmitting(true);
    setError(undefined);
    try {
      await onSubmit();
    } catch (e) {
      setError(e);
      setSubmitting(false);
    }
  };

  return (
    <Dialog
      open
      onClose={submitting ? undefined : onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id={titleId}>{title}</DialogTitle>
      <DialogContent>
        {children}
        {error !== undefined && (
          <Alert severity="error" data-testid="alert-action-error">
            {errorMessage(error)}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={submitting}>
          Cancel
        </Button>
        <Button
          onClick={submit}
          disabled={submitting}
          color="primary"
          variant="contained"
        >
          {confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
};

const NoteField = (props: {
  value: string;
  onChange: (value: string) => void;
}) => (
  <TextField
    id="alert-action-note"
    label="Note (optional)"
    value={props.value}
    onChange={e => props.onChange(e.target.value.slice(0, NOTE_MAX_LENGTH))}
    inputProps={{ maxLength: NOTE_MAX_LENGTH }}
    helperText={`${props.value.length}/${NOTE_MAX_LENGTH}`}
    multiline
    minRows={2}
    fullWidth
    variant="outlined"
    margin="normal"
  />
);

/** Acknowledge or take back an acknowledgement, with an optional note. */
export const AcknowledgeDialog = (props: {
  alert: AlertView;
  undo?: boolean;
  onSubmit: (note: string | undefined) => Promise<void>;
  onClose: () => void;
}) => {
  const { alert, undo, onSubmit, onClose } = props;
  const [note, setNote] = useState('');
  const verb = undo ? 'Unacknowledge' : 'Acknowledge';
  return (
    <ActionDialog
      title={`${verb} ${alert.alertname}`}
      confirmLabel={verb}
      onSubmit={() => onSubmit(note.trim() || undefined)}
      onClose={onClose}
    >
      <DialogContentText>
        {undo
          ? 'The alert shows as unattended again.'
          : 'Tells others someone is looking at this alert. Alertmanager keeps notifying; silence the alert to stop that.'}
      </DialogContentText>
      <NoteField value={note} onChange={setNote} />
    </ActionDialog>
  );
};

/** Silence the alert in Alertmanager for a preset duration, with an optional note. */
export const SilenceDialog = (props: {
  alert: AlertView;
  onSubmit: (silence: { duration: string; note?: string }) => Promise<void>;
  onClose: () => void;
}) => {
  const { alert, onSubmit, onClose } = props;
  const [duration, setDuration] = useState<string>('1h');
  const [note, setNote] = useState('');
  return (
    <ActionDialog
      title={`Silence ${alert.alertname}`}
      confirmLabel="Silence"
      onSubmit={() => onSubmit({ duration, note: note.trim() || undefined })}
      onClose={onClose}
    >
      <DialogContentText>
        Creates an Alertmanager silence matching this alert's labels, so it
        stops notifying until the silence ends.
      </DialogContentText>
      <FormControl component="fieldset">
        <FormLabel component="legend">Duration</FormLabel>
        <RadioGroup
          row
          aria-label="Duration"
          name="silence-duration"
          value={duration}
          onChange={e => setDuration(e.target.value)}
        >
          {ALERT_SILENCE_PRESETS.map(preset => (
            <FormControlLabel
              key={preset}
              value={preset}
              control={<Radio color="primary" />}
              label={describePreset(preset)}
            />
          ))}
        </RadioGroup>
      </FormControl>
      <NoteField value={note} onChange={setNote} />
    </ActionDialog>
  );
};

/** Confirm ending the portal's silence early. */
export const ExpireSilenceDialog = (props: {
  alert: AlertView;
  onSubmit: () => Promise<void>;
  onClose: () => void;
}) => (
  <ActionDialog
    title={`Expire silence of ${props.alert.alertname}`}
    confirmLabel="Expire silence"
    onSubmit={props.onSubmit}
    onClose={props.onClose}
  >
    <DialogContentText>
      Alertmanager resumes notifying about this alert while it fires.
    </DialogContentText>
  </ActionDialog>
);
