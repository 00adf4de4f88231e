/**
 * Marking a patient deceased (with the date) and active again from the patient panel, through the
 * real renderer and HTTP host: the confirmation counts what stops and says the upcoming visit stays
 * booked; afterwards the panel says "Deceased 2026-02-28". A merged record says what it was merged
 * into, with a link there. A provider (who may read records but not change them) sees none of the
 * buttons.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildTinyClinic } from '../helpers/tinyClinic';
import { screenshot, skipBrowserTests, useBrowser, waitUntilLive } from './browser';

async function openPatient(page: Page, query: string, name: RegExp, includeInactive = false) {
  await page.setViewportSize({ width: 1366, height: 768 });
  await waitUntilLive(page);
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: 'Patients' })
    .click();
  if (includeInactive)
    await page.getByLabel('Include inactive, deceased and merged records').check();
  await page.getByRole('combobox', { name: 'Patient' }).fill(query);
  await page.getByRole('option', { name }).first().click();
}

describe.skipIf(skipBrowserTests())('patient status', () => {
  const session = useBrowser();

  it('marks a patient deceased with the date after showing what stops, and makes them active again', async () => {
    const clinic = await session.serve();
    const c = buildTinyClinic(clinic.t);
    const visit = clinic.t.call('appointments/book', {
      patientId: c.patient.id,
      providerId: c.providers[0]!.id,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-03-04T15:00:00Z',
    });
    clinic.t.call('waitlist/add', { patientId: c.patient.id, visitTypeId: c.visit.id } as never);
    const queued = clinic.t.call('patients/outreachToStop', { patientId: c.patient.id }).reminders;
    expect(queued).toBeGreaterThan(0);

    const { page, problems } = await session.open(clinic.host.url);
    await openPatient(page, 'lopez', /Lopez, Maria/);
    const panel = page.getByRole('dialog', { name: 'Maria Lopez' });
    await panel.getByRole('button', { name: 'Mark inactive…' }).click();

    const confirm = page.getByRole('dialog', { name: 'Mark Maria Lopez inactive?' });
    const stops = confirm.getByRole('list', { name: 'What stops' });
    await stops.waitFor();
    const stopsText = await stops.innerText();
    expect(stopsText).toContain(
      `${queued} queued ${queued === 1 ? 'reminder is' : 'reminders are'} cancelled`,
    );
    expect(stopsText).toContain('1 waitlist entry is removed');
    expect(stopsText).toContain('No call tasks are open');
    expect(stopsText).toContain('No recall calls are waiting');
    await confirm.getByText('1 upcoming visit stays booked without reminders').waitFor();

    // A date of death after today is refused beside the field, and nothing changes.
    await confirm.getByLabel('Date of death').fill('2026-03-10');
    await confirm.getByRole('button', { name: 'Mark deceased' }).click();
    await confirm.getByText(/The date of death 2026-03-10 is in the future/).waitFor();
    expect((await clinic.http('patients/get', { patientId: c.patient.id })).active).toBe(true);

    await confirm.getByLabel('Date of death').fill('2026-02-28');
    await screenshot(page, 'patient-mark-deceased');
    await confirm.getByRole('button', { name: 'Mark deceased' }).click();
    await page
      .getByText(
        `Maria Lopez is marked deceased: stopped ${queued} queued ${queued === 1 ? 'reminder' : 'reminders'}, 1 waitlist entry.`,
      )
      .waitFor();
    const state = panel.getByRole('alert', { name: 'Record status' });
    await state.getByText('Deceased 2026-02-28').waitFor();
    expect(await state.innerText()).toMatch(/left out of search and reminders; cannot be booked/);
    expect(await panel.getByRole('button', { name: 'Mark inactive…' }).count()).toBe(0);
    expect(await panel.getByRole('button', { name: 'Book', exact: true }).isDisabled()).toBe(true);
    await screenshot(page, 'patient-deceased');

    expect(await clinic.http('patients/get', { patientId: c.patient.id })).toMatchObject({
      active: false,
      inactiveReason: 'deceased',
      deceasedOn: '2026-02-28',
    });
    expect(await clinic.http('patients/outreachToStop', { patientId: c.patient.id })).toEqual({
      reminders: 0,
      callTasks: 0,
      waitlist: 0,
      recallCalls: 0,
      upcomingAppointments: 1,
    });
    expect((await clinic.http('appointments/get', { appointmentId: visit.id })).status).toBe(
      'booked',
    );

    // Recorded in error: made active again, the date goes with it.
    await state.getByRole('button', { name: 'Make active' }).click();
    const back = page.getByRole('dialog', { name: 'Make Maria Lopez active again?' });
    await back.getByText('The record says deceased on 2026-02-28').waitFor();
    await back.getByRole('button', { name: 'Make active' }).click();
    await page.getByText('Maria Lopez is active again.').waitFor();
    await state.waitFor({ state: 'detached' });
    await panel.getByRole('button', { name: 'Mark inactive…' }).waitFor();
    expect(await clinic.http('patients/get', { patientId: c.patient.id })).toMatchObject({
      active: true,
      inactiveReason: null,
      deceasedOn: null,
    });
    // The one refusal above (the future date of death) is the only failed request.
    expect(problems).toEqual([
      'console: Failed to load resource: the server responded with a status of 400 (Bad Request)',
    ]);
  });

  it('says what a merged record was merged into, with a link there', async () => {
    const clinic = await session.serve();
    const c = buildTinyClinic(clinic.t);
    const dup = clinic.t.call('patients/create', {
      firstName: 'Maria',
      lastName: 'Lopez',
      dateOfBirth: '1980-05-17',
      allowDuplicate: true,
    });
    const preview = clinic.t.call('patients/mergePreview', {
      survivorId: c.patient.id,
      mergedId: dup.id,
    });
    clinic.t.call('patients/merge', {
      survivorId: c.patient.id,
      mergedId: dup.id,
      choices: {},
      expected: {
        survivorUpdatedMs: preview.survivor.updatedMs,
        mergedUpdatedMs: preview.merged.updatedMs,
      },
    });
    const { page } = await session.open(clinic.host.url);
    await openPatient(page, 'lopez', new RegExp(`Merged into #${c.patient.id}`), true);
    const panel = page.getByRole('dialog', { name: 'Maria Lopez' });
    const state = panel.getByRole('alert', { name: 'Record status' });
    await state.getByText(`Merged into #${c.patient.id}`).waitFor();
    expect(await panel.getByRole('button', { name: 'Mark inactive…' }).count()).toBe(0);
    expect(await panel.getByRole('button', { name: 'Merge with…' }).count()).toBe(0);
    await screenshot(page, 'patient-merged-into');
    await state.getByRole('button', { name: `Open #${c.patient.id}` }).click();
    await state.waitFor({ state: 'detached' });
    await panel.getByRole('button', { name: 'Mark inactive…' }).waitFor();
  });

  it('shows a provider, who may not change records, no way to mark one inactive', async () => {
    const clinic = await session.serve();
    const c = buildTinyClinic(clinic.t);
    clinic.t.call('patients/deactivate', { patientId: c.patient2.id, reason: 'moved' });
    const { page } = await session.open(clinic.host.url, {
      as: { username: 'dr-patel', displayName: 'Ana Patel', role: 'provider' },
    });
    await openPatient(page, 'lopez', /Lopez, Maria/);
    const panel = page.getByRole('dialog', { name: 'Maria Lopez' });
    await panel.getByRole('group', { name: /Upcoming/ }).waitFor();
    expect(await panel.getByRole('button', { name: 'Mark inactive…' }).count()).toBe(0);
    expect(await panel.getByRole('button', { name: 'Merge with…' }).count()).toBe(0);
    await panel.getByRole('button', { name: 'Close patient panel' }).click();

    // A record someone else marked inactive: the provider reads why, with no way to undo it.
    const p2 = clinic.t.call('patients/get', { patientId: c.patient2.id });
    await page.getByLabel('Include inactive, deceased and merged records').check();
    await page.getByRole('combobox', { name: 'Patient' }).fill(p2.lastName);
    await page
      .getByRole('option', { name: new RegExp(`${p2.lastName}, ${p2.firstName}`) })
      .first()
      .click();
    const other = page.getByRole('dialog', { name: `${p2.firstName} ${p2.lastName}` });
    const state = other.getByRole('alert', { name: 'Record status' });
    await state.getByText('Inactive (moved away)').waitFor();
    expect(await state.innerText()).toContain('since 2026-03-02');
    expect(await state.getByRole('button', { name: 'Make active' }).count()).toBe(0);
  });
});
