/**
 * An empty clinic on its way to the first booking: the checklist says what is missing, step by
 * step, and the starter catalog adds ticked visit types once (ticking again adds nothing twice).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FAMILY, openTestApi, type TestApi } from '../helpers/tinyClinic';

let t: TestApi;
afterEach(() => t?.close());

const missing = () =>
  t
    .call('setup/checklist', {})
    .items.filter((i) => !i.done)
    .map((i) => i.key);

describe('setup/checklist', () => {
  it('lists what is missing until a provider with hours at an open location can be booked', () => {
    t = openTestApi();
    expect(t.call('setup/checklist', {}).bookable).toBe(false);
    expect(missing()).toEqual(['clinic', 'location', 'visitTypes', 'providers', 'hours']);
    t.call('setup/startEmpty', { name: 'Riverside Family Practice', timeZone: 'America/Chicago' });
    const loc = t.call('locations/create', {
      name: 'Riverside',
      address1: '12 River Rd',
      city: 'Austin',
      state: 'TX',
      zip: '78704',
    });
    expect(missing()).toEqual(['visitTypes', 'providers', 'hours']);
    t.call('setup/addStarterVisitTypes', { keys: ['new-patient', 'follow-up'] });
    const p = t.call('providers/create', {
      firstName: 'Ana',
      lastName: 'Patel',
      taxonomyCode: FAMILY,
      locationIds: [loc.id],
    });
    expect(missing()).toEqual(['hours']);
    t.call('schedules/setWeekly', {
      providerId: p.id,
      locationId: loc.id,
      effectiveFrom: '2026-03-02',
      days: [{ weekday: 2, hours: [{ start: '09:00', end: '12:00' }], breaks: [] }],
    });
    expect(t.call('setup/checklist', {})).toMatchObject({ bookable: true });
    // Archiving the only place the provider works makes the clinic unbookable again.
    t.call('locations/create', {
      name: 'Annex',
      address1: '14 River Rd',
      city: 'Austin',
      state: 'TX',
      zip: '78704',
    });
    t.call('locations/archive', { id: loc.id, version: 1 });
    expect(missing()).toEqual(['providers', 'hours']);
  });
});

describe('the starter visit types', () => {
  it('adds the ticked ones with their codes, lengths and buffers, and never twice', () => {
    t = openTestApi();
    const catalog = t.call('setup/starterVisitTypes', {});
    expect(catalog.find((c) => c.key === 'new-patient')).toMatchObject({
      name: 'New patient visit',
      cptCode: '99203',
      durationMinutes: 45,
      patientStatus: 'new',
      bufferBeforeMinutes: 10,
      alreadyAdded: false,
    });
    const r = t.call('setup/addStarterVisitTypes', { keys: ['new-patient', 'follow-up'] });
    expect(r.added.map((v) => [v.name, v.cptCode, v.durationMinutes, v.patientStatus])).toEqual([
      ['New patient visit', '99203', 45, 'new'],
      ['Follow-up', '99213', 20, 'established'],
    ]);
    const again = t.call('setup/addStarterVisitTypes', { keys: ['follow-up', 'nurse-visit'] });
    expect(again.skipped).toEqual(['Follow-up']);
    expect(again.added.map((v) => v.name)).toEqual(['Nurse visit (shots, BP check)']);
    expect(t.call('visitTypes/list', {})).toHaveLength(3);
    expect(
      t
        .call('setup/starterVisitTypes', {})
        .filter((c) => c.alreadyAdded)
        .map((c) => c.key),
    ).toEqual(['new-patient', 'follow-up', 'nurse-visit']);
    expect(
      t.db.sqlite
        .prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'visitType.created'")
        .get(),
    ).toEqual({ n: 3 });
  });

  it('every starter visit type passes the same checks as one typed by hand', () => {
    t = openTestApi();
    const all = t.call('setup/starterVisitTypes', {}).map((c) => c.key);
    expect(t.call('setup/addStarterVisitTypes', { keys: all }).added).toHaveLength(all.length);
  });
});

describe('specialties/list', () => {
  it('gives readable names for the picker', () => {
    t = openTestApi();
    expect(t.call('specialties/list', {})).toContainEqual({
      code: FAMILY,
      name: 'Family Medicine',
    });
  });
});
