/**
 * The recall worklist through the real renderer and HTTP host: patients due, oldest first, with the
 * already booked left out; the filters; "Book" opening the booking dialog on the recall's visit
 * type; "Set due" marking a date set by hand; "Contacted" and "Waitlist" recorded. Then a recall
 * type added in Settings. Screenshots at 1366×768.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { planRecallOutreach } from '../../src/core/access/service/recall';
import { buildTinyClinic } from '../helpers/tinyClinic';
import { screenshot, skipBrowserTests, useBrowser, waitUntilLive } from './browser';

async function openScreen(page: Page, name: string) {
  await page.setViewportSize({ width: 1366, height: 768 });
  await waitUntilLive(page);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name }).click();
}

describe.skipIf(skipBrowserTests())('recall', () => {
  const session = useBrowser();

  it('works the worklist: filters, book with the visit type chosen, set due, contacted, waitlist', async () => {
    const clinic = await session.serve();
    const t = clinic.t;
    const c = buildTinyClinic(t);
    const physical = t.call('visitTypes/create', {
      name: 'Annual physical exam',
      durationMinutes: 30,
      specialties: [],
    });
    const diabetes = t.call('recallTypes/create', {
      name: 'Diabetes follow-up',
      intervalMonths: 3,
      visitTypeIds: [c.visit.id],
    });
    const annual = t.call('recallTypes/create', {
      name: 'Annual physical',
      intervalMonths: 12,
      visitTypeIds: [physical.id],
      minAgeYears: 18,
    });
    const people = [
      ['Nora', 'Quinn', '2026-02-10', diabetes.id],
      ['Omar', 'Reyes', '2026-03-15', annual.id],
      ['Pia', 'Stone', '2026-04-01', diabetes.id],
      ['Raul', 'Booked', '2026-03-20', diabetes.id],
    ] as const;
    const ids: number[] = [];
    for (const [firstName, lastName, dueDate, recallTypeId] of people) {
      const p = t.call('patients/create', {
        firstName,
        lastName,
        dateOfBirth: '1968-09-09',
        phoneMobile: `512-555-01${10 + ids.length}`,
        smsConsent: true,
        preferredChannel: 'sms',
      });
      ids.push(p.id);
      t.call('recalls/setDue', { patientId: p.id, recallTypeId, dueDate });
    }
    // Raul already has his follow-up booked: not on the worklist.
    t.call('appointments/book', {
      patientId: ids[3]!,
      providerId: c.providers[0]!.id,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start: '2026-03-10T15:00:00Z',
    });

    const { page } = await session.open(clinic.host.url);
    await openScreen(page, 'Recall');
    const table = page.getByRole('table', { name: 'Recall worklist' });
    await table.getByText('Nora Quinn').waitFor();
    const names = async () =>
      (await table.locator('tbody tr').allInnerTexts()).map((r) => r.split('\n')[0]!.trim());
    expect(await names()).toEqual(['Nora Quinn', 'Omar Reyes', 'Pia Stone']);
    expect(await table.getByRole('row', { name: /Nora Quinn/ }).innerText()).toMatch(
      /20 d overdue/,
    );
    await screenshot(page, 'recall-worklist');

    // Filter by type.
    await page.getByRole('combobox', { name: 'Recall type' }).click();
    await page.getByRole('option', { name: 'Annual physical' }).click();
    await expect.poll(names).toEqual(['Omar Reyes']);
    await page.getByRole('combobox', { name: 'Recall type' }).click();
    await page.getByRole('option', { name: 'All types' }).click();
    await expect.poll(names).toEqual(['Nora Quinn', 'Omar Reyes', 'Pia Stone']);

    // Book: the dialog opens on Omar with the annual physical's visit type chosen.
    await table
      .getByRole('row', { name: /Omar Reyes/ })
      .getByRole('button', { name: 'Book' })
      .click();
    const dialog = page.getByRole('dialog', { name: /Book appointment/ });
    await dialog.getByRole('button', { name: /Omar Reyes: open the patient's record/ }).waitFor();
    await expect
      .poll(() => dialog.getByRole('combobox', { name: 'Visit type' }).inputValue())
      .toBe('Annual physical exam');
    await screenshot(page, 'recall-book');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    // Set due by hand: Pia moves to May and is marked as set by hand.
    await table
      .getByRole('row', { name: /Pia Stone/ })
      .getByRole('button', { name: 'Set due' })
      .click();
    const due = page.getByRole('dialog', { name: 'Set the due date' });
    await due.getByLabel('Due date').fill('2026-04-20');
    await due.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Pia Stone: due Apr 20, 2026.').waitFor();
    await expect
      .poll(() => table.getByRole('row', { name: /Pia Stone/ }).innerText())
      .toMatch(/Apr 20, 2026\s*set by hand/);

    // Contacted, with a note.
    await table
      .getByRole('row', { name: /Nora Quinn/ })
      .getByRole('button', { name: 'Contacted' })
      .click();
    const reached = page.getByRole('dialog', { name: 'Patient reached' });
    await reached.getByLabel('Note (optional)').fill('Will call back Friday');
    await reached.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => table.getByRole('row', { name: /Nora Quinn/ }).innerText())
      .toMatch(/Reached .*: Will call back Friday/);

    // Waitlist.
    await table
      .getByRole('row', { name: /Nora Quinn/ })
      .getByRole('button', { name: 'Waitlist' })
      .click();
    await page.getByText('Nora Quinn is on the waitlist for Follow-up.').waitFor();
    expect(t.call('waitlist/list', {}).map((e) => [e.patientId, e.visitTypeId, e.note])).toEqual([
      [ids[0], c.visit.id, 'recall: Diabetes follow-up'],
    ]);
    await screenshot(page, 'recall-worklist-after');
  });

  it('puts the recall call on the call queue; Reached closes it', async () => {
    const clinic = await session.serve();
    const t = clinic.t;
    const c = buildTinyClinic(t);
    const type = t.call('recallTypes/create', {
      name: 'Diabetes follow-up',
      intervalMonths: 3,
      visitTypeIds: [c.visit.id],
    });
    // Two months overdue: the cadence's last step, a call by a person.
    t.call('recalls/setDue', {
      patientId: c.patient.id,
      recallTypeId: type.id,
      dueDate: '2025-12-15',
    });
    t.db.sqlite
      .transaction(() =>
        planRecallOutreach(
          { db: t.db, now: t.now, actor: 'recall', origin: 'test' },
          { sms: false, email: false },
        ),
      )
      .immediate();
    const { page } = await session.open(clinic.host.url);
    await openScreen(page, 'Call queue');
    const calls = page.getByRole('list', { name: 'Recall calls' });
    const row = calls.getByRole('listitem', { name: 'Maria Lopez, Diabetes follow-up' });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/\(512\) 555-0134/);
    // Nobody booked is left to confirm, but the queue is not empty: it must not say "Nobody to call".
    await page
      .getByText('Everyone booked that day is confirmed. Only the recall calls below are left.')
      .waitFor();
    await screenshot(page, 'recall-call-queue');
    await row.getByRole('button', { name: 'Reached' }).click();
    await page.getByText('Maria Lopez: recall call recorded.').waitFor();
    await calls.waitFor({ state: 'detached' });
    await page.getByText('Everyone booked that day is confirmed. Nobody to call.').waitFor();
    expect(t.call('callQueue/list', {}).recallCalls).toEqual([]);
  });

  it('adds a recall type in Settings', async () => {
    const clinic = await session.serve();
    buildTinyClinic(clinic.t);
    const { page } = await session.open(clinic.host.url);
    await openScreen(page, 'Clinic settings');
    await page.getByRole('tab', { name: 'Recall types' }).click();
    await page.getByRole('button', { name: 'Add recall type' }).click();
    const form = page.getByRole('dialog', { name: 'Add recall type' });
    await form.getByLabel('Name').fill('Diabetes follow-up');
    await form.getByLabel('Every (months)').fill('3');
    await form.getByRole('button', { name: 'Save' }).click();
    // Nothing chosen to complete it: the engine says so on the field.
    await form.getByText('choose at least one visit type that completes the recall').waitFor();
    await form.getByRole('combobox', { name: 'Completed by visit types' }).click();
    await page.getByRole('option', { name: 'Follow-up' }).click();
    await page.keyboard.press('Escape');
    await form.getByLabel('From age').fill('18');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved Diabetes follow-up.').waitFor();
    const table = page.getByRole('table', { name: 'Recall types' });
    await expect
      .poll(() => table.getByRole('row', { name: /Diabetes follow-up/ }).innerText())
      .toMatch(/3 months\s+Follow-up\s+18 and over\s+In use/);
    await screenshot(page, 'settings-recall-types');
  });
});
