import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApi, type TestApi } from '../../../test/helpers/tinyClinic';
import type { ClinicDb } from '../db/open';
import { nameKey } from '../db/repos/patients';
import { loadSchedules } from '../db/repos/schedules';
import { OCCUPYING_STATUSES } from '../entities/appointment';
import { patientCreateInput, searchTokens } from '../entities/patient';
import { isValidNpi } from '../entities/provider';
import { checkFits } from '../scheduling/slots';
import type { BusySpan } from '../scheduling/types';
import { ageOn, localDateOf, MINUTE_MS } from '../time';
import type { DemoSummary } from './demoClinic';
import { npiWithCheckDigit } from './demoClinic';

// Wednesday 2026-03-04, 11:10 in New York: mid-morning, so today has finished, running and waiting
// visits; the history crosses the November fall-back and the bookings the March spring-forward.
const NOW = Date.parse('2026-03-04T16:10:00Z');
const SEED = 20261124;
const ZONE = 'America/New_York';
const DAY_MS = 86_400_000;
const HELD = OCCUPYING_STATUSES.map((s) => `'${s}'`).join(',');

let t: TestApi;
let summary: DemoSummary;
const opened: TestApi[] = [];

function open(): TestApi {
  const api = openTestApi({ now: NOW });
  opened.push(api);
  return api;
}

/**
 * Every row of every table, hashed in rowid order. change_tokens is left out: its values come from
 * SQLite's random() by design (a cache-invalidation token, not clinic data).
 */
function digest(db: ClinicDb): string {
  const hash = crypto.createHash('sha256');
  const tables = db.sqlite
    .prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
         AND name NOT IN ('change_tokens', '__drizzle_migrations') ORDER BY name`,
    )
    .pluck()
    .all() as string[];
  for (const name of tables) {
    hash.update(`#${name}\n`);
    // Audit macs are keyed by each data folder's own secret key: equal rows, different macs.
    const columns = (db.sqlite.pragma(`table_info("${name}")`) as { name: string }[])
      .map((c) => c.name)
      .filter((c) => !(name === 'audit_log' && c === 'mac'))
      .map((c) => `"${c}"`)
      .join(', ');
    for (const row of db.sqlite
      .prepare(`SELECT ${columns} FROM "${name}" ORDER BY rowid`)
      .raw()
      .iterate())
      hash.update(`${JSON.stringify(row)}\n`);
  }
  return hash.digest('hex');
}

const all = <T>(sql: string, ...params: unknown[]) =>
  t.db.sqlite.prepare(sql).all(...params) as T[];
const one = (sql: string, ...params: unknown[]) =>
  (t.db.sqlite.prepare(sql).get(...params) as { n: number }).n;

beforeAll(() => {
  t = open();
  summary = t.call('setup/loadDemo', { seed: SEED });
});

afterAll(() => {
  for (const api of opened) {
    api.close();
    fs.rmSync(api.dir, { recursive: true, force: true });
  }
});

describe('the demo clinic', () => {
  it('is the same database, row for row, for the same seed and clock', () => {
    const again = open();
    again.call('setup/loadDemo', { seed: SEED });
    expect(digest(again.db)).toBe(digest(t.db));
  });

  it('gives the booked future its reminders, due from now on, and the past none', () => {
    const future = one(
      `SELECT count(*) AS n FROM appointments WHERE start_ms > ? AND status IN ('booked','confirmed')`,
      NOW,
    );
    const reminded = one(
      `SELECT count(DISTINCT r.appointment_id) AS n FROM reminders r JOIN appointments a ON a.id = r.appointment_id
        WHERE r.status = 'scheduled' AND a.start_ms > ?`,
      NOW,
    );
    expect(future).toBeGreaterThan(1000);
    // Most patients agreed to texts or e-mail; those who did not are call tasks or skips.
    expect(reminded / future).toBeGreaterThan(0.6);
    expect(
      one(`SELECT count(*) AS n FROM reminders WHERE status = 'scheduled' AND due_ms < ?`, NOW),
    ).toBe(0);
    expect(
      one(
        `SELECT count(*) AS n FROM reminders r JOIN appointments a ON a.id = r.appointment_id WHERE a.start_ms <= ?`,
        NOW,
      ),
    ).toBe(0);
    // The confirmation went out when the visit was booked, before the demo's data began.
    expect(one(`SELECT count(*) AS n FROM reminders WHERE kind = 'confirmation'`)).toBe(0);
  });

  it('has the size the issue asks for', () => {
    expect(summary).toMatchObject({
      locations: 3,
      providers: 12,
      specialties: 6,
      patients: 2000,
      historyFrom: '2025-09-03',
      bookedThrough: '2026-04-29',
    });
    expect(summary.visitTypes).toBeGreaterThanOrEqual(18);
    expect(summary.appointments).toBe(one('SELECT count(*) AS n FROM appointments'));
    expect(summary.appointments).toBeGreaterThan(15_000);
    expect(summary.timeOff).toBeGreaterThanOrEqual(3);
    expect(
      one(`SELECT count(*) AS n FROM schedule_overrides WHERE reason LIKE '%clinic closed'`),
    ).toBeGreaterThan(0);
    expect(
      one(
        `SELECT count(*) AS n FROM (SELECT provider_id FROM provider_locations GROUP BY 1 HAVING count(*) > 1)`,
      ),
    ).toBeGreaterThanOrEqual(2);
    // Past: 75–90% of bookable time held. Future: ~70% next week thinning to ~15% in week 8.
    expect(summary.pastUtilization).toBeGreaterThanOrEqual(0.75);
    expect(summary.pastUtilization).toBeLessThanOrEqual(0.9);
    const fill = summary.futureFillByWeek;
    expect(fill).toHaveLength(8);
    expect(fill[0]).toBeGreaterThan(0.6);
    expect(fill[0]).toBeLessThan(0.85);
    expect(fill[7]).toBeGreaterThan(0.05);
    expect(fill[7]).toBeLessThan(0.25);
    for (let w = 1; w < 8; w++) expect(fill[w]!).toBeLessThan(fill[w - 1]! + 0.05);
  });

  it('writes one audit row for the load, none per generated row', () => {
    expect(all<{ action: string }>('SELECT action FROM audit_log')).toEqual([
      { action: 'setup.demoLoaded' },
    ]);
    expect(t.call('setup/status', {}).setupState).toBe('demo');
  });

  it('refuses to load into a clinic that has data', () => {
    const r = t.raw('setup/loadDemo', { seed: SEED });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  });
});

describe('appointment history', () => {
  it('misses about a fifth of past visits, more often the longer ago they were booked', () => {
    const kept = `start_ms < ? AND status NOT IN ('cancelled','rescheduled')`;
    const rate =
      one(`SELECT avg(status = 'no_show') * 1000 AS n FROM appointments WHERE ${kept}`, NOW) / 1000;
    expect(rate).toBeGreaterThanOrEqual(0.15);
    expect(rate).toBeLessThanOrEqual(0.25);
    expect(summary.noShowRate).toBeCloseTo(rate, 2);
    const byLead = (from: number, to: number) =>
      one(
        `SELECT avg(status = 'no_show') * 1000 AS n FROM appointments
          WHERE ${kept} AND start_ms - created_ms >= ? AND start_ms - created_ms < ?`,
        NOW,
        from,
        to,
      ) / 1000;
    expect(byLead(30 * DAY_MS, 1e12)).toBeGreaterThan(byLead(0, DAY_MS) + 0.1);
  });

  it('cancels about a tenth, late by the 24-hour rule, and links reschedules both ways', () => {
    expect(summary.cancellationRate).toBeGreaterThanOrEqual(0.08);
    expect(summary.cancellationRate).toBeLessThanOrEqual(0.12);
    const cancelled = all<{
      start: number;
      created: number;
      at: number | null;
      late: number;
      by: string | null;
      reason: string | null;
    }>(
      `SELECT start_ms AS start, created_ms AS created, cancelled_ms AS at, late_cancel AS late,
              cancelled_by AS by, cancel_reason AS reason
         FROM appointments WHERE status = 'cancelled'`,
    );
    expect(cancelled.filter((c) => c.late).length).toBe(summary.lateCancels);
    expect(summary.lateCancels).toBeGreaterThan(0);
    const wrong = cancelled.filter((c) => {
      if (!c.reason || !c.by || c.at === null || c.at < c.created || c.at > NOW) return true;
      const insideWindow = c.start - c.at < 24 * 3_600_000;
      return Boolean(c.late) !== (insideWindow && c.by.startsWith('patient'));
    });
    expect(wrong.slice(0, 5)).toEqual([]);
    const moved = all<{ id: number; to: number | null; patient: number }>(
      `SELECT id, rescheduled_to_id AS "to", patient_id AS patient FROM appointments WHERE status = 'rescheduled'`,
    );
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.length).toBeLessThan(summary.appointments * 0.02);
    for (const m of moved) {
      const next = t.db.sqlite
        .prepare(
          'SELECT rescheduled_from_id AS "from", patient_id AS patient FROM appointments WHERE id = ?',
        )
        .get(m.to) as { from: number; patient: number };
      expect(next).toEqual({ from: m.id, patient: m.patient });
    }
  });

  it('never double-books a provider or a patient', () => {
    // Each appointment against the others of the same provider (or patient) that start up to a
    // day before it ends: the same probe as the overlap trigger, on the same indexes.
    const overlaps = (who: 'provider_id' | 'patient_id', statuses: string) =>
      one(
        `SELECT count(*) AS n FROM appointments a JOIN appointments b
           ON b.${who} = a.${who} AND b.start_ms > a.start_ms - 86400000 AND b.start_ms < a.end_ms
          AND b.end_ms > a.start_ms AND b.id <> a.id
          WHERE a.status IN (${statuses}) AND b.status IN (${statuses})`,
      );
    expect(overlaps('provider_id', HELD)).toBe(0);
    // Patients: kept and missed visits alike (a missed visit was still booked at that time).
    expect(overlaps('patient_id', `${HELD},'no_show'`)).toBe(0);
  });

  it("books every visit inside the provider's open hours, in a block that allows it, clear of buffers", () => {
    const rows = all<{
      id: number;
      provider: number;
      location: number;
      visit: number;
      start: number;
      end: number;
      status: string;
    }>(
      `SELECT id, provider_id AS provider, location_id AS location, visit_type_id AS visit,
              start_ms AS start, end_ms AS "end", status
         FROM appointments WHERE status IN (${HELD},'no_show') ORDER BY provider_id, start_ms`,
    );
    const visits = new Map(
      all<{ id: number; duration: number; before: number; after: number }>(
        `SELECT id, duration_minutes AS duration, buffer_before_minutes AS before, buffer_after_minutes AS after FROM visit_types`,
      ).map((v) => [v.id, v]),
    );
    const offered = new Set(
      all<{ key: string }>(
        `SELECT p.id || ':' || s.visit_type_id AS key FROM providers p JOIN visit_type_specialties s ON s.taxonomy_code = p.taxonomy_code`,
      ).map((r) => r.key),
    );
    const worksAt = new Set(
      all<{ key: string }>(
        `SELECT provider_id || ':' || location_id AS key FROM provider_locations`,
      ).map((r) => r.key),
    );
    const providerIds = [...new Set(rows.map((r) => r.provider))];
    const schedules = loadSchedules(t.db, providerIds);
    const failures: string[] = [];
    for (const [i, a] of rows.entries()) {
      const v = visits.get(a.visit)!;
      if (!offered.has(`${a.provider}:${a.visit}`))
        failures.push(`${a.id}: visit type not offered`);
      if (!worksAt.has(`${a.provider}:${a.location}`)) failures.push(`${a.id}: wrong location`);
      if (a.end - a.start !== v.duration * MINUTE_MS) failures.push(`${a.id}: wrong length`);
      // Neighbours of the same provider (rows are sorted by provider, start) that hold time.
      const busy: BusySpan[] = [];
      const near = (j: number) =>
        rows[j] !== undefined &&
        rows[j]!.provider === a.provider &&
        Math.abs(rows[j]!.start - a.start) < 6 * 3_600_000;
      let from = i;
      let to = i;
      while (near(from - 1)) from--;
      while (near(to + 1)) to++;
      for (let j = from; j <= to; j++) {
        const b = rows[j]!;
        if (j === i || b.status === 'no_show') continue;
        const bv = visits.get(b.visit)!;
        busy.push({
          start: b.start,
          end: b.end,
          bufferBeforeMs: bv.before * MINUTE_MS,
          bufferAfterMs: bv.after * MINUTE_MS,
        });
      }
      const fit = checkFits({
        schedule: schedules.get(a.provider)!,
        zone: ZONE,
        locationId: a.location,
        start: a.start,
        end: a.end,
        busy,
        visit: {
          visitTypeId: a.visit,
          durationMinutes: v.duration,
          bufferBeforeMinutes: v.before,
          bufferAfterMinutes: v.after,
        },
      });
      if (!fit.ok) failures.push(`${a.id}: ${fit.reason}`);
    }
    expect(failures.slice(0, 10)).toEqual([]);
    expect(rows.length).toBeGreaterThan(15_000);
  });

  it('sees children in pediatrics only up to 18 and only women in OB/GYN', () => {
    const rows = all<{ taxonomy: string; start: number; dob: string; sex: string }>(
      `SELECT pr.taxonomy_code AS taxonomy, a.start_ms AS start, p.date_of_birth AS dob, p.sex
         FROM appointments a JOIN providers pr ON pr.id = a.provider_id JOIN patients p ON p.id = a.patient_id
        WHERE pr.taxonomy_code IN ('208000000X', '207V00000X')`,
    );
    const wrong = rows.filter((r) => {
      const date = localDateOf(ZONE, r.start);
      if (r.dob > date) return true;
      return r.taxonomy === '208000000X' ? ageOn(r.dob, date) > 18 : r.sex !== 'F';
    });
    expect(rows.length).toBeGreaterThan(1000);
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('shows what a front desk sees at this moment', () => {
    // Nothing is finished in the future; nothing long past is still waiting.
    expect(
      one(
        `SELECT count(*) AS n FROM appointments WHERE start_ms > ? AND status IN ('completed','no_show','in_room')`,
        NOW,
      ),
    ).toBe(0);
    expect(
      one(
        `SELECT count(*) AS n FROM appointments WHERE start_ms < ? AND status IN ('booked','confirmed')`,
        NOW - 15 * MINUTE_MS,
      ),
    ).toBe(0);
    const today = all<{ status: string }>(
      `SELECT DISTINCT status FROM appointments WHERE start_ms >= ? AND start_ms < ?`,
      NOW - 3 * 3_600_000,
      NOW + 6 * 3_600_000,
    ).map((r) => r.status);
    expect(today).toEqual(expect.arrayContaining(['completed', 'confirmed', 'booked']));
    expect(
      one(
        `SELECT count(*) AS n FROM appointments
          WHERE created_ms > start_ms OR created_ms > ? OR updated_ms < created_ms OR updated_ms > ?
             OR booked_by <> 'demo' OR booked_from <> 'demo'`,
        NOW,
        NOW,
      ),
    ).toBe(0);
    const codes = all<{ code: string }>('SELECT confirmation_code AS code FROM appointments');
    const code = /^[2-9A-HJ-NP-Z]{3}-[2-9A-HJ-NP-Z]{3}$/;
    expect(codes.filter((c) => !code.test(c.code))).toEqual([]);
    // A patient is on file before any booking of theirs.
    expect(
      one(
        `SELECT count(*) AS n FROM appointments a JOIN patients p ON p.id = a.patient_id WHERE p.created_ms > a.created_ms`,
      ),
    ).toBe(0);
  });
});

describe('patients and providers', () => {
  it('are valid records with fictional contact details and a realistic mix', () => {
    const rows = all<Record<string, unknown>>('SELECT * FROM patients');
    expect(rows).toHaveLength(2000);
    const languages = new Map<string, number>();
    const invalid: unknown[] = [];
    let children = 0;
    for (const r of rows) {
      const input = {
        firstName: r.first_name,
        lastName: r.last_name,
        dateOfBirth: r.date_of_birth,
        sex: r.sex,
        phoneMobile: r.phone_mobile,
        phoneHome: r.phone_home,
        email: r.email,
        address1: r.address1,
        city: r.city,
        state: r.state,
        zip: r.zip,
        preferredLanguage: r.preferred_language,
        smsConsent: r.sms_consent === 1,
        emailConsent: r.email_consent === 1,
        voiceConsent: r.voice_consent === 1,
        preferredChannel: r.preferred_channel,
      };
      const fictional =
        patientCreateInput.safeParse(input).success &&
        [r.phone_mobile, r.phone_home].every(
          (ph) => ph === null || /^\+1[2-9]\d{2}55501\d{2}$/.test(String(ph)),
        ) &&
        (r.email === null || /@example\.(com|org|net)$/.test(String(r.email))) &&
        (r.zip === null || /^27\d{3}$/.test(String(r.zip)));
      if (!fictional) invalid.push(r);
      languages.set(
        String(r.preferred_language),
        (languages.get(String(r.preferred_language)) ?? 0) + 1,
      );
      if (ageOn(String(r.date_of_birth), '2026-03-04') < 18) children++;
    }
    expect(invalid.slice(0, 3)).toEqual([]);
    expect([...languages.keys()]).toEqual(expect.arrayContaining(['en', 'es', 'vi', 'zh', 'ar']));
    expect(languages.get('en')! / 2000).toBeGreaterThan(0.7);
    expect(children / 2000).toBeGreaterThan(0.15);
    expect(children / 2000).toBeLessThan(0.27);
  });

  it('carry the search keys and tokens insertPatient would write', () => {
    const rows = all<{
      id: number;
      first: string;
      last: string;
      firstKey: string;
      lastKey: string;
      mobile: string | null;
      home: string | null;
    }>(
      `SELECT id, first_name AS first, last_name AS last, first_name_key AS firstKey, last_name_key AS lastKey,
              phone_mobile AS mobile, phone_home AS home FROM patients`,
    );
    const tokens = new Map<number, string[]>();
    for (const r of all<{ token: string; id: number }>(
      'SELECT token, patient_id AS id FROM patient_search_tokens ORDER BY patient_id, token',
    ))
      tokens.set(r.id, [...(tokens.get(r.id) ?? []), r.token]);
    const differ = rows.filter((r) => {
      const expected = searchTokens({
        firstName: r.first,
        lastName: r.last,
        phoneMobile: r.mobile,
        phoneHome: r.home,
      });
      return (
        r.lastKey !== nameKey(r.last) ||
        r.firstKey !== nameKey(r.first) ||
        JSON.stringify(tokens.get(r.id)) !== JSON.stringify([...new Set(expected)].sort())
      );
    });
    expect(differ.slice(0, 3)).toEqual([]);
  });

  it('are found by name without accents, by phone and by date of birth', () => {
    const accented = t.db.sqlite
      .prepare(
        `SELECT id, first_name AS first, last_name AS last, date_of_birth AS dob, phone_mobile AS phone
           FROM patients WHERE last_name LIKE '%í%' AND phone_mobile IS NOT NULL ORDER BY id LIMIT 1`,
      )
      .get() as { id: number; first: string; last: string; dob: string; phone: string };
    expect(accented).toBeDefined();
    const plain = nameKey(accented.last);
    const byName = t.call('patients/search', {
      query: `${plain.slice(0, 5)} ${nameKey(accented.first).slice(0, 3)}`,
      limit: 100,
    });
    expect(byName.map((p) => p.id)).toContain(accented.id);
    const digits = accented.phone.slice(2);
    const byPhone = t.call('patients/search', {
      query: `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`,
      limit: 100,
    });
    expect(byPhone.map((p) => p.id)).toContain(accented.id);
    const [y, m, d] = accented.dob.split('-');
    const byDob = t.call('patients/search', {
      query: `${Number(m)}/${Number(d)}/${y}`,
      limit: 100,
    });
    expect(byDob.map((p) => p.id)).toContain(accented.id);
  });

  it('have valid NPIs, their languages, and never two sites at the same hour', () => {
    const providers = all<{ id: number; npi: string; languages: string }>(
      'SELECT id, npi, languages FROM providers',
    );
    for (const p of providers) expect(isValidNpi(p.npi)).toBe(true);
    expect(new Set(providers.map((p) => p.npi)).size).toBe(providers.length);
    const spoken = new Set(providers.flatMap((p) => JSON.parse(p.languages) as string[]));
    expect([...spoken]).toEqual(expect.arrayContaining(['en', 'es', 'vi']));
    const clashes = one(
      `SELECT count(*) AS n FROM schedule_blocks a JOIN weekly_schedules va ON va.id = a.weekly_schedule_id
         JOIN schedule_blocks b ON b.weekday = a.weekday AND b.kind = 'hours' AND a.start_minute < b.end_minute AND b.start_minute < a.end_minute
         JOIN weekly_schedules vb ON vb.id = b.weekly_schedule_id
        WHERE a.kind = 'hours' AND va.provider_id = vb.provider_id AND va.location_id <> vb.location_id
          AND va.effective_from <= coalesce(vb.effective_to, '9999-12-31') AND vb.effective_from <= coalesce(va.effective_to, '9999-12-31')`,
    );
    expect(clashes).toBe(0);
  });

  it('computes NPI check digits the way CMS does', () => {
    expect(npiWithCheckDigit('123456789')).toBe('1234567893');
  });
});

describe('the demo through the API', () => {
  it('offers first openings to book', () => {
    const open = t.call('availability/firstOpenings', { specialty: '207Q00000X', limit: 10 });
    expect(open.providersSearched).toBe(3);
    expect(open.slots).toHaveLength(10);
    for (const s of open.slots) expect(Date.parse(s.start)).toBeGreaterThanOrEqual(NOW);
    const perDay = t.call('availability/firstOpenings', {
      specialty: '207RC0000X',
      mode: 'firstPerDay',
      limit: 14,
    });
    expect(perDay.slots.length).toBeGreaterThan(5);
  });
});
