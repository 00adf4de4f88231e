/**
 * The reports screen on the demo clinic at 1366×768: every section draws a chart with its table,
 * the figures are the engine's own, a definition is one hover away, the provider filter narrows
 * every figure, CSV export holds the tables and Print opens the browser's print.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { screenshot, skipBrowserTests, useBrowser, waitUntilLive } from './browser';
import { runTnaaCatchUp } from '../../src/core/reports/service/tnaa';
import { REPORT_DEFINITIONS } from '../../src/shared/reportDefinitions';

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);

describe.skipIf(skipBrowserTests())('reports screen', () => {
  const session = useBrowser();

  it('shows charts with tables, definitions on hover, filters, CSV and print', async () => {
    const clinic = await session.serve();
    clinic.t.call('setup/loadDemo', {});
    // The TNAA job's history, as the job runner would have filled it in (eight weeks back).
    while (runTnaaCatchUp(clinic.t.db, clinic.t.now).length > 0);
    const { page, problems } = await session.open(clinic.host.url);
    await page.setViewportSize({ width: 1366, height: 768 });
    await waitUntilLive(page);
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: 'Reports', exact: true })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Reports', exact: true }).waitFor();

    // The default span: the 28 days up to today (Monday 2 March 2026, clinic time).
    const span = { from: '2026-02-03', to: '2026-03-02' };
    expect(await page.getByLabel('From', { exact: true }).inputValue()).toBe(span.from);
    expect(await page.getByLabel('To', { exact: true }).inputValue()).toBe(span.to);
    const att = clinic.t.call('reports/attendance', span);
    const util = clinic.t.call('reports/utilization', { ...span, granularity: 'week' });
    expect(att.kept).toBeGreaterThan(0);

    const section = (name: string) => page.getByRole('region', { name, exact: true });
    for (const name of [
      'Utilization',
      'Fill of the next 14 days',
      'No-shows',
      'Cancellations',
      'Lead time',
      'Visits by weekday and hour',
      'Reminder effect',
    ]) {
      await section(name).getByRole('table').waitFor();
      // A chart (an svg with bars), beside its table.
      await section(name).locator('svg').first().waitFor();
    }
    await section('No-shows').getByText(pct(att.noShowRate), { exact: true }).first().waitFor();
    await section('Utilization')
      .getByText(pct(util.total.utilization), { exact: true })
      .first()
      .waitFor();
    await page.waitForTimeout(400); // charts animate in
    await screenshot(page, 'reports-screen');
    const tnaa = clinic.t.call('reports/tnaa', span);
    const tnaaRow = tnaa.latest.rows[0]!;
    expect(tnaa.latest.date).toBe('2026-03-02');
    const tnaaSection = section('Time to third next available');
    await tnaaSection
      .getByRole('row')
      .filter({ hasText: tnaaRow.visitType })
      .filter({ hasText: tnaaRow.provider })
      .first()
      .waitFor();
    await tnaaSection.getByText('Target 3 d', { exact: true }).waitFor(); // the target line's label
    for (const name of [
      'No-shows',
      'Lead time',
      'Reminder effect',
      'Time to third next available',
    ]) {
      await section(name).scrollIntoViewIfNeeded();
      await screenshot(page, `reports-screen-${name.toLowerCase().replace(/[^a-z]+/g, '-')}`);
    }
    await section('Utilization').scrollIntoViewIfNeeded();

    // A definition one hover away.
    await section('Utilization').getByRole('img', { name: 'How utilization is counted' }).hover();
    await page.getByRole('tooltip').getByText(REPORT_DEFINITIONS.utilization).waitFor();
    await page.waitForTimeout(300); // the tooltip fades in
    await screenshot(page, 'reports-definition-hover');
    await page.mouse.move(5, 700);

    // One provider: the no-show figure is that provider's.
    const provider = att.byProvider.find((p) => p.kept + p.noShows > 0)!;
    const mine = clinic.t.call('reports/attendance', {
      ...span,
      providerIds: [provider.providerId],
    });
    await page.getByLabel('Provider', { exact: true }).click();
    await page.getByRole('option', { name: new RegExp(`^${provider.provider}`) }).click();
    await section('No-shows').getByText(pct(mine.noShowRate), { exact: true }).first().waitFor();
    const rows = section('No-shows').getByRole('table').getByRole('row');
    await expect.poll(() => rows.count()).toBe(2); // header + that provider only

    // CSV: the tables on screen, under their titles.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`clinicdesk-reports-${span.from}-to-${span.to}.csv`);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain('No-shows and late cancellations by provider\r\n');
    expect(csv).toContain(
      `${provider.provider},${mine.kept},${mine.noShows},${Math.round(mine.noShowRate! * 1000) / 10},`,
    );
    expect(csv).toContain('Utilization by week, 2026-02-03 to 2026-03-02');

    // Print: the browser's own print dialog (counted here, since headless has none).
    await page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed++;
      };
    });
    await page.getByRole('button', { name: 'Print' }).click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    // What Print (and the desktop's Save as PDF) put on paper: the figures, without the side rail
    // or the filter buttons; Chromium renders it to a real PDF.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation', { name: 'Screens' }).isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Export CSV' }).isVisible()).toBe(false);
    for (const title of ['Utilization', 'No-shows', 'Lead time', 'Reminder effect'])
      expect(await page.getByRole('heading', { name: title, exact: true }).isVisible(), title).toBe(
        true,
      );
    const pdf = await page.pdf({ format: 'Letter', landscape: true, printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);
    await page.emulateMedia({ media: 'screen' });
    // In the browser there is no desktop "Save as PDF" button: Print's dialog offers it.
    expect(await page.getByRole('button', { name: 'Save as PDF', exact: true }).count()).toBe(0);

    // A span that ends before it starts says so instead of drawing stale figures.
    await page.getByLabel('To', { exact: true }).fill('2026-01-01');
    await page.getByText('The last date must not be before the first.').waitFor();
    expect(problems).toEqual([]);
  });
});
