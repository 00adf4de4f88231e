/**
 * Which change topics make each read operation's answer stale. The renderer's live queries
 * reload a result when one of its operation's topics arrives; readTopics.test.ts fails when a read
 * operation is in neither map, or when a topic is published that no read listens to.
 * Browser-safe.
 */
import type { Topic } from './topics';

export const READ_TOPICS: Readonly<Record<string, readonly Topic[]>> = {
  'auth/status': ['clinic', 'users'],
  'users/list': ['users'],
  'appointments/get': ['appointments', 'patients', 'providers', 'visitTypes', 'locations'],
  'appointments/list': ['appointments', 'patients', 'providers', 'visitTypes'],
  'availability/firstOpenings': [
    'appointments',
    'busyTime',
    'schedules',
    'providers',
    'visitTypes',
    'locations',
    'clinic',
  ],
  'backup/status': ['backups'],
  'network/status': ['settings'],
  'availability/slots': ['appointments', 'busyTime', 'schedules', 'providers', 'visitTypes'],
  'calendar/view': [
    'appointments',
    'busyTime',
    'schedules',
    'providers',
    'visitTypes',
    'locations',
    'clinic',
  ],
  'calendars/conflicts': ['calendars', 'busyTime', 'appointments'],
  'calendars/googleSignInStatus': ['calendars'],
  'calendars/health': ['calendars'],
  'calendars/list': ['calendars', 'providers'],
  'callQueue/list': ['callQueue', 'reminders', 'appointments', 'recalls'],
  'clinic/get': ['clinic'],
  'clinic/previewZoneChange': ['clinic', 'appointments'],
  'coverages/list': ['insurance', 'patients'],
  'eligibility/batchStatus': ['eligibility'],
  'eligibility/estimate': ['eligibility', 'fees', 'insurance', 'visitTypes'],
  'eligibility/get': ['eligibility'],
  'eligibility/getClearinghouse': ['settings'],
  'eligibility/goodFaithEstimate': ['eligibility', 'fees', 'insurance', 'visitTypes', 'clinic'],
  'eligibility/list': ['eligibility', 'insurance'],
  'fees/list': ['fees', 'visitTypes', 'insurance'],
  'inbox/list': ['inbox'],
  'locations/futureAppointments': ['appointments', 'locations', 'patients'],
  'locations/list': ['locations'],
  'matching/getSettings': ['settings'],
  'matching/search': [
    'appointments',
    'busyTime',
    'schedules',
    'providers',
    'insurance',
    'visitTypes',
    'settings',
  ],
  'messaging/getSettings': ['messaging', 'reminders'],
  'optOuts/list': ['inbox', 'reminders'],
  'patients/get': ['patients', 'insurance'],
  'patients/search': ['patients'],
  'patients/mergePreview': ['patients', 'appointments', 'insurance', 'eligibility', 'waitlist'],
  'patients/outreachToStop': [
    'patients',
    'appointments',
    'reminders',
    'callQueue',
    'waitlist',
    'recalls',
  ],
  'payers/list': ['insurance'],
  'plans/list': ['insurance'],
  'providers/futureAppointments': ['appointments', 'providers', 'patients'],
  'providers/list': ['providers', 'locations'],
  'noshow/status': ['reports'],
  'reports/attendance': ['appointments', 'clinic'],
  'reports/fill': ['appointments', 'schedules', 'busyTime', 'providers'],
  'reports/leadTime': ['appointments'],
  'reports/reminderEffect': ['appointments', 'reminders'],
  'reports/tnaa': ['reports', 'providers', 'visitTypes'],
  'reports/utilization': ['appointments', 'schedules', 'busyTime', 'providers'],
  'reports/weekdayHour': ['appointments'],
  'reminders/bulkPreview': ['appointments', 'messaging', 'patients'],
  'reminders/forAppointment': ['reminders', 'appointments'],
  'reminders/getPolicy': ['reminders'],
  'absences/alternatives': ['absences', 'appointments', 'busyTime', 'schedules', 'providers'],
  'absences/get': ['absences', 'appointments', 'reminders', 'callQueue', 'patients'],
  'absences/list': ['absences'],
  'absences/preview': ['appointments', 'schedules', 'absences'],
  'reminders/list': ['reminders', 'appointments', 'messaging'],
  'schedules/get': ['schedules'],
  'schedules/previewWeek': ['schedules', 'appointments', 'busyTime'],
  'series/get': ['appointments'],
  'series/preview': [
    'appointments',
    'busyTime',
    'schedules',
    'providers',
    'visitTypes',
    'patients',
    'clinic',
  ],
  'setup/checklist': ['clinic', 'locations', 'providers', 'visitTypes', 'schedules'],
  'setup/starterVisitTypes': ['visitTypes'],
  'setup/status': ['clinic'],
  'specialties/list': ['providers'],
  'visitTypes/list': ['visitTypes'],
  'waitlist/list': ['waitlist', 'patients', 'visitTypes'],
  'waitlist/offers': ['waitlist', 'patients'],
  'recallTypes/list': ['recalls', 'visitTypes'],
  'recalls/worklist': ['recalls', 'appointments', 'patients', 'waitlist', 'visitTypes'],
  'waitlist/history': ['waitlist'],
  'waitlist/matches': ['waitlist', 'patients', 'appointments', 'schedules'],
};

/** Reads no open window keeps on screen, so nothing has to reload them; each with why. */
export const DELIBERATELY_UNWATCHED: Readonly<Record<string, string>> = {
  'audit/list':
    "a manager's search, run when the filters change; new rows show on the next search or page",
  'audit/exportCsv': 'a file downloaded once',
  'clinic/exportCsv': 'a file downloaded once, page by page',
  'appointments/ics':
    'a calendar file downloaded once for the patient; a later change sends a new one',
  'eligibility/parse271': 'reads the X12 text it is given; nothing stored can make it stale',
  'providers/importPreview': 'checks the CSV text it is given against the directory, on demand',
  'patients/importPreview': 'checks the file it is given against the patient list, on demand',
  'patients/importProgress': 'polled by the import screen while its own job runs',
  'visits/importPreview': 'checks the file it is given against the clinic, on demand',
  'visits/importProgress': 'polled by the visit import screen while its own job runs',
};

/** Topics published that no window shows, each with why (none today). */
export const UNWATCHED_TOPICS: Readonly<Partial<Record<Topic, string>>> = {};

/** The topics that make `operation`'s answer stale (none for an unwatched or unknown read). */
export function topicsOf(operation: string): readonly Topic[] {
  return READ_TOPICS[operation] ?? [];
}
