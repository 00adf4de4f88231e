/**
 * Sign-in in the browser against the real HTTP host: the first start creates the administrator,
 * who signs out and in again, sets an unlock PIN, and leaves a half-typed search on the Patients
 * screen; after the clinic's idle minutes the screen locks (nothing of the desk reachable), and the
 * PIN unlocks it onto the same screen with the same text. A front-desk account sees no Users screen
 * and the server refuses users/list to it; an administrator's emergency access is flagged on screen.
 */
import { describe, expect, it } from 'vitest';
import { buildTinyClinic } from '../helpers/tinyClinic';
import { TEST_PASSWORD } from '../helpers/staff';
import { screenshot, skipBrowserTests, useBrowser } from './browser';

const DESK = { width: 1366, height: 768 };
const PASSWORD = 'quiet lantern harbor 42';

describe.skipIf(skipBrowserTests())('signing in, locking and unlocking', () => {
  const session = useBrowser();

  it('first administrator → sign in → idle lock keeps the screen → unlock with the PIN', async () => {
    const clinic = await session.serve();
    buildTinyClinic(clinic.t);
    const { page, problems } = await session.open(clinic.host.url, {
      signedIn: false,
      viewport: DESK,
    });

    await page.getByRole('heading', { name: 'Create the administrator' }).waitFor();
    await page.getByLabel('Your name').fill('Olivia Owner');
    await page.getByLabel('Username').fill('olivia');
    await page.getByLabel('Password', { exact: true }).fill('password1234');
    await page.getByLabel('Password again').fill('password1234');
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await page.getByText(/list of common passwords/).waitFor({ timeout: 20_000 });
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Password again').fill(PASSWORD);
    await screenshot(page, 'signin-first-admin');
    await page.getByRole('button', { name: 'Create administrator' }).click();

    const account = page.getByRole('button', { name: 'Account: Olivia Owner' });
    await account.waitFor({ timeout: 20_000 });
    await account.click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();

    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Username').fill('olivia');
    await page.getByLabel('Password').fill('not the password 9');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('That username and password do not match.').waitFor({ timeout: 20_000 });
    await page.getByLabel('Password').fill(PASSWORD);
    await screenshot(page, 'signin-page');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await account.waitFor({ timeout: 20_000 });

    await account.click();
    await page.getByRole('menuitem', { name: 'Set unlock PIN…' }).click();
    await page.getByLabel('Your password').fill(PASSWORD);
    await page.getByLabel('New PIN').fill('4831');
    await page.getByRole('button', { name: 'Save PIN' }).click();
    await page
      .getByRole('dialog', { name: 'Unlock PIN' })
      .waitFor({ state: 'hidden', timeout: 20_000 });

    const rail = page.getByRole('navigation', { name: 'Screens' });
    await rail.getByRole('button', { name: 'Patients', exact: true }).click();
    const search = page.getByRole('combobox').first();
    await search.fill('Lop');

    // Ten idle minutes (the clinic's default) on the page's clock: the screen locks.
    await page.clock.fastForward(11 * 60_000);
    const lock = page.getByRole('dialog', { name: 'Screen locked' });
    await lock.waitFor({ timeout: 20_000 });
    // Still there under the lock, but out of reach: hidden from the keyboard and screen readers.
    const underneath = page.getByRole('navigation', { name: 'Screens', includeHidden: true });
    expect(await underneath.count()).toBe(1);
    expect(await rail.count()).toBe(0);
    expect(await page.locator('[inert]').count()).toBeGreaterThan(0);
    // The server agrees: the desk's calls are refused until it is unlocked.
    const refused = await page.evaluate(async () => {
      const r = await fetch('/api/providers/list', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      return r.status;
    });
    expect(refused).toBe(423);
    await screenshot(page, 'signin-locked');

    await lock.getByLabel('PIN or password').fill('1234');
    await lock.getByRole('button', { name: 'Unlock' }).click();
    await lock.getByText(/not right \(4 tries left\)/).waitFor({ timeout: 20_000 });
    await lock.getByLabel('PIN or password').fill('4831');
    await lock.getByRole('button', { name: 'Unlock' }).click();
    await lock.waitFor({ state: 'hidden', timeout: 20_000 });
    expect(await search.inputValue()).toBe('Lop');
    await page.getByRole('heading', { level: 1, name: 'Patients' }).waitFor();
    expect(problems.filter((p) => !/status of 4\d\d/.test(p))).toEqual([]);
  });

  it('hides the Users screen from the front desk, whose users/list the server refuses', async () => {
    const clinic = await session.serve();
    buildTinyClinic(clinic.t);
    await clinic.signedInDesk(); // the administrator's account exists (signed in elsewhere)
    const front = await session.open(clinic.host.url, {
      viewport: DESK,
      as: { username: 'fran', displayName: 'Fran Front', role: 'front_desk' },
    });
    const rail = front.page.getByRole('navigation', { name: 'Screens' });
    await rail.getByRole('button', { name: 'Day', exact: true }).waitFor();
    expect(await rail.getByRole('button', { name: 'Users' }).count()).toBe(0);
    expect(await rail.getByRole('button', { name: 'Calendar sync' }).count()).toBe(0);
    const status = await front.page.evaluate(async () => {
      const r = await fetch('/api/users/list', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      return { status: r.status, body: (await r.json()) as { error: { code: string } } };
    });
    expect(status).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });

    // The administrator sees and uses it, here after emergency access (flagged on screen).
    const admin = await session.open(clinic.host.url, { viewport: DESK, signedIn: false });
    await admin.page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await admin.page.getByLabel('Username').fill('admin');
    await admin.page.getByLabel('Password').fill(TEST_PASSWORD);
    await admin.page.getByRole('button', { name: 'Emergency access' }).click();
    await admin.page
      .getByLabel('Reason for emergency access')
      .fill('Front desk locked out during clinic hours');
    await admin.page.getByRole('button', { name: 'Emergency sign-in' }).click();
    await admin.page.getByText('Emergency access', { exact: true }).waitFor({ timeout: 20_000 });
    const adminRail = admin.page.getByRole('navigation', { name: 'Screens' });
    await adminRail.getByRole('button', { name: 'Users' }).click();
    const table = admin.page.getByRole('table', { name: 'Staff accounts' });
    await table.getByRole('cell', { name: 'Fran Front' }).waitFor();
    const fran = table.getByRole('row').filter({ hasText: 'Fran Front' });
    await fran.getByRole('button', { name: 'Deactivate' }).click();
    await admin.page.getByText(/Fran Front is deactivated and was signed out of 1 desk/).waitFor();
    await screenshot(admin.page, 'signin-users-screen');

    // Fran's desk learns it at its next call: the sign-in page, saying why.
    await front.page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: 'Week' })
      .click();
    await front.page.getByText(/deactivated/).waitFor({ timeout: 20_000 });
    await front.page.getByRole('heading', { name: 'Sign in' }).waitFor();
  });
});
