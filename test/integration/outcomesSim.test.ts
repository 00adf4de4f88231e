/**
 * The clinic outcome simulation (bench/outcomesSim.ts) on a shortened run: one week of visits
 * booked from one week before, through the real engine. Checks what must hold whatever the
 * rates: one demand for every arm, no double bookings, never more slots refilled than freed, and
 * with a fixed seed fewer no-shows when reminders go out (the same visits draw the same numbers,
 * and a reminder only lowers a visit's risk).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/core/db/open';
import {
  DEFAULT_SIM,
  demandKey,
  makeDemand,
  prepareDemo,
  runArm,
  type ArmResult,
  type SimOptions,
} from '../../bench/outcomesSim';

const SHORT: SimOptions = { ...DEFAULT_SIM, windowDays: 7, warmupDays: 7 };
let dir: string;
let demo: string;
const results: Partial<Record<'neither' | 'reminders' | 'both', ArmResult>> = {};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinicdesk-outcomes-test-'));
  demo = prepareDemo(SHORT, dir);
  results.neither = await runArm('neither', SHORT, demo);
  results.reminders = await runArm('reminders', SHORT, demo);
  results.both = await runArm('both', SHORT, demo);
}, 600_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('clinic outcome simulation (one week)', () => {
  it('gives every arm the same demand, and the same demand for the same seed', () => {
    const db = openDatabase({ file: demo, readonly: true });
    try {
      const again = makeDemand(db, SHORT);
      expect(again.length).toBeGreaterThan(300);
      expect(demandKey(again)).toBe(results.neither!.demandKey);
      expect(demandKey(makeDemand(db, { ...SHORT, seed: SHORT.seed + 1 }))).not.toBe(
        demandKey(again),
      );
    } finally {
      db.close();
    }
    expect(results.reminders!.demandKey).toBe(results.neither!.demandKey);
    expect(results.both!.demandKey).toBe(results.neither!.demandKey);
  });

  it('books through the engine without a double booking, and every visit ends kept or missed', () => {
    for (const r of Object.values(results)) {
      expect(r.doubleBookings).toBe(0);
      expect(r.booked).toBeGreaterThan(300);
      expect(r.visits).toBe(r.kept + r.noShows);
      expect(r.utilization).toBeGreaterThan(0);
      expect(r.utilization).toBeLessThanOrEqual(1);
      expect(r.slotsRefilled).toBeLessThanOrEqual(r.slotsFreed);
    }
  });

  it('sends no reminders without them, and the waitlist stays empty without it', () => {
    expect(results.neither!.remindedVisits).toBe(0);
    expect(results.neither!.slotsFreed).toBe(0);
    expect(results.neither!.offersSent).toBe(0);
    expect(results.reminders!.remindedVisits).toBeGreaterThan(results.reminders!.visits / 2);
  });

  it('has fewer no-shows when reminders go out (fixed seed, several hundred visits)', () => {
    const off = results.neither!;
    const on = results.reminders!;
    expect(off.visits).toBeGreaterThan(300);
    expect(on.noShows).toBeLessThan(off.noShows);
    expect(on.noShowRate).toBeLessThan(off.noShowRate);
    // About 20 % without reminders (the literature rate the simulation is given).
    expect(off.noShowRate).toBeGreaterThan(0.12);
    expect(off.noShowRate).toBeLessThan(0.28);
  });

  it('offers freed slots to the waitlist and refills some by a YES', () => {
    const both = results.both!;
    expect(both.slotsFreed).toBeGreaterThan(0);
    expect(both.offersSent).toBeGreaterThan(0);
    expect(both.slotsRefilled).toBeLessThanOrEqual(both.slotsFreed);
  });
});
