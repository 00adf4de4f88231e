// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import {
  act,
  cleanup,
  configure,
  fireEvent,
  render,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import { DateTime } from 'luxon';
import { DeskProvider } from '../desk/DeskContext';
import { DeskNotice } from '../desk/DeskShell';
import { LiveProvider, createLiveQueryClient } from '../live';
import { installFakeBridge, type FakeBridge } from '../testing/fakeBridge';
import { PatientDetails } from './PatientPanel';
import type { PatientRecord } from './patientForm';

// MUI renders slowly on a loaded machine; a second is not enough for a re-render to land.
configure({ asyncUtilTimeout: 10_000 });

const ZONE = 'America/New_York';
let bridge: FakeBridge | undefined;
afterEach(() => {
  cleanup();
  bridge?.uninstall();
});

function ada(overrides: Partial<PatientRecord> = {}): PatientRecord {
  return {
    id: 7,
    firstName: 'Ada',
    lastName: 'Lovelace',
    dateOfBirth: '1985-12-10',
    sex: 'F',
    phoneMobile: '6175550123',
    phoneHome: null,
    email: 'ada@example.org',
    address1: null,
    city: null,
    state: null,
    zip: '02110',
    preferredLanguage: 'en',
    smsConsent: true,
    emailConsent: false,
    voiceConsent: false,
    preferredChannel: 'sms',
    timeZone: null,
    stats: { appointments: 3, noShows: 1, lateCancels: 0, upcoming: 1 },
    ...overrides,
  } as PatientRecord;
}

const inDays = (days: number, hour: number) =>
  DateTime.now().setZone(ZONE).plus({ days }).set({ hour, minute: 0 }).toUTC().toISO()!;

function appointment(id: number, start: string, status: string, lateCancel = false) {
  return {
    id,
    patientId: 7,
    providerId: 3,
    visitTypeName: 'Follow-up Visit',
    start,
    status,
    lateCancel,
  };
}

function engine(patient: { current: PatientRecord }) {
  return installFakeBridge({
    'patients/get': () => patient.current,
    'appointments/list': [
      appointment(1, inDays(-30, 9), 'no_show'),
      appointment(2, inDays(-10, 14), 'completed'),
      appointment(3, inDays(5, 10), 'confirmed'),
    ],
    'providers/list': [{ id: 3, displayName: 'Ana Patel, MD' }],
    'coverages/list': [],
    'plans/list': [],
    'eligibility/list': [],
    'eligibility/getClearinghouse': null,
    'patients/update': (input: unknown) => {
      const { patientId, ...fields } = input as { patientId: number; email: string | null };
      if (fields.email !== null && !fields.email.includes('@'))
        throw { code: 'VALIDATION', message: 'email: Invalid email address', field: 'email' };
      patient.current = { ...patient.current, ...fields, id: patientId } as PatientRecord;
      return patient.current;
    },
  });
}

function renderDetails() {
  return render(
    <LiveProvider client={createLiveQueryClient()}>
      <DeskProvider zone={ZONE} slotMinutes={15} today="2026-03-02">
        <PatientDetails patientId={7} />
        <DeskNotice />
      </DeskProvider>
    </LiveProvider>,
  );
}

describe('the patient panel', () => {
  it('shows who the patient is, how often they missed, and their visits split by upcoming and past', async () => {
    bridge = engine({ current: ada() });
    renderDetails();
    await screen.findByRole('heading', { name: 'Ada Lovelace' });
    expect(screen.getByRole('group', { name: 'No-shows: 1' })).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Late cancels: 0' })).toBeTruthy();

    const upcoming = await screen.findByRole('list', { name: 'Upcoming appointments' });
    expect(within(upcoming).getAllByTestId('patient-appointment')).toHaveLength(1);
    expect(upcoming.textContent).toContain('Follow-up Visit with Ana Patel, MD');
    expect(upcoming.textContent).toContain('Confirmed');
    const past = screen.getByRole('list', { name: 'Past and cancelled appointments' });
    const rows = within(past).getAllByTestId('patient-appointment');
    // Newest first; status words from the shared list.
    expect(rows.map((r) => r.textContent?.match(/(No-show|Completed)$/)?.[1])).toEqual([
      'Completed',
      'No-show',
    ]);
  });

  it('saves the whole record and says so; an engine refusal lands on its field', async () => {
    const patient = { current: ada() };
    bridge = engine(patient);
    renderDetails();
    const form = await screen.findByRole('form', { name: 'Patient details' });
    const save = within(form).getByRole('button', { name: 'Save' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);

    fireEvent.change(within(form).getByLabelText('City'), { target: { value: ' Boston ' } });
    expect(save.disabled).toBe(false);
    fireEvent.submit(form);
    await waitFor(() => expect(bridge!.callsTo('patients/update')).toBe(1));
    const sent = bridge.calls.find((c) => c.name === 'patients/update')!.input;
    expect(sent).toMatchObject({
      patientId: 7,
      city: 'Boston',
      address1: null,
      email: 'ada@example.org',
      smsConsent: true,
      preferredChannel: 'sms',
    });
    expect((await screen.findByRole('alert')).textContent).toContain(
      "Saved Ada Lovelace's record.",
    );

    fireEvent.change(within(form).getByLabelText('E-mail'), { target: { value: 'ada at home' } });
    fireEvent.submit(form);
    await within(form).findByText('Invalid email address');
    expect(bridge.callsTo('patients/update')).toBe(2);
    expect(patient.current.email).toBe('ada@example.org');
    expect(document.activeElement).toBe(within(form).getByLabelText('E-mail'));
  });

  it('shows a change saved at another desk, unless this desk is editing', async () => {
    const patient = { current: ada() };
    bridge = engine(patient);
    renderDetails();
    const form = await screen.findByRole('form', { name: 'Patient details' });
    const email = () => (within(form).getByLabelText('E-mail') as HTMLInputElement).value;
    expect(email()).toBe('ada@example.org');

    patient.current = ada({ email: 'ada.l@example.org' });
    act(() => bridge!.emit({ topic: 'patients', ids: [7] }));
    await waitFor(() => expect(email()).toBe('ada.l@example.org'));

    fireEvent.change(within(form).getByLabelText('City'), { target: { value: 'Salem' } });
    patient.current = ada({ email: 'third@example.org' });
    act(() => bridge!.emit({ topic: 'patients', ids: [7] }));
    await waitFor(() => expect(bridge!.callsTo('patients/get')).toBe(3));
    expect(email()).toBe('ada.l@example.org');
    expect((within(form).getByLabelText('City') as HTMLInputElement).value).toBe('Salem');
  });
});
