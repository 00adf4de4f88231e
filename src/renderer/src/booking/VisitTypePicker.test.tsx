// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { createRef } from 'react';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { VisitTypePicker, type VisitTypeChoice } from './VisitTypePicker';

afterEach(cleanup);

const type = (id: number, name: string, useCount: number): VisitTypeChoice =>
  ({
    id,
    name,
    durationMinutes: 20,
    color: '#1f5f8b',
    specialties: [],
    useCount,
  }) as unknown as VisitTypeChoice;

// A–Z, Cardiology Follow-up comes first; the clinic books New Patient most.
const TYPES = [
  type(1, 'Cardiology Follow-up', 2),
  type(2, 'Follow-up Visit', 40),
  type(3, 'New Patient Visit', 90),
  type(4, 'Flu Shot', 5),
];

function renderPicker(props: { suggested?: VisitTypeChoice | null } = {}) {
  const confirmed: VisitTypeChoice[] = [];
  render(
    <VisitTypePicker
      inputRef={createRef<HTMLInputElement>()}
      types={TYPES}
      value={null}
      suggested={props.suggested ?? null}
      onConfirm={(t) => confirmed.push(t)}
    />,
  );
  return { input: screen.getByRole('combobox', { name: 'Visit type' }), confirmed };
}

const shown = () =>
  within(screen.getByRole('listbox', { name: 'Visit types' }))
    .getAllByRole('option')
    .map((o) => o.textContent?.replace(/\d+ min$/, ''));

describe('the visit type picker', () => {
  it('"fol" + Enter picks Follow-up Visit, not the type that sorts first', () => {
    const { input, confirmed } = renderPicker();
    fireEvent.focus(input);
    fireEvent.change(input, { target: { value: 'fol' } });
    expect(shown()[0]).toBe('Follow-up Visit');
    expect(input.getAttribute('aria-activedescendant')).toBe(screen.getAllByRole('option')[0]!.id);
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(confirmed.map((t) => t.name)).toEqual(['Follow-up Visit']);
  });

  it('arrows move the highlight and Enter confirms the highlighted type', () => {
    const { input, confirmed } = renderPicker();
    fireEvent.focus(input);
    fireEvent.change(input, { target: { value: 'visit' } });
    // Both match a whole word; the one this clinic books more comes first.
    expect(shown()).toEqual(['New Patient Visit', 'Follow-up Visit']);
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(screen.getAllByRole('option')[1]!.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(confirmed.map((t) => t.name)).toEqual(['Follow-up Visit']);
  });

  it('offers the last type booked first, and Enter keeps it', () => {
    const { input, confirmed } = renderPicker({ suggested: TYPES[3]! });
    expect((input as HTMLInputElement).value).toBe('Flu Shot');
    expect(screen.getByText('Enter keeps the last visit type')).toBeTruthy();
    fireEvent.focus(input);
    expect(shown()[0]).toBe('Flu Shot');
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(confirmed.map((t) => t.name)).toEqual(['Flu Shot']);
  });
});
