/**
 * A reply C / X acts only on the appointment whose reminder asked for it, while that reminder's
 * window is open (sent, and the visit not yet started). Everything else lands in the staff inbox
 * and changes nothing. Replies arrive as signed webhooks from the Twilio stand-in.
 *
 * How this was checked to fail: before appointmentAskedFor (reminders/inbound.ts), a reply acted
 * on the number's next upcoming appointment whether or not anything had asked: "C" with no
 * reminder sent confirmed the visit, and a patient with a second, earlier visit booked after the
 * reminder went out had the reply sent to staff as ambiguous instead of acting on the asked one.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../src/core/api';
import { startHttpHost, type HttpHost } from '../../src/core/host/http';
import { reminderWebhookRoutes } from '../../src/core/host/routes/twilioWebhooks';
import {
  CLINIC_NUMBER,
  createPatient,
  openReminderWorld,
  type ReminderWorld,
} from '../helpers/reminderClinic';

const at = (iso: string) => Date.parse(iso);
let w: ReminderWorld;
let host: HttpHost;

beforeEach(async () => {
  w = await openReminderWorld();
  w.t.now = at('2026-03-02T14:30:00Z');
  host = await startHttpHost({
    db: w.t.db,
    registry: createApi(),
    clock: () => w.t.now,
    secrets: w.t.secrets,
    routes: reminderWebhookRoutes({ db: w.t.db, secrets: w.t.secrets, clock: () => w.t.now }),
  });
  // The signature is checked against the public address Twilio was given.
  w.t.call('messaging/setSettings', { publicBaseUrl: host.url });
  w.standin.inboundWebhookUrl = `${host.url}/twilio/sms`;
});
afterEach(async () => {
  await host.close();
  await w.close();
});

function book(patientId: number, start: string, provider = 0) {
  return w.t.call('appointments/book', {
    patientId,
    providerId: w.c.providers[provider]!.id,
    locationId: w.c.loc.id,
    visitTypeId: w.c.visit.id,
    start,
  });
}
const status = (id: number) => w.t.call('appointments/get', { appointmentId: id }).status;
async function reply(from: string, body: string) {
  const { webhook } = await w.standin.injectInbound({ from, to: CLINIC_NUMBER, body });
  expect(webhook?.responseStatus).toBe(200);
}
const inbox = () => w.t.call('inbox/list', {}).map((m) => [m.body, m.note]);

describe('a reply acts only on the appointment its reminder asked about', () => {
  it('C with no reminder asking goes to staff and confirms nothing', async () => {
    const p = createPatient(w.t, { firstName: 'Nia', mobile: '512-555-0201' });
    const appt = book(p.id, '2026-03-05T10:00:00-05:00');
    await reply('+15125550201', 'C');
    expect(status(appt.id)).toBe('booked');
    expect(inbox()).toEqual([
      [
        'C',
        'staff: no open reminder asked this number for a reply (none was sent, or its visit has passed)',
      ],
    ]);
  });

  it('C confirms the visit its 24 h text asked about, not an earlier one booked since', async () => {
    const p = createPatient(w.t, { firstName: 'Omar', mobile: '512-555-0202' });
    const asked = book(p.id, '2026-03-05T14:00:00-05:00');
    w.t.now = at('2026-03-04T19:00:00Z'); // its 24 h text (C / X) goes out
    await w.dispatch();
    // Then the patient phones and adds a visit tomorrow morning: no text asked about that one.
    const other = book(p.id, '2026-03-05T09:00:00-05:00', 1);
    await reply('+15125550202', 'C');
    expect(status(asked.id)).toBe('confirmed');
    expect(status(other.id)).toBe('booked');
  });

  it('X after the asked visit has started goes to staff and cancels nothing', async () => {
    const p = createPatient(w.t, { firstName: 'Pia', mobile: '512-555-0203' });
    const asked = book(p.id, '2026-03-05T14:00:00-05:00');
    const later = book(p.id, '2026-03-12T14:00:00-05:00');
    w.t.now = at('2026-03-04T19:00:00Z');
    await w.dispatch();
    w.t.now = at('2026-03-05T19:30:00Z'); // the visit began half an hour ago: the window is closed
    await reply('+15125550203', 'X');
    expect(status(asked.id)).toBe('booked');
    expect(status(later.id)).toBe('booked');
    expect(inbox()[0]![1]).toMatch(/^staff: no open reminder asked this number/);
  });
});
