/**
 * "Message everyone booked on a day": a preview with the count, the channels and a call list with
 * phones; filters by provider and location; never a past day; refused, with the reason, when no
 * set-up channel can deliver; refused when the audience changed since "Send to N patients?".
 */
import { afterEach, describe, expect, it } from 'vitest';
import { snapshot } from '../helpers/dbState';
import { buildTinyClinic, openTestApi, type TestApi } from '../helpers/tinyClinic';
import { createPatient, openReminderWorld, type ReminderWorld } from '../helpers/reminderClinic';

let w: ReminderWorld | undefined;
let bare: TestApi | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
  bare?.close();
  bare = undefined;
});

function bookWith(t: TestApi, c: ReturnType<typeof buildTinyClinic>) {
  return (patientId: number, start: string, provider = 0) =>
    t.call('appointments/book', {
      patientId,
      providerId: c.providers[provider]!.id,
      locationId: c.loc.id,
      visitTypeId: c.visit.id,
      start,
    });
}

function refusal(t: TestApi, name: string, input: unknown) {
  const before = snapshot(t.db.sqlite);
  const r = t.raw(name, input);
  expect(snapshot(t.db.sqlite)).toEqual(before);
  if (r.ok) throw new Error(`${name} was not refused`);
  return r.error;
}

describe('with no text or e-mail channel set up', () => {
  it('previews who is booked and whom to phone, and refuses to "queue" anything', () => {
    bare = openTestApi();
    const t = bare;
    const c = buildTinyClinic(t);
    const book = bookWith(t, c);
    book(c.patient.id, '2026-03-04T10:00:00-05:00');
    book(c.patient2.id, '2026-03-04T11:00:00-05:00', 1);
    const preview = t.call('reminders/bulkPreview', { date: '2026-03-04' });
    expect(preview).toMatchObject({
      count: 2,
      deliverable: 0,
      byChannel: { sms: 0, email: 0 },
      refusedReason:
        'neither text messages nor e-mail are set up, so no message can go out; phone the 2 patients on the call list',
    });
    expect(preview.callList.map((p) => [p.name, p.phone])).toEqual([
      ['Maria Lopez', '+15125550134'],
      ['John Smith', null],
    ]);
    const error = refusal(t, 'reminders/bulkMessage', {
      date: '2026-03-04',
      message: 'Closed for snow.',
    });
    expect(error).toMatchObject({
      code: 'VALIDATION',
      message:
        'Nothing was sent: neither text messages nor e-mail are set up, so no message can go out; phone the 2 patients on the call list.',
    });
  });

  it('refuses a past day, in the preview and in the send', () => {
    bare = openTestApi();
    buildTinyClinic(bare);
    const day = { date: '2026-03-01' };
    for (const [name, input] of [
      ['reminders/bulkPreview', day],
      ['reminders/bulkMessage', { ...day, message: 'Closed.' }],
    ] as const)
      expect(refusal(bare, name, input)).toMatchObject({
        code: 'VALIDATION',
        field: 'date',
        message: '2026-03-01 is a past day; choose today (2026-03-02) or a later day.',
      });
  });
});

describe('with texts and e-mail set up', () => {
  it('reaches only the chosen provider’s patients, once each, and sends only what was confirmed', async () => {
    w = await openReminderWorld();
    const t = w.t;
    const book = bookWith(t, w.c);
    const ann = createPatient(t, { firstName: 'Ann', mobile: '512-555-0401' });
    const bea = createPatient(t, { firstName: 'Bea', email: 'bea@example.com' });
    const cal = createPatient(t, { firstName: 'Cal', mobile: '512-555-0403' });
    const dee = createPatient(t, { firstName: 'Dee' });
    book(ann.id, '2026-03-04T09:00:00-05:00', 0);
    book(ann.id, '2026-03-04T14:00:00-05:00', 0); // two visits that day: one message
    book(bea.id, '2026-03-04T10:00:00-05:00', 0);
    book(dee.id, '2026-03-04T11:00:00-05:00', 0);
    book(cal.id, '2026-03-04T09:00:00-05:00', 1); // another provider: filtered out
    const patel = [w.c.providers[0]!.id];

    const preview = t.call('reminders/bulkPreview', { date: '2026-03-04', providerIds: patel });
    expect(preview).toMatchObject({
      count: 3,
      deliverable: 2,
      byChannel: { sms: 1, email: 1 },
      refusedReason: null,
    });
    expect(preview.callList).toEqual([
      expect.objectContaining({
        name: 'Dee Test',
        phone: null,
        reason: 'no SMS or e-mail the patient agreed to: phone the patient',
      }),
    ]);
    expect(
      t.call('reminders/bulkPreview', { date: '2026-03-04', locationIds: [w.c.loc.id] }).count,
    ).toBe(4);

    // Confirmed for 2, but a booking since then makes it 3: nothing is sent, preview again.
    const eve = createPatient(t, { firstName: 'Eve', mobile: '512-555-0405' });
    book(eve.id, '2026-03-04T15:00:00-05:00', 0);
    const input = {
      date: '2026-03-04',
      providerIds: patel,
      message: 'Closed for snow.',
      expectedRecipients: preview.deliverable,
    };
    expect(refusal(t, 'reminders/bulkMessage', input)).toMatchObject({
      code: 'CONFLICT',
      message:
        'Nothing was sent: the message would now reach 3 patients, not the 2 you confirmed (bookings changed). Preview again.',
    });
    const sent = t.call('reminders/bulkMessage', { ...input, expectedRecipients: 3 });
    expect(sent).toMatchObject({
      queued: 3,
      skipped: [expect.objectContaining({ patientName: 'Dee Test' })],
    });
    const queued = t
      .call('reminders/list', { statuses: ['scheduled'] })
      .items.filter((r) => r.kind === 'bulk');
    expect(queued.map((r) => r.patientName).sort()).toEqual(['Ann Test', 'Bea Test', 'Eve Test']);
  });
});
