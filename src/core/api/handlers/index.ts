import { availabilityFirstOpenings, availabilitySlots } from './availability';
import {
  appointmentsBook,
  appointmentsCancel,
  appointmentsList,
  appointmentsReschedule,
  appointmentsSetStatus,
} from './appointments';
import { clinicGet, clinicUpdate } from './clinic';
import {
  locationsCreate,
  locationsList,
  providersCreate,
  providersList,
  visitTypesCreate,
  visitTypesList,
} from './directory';
import { patientsCreate, patientsGet, patientsSearch } from './patients';
import {
  schedulesAddTimeOff,
  schedulesGet,
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
  schedulesGet,
  patientsCreate,
  patientsSearch,
  patientsGet,
  availabilitySlots,
  availabilityFirstOpenings,
  appointmentsBook,
  appointmentsReschedule,
  appointmentsCancel,
  appointmentsSetStatus,
  appointmentsList,
] as const;
