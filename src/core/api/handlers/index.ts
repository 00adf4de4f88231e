import { availabilityFirstOpenings, availabilitySlots } from './availability';
import {
  appointmentsBook,
  appointmentsCancel,
  appointmentsGet,
  appointmentsList,
  appointmentsReschedule,
  appointmentsSetStatus,
} from './appointments';
import { calendarView, schedulesPreviewWeek } from './calendar';
import { clinicGet, clinicUpdate } from './clinic';
import {
  locationsCreate,
  locationsList,
  providersCreate,
  providersList,
  visitTypesCreate,
  visitTypesList,
} from './directory';
import {
  coveragesEnd,
  coveragesList,
  coveragesSave,
  payersCreate,
  payersList,
  plansCreate,
  plansList,
  providersSetNetworks,
  providersSetVisitTypes,
} from './insurance';
import { providersImportCommit, providersImportPreview } from './providerImport';
import { matchingGetSettings, matchingSearch, matchingSetWeights } from './matching';
import { patientsCreate, patientsGet, patientsSearch, patientsUpdate } from './patients';
import {
  schedulesAddTimeOff,
  schedulesGet,
  schedulesRemoveOverride,
  schedulesRemoveTimeOff,
  schedulesSetOverride,
  schedulesSetWeekly,
} from './schedules';
import { setupLoadDemo, setupStartEmpty, setupStatus } from './setup';

/** Every operation of the API. The client's types are inferred from this list. */
export const allHandlers = [
  clinicGet,
  clinicUpdate,
  setupStatus,
  setupLoadDemo,
  setupStartEmpty,
  locationsCreate,
  locationsList,
  providersCreate,
  providersList,
  visitTypesCreate,
  visitTypesList,
  schedulesSetWeekly,
  schedulesSetOverride,
  schedulesAddTimeOff,
  schedulesRemoveTimeOff,
  schedulesRemoveOverride,
  schedulesGet,
  schedulesPreviewWeek,
  calendarView,
  patientsCreate,
  patientsSearch,
  patientsGet,
  patientsUpdate,
  availabilitySlots,
  availabilityFirstOpenings,
  appointmentsBook,
  appointmentsReschedule,
  appointmentsCancel,
  appointmentsSetStatus,
  appointmentsList,
  appointmentsGet,
  payersCreate,
  payersList,
  plansCreate,
  plansList,
  providersSetNetworks,
  providersSetVisitTypes,
  coveragesList,
  coveragesSave,
  coveragesEnd,
  matchingSearch,
  matchingGetSettings,
  matchingSetWeights,
  providersImportPreview,
  providersImportCommit,
] as const;
