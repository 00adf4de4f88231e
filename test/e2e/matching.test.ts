/**
 * Best-match booking and the patient's insurance, through the real renderer and HTTP host: the
 * issue's caller, Carmen Díaz in Somerville (ZIP 02143) with Aetna Choice POS II, who wants a
 * Spanish-speaking cardiologist nearby, and a receptionist adding a spouse's card in the panel.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildBostonClinic as buildBoston, seenByAlvarezInJune } from '../fixtures/bostonClinic';
import { NOW, type TestApi } from '../helpers/tinyClinic';
import {
  screenshot,
  skipBrowserTests,
  useBrowser,
  waitUntilLive,
  type OpenedPage,
  type ServedClinic,
} from './browser';

/** The Boston clinic (test/fixtures/bostonClinic.ts) with Carmen's June visit, on the e2e clock. */
function buildBostonClinic(t: TestApi) {
  const c = buildBoston(t);
  seenByAlvarezInJune(t, c);
  t.now = NOW;
  return c;
}

const isFocused = (l: Locator) => l.evaluate((el) => el === document.activeElement);

async function openDesk(opened: OpenedPage) {
  await opened.page.setViewportSize({ width: 1366, height: 900 });
  await opened.page.getByRole('button', { name: 'Book appointment' }).waitFor();
  await waitUntilLive(opened.page);
}

/** F2, the patient by name, the visit type: the dialog as a receptionist leaves it. */
async function startBooking(page: Page, name: RegExp, typed: string) {
  await page.keyboard.press('F2');
  const dialog = page.getByRole('dialog', { name: /Book appointment/ });
  await dialog.getByRole('combobox', { name: 'Patient' }).waitFor();
  await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'combobox');
  await page.keyboard.type(typed);
  await dialog.getByRole('option', { name }).waitFor();
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    () =>
      (document.activeElement as HTMLInputElement | null)?.placeholder?.startsWith(
        'Type to choose',
      ) === true,
  );
  await page.keyboard.type('card');
  await dialog.getByRole('option', { name: /Cardiology consult/, selected: true }).waitFor();
  await page.keyboard.press('Enter');
  return dialog;
}

async function cardNames(list: Locator): Promise<string[]> {
  return list
    .getByTestId('match-card')
    .evaluateAll((cards) =>
      cards
        .map((c) => c.getAttribute('aria-labelledby') ?? '')
        .map((id) => document.getElementById(id)?.textContent ?? ''),
    );
}

describe.skipIf(skipBrowserTests())('best-match booking and insurance', () => {
  const session = useBrowser();
  let clinic: ServedClinic;

  it('ranks Spanish-speaking in-network cardiologists with reasons, widens on a chip, books with Enter', async () => {
    clinic = await session.serve();
    const c = buildBostonClinic(clinic.t);
    const opened = await session.open(clinic.host.url);
    const { page } = opened;
    await openDesk(opened);

    const dialog = await startBooking(page, /Díaz, Carmen/, 'carmen');
    // First openings stays the default list.
    await dialog
      .getByRole('listbox', { name: 'First openings' })
      .getByRole('option')
      .first()
      .waitFor();
    expect(
      await dialog.getByRole('button', { name: 'First openings' }).getAttribute('aria-pressed'),
    ).toBe('true');

    await page.keyboard.press('Alt+M');
    const list = dialog.getByRole('listbox', { name: 'Best matches' });
    await list.getByTestId('match-card').nth(1).waitFor();
    await page.waitForFunction(
      () => document.activeElement?.getAttribute('aria-label') === 'Best matches',
    );
    expect(
      await dialog.getByRole('button', { name: 'Best match' }).getAttribute('aria-pressed'),
    ).toBe('true');

    // The chips start from Carmen's record: her plan, her ZIP, her language.
    const filters = dialog.getByRole('group', { name: 'Match filters' });
    await filters.getByRole('button', { name: 'In network: Aetna Choice POS II' }).waitFor();
    await filters.getByRole('button', { name: 'Within 10 mi' }).waitFor();
    await filters.getByRole('button', { name: 'Speaks Spanish' }).waitFor();

    expect(await cardNames(list)).toEqual(['Rosa Alvarez, MD', 'Luis Moreno, MD']);
    expect(await list.getByTestId('match-reasons').allInnerTexts()).toEqual([
      'in network for Aetna Choice POS II · speaks Spanish · 1.3 mi · seen 2025-06 · next opening today 9:00',
      'in network for Aetna Choice POS II · speaks Spanish · 2.4 mi · new patient welcome · next opening today 9:00',
    ]);
    const scores = await list
      .getByRole('img', { name: /^Score / })
      .evaluateAll((els) =>
        els.map((e) => Number(/^Score ([\d.]+)/.exec(e.getAttribute('aria-label') ?? '')?.[1])),
      );
    expect(scores[0]).toBeGreaterThan(scores[1]!);
    expect(
      await list
        .getByRole('img', { name: /^Score / })
        .first()
        .getAttribute('aria-label'),
    ).toMatch(/Seen before 8\d% × 30/);

    // The first opening is highlighted and the dialog's Book button says so.
    const first = list.getByTestId('match-opening').first();
    expect(await first.getAttribute('aria-selected')).toBe('true');
    expect(await first.innerText()).toBe('Mon Mar 2 9:00 AM · Cambridge');
    await dialog.getByRole('button', { name: 'Book Mon Mar 2 at 9:00 AM' }).waitFor();

    // →, ↓, ↑, ← walk the openings and the cards.
    await page.keyboard.press('ArrowRight');
    await dialog.getByRole('button', { name: 'Book Mon Mar 2 at 9:15 AM' }).waitFor();
    await page.keyboard.press('ArrowDown');
    const moreno = list.getByRole('group', { name: 'Luis Moreno, MD' });
    expect(await moreno.getByRole('option', { selected: true }).innerText()).toBe(
      'Mon Mar 2 9:15 AM · Downtown',
    );
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowLeft');
    await dialog.getByRole('button', { name: 'Book Mon Mar 2 at 9:00 AM' }).waitFor();

    // Who was left out, and why.
    await dialog.getByRole('button', { name: /Why not others\? \(5\)/ }).click();
    const out = dialog.getByRole('list', { name: 'Providers left out' });
    await out.waitFor();
    expect(await out.innerText()).toMatch(/Sofia Reyes, MD\s+3\d mi away \(more than 10 mi\)/);
    expect(await out.innerText()).toMatch(
      /Elena Cruz, MD\s+not in network for Aetna Choice POS II/,
    );
    const widen = dialog.getByRole('group', { name: 'Widen the search' });
    await widen.getByRole('button', { name: '1 provider within 40 mi' }).waitFor();
    await page.waitForTimeout(300);
    await screenshot(page, 'best-match');

    // Accepting out-of-network brings Dr. Cruz in, with the reason in words.
    await filters.getByRole('button', { name: 'In network: Aetna Choice POS II' }).click();
    await filters.getByRole('button', { name: 'Out of network OK: Aetna Choice POS II' }).waitFor();
    await list.getByRole('group', { name: 'Elena Cruz, MD' }).waitFor();
    expect(await cardNames(list)).toHaveLength(3);
    expect(
      await list
        .getByRole('group', { name: 'Elena Cruz, MD' })
        .getByTestId('match-reasons')
        .innerText(),
    ).toMatch(/^out of network for Aetna Choice POS II · speaks Spanish · 1\.3 mi/);
    // And back: in network only.
    await filters.getByRole('button', { name: 'Out of network OK: Aetna Choice POS II' }).click();
    await list.getByRole('group', { name: 'Elena Cruz, MD' }).waitFor({ state: 'detached' });

    // A relaxation button widens exactly its filter.
    await widen.getByRole('button', { name: '1 provider within 40 mi' }).click();
    await filters.getByRole('button', { name: 'Within 40 mi' }).waitFor();
    await list.getByRole('group', { name: 'Sofia Reyes, MD' }).waitFor();
    expect(await cardNames(list)).toEqual([
      'Rosa Alvarez, MD',
      'Luis Moreno, MD',
      'Sofia Reyes, MD',
    ]);

    // One key books the highlighted opening.
    await list.focus();
    expect(await isFocused(list)).toBe(true);
    expect(await list.getByTestId('match-opening').first().getAttribute('aria-selected')).toBe(
      'true',
    );
    await page.keyboard.press('Enter');
    const code = page.getByTestId('confirmation-code');
    await code.waitFor();
    const booked = await clinic.http('appointments/list', {
      patientId: c.patient.id,
      from: '2026-03-01T00:00:00Z',
      to: '2026-04-01T00:00:00Z',
    });
    expect(booked).toHaveLength(1);
    expect(booked[0]).toMatchObject({
      providerId: c.alvarez.id,
      locationId: c.cambridge.id,
      visitTypeId: c.consult.id,
      start: '2026-03-02T14:00:00.000Z',
    });
    expect(await code.innerText()).toBe(booked[0]!.confirmationCode);
    expect(await page.getByTestId('read-back').innerText()).toMatch(
      /^Carmen Díaz — Cardiology consult with Rosa Alvarez, MD at Cambridge, Mon Mar 2 at 9:00 AM\./,
    );
    expect(opened.problems).toEqual([]);
  });

  it('adds a spouse’s coverage in the patient panel, and best match checks its network', async () => {
    clinic = await session.serve();
    buildBostonClinic(clinic.t);
    const luz = clinic.t.call('patients/create', {
      firstName: 'Luz',
      lastName: 'Ortega',
      dateOfBirth: '1975-02-03',
      zip: '02143',
      preferredLanguage: 'es',
    });
    const opened = await session.open(clinic.host.url);
    const { page } = opened;
    await openDesk(opened);

    const dialog = await startBooking(page, /Ortega, Luz/, 'ortega');
    await page.keyboard.press('Alt+M');
    const filters = dialog.getByRole('group', { name: 'Match filters' });
    // No card on file: self-pay, networks not checked, and the caption says so.
    await filters.getByRole('button', { name: 'Self-pay' }).waitFor();
    await dialog.getByText('Note: no insurance on file: network not checked.').waitFor();

    await dialog.getByRole('button', { name: /Luz Ortega: open the patient's record/ }).click();
    const panel = page.getByRole('dialog', { name: 'Luz Ortega' });
    await panel.getByText('No insurance on file (self-pay).').waitFor();
    await panel.getByRole('button', { name: 'Add coverage' }).click();
    const form = panel.getByRole('form', { name: 'New coverage' });
    const plan = form.getByRole('combobox', { name: 'Plan' });
    await plan.waitFor();
    expect(await isFocused(plan)).toBe(true);
    await page.keyboard.type('hmo');
    await page
      .getByRole('option', { name: 'Blue Cross Blue Shield of Massachusetts HMO Blue' })
      .click();
    await form.getByLabel('Member ID').fill('XJB 88841');
    await form.getByLabel('Group number').fill('0012');
    // The subscriber's fields appear only for a dependent.
    expect(await form.getByLabel("Subscriber's first name").count()).toBe(0);
    await form.getByRole('combobox', { name: 'Patient is' }).click();
    await page.getByRole('option', { name: 'Spouse' }).click();
    await form.getByLabel("Subscriber's last name").fill('Ortega');
    await form.getByRole('button', { name: 'Add coverage' }).click();
    // The API's field error, under the field it names.
    const firstName = form.getByLabel("Subscriber's first name");
    await form
      .getByText("A dependent's coverage needs the subscriber's first and last name", {
        exact: true,
      })
      .waitFor();
    expect(await firstName.getAttribute('aria-invalid')).toBe('true');
    expect(await isFocused(firstName)).toBe(true);
    await firstName.fill('José');
    await form.getByRole('button', { name: 'Add coverage' }).click();

    const listed = panel.getByRole('list', { name: 'Coverages' });
    await listed.getByTestId('coverage').first().waitFor();
    expect(await listed.getByTestId('coverage').allInnerTexts()).toEqual([
      expect.stringMatching(
        /^Primary · Blue Cross Blue Shield of Massachusetts HMO Blue\s+Member ID XJB 88841 · Group 0012 · Subscriber: José Ortega \(spouse\)/,
      ),
    ]);
    expect(await clinic.http('coverages/list', { patientId: luz.id })).toMatchObject([
      {
        planName: 'Blue Cross Blue Shield of Massachusetts HMO Blue',
        memberId: 'XJB 88841',
        groupNumber: '0012',
        priority: 1,
        relationship: 'spouse',
        subscriberFirstName: 'José',
        subscriberLastName: 'Ortega',
      },
    ]);
    // Let the chips' colour transition finish, so the picture shows what a person sees.
    await page.waitForTimeout(300);
    await screenshot(page, 'coverage-editor');

    // Back in the booking dialog, the new card's network decides: only Dr. Cruz takes HMO Blue.
    await panel.getByRole('button', { name: 'Close patient panel' }).click();
    await panel.waitFor({ state: 'hidden' });
    await filters
      .getByRole('button', { name: 'In network: Blue Cross Blue Shield of Massachusetts HMO Blue' })
      .waitFor();
    const list = dialog.getByRole('listbox', { name: 'Best matches' });
    await list.getByRole('group', { name: 'Elena Cruz, MD' }).waitFor();
    expect(await cardNames(list)).toEqual(['Elena Cruz, MD']);

    // Ending the coverage puts her back to self-pay.
    await dialog.getByRole('button', { name: /Luz Ortega: open the patient's record/ }).click();
    await panel
      .getByRole('button', {
        name: 'End Blue Cross Blue Shield of Massachusetts HMO Blue coverage',
      })
      .click();
    await panel.getByRole('button', { name: 'End it' }).click();
    await panel.getByText('No insurance on file (self-pay).').waitFor();
    expect(await clinic.http('coverages/list', { patientId: luz.id })).toEqual([]);
    // The one refused save (no subscriber's first name) is the browser's only complaint.
    expect(opened.problems.filter((p) => !p.includes('status of 400'))).toEqual([]);
    expect(opened.problems).toHaveLength(1);
  });
});
