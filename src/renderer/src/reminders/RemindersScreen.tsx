/**
 * "Reminders": the outbox as the front desk sees it. Scheduled, sent and failed messages (each
 * with its reason in words), patients' replies waiting for staff, the opt-out list and the
 * messaging settings; Pause stops every send at once (a wrong template, a storm closing the
 * clinic) and a banner stays up until someone resumes.
 */
import { useState } from 'react';
import { Alert, Badge, Box, Button, Stack, Tab, Tabs, Typography } from '@mui/material';
import { call } from '../api/client';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import { asApiError } from '../schedules/fieldErrors';
import { BulkMessageDialog } from './BulkMessageDialog';
import { QUEUE_TABS, REMINDER_TOPICS, tabCount } from './format';
import { MessagingSettings } from './MessagingSettings';
import { OptOutList } from './OptOutList';
import { RepliesInbox } from './RepliesInbox';
import { ReminderTable } from './ReminderTable';

export type QueueTab = 'scheduled' | 'sent' | 'failed' | 'replies' | 'optOuts' | 'settings';

export function RemindersScreen(props: { initialTab?: QueueTab } = {}) {
  const desk = useDesk();
  const [tab, setTab] = useState<QueueTab>(props.initialTab ?? 'scheduled');
  const [bulkOpen, setBulkOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  // One row is enough for the pause flag and the per-status counts on the tabs.
  const summary = useLiveQuery('reminders/list', { limit: 1 }, REMINDER_TOPICS);
  const waiting = useLiveQuery('inbox/list', { status: 'staff' }, ['inbox']);
  const paused = summary.data?.paused === true;
  const counts = summary.data?.counts ?? {};
  const count = (statuses: readonly string[]) => {
    const n = tabCount(counts, statuses);
    return n > 0 ? ` (${n})` : '';
  };

  async function setPaused(next: boolean) {
    setBusy(true);
    try {
      await call(next ? 'reminders/pause' : 'reminders/resume', {});
      desk.notify(
        next ? 'Reminders are paused: nothing will be sent.' : 'Reminders are being sent again.',
        next ? 'warning' : 'success',
      );
      summary.reload();
    } catch (err) {
      desk.notify(asApiError(err).message, 'error');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Box sx={{ p: 2, maxWidth: 1300 }} component="section" aria-labelledby="reminders-title">
      <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 1 }}>
        <Typography id="reminders-title" variant="h5" component="h2" sx={{ fontWeight: 700 }}>
          Reminders
        </Typography>
        <Box sx={{ flex: 1 }} />
        <Button variant="outlined" onClick={() => setBulkOpen(true)}>
          Message everyone booked on a day…
        </Button>
        <Button
          variant={paused ? 'contained' : 'outlined'}
          color={paused ? 'primary' : 'warning'}
          disabled={busy || !summary.data}
          onClick={() => void setPaused(!paused)}
        >
          {paused ? 'Resume sending' : 'Pause sending'}
        </Button>
      </Stack>
      {paused && (
        <Alert
          severity="warning"
          role="status"
          aria-label="Reminders paused"
          sx={{ mb: 1 }}
          action={
            <Button
              color="inherit"
              size="small"
              disabled={busy}
              onClick={() => void setPaused(false)}
            >
              Resume
            </Button>
          }
        >
          <strong>Reminders are paused.</strong> Nothing is sent until someone resumes; messages
          that pass their usefulness while paused are dropped, not sent late.
        </Alert>
      )}
      {summary.error && (
        <Alert severity="error" sx={{ mb: 1 }}>
          {summary.error.message}
        </Alert>
      )}
      <Tabs
        value={tab}
        onChange={(_e, v: QueueTab) => setTab(v)}
        aria-label="Reminder queue"
        sx={{ borderBottom: 1, borderColor: 'divider', mb: 1 }}
      >
        <Tab value="scheduled" label={`Scheduled${count(QUEUE_TABS.scheduled)}`} />
        <Tab value="sent" label={`Sent${count(QUEUE_TABS.sent)}`} />
        <Tab value="failed" label={`Failed${count(QUEUE_TABS.failed)}`} />
        <Tab
          value="replies"
          label={
            <Badge
              color="error"
              badgeContent={waiting.data?.length ?? 0}
              sx={{ '& .MuiBadge-badge': { right: -10 } }}
            >
              Replies
            </Badge>
          }
          aria-label={`Replies${waiting.data?.length ? `, ${waiting.data.length} waiting` : ''}`}
        />
        <Tab value="optOuts" label="Opt-outs" />
        <Tab value="settings" label="Settings" />
      </Tabs>
      {tab === 'scheduled' && <ReminderTable view="scheduled" />}
      {tab === 'sent' && <ReminderTable view="sent" />}
      {tab === 'failed' && <ReminderTable view="failed" />}
      {tab === 'replies' && <RepliesInbox />}
      {tab === 'optOuts' && <OptOutList />}
      {tab === 'settings' && <MessagingSettings />}
      <BulkMessageDialog open={bulkOpen} onClose={() => setBulkOpen(false)} />
    </Box>
  );
}
