/**
 * The calendar grid shared by the day view (one column per provider) and the week view (one
 * column per day of one provider): shading, appointments, drag to move / resize, click to book.
 * See columns.ts for how columns are drawn with the free FullCalendar time grid.
 */
import { useCallback, useEffect, useMemo, useRef, type CSSProperties, type ReactNode } from 'react';
import FullCalendar from '@fullcalendar/react';
import timeGridPlugin from '@fullcalendar/timegrid';
import interactionPlugin, { type EventResizeDoneArg } from '@fullcalendar/interaction';
import type {
  DayHeaderContentArg,
  EventApi,
  EventClickArg,
  EventContentArg,
  EventDropArg,
  EventInput,
  EventMountArg,
} from '@fullcalendar/core';
import type { DateClickArg } from '@fullcalendar/interaction';
import { ApiError, call } from '../api/client';
import { clockTime } from '../clinicTime';
import { useDesk } from '../desk/DeskContext';
import { useLiveQuery } from '../live';
import { bufferAt, bufferSpans, type BufferSpan, type VisitTypeBuffers } from './buffers';
import {
  ColumnMap,
  fakeClock,
  visibleHours,
  wallDay,
  wallTime,
  type CalendarAppointment,
  type CalendarData,
  type Column,
} from './columns';
import { statusStyle } from './status';
import { isChangeable, statusLabel } from '../../../shared/appointments';
import './calendar.css';

/** Only appointments still to happen can be moved; an arrived patient is not dragged around. */

type Kind = 'open' | 'break' | 'timeoff' | 'busy' | 'buffer' | 'appt';

/** Shorter than this, a visit shows its name only (time and type are in its tooltip and label). */
const SHORT_VISIT_MINUTES = 30;

interface Props {
  data: CalendarData;
  columns: Column[];
  header(column: Column): ReactNode;
  /** Called after a change this calendar made, so the view reloads at once. */
  reload(): void;
  label: string;
}

function buildEvents(
  data: CalendarData,
  cols: ColumnMap,
  zone: string,
  buffers: readonly BufferSpan[],
): EventInput[] {
  const events: EventInput[] = [];
  for (const o of data.open) {
    const col = cols.column(o.providerId, o.date);
    if (!col) continue;
    const start = cols.toFake(o.start, col);
    const end = cols.toFake(o.end, col);
    events.push({
      start,
      end,
      display: 'background',
      classNames: ['cd-bookable'],
      extendedProps: {
        kind: 'open' satisfies Kind,
        bookable: `${o.providerId} ${fakeClock(start, col.fakeDate)}-${fakeClock(end, col.fakeDate)}`,
      },
    });
  }
  for (const b of data.breaks) {
    const col = cols.column(b.providerId, b.date);
    if (!col) continue;
    events.push({
      start: cols.toFake(b.start, col),
      end: cols.toFake(b.end, col),
      display: 'background',
      classNames: ['cd-break'],
      extendedProps: { kind: 'break' satisfies Kind, label: 'Break' },
    });
  }
  for (const t of data.timeOff) {
    for (const p of cols.pieces(t.providerId, t.start, t.end)) {
      events.push({
        start: p.start,
        end: p.end,
        display: 'background',
        classNames: ['cd-timeoff'],
        extendedProps: { kind: 'timeoff' satisfies Kind, label: 'Time off' },
      });
    }
  }
  for (const x of data.externalBusy) {
    for (const p of cols.pieces(x.providerId, x.start, x.end)) {
      events.push({
        start: p.start,
        end: p.end,
        display: 'background',
        classNames: ['cd-busy'],
        extendedProps: {
          kind: 'busy' satisfies Kind,
          label: 'Busy (calendar)',
          title: `Busy in the provider's ${x.source} calendar`,
        },
      });
    }
  }
  for (const b of buffers) {
    const col = cols.column(b.providerId, wallDay(b.start, zone));
    if (!col) continue;
    events.push({
      start: cols.toFake(b.start, col),
      end: cols.toFake(b.end, col),
      display: 'background',
      classNames: ['cd-buffer'],
      // Nothing else may be dropped on it (the engine would refuse); see eventOverlap below.
      extendedProps: {
        kind: 'buffer' satisfies Kind,
        title: b.words,
        buffer: `${b.side} ${b.appointmentId}`,
        appointmentId: b.appointmentId,
      },
    });
  }
  for (const a of data.appointments) {
    const startLocal = wallDay(a.start, zone);
    const col = cols.column(a.providerId, startLocal);
    if (!col) continue;
    const style = statusStyle(a.status);
    events.push({
      id: String(a.id),
      start: cols.toFake(a.start, col),
      end: cols.toFake(a.end, col),
      editable: isChangeable(a.status),
      backgroundColor: style.bg,
      textColor: style.fg,
      borderColor: a.visitTypeColor || style.fg,
      classNames: [
        'cd-appt',
        `cd-status-${a.status}`,
        ...(Date.parse(a.end) - Date.parse(a.start) < SHORT_VISIT_MINUTES * 60_000
          ? ['cd-appt-short']
          : []),
      ],
      extendedProps: { kind: 'appt' satisfies Kind, appointment: a },
    });
  }
  return events;
}

const noText = () => '';
const ONE_HOUR = { hours: 1 };
const PLUGINS = [timeGridPlugin, interactionPlugin];
function slotLabel(arg: { date: { hour: number; minute: number } }): string {
  const { hour, minute } = arg.date;
  return `${hour % 12 === 0 ? 12 : hour % 12}:${String(minute).padStart(2, '0')}\u00a0${hour < 12 ? 'AM' : 'PM'}`;
}

function appointmentLabel(a: CalendarAppointment, zone: string, providerName: string): string {
  return `${wallTime(a.start, zone)} to ${wallTime(a.end, zone)}, ${a.patientName}, ${a.visitTypeName}, ${statusLabel(a.status)}, with ${providerName}`;
}

/**
 * A callback whose identity never changes but which always runs the latest render's code.
 * FullCalendar re-renders every event when a handler prop changes identity; with 400
 * appointments that is tens of milliseconds per unrelated React render (and it can cut a drag).
 */
function useStable<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const ref = useRef(fn);
  // Set during render, not in an effect: FullCalendar (a child) draws in its own commit hooks,
  // which run before this component's effects, and must see this render's data.
  ref.current = fn;
  return useCallback((...args: A) => ref.current(...args), []);
}

export function ProviderCalendar({ data, columns, header, reload, label }: Props) {
  const desk = useDesk();
  const zone = data.zone;
  const cols = useMemo(() => new ColumnMap(columns, zone), [columns, zone]);
  // Inactive ones too: an appointment of a retired visit type still keeps its buffers.
  const visitTypes = useLiveQuery('visitTypes/list', { includeInactive: true }, ['visitTypes']);
  const buffers = useMemo(
    () =>
      bufferSpans(
        data.appointments,
        new Map<number, VisitTypeBuffers>((visitTypes.data ?? []).map((v) => [v.id as number, v])),
      ),
    [data.appointments, visitTypes.data],
  );
  const events = useMemo(() => buildEvents(data, cols, zone, buffers), [data, cols, zone, buffers]);
  const hours = useMemo(() => visibleHours(data, zone), [data, zone]);
  const providerName = useMemo(
    () => new Map(data.providers.map((p) => [p.id, p.displayName])),
    [data.providers],
  );

  // Performance marks for the bench (bench/ui.ts): data arrived → grid painted.
  const markedFor = useRef<CalendarData | null>(null);
  if (markedFor.current !== data) {
    markedFor.current = data;
    performance.mark('cd:data');
  }
  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      setTimeout(() => performance.mark('cd:painted'), 0);
    });
    return () => cancelAnimationFrame(frame);
  }, [events]);

  const openRangeAt = (providerId: number, iso: string) => {
    const t = Date.parse(iso);
    return data.open.find(
      (o) => o.providerId === providerId && Date.parse(o.start) <= t && t < Date.parse(o.end),
    );
  };

  const move = useStable(async (info: EventDropArg | EventResizeDoneArg) => {
    const appt = info.event.extendedProps.appointment as CalendarAppointment;
    const start = info.event.start ? cols.fromFake(info.event.start) : null;
    if (!start) {
      info.revert();
      return;
    }
    const end = info.event.end ? cols.endFromFake(info.event.end, start.column) : undefined;
    const providerId = start.column.providerId;
    const input: {
      appointmentId: number;
      start: string;
      end?: string;
      providerId?: number;
      locationId?: number;
    } = { appointmentId: appt.id, start: start.iso, ...(end ? { end } : {}) };
    if (providerId !== appt.providerId) {
      input.providerId = providerId;
      const range = openRangeAt(providerId, start.iso);
      const provider = data.providers.find((p) => p.id === providerId);
      const locationId =
        range?.locationId ??
        (provider?.locationIds.includes(appt.locationId)
          ? appt.locationId
          : provider?.locationIds[0]);
      if (locationId !== undefined && locationId !== appt.locationId) input.locationId = locationId;
    }
    try {
      const result = await call('appointments/reschedule', input);
      const moved = result.appointment;
      desk.notify(
        `${appt.patientName}: moved to ${clockTime(moved.start, zone)}–${clockTime(moved.end, zone)} with ${providerName.get(moved.providerId) ?? 'the provider'}.`,
        'success',
      );
      reload();
    } catch (err) {
      info.revert();
      desk.notify(
        err instanceof ApiError ? err.message : `The move was not saved: ${String(err)}`,
        'error',
      );
    }
  });

  const dateClick = useStable((info: DateClickArg) => {
    const at = cols.fromFake(info.date);
    if (!at) return;
    const range = openRangeAt(at.column.providerId, at.iso);
    const name = providerName.get(at.column.providerId) ?? 'This provider';
    const buffer = bufferAt(buffers, at.column.providerId, at.iso);
    if (buffer) {
      desk.notify(
        `${clockTime(at.iso, zone)} is in the ${buffer.words.replace(/: not bookable$/, '')}: overbook with a reason.`,
        'info',
      );
      desk.openBooking({
        providerId: at.column.providerId,
        ...(range ? { locationId: range.locationId } : {}),
        start: at.iso,
        overbook: true,
      });
      return;
    }
    if (!range) {
      // Outside hours or blocked: booking there is an overbook, asked for with a reason.
      desk.notify(
        `${name} is not bookable at ${clockTime(at.iso, zone)}: overbook with a reason.`,
        'info',
      );
      desk.openBooking({
        providerId: at.column.providerId,
        ...(desk.locationId !== null ? { locationId: desk.locationId } : {}),
        start: at.iso,
        overbook: true,
      });
      return;
    }
    desk.openBooking({ providerId: range.providerId, locationId: range.locationId, start: at.iso });
  });

  const eventClick = useStable((info: EventClickArg) => {
    const appt = info.event.extendedProps.appointment as CalendarAppointment | undefined;
    if (appt) {
      info.jsEvent.preventDefault();
      desk.openAppointment(appt.id);
    }
  });

  const eventDidMount = useStable((info: EventMountArg) => {
    const props = info.event.extendedProps as {
      kind: Kind;
      bookable?: string;
      appointment?: CalendarAppointment;
      title?: string;
    };
    if (props.kind === 'open' && props.bookable) {
      info.el.setAttribute('data-bookable', props.bookable);
    } else if (props.kind === 'appt' && props.appointment) {
      const a = props.appointment;
      info.el.setAttribute('data-appointment-id', String(a.id));
      info.el.setAttribute(
        'aria-label',
        appointmentLabel(a, zone, providerName.get(a.providerId) ?? ''),
      );
      info.el.setAttribute('role', 'button');
      info.el.setAttribute(
        'title',
        appointmentLabel(a, zone, providerName.get(a.providerId) ?? ''),
      );
    } else if (props.title) {
      info.el.setAttribute('title', props.title);
      if (props.kind === 'buffer') {
        info.el.setAttribute('data-buffer', (props as { buffer?: string }).buffer ?? '');
      }
    }
  });

  // A visit may not be dropped or stretched onto another visit's buffer: the grid refuses it
  // while dragging (the engine would refuse it after). Its own buffers move with it.
  const eventOverlap = useStable((still: EventApi, moving: EventApi | null) => {
    const p = still.extendedProps as { kind?: Kind; appointmentId?: number };
    return p.kind !== 'buffer' || (moving !== null && String(p.appointmentId) === moving.id);
  });

  // Plain DOM nodes, not JSX: with 400 appointments React portals per event cost ~3× the time.
  const eventContent = useStable((arg: EventContentArg) => {
    const props = arg.event.extendedProps as {
      kind: Kind;
      label?: string;
      appointment?: CalendarAppointment;
    };
    if (props.kind === 'appt' && props.appointment) {
      const a = props.appointment;
      const body = document.createElement('div');
      body.className = 'cd-appt-body';
      const name = document.createElement('div');
      name.className = 'cd-appt-name';
      // A no-show is marked as one, never with the ✓ of a confirmed or arrived visit; a visit
      // a schedule change left outside hours (outsideHours, from the desk engine) says so.
      const mark = a.status === 'no_show' ? '✗ No-show: ' : a.status !== 'booked' ? '✓ ' : '';
      const outside = (a as { outsideHours?: boolean }).outsideHours === true;
      name.textContent = `${outside ? '⚠ Outside hours · ' : ''}${mark}${a.patientName}`;
      if (outside) body.dataset.outsideHours = 'true';
      body.title = `${a.patientName} · ${wallTime(a.start, zone)} · ${a.visitTypeName} · ${statusLabel(a.status)}${outside ? ' · outside hours: call the patient' : ''}`;
      const meta = document.createElement('div');
      meta.className = 'cd-appt-meta';
      meta.textContent = `${wallTime(a.start, zone)} · ${a.visitTypeName} · ${statusLabel(a.status)}`;
      body.append(name, meta);
      return { domNodes: [body] };
    }
    if (props.label) {
      const label = document.createElement('div');
      label.className = 'cd-bg-label';
      label.textContent = props.label;
      return { domNodes: [label] };
    }
    return { domNodes: [] };
  });

  const renderHeader = useStable(header);
  // New identity only when the providers change (a renamed provider redraws its header).
  const dayHeaderContent = useMemo(
    () => (arg: DayHeaderContentArg) => {
      const col = cols.byFake.get(arg.date.toISOString().slice(0, 10));
      return col ? renderHeader(col) : null;
    },
    // data.providers is not read here: it is what makes the headers draw again.
    [cols, renderHeader, data.providers],
  );
  const onDrop = useStable((info: EventDropArg) => void move(info));
  const onResize = useStable((info: EventResizeDoneArg) => void move(info));
  const count = Math.max(1, columns.length);
  const views = useMemo(
    () => ({ cdColumns: { type: 'timeGrid', duration: { days: count } } }),
    [count],
  );
  const slot = useMemo(() => ({ minutes: desk.slotMinutes }), [desk.slotMinutes]);

  const first = columns[0]?.fakeDate ?? '2000-01-01';
  return (
    <div
      className="cd-calendar"
      role="region"
      aria-label={label}
      // Read by calendar.css: a provider column never gets narrower than 120 px.
      style={{ '--cd-columns': count } as CSSProperties}
    >
      <FullCalendar
        key={`${first}|${columns.length}`}
        plugins={PLUGINS}
        timeZone="UTC"
        initialView="cdColumns"
        views={views}
        initialDate={first}
        headerToolbar={false}
        allDaySlot={false}
        height="100%"
        expandRows
        slotDuration={slot}
        slotLabelInterval={ONE_HOUR}
        slotMinTime={hours.slotMinTime}
        slotMaxTime={hours.slotMaxTime}
        scrollTime={hours.scrollTime}
        // Formatter functions, not Intl options: FullCalendar builds a new Intl.DateTimeFormat
        // per formatted date, which was half the time of drawing 400 appointments.
        slotLabelFormat={slotLabel}
        eventTimeFormat={noText}
        dayHeaderFormat={noText}
        dayHeaderContent={dayHeaderContent}
        events={events}
        editable
        eventInteractive
        eventResizableFromStart={false}
        eventDurationEditable
        snapDuration={slot}
        dragRevertDuration={0}
        eventContent={eventContent}
        eventDidMount={eventDidMount}
        eventClick={eventClick}
        dateClick={dateClick}
        eventOverlap={eventOverlap}
        eventDrop={onDrop}
        eventResize={onResize}
      />
    </div>
  );
}
