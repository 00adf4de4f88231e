/**
 * The manager's settings over a real database: edits that take effect where the desk looks
 * (matching, openings, booking), edits that leave booked visits as they were, and a save made
 * from a stale copy that is refused without losing either person's work.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshot } from '../helpers/dbState';
import { buildTinyClinic, FAMILY, openTestApi, type TestApi } from '../helpers/tinyClinic';

let t: TestApi;
let c: ReturnType<typeof buildTinyClinic>;
beforeEach(() => {
  t = openTestApi();
  c = buildTinyClinic(t);
});
afterEach(() => t.close());

const TUESDAY_930 = '2026-03-03T09:30:00-05:00';

function book(providerIndex: number, start = TUESDAY_930, visitTypeId = c.visit.id) {
  return t.call('appointments/book', {
    patientId: c.patient.id,
    providerId: c.providers[providerIndex]!.id,
    locationId: c.loc.id,
    visitTypeId,
    start,
  });
}

function audit(action: string) {
  return (
    t.db.sqlite
      .prepare('SELECT entity_id AS id, details FROM audit_log WHERE action = ? ORDER BY id')
      .all(action) as { id: number; details: string }[]
  ).map((r) => ({ id: r.id, details: JSON.parse(r.details) as Record<string, unknown> }));
}

describe('providers/update', () => {
  it("changes only the fields given, and the best match reflects a provider's new language", () => {
    const ben = c.providers[1]!;
    const search = () =>
      t.call('matching/search', { patientId: c.patient.id, specialty: FAMILY, language: 'fr' });
    expect(search().results.map((r) => r.providerName)).not.toContain('Ben Okafor, DO');

    const updated = t.call('providers/update', { id: ben.id, version: 1, languages: ['en', 'fr'] });
    expect(updated).toMatchObject({
      languages: ['en', 'fr'],
      lastName: 'Okafor',
      credentials: 'DO',
      acceptsNewPatients: true,
      locationIds: [c.loc.id],
      version: 2,
    });
    expect(search().results.map((r) => r.providerName)).toContain('Ben Okafor, DO');
    expect(audit('provider.updated')).toEqual([
      {
        id: ben.id,
        details: {
          name: 'Ben Okafor, DO',
          changes: { languages: { from: ['en'], to: ['en', 'fr'] } },
        },
      },
    ]);
  });

  it('refuses the second of two saves made from the same copy, and keeps the first', () => {
    const ana = c.providers[0]!;
    t.call('providers/update', { id: ana.id, version: 1, credentials: 'MD, PhD' });
    const before = snapshot(t.db.sqlite);
    const r = t.raw('providers/update', { id: ana.id, version: 1, languages: ['en', 'pt'] });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        field: 'version',
        message:
          'Someone else changed Ana Patel, MD, PhD after you opened it. Nothing was saved: your changes are still in the form — check theirs, then save again.',
        details: {
          currentVersion: 2,
          current: { credentials: 'MD, PhD', languages: ['en', 'es'] },
        },
      },
    });
    expect(snapshot(t.db.sqlite)).toEqual(before);
    // Saved again from the fresh copy, both changes stand.
    expect(
      t.call('providers/update', { id: ana.id, version: 2, languages: ['en', 'pt'] }),
    ).toMatchObject({ credentials: 'MD, PhD', languages: ['en', 'pt'], version: 3 });
  });

  it('refuses an NPI another provider has, and removing a location where the provider still has visits or hours', () => {
    const [ana, ben] = c.providers;
    t.call('providers/update', { id: ana!.id, version: 1, npi: '1234567893' });
    expect(t.raw('providers/update', { id: ben!.id, version: 1, npi: '1234567893' })).toMatchObject(
      {
        ok: false,
        error: {
          code: 'CONFLICT',
          field: 'npi',
          message: 'Ana Patel, MD already has NPI 1234567893.',
        },
      },
    );
    const north = t.call('locations/create', {
      name: 'North',
      address1: '9 North Rd',
      city: 'Austin',
      state: 'TX',
      zip: '78758',
    });
    book(1);
    expect(
      t.raw('providers/update', { id: ben!.id, version: 1, locationIds: [north.id] }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_STATE',
        field: 'locationIds',
        message: expect.stringMatching(/still has 1 upcoming visit at Main; move or cancel them/),
      },
    });
    // Adding a location is fine.
    expect(
      t.call('providers/update', { id: ben!.id, version: 1, locationIds: [c.loc.id, north.id] })
        .locationIds,
    ).toEqual([c.loc.id, north.id]);
  });
});

describe('providers/deactivate and reactivate', () => {
  it('lists the upcoming visits and refuses until they are kept on purpose; nothing is lost', () => {
    const ana = c.providers[0]!;
    const appt = book(0);
    expect(t.call('providers/futureAppointments', { id: ana.id })).toEqual([
      expect.objectContaining({
        id: appt.id,
        patientName: 'Maria Lopez',
        visitTypeName: 'Follow-up',
        when: expect.stringMatching(/Mar 3.*9:30/),
      }),
    ]);
    const before = snapshot(t.db.sqlite);
    const refused = t.raw('providers/deactivate', { id: ana.id, version: 1 });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_STATE',
        message:
          'Ana Patel, MD has 1 upcoming visit. Move or cancel them first, or deactivate anyway and they stay booked.',
        details: { futureAppointments: [expect.objectContaining({ id: appt.id })] },
      },
    });
    expect(snapshot(t.db.sqlite)).toEqual(before);

    const r = t.call('providers/deactivate', {
      id: ana.id,
      version: 1,
      keepFutureAppointments: true,
    });
    expect(r.provider).toMatchObject({ active: false, version: 2 });
    expect(r.futureAppointments.map((a) => a.id)).toEqual([appt.id]);
    expect(t.call('appointments/get', { appointmentId: appt.id }).status).toBe('booked');
    expect(t.call('providers/list', {}).map((p) => p.id)).not.toContain(ana.id);
    expect(
      t.raw('appointments/book', {
        patientId: c.patient2.id,
        providerId: ana.id,
        locationId: c.loc.id,
        visitTypeId: c.visit.id,
        start: '2026-03-04T10:00:00-05:00',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'RULE', message: expect.stringMatching(/no longer active/) },
    });
    expect(audit('provider.deactivated')).toEqual([
      { id: ana.id, details: { name: 'Ana Patel, MD', keptAppointmentIds: [appt.id] } },
    ]);

    const back = t.call('providers/reactivate', { id: ana.id, version: 2 });
    expect(back).toMatchObject({ active: true, version: 3 });
    expect(t.call('providers/list', {}).map((p) => p.id)).toContain(ana.id);
  });

  it('deactivates a provider without upcoming visits at once', () => {
    const ben = c.providers[1]!;
    expect(t.call('providers/deactivate', { id: ben.id, version: 1 })).toMatchObject({
      provider: { active: false },
      futureAppointments: [],
    });
    expect(t.raw('providers/deactivate', { id: ben.id, version: 2 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE', message: 'Ben Okafor, DO is already inactive.' },
    });
  });
});

describe('visitTypes/update and retire', () => {
  it('a new duration applies to new bookings; a booked visit keeps its length', () => {
    const booked = book(0);
    const r = t.call('visitTypes/update', { id: c.visit.id, version: 1, durationMinutes: 45 });
    expect(r).toMatchObject({
      visitType: { durationMinutes: 45, version: 2 },
      bookedKeepingOldDuration: 1,
    });
    const kept = t.call('appointments/get', { appointmentId: booked.id });
    expect([kept.start, kept.end]).toEqual([
      '2026-03-03T14:30:00.000Z',
      '2026-03-03T15:00:00.000Z',
    ]);
    const fresh = book(1, '2026-03-03T10:00:00-05:00');
    expect(fresh.end).toBe('2026-03-03T15:45:00.000Z');
    expect(audit('visitType.updated')[0]!.details).toEqual({
      name: 'Follow-up',
      changes: { durationMinutes: { from: 30, to: 45 } },
      bookedKeepingOldDuration: 1,
    });
  });

  it('a retired visit type is no longer offered, and booked visits keep it', () => {
    const booked = book(0);
    const r = t.call('visitTypes/retire', { id: c.visit.id, version: 1 });
    expect(r).toMatchObject({ visitType: { active: false }, stillBooked: 1 });
    expect(t.call('visitTypes/list', {}).map((v) => v.name)).toEqual(['New patient']);
    expect(
      t.raw('availability/firstOpenings', { visitTypeId: c.visit.id, from: '2026-03-03' }),
    ).toMatchObject({ ok: false });
    expect(
      t.raw('appointments/book', {
        patientId: c.patient2.id,
        providerId: c.providers[1]!.id,
        locationId: c.loc.id,
        visitTypeId: c.visit.id,
        start: '2026-03-04T10:00:00-05:00',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'RULE', message: 'The visit type Follow-up is no longer offered.' },
    });
    expect(t.call('appointments/get', { appointmentId: booked.id })).toMatchObject({
      status: 'booked',
      visitTypeId: c.visit.id,
    });
    expect(t.call('visitTypes/restore', { id: c.visit.id, version: 2 })).toMatchObject({
      active: true,
      version: 3,
    });
  });
});

describe('locations', () => {
  it('edits a location, and archives it only with its upcoming visits kept on purpose', () => {
    const north = t.call('locations/create', {
      name: 'North',
      address1: '9 North Rd',
      city: 'Austin',
      state: 'TX',
      zip: '78758',
    });
    expect(north.version).toBe(1);
    expect(
      t.call('locations/update', {
        id: c.loc.id,
        version: 1,
        phone: '512-555-0100',
        name: 'Downtown',
      }),
    ).toMatchObject({ name: 'Downtown', phone: '+15125550100', address1: '1 Main St', version: 2 });
    expect(t.raw('locations/update', { id: north.id, version: 1, name: 'downtown' })).toMatchObject(
      {
        ok: false,
        error: { code: 'CONFLICT', field: 'name' },
      },
    );
    const appt = book(0);
    expect(t.raw('locations/archive', { id: c.loc.id, version: 2 })).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_STATE',
        details: { futureAppointments: [expect.objectContaining({ id: appt.id })] },
      },
    });
    const r = t.call('locations/archive', {
      id: c.loc.id,
      version: 2,
      keepFutureAppointments: true,
    });
    expect(r.location).toMatchObject({ active: false, version: 3 });
    expect(
      t.raw('appointments/book', {
        patientId: c.patient2.id,
        providerId: c.providers[1]!.id,
        locationId: c.loc.id,
        visitTypeId: c.visit.id,
        start: '2026-03-04T10:00:00-05:00',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'RULE', message: 'Downtown is archived and cannot be booked.' },
    });
    expect(t.call('locations/restore', { id: c.loc.id, version: 3 })).toMatchObject({
      active: true,
    });
  });
});

describe('clinic/update', () => {
  it('refuses a stale save of the clinic settings, and says what a zone change moves', () => {
    const clinic = t.call('clinic/get', {});
    t.call('clinic/update', { version: clinic.version, slotMinutes: 10 });
    expect(t.raw('clinic/update', { version: clinic.version, horizonDays: 90 })).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: expect.stringMatching(/^Someone else changed the clinic's settings/),
      },
    });
    expect(t.call('clinic/get', {})).toMatchObject({ slotMinutes: 10, horizonDays: 180 });

    book(0);
    const preview = t.call('clinic/previewZoneChange', { timeZone: 'America/Chicago' });
    expect(preview).toMatchObject({
      from: 'America/New_York',
      to: 'America/Chicago',
      movedAppointments: [
        expect.objectContaining({
          patientName: 'Maria Lopez',
          before: expect.stringMatching(/9:30/),
          after: expect.stringMatching(/8:30/),
        }),
      ],
      message: expect.stringMatching(
        /Weekly hours stay at the same clock times in America\/Chicago\. 1 upcoming visit keeps its moment but shows at a different clock time/,
      ),
    });
    const v = t.call('clinic/get', {}).version;
    t.call('clinic/update', { version: v, timeZone: 'America/Chicago' });
    expect(audit('clinic.updated').at(-1)!.details).toEqual({
      changes: { timeZone: { from: 'America/New_York', to: 'America/Chicago' } },
      movedAppointments: 1,
    });
  });
});
