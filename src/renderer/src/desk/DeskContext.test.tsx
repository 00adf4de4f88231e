// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { DeskProvider, useDesk } from './DeskContext';
import { DeskNotice } from './DeskShell';

afterEach(cleanup);

/** How often the calendar stand-in has rendered. */
let calendarRenders = 0;

/** Reads the desk as every calendar does (zone, date, location). */
function CalendarLike() {
  const desk = useDesk();
  calendarRenders++;
  return (
    <p aria-label="calendar">
      {desk.date} {desk.zone}
    </p>
  );
}

function Controls() {
  const desk = useDesk();
  return (
    <>
      <button onClick={() => desk.notify('Booked Ada Lovelace at 09:00', 'success')}>notify</button>
      <button onClick={() => desk.setDate('2026-03-03')}>next day</button>
    </>
  );
}

describe('the desk context', () => {
  it('shows a notice without re-rendering the calendars', () => {
    calendarRenders = 0;
    render(
      <DeskProvider zone="America/New_York" slotMinutes={15} today="2026-03-02">
        <CalendarLike />
        <Controls />
        <DeskNotice />
      </DeskProvider>,
    );
    expect(calendarRenders).toBe(1);

    act(() => screen.getByRole('button', { name: 'notify' }).click());
    expect(screen.getByRole('alert').textContent).toContain('Booked Ada Lovelace at 09:00');
    expect(calendarRenders).toBe(1);

    // Closing the notice re-renders nothing either.
    act(() => screen.getByRole('button', { name: /close/i }).click());
    expect(calendarRenders).toBe(1);

    // The counter does count: a change the calendar shows re-renders it once.
    act(() => screen.getByRole('button', { name: 'next day' }).click());
    expect(screen.getByLabelText('calendar').textContent).toBe('2026-03-03 America/New_York');
    expect(calendarRenders).toBe(2);
  });
});
