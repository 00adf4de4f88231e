/**
 * Every screen of the desk, in one list: the side rail, the permission check and the content area
 * all read it, so a new screen (Reports, Audit, Backups, Users) is one entry here. The calendar
 * views (`view`) share the toolbar's date and location; the others stand alone.
 */
import type { ReactElement } from 'react';
import { Box, SvgIcon } from '@mui/material';
import type { Permission } from '../../../shared/permissions';
import { CalendarSyncScreen } from '../calsync/CalendarSyncScreen';
import { DayView } from '../calendar/DayView';
import { WeekView } from '../calendar/WeekView';
import { ClinicHome } from '../components/ClinicHome';
import { ProviderDirectory } from '../directory/ProviderDirectory';
import { BillingSettings } from '../eligibility/BillingSettings';
import { VerifyInsuranceScreen } from '../eligibility/VerifyInsuranceScreen';
import { PatientsScreen } from '../patients/PatientsScreen';
import { CallQueueScreen } from '../reminders/CallQueueScreen';
import { RemindersScreen } from '../reminders/RemindersScreen';
import { ReportsScreen } from '../reports/ReportsScreen';
import { ScheduleEditor } from '../schedules/ScheduleEditor';
import { UsersScreen } from '../users/UsersScreen';
import { WaitlistScreen } from '../waitlist/WaitlistScreen';
import { SettingsScreen } from '../settings/SettingsScreen';
import { SetupAssistant } from '../settings/SetupAssistant';
import type { DeskView } from './DeskContext';
import { AuditScreen } from '../admin/AuditScreen';
import { BackupScreen } from '../admin/BackupScreen';
import { RecallScreen } from '../recall/RecallScreen';
import { NetworkScreen } from '../admin/NetworkScreen';

/** Rail groups, in the order they are drawn. Reports and Settings are filled by later screens. */
export const SCREEN_GROUPS = [
  'Desk',
  'Patients',
  'Schedules',
  'Providers',
  'Insurance',
  'Messages',
  'Calendar sync',
  'Reports',
  'Settings',
] as const;
export type ScreenGroup = (typeof SCREEN_GROUPS)[number];

export interface DeskScreen {
  id: string;
  /** The rail's words; also the accessible name tests and screen readers use. */
  label: string;
  group: ScreenGroup;
  icon: ReactElement;
  /** Hidden from a role without it (the engine refuses the calls anyway). */
  permission: Permission;
  /** A calendar view: the toolbar's date and location apply, and the view lives in DeskContext. */
  view?: DeskView;
  /** Shows the toolbar's Date field (calendar views and the Today list). */
  usesDate?: boolean;
  render(ctx: { zone: string }): ReactElement;
}

const icon = (d: string) => (
  <SvgIcon fontSize="small">
    <path d={d} />
  </SvgIcon>
);
const ICONS = {
  day: icon(
    'M19 4h-1V2h-2v2H8V2H6v2H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2zm0 16H5V9h14v11zM7 11h5v5H7z',
  ),
  week: icon(
    'M19 4h-1V2h-2v2H8V2H6v2H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2zm0 16H5V9h14v11zM7 11h2v7H7zm4 0h2v7h-2zm4 0h2v7h-2z',
  ),
  list: icon('M3 5h2v2H3zm4 0h14v2H7zM3 11h2v2H3zm4 0h14v2H7zM3 17h2v2H3zm4 0h14v2H7z'),
  person: icon('M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm0 2c-2.7 0-8 1.3-8 4v2h16v-2c0-2.7-5.3-4-8-4z'),
  clock: icon(
    'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm0 18a8 8 0 1 1 0-16 8 8 0 0 1 0 16zm.5-13H11v6l5.2 3.2.8-1.3-4.5-2.7z',
  ),
  doctor: icon(
    'M16 6V4a2 2 0 0 0-2-2h-4a2 2 0 0 0-2 2v2H4a2 2 0 0 0-2 2v11a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V8a2 2 0 0 0-2-2zm-6-2h4v2h-4zm3 12v3h-2v-3H8v-2h3v-3h2v3h3v2z',
  ),
  shield: icon(
    'M12 2 4 5v6c0 5 3.4 9.7 8 11 4.6-1.3 8-6 8-11V5zm-1.5 14.5-4-4 1.4-1.4 2.6 2.6 5.6-5.6 1.4 1.4z',
  ),
  card: icon(
    'M20 4H4a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2zm0 14H4v-6h16zm0-10H4V6h16z',
  ),
  bell: icon(
    'M12 22a2 2 0 0 0 2-2h-4a2 2 0 0 0 2 2zm6-6v-5c0-3.1-1.6-5.6-4.5-6.3V4a1.5 1.5 0 0 0-3 0v.7C7.6 5.4 6 7.9 6 11v5l-2 2v1h16v-1z',
  ),
  phone: icon(
    'M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25c1.1.37 2.3.57 3.6.57a1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.3.2 2.5.57 3.6a1 1 0 0 1-.25 1z',
  ),
  reply: icon('M10 9V5l-7 7 7 7v-4.1c5 0 8.5 1.6 11 5.1-1-5-4-10-11-11z'),
  people: icon(
    'M16 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zm-8 0a3 3 0 1 0 0-6 3 3 0 0 0 0 6zm0 2c-2.3 0-7 1.2-7 3.5V19h14v-2.5C15 14.2 10.3 13 8 13zm8 0c-.3 0-.6 0-1 .1 1.2.8 2 2 2 3.4V19h6v-2.5c0-2.3-4.7-3.5-7-3.5z',
  ),
  chart: icon('M5 9.2h3V19H5zM10.6 5h2.8v14h-2.8zm5.6 8H19v6h-2.8z'),
  audit: icon(
    'M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8zm-1 7V3.5L18.5 9zM8 13h8v2H8zm0 4h8v2H8z',
  ),
  backup: icon(
    'M19.4 10A7.5 7.5 0 0 0 5.4 8 6 6 0 0 0 6 20h13a5 5 0 0 0 .4-10zM14 13v4h-4v-4H7l5-5 5 5z',
  ),
  history: icon(
    'M13 3a9 9 0 0 0-9 9H1l3.9 3.9L9 12H6a7 7 0 1 1 2.05 4.95l-1.42 1.42A9 9 0 1 0 13 3zm-1 5v5l4.25 2.52.77-1.28-3.52-2.09V8z',
  ),
  hourglass: icon('M6 2v6l4 4-4 4v6h12v-6l-4-4 4-4V2zm10 14.5V20H8v-3.5l4-4zm-4-5-4-4V4h8v3.5z'),
  sync: icon(
    'M12 4V1L8 5l4 4V6a6 6 0 0 1 5.2 9l1.5 1.5A8 8 0 0 0 12 4zm0 14a6 6 0 0 1-5.2-9L5.3 7.5A8 8 0 0 0 12 20v3l4-4-4-4z',
  ),
};

export const SCREENS: readonly DeskScreen[] = [
  {
    id: 'day',
    label: 'Day',
    group: 'Desk',
    icon: ICONS.day,
    permission: 'schedule.view',
    view: 'day',
    usesDate: true,
    render: () => <DayView />,
  },
  {
    id: 'week',
    label: 'Week',
    group: 'Desk',
    icon: ICONS.week,
    permission: 'schedule.view',
    view: 'week',
    usesDate: true,
    render: () => <WeekView />,
  },
  {
    id: 'list',
    label: 'Today list',
    group: 'Desk',
    icon: ICONS.list,
    permission: 'schedule.view',
    view: 'list',
    usesDate: true,
    render: ({ zone }) => <ClinicHome zone={zone} />,
  },
  {
    id: 'patients',
    label: 'Patients',
    group: 'Patients',
    icon: ICONS.person,
    permission: 'patients.view',
    render: () => <PatientsScreen />,
  },
  {
    id: 'waitlist',
    label: 'Waitlist',
    group: 'Patients',
    icon: ICONS.hourglass,
    permission: 'patients.view',
    render: () => <WaitlistScreen />,
  },
  {
    id: 'recall',
    label: 'Recall',
    group: 'Patients',
    icon: ICONS.history,
    permission: 'patients.view',
    render: () => <RecallScreen />,
  },
  {
    id: 'schedules',
    label: 'Schedules',
    group: 'Schedules',
    icon: ICONS.clock,
    permission: 'schedule.view',
    view: 'schedules',
    render: () => <ScheduleEditor />,
  },
  {
    id: 'providers',
    label: 'Providers',
    group: 'Providers',
    icon: ICONS.doctor,
    permission: 'schedule.view',
    render: () => <ProviderDirectory />,
  },
  {
    id: 'verify',
    label: 'Verify insurance',
    group: 'Insurance',
    icon: ICONS.shield,
    permission: 'eligibility.view',
    render: () => <VerifyInsuranceScreen />,
  },
  {
    id: 'billing',
    label: 'Billing & insurance',
    group: 'Insurance',
    icon: ICONS.card,
    permission: 'eligibility.view',
    render: () => <BillingSettings />,
  },
  {
    id: 'reminders',
    label: 'Reminders',
    group: 'Messages',
    icon: ICONS.bell,
    permission: 'messaging.use',
    render: () => <RemindersScreen />,
  },
  {
    id: 'callQueue',
    label: 'Call queue',
    group: 'Messages',
    icon: ICONS.phone,
    permission: 'messaging.use',
    render: () => <CallQueueScreen />,
  },
  {
    id: 'replies',
    label: 'Replies',
    group: 'Messages',
    icon: ICONS.reply,
    permission: 'messaging.use',
    render: () => <RemindersScreen key="replies" initialTab="replies" />,
  },
  {
    id: 'calendars',
    label: 'Calendar sync',
    group: 'Calendar sync',
    icon: ICONS.sync,
    permission: 'calendars.manage',
    render: () => <CalendarSyncScreen />,
  },
  {
    id: 'reports',
    label: 'Reports',
    group: 'Reports',
    icon: ICONS.chart,
    permission: 'reports.view',
    render: () => <ReportsScreen />,
  },
  {
    id: 'settings',
    label: 'Clinic settings',
    group: 'Settings',
    icon: icon(
      'M19.4 13a7.5 7.5 0 0 0 0-2l2.1-1.6-2-3.5-2.5 1a7.3 7.3 0 0 0-1.7-1L15 3h-4l-.4 2.9a7.3 7.3 0 0 0-1.7 1l-2.5-1-2 3.5L6.6 11a7.5 7.5 0 0 0 0 2l-2.1 1.6 2 3.5 2.5-1a7.3 7.3 0 0 0 1.7 1L11 21h4l.4-2.9a7.3 7.3 0 0 0 1.7-1l2.5 1 2-3.5zM13 15.5a3.5 3.5 0 1 1 0-7 3.5 3.5 0 0 1 0 7z',
    ),
    permission: 'settings.manage',
    render: () => <SettingsScreen />,
  },
  {
    id: 'setupAssistant',
    label: 'Setup assistant',
    group: 'Settings',
    icon: ICONS.list,
    permission: 'settings.manage',
    render: () => (
      <Box sx={{ p: 2 }}>
        <SetupAssistant />
      </Box>
    ),
  },
  {
    id: 'audit',
    label: 'Audit log',
    group: 'Settings',
    icon: ICONS.audit,
    permission: 'audit.view',
    render: () => <AuditScreen />,
  },
  {
    id: 'backups',
    label: 'Backups',
    group: 'Settings',
    icon: ICONS.backup,
    permission: 'backup.manage',
    render: () => <BackupScreen />,
  },
  {
    id: 'network',
    label: 'Network',
    group: 'Settings',
    icon: icon(
      'M20 13H4a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h16a1 1 0 0 0 1-1v-6a1 1 0 0 0-1-1zM7 19a2 2 0 1 1 0-4 2 2 0 0 1 0 4zM20 3H4a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h16a1 1 0 0 0 1-1V4a1 1 0 0 0-1-1zM7 9a2 2 0 1 1 0-4 2 2 0 0 1 0 4z',
    ),
    // Which PCs reach the clinic's records is access control: the administrator's.
    permission: 'users.manage',
    render: () => <NetworkScreen />,
  },
  {
    id: 'users',
    label: 'Users',
    group: 'Settings',
    icon: ICONS.people,
    permission: 'users.manage',
    render: () => <UsersScreen />,
  },
];

/** The screens a role may open, grouped in rail order (empty groups left out). */
export function railGroups(
  screens: readonly DeskScreen[],
  may: (p: Permission) => boolean,
): { group: ScreenGroup; screens: DeskScreen[] }[] {
  return SCREEN_GROUPS.map((group) => ({
    group,
    screens: screens.filter((s) => s.group === group && may(s.permission)),
  })).filter((g) => g.screens.length > 0);
}
