/**
 * The front desk's shared state: which date, location and view are showing, and the one place
 * every screen opens the booking dialog, an appointment or a patient from. Each of those is
 * owned by its own folder (booking/, appointment/, patients/); they read their open state here.
 *
 * The notice on show lives in a context of its own (`useNotice`), read only by the snackbar:
 * "Booked" after every booking would otherwise re-render every calendar column on the desk.
 * `notify` stays on the desk and never changes, so calling it re-renders nothing that uses it.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

export type DeskView = 'day' | 'week' | 'list' | 'schedules';

/** What the booking dialog starts from: a clicked empty slot, a patient panel, a reschedule. */
export interface BookingPrefill {
  patientId?: number;
  visitTypeId?: number;
  providerId?: number;
  locationId?: number;
  /** ISO instant of a clicked slot. */
  start?: string;
  /** Set when the dialog is used to find a new time for an existing appointment. */
  rescheduleAppointmentId?: number;
  /** Opened from a click on time that is not bookable: the overbook box starts ticked. */
  overbook?: boolean;
}

export interface Notice {
  message: string;
  severity: 'success' | 'info' | 'warning' | 'error';
}

export interface Desk {
  zone: string;
  slotMinutes: number;
  /** The local date shown (YYYY-MM-DD, clinic zone). */
  date: string;
  setDate(date: string): void;
  /** The location whose providers the day view shows; null = all. */
  locationId: number | null;
  setLocationId(id: number | null): void;
  view: DeskView;
  setView(view: DeskView): void;
  /** The provider of the week view. */
  weekProviderId: number | null;
  setWeekProviderId(id: number | null): void;
  booking: BookingPrefill | null;
  openBooking(prefill?: BookingPrefill): void;
  closeBooking(): void;
  appointmentId: number | null;
  openAppointment(id: number): void;
  closeAppointment(): void;
  patientId: number | null;
  openPatient(id: number): void;
  closePatient(): void;
  notify(message: string, severity?: Notice['severity']): void;
}

/** The notice on show, for the one component that shows it. */
export interface NoticeState {
  notice: Notice | null;
  clearNotice(): void;
}

const DeskContext = createContext<Desk | null>(null);
const NoticeContext = createContext<NoticeState | null>(null);

export function useNotice(): NoticeState {
  const notice = useContext(NoticeContext);
  if (!notice) throw new Error('useNotice must be used inside <DeskProvider>');
  return notice;
}

export function useDesk(): Desk {
  const desk = useContext(DeskContext);
  if (!desk) throw new Error('useDesk must be used inside <DeskProvider>');
  return desk;
}

export function DeskProvider(props: {
  zone: string;
  slotMinutes: number;
  today: string;
  children: ReactNode;
}) {
  const [date, setDate] = useState(props.today);
  const [locationId, setLocationId] = useState<number | null>(null);
  const [view, setView] = useState<DeskView>('day');
  const [weekProviderId, setWeekProviderId] = useState<number | null>(null);
  const [booking, setBooking] = useState<BookingPrefill | null>(null);
  const [appointmentId, setAppointmentId] = useState<number | null>(null);
  const [patientId, setPatientId] = useState<number | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);

  const openBooking = useCallback((prefill: BookingPrefill = {}) => setBooking(prefill), []);
  const notify = useCallback(
    (message: string, severity: Notice['severity'] = 'info') => setNotice({ message, severity }),
    [],
  );
  const noticeState = useMemo<NoticeState>(
    () => ({ notice, clearNotice: () => setNotice(null) }),
    [notice],
  );

  const desk = useMemo<Desk>(
    () => ({
      zone: props.zone,
      slotMinutes: props.slotMinutes,
      date,
      setDate,
      locationId,
      setLocationId,
      view,
      setView,
      weekProviderId,
      setWeekProviderId,
      booking,
      openBooking,
      closeBooking: () => setBooking(null),
      appointmentId,
      openAppointment: setAppointmentId,
      closeAppointment: () => setAppointmentId(null),
      patientId,
      openPatient: setPatientId,
      closePatient: () => setPatientId(null),
      notify,
    }),
    [
      props.zone,
      props.slotMinutes,
      date,
      locationId,
      view,
      weekProviderId,
      booking,
      openBooking,
      appointmentId,
      patientId,
      notify,
    ],
  );
  return (
    <DeskContext.Provider value={desk}>
      <NoticeContext.Provider value={noticeState}>{props.children}</NoticeContext.Provider>
    </DeskContext.Provider>
  );
}
