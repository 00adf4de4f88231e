/**
 * reminders.planMs: the outbox planned for 10,000 appointments (what 10,000 bookings add to their
 * transactions, summed; target ≤ 2,000 ms). reminders.dispatchPerSec: SMS sent by the dispatcher
 * through the real twilio client to the Twilio stand-in over loopback HTTP, with the rate limit
 * off (target ≥ 500/s). `npx tsx bench/reminders.ts` prints both; bench/run.ts can call
 * benchReminders().
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getMessagingSettings } from '../src/core/db/repos/reminders';
import { stmt } from '../src/core/db/repos/statements';
import { runDispatcher } from '../src/core/reminders/dispatcher';
import { planAfterBooking } from '../src/core/reminders/outbox';
import { transportFromSettings } from '../src/core/reminders/transport';

const APPOINTMENTS = 10_000;
const DISPATCHED = 2_000;

export async function benchReminders(): Promise<{ planMs: number; dispatchPerSec: number }> {
  const { openTestApi, buildTinyClinic } = await import('../test/helpers/tinyClinic');
  const { TwilioStandin } = await import('../test/standins/twilio');
  const t = openTestApi();
  const standin = await TwilioStandin.start({ now: () => t.now });
  try {
    const c = buildTinyClinic(t);
    const db = t.db;
    // Appointments written directly (booking itself is measured elsewhere), one provider per
    // 30-minute slot round the clock from Thursday on, each with its own patient.
    const slot = 30 * 60_000;
    const first = Date.parse('2026-03-05T14:00:00Z');
    const ids: number[] = [];
    db.sqlite.transaction(() => {
      const patient = stmt(
        db.sqlite,
        `INSERT INTO patients (first_name, last_name, date_of_birth, phone_mobile, email, sms_consent, email_consent,
           preferred_channel, last_name_key, first_name_key, created_ms, updated_ms)
         VALUES ('Pat', 'Bench', '1980-01-01', ?, ?, 1, 1, 'none', 'bench', 'pat', ?, ?)`,
      );
      const appt = stmt(
        db.sqlite,
        `INSERT INTO appointments (confirmation_code, patient_id, provider_id, location_id, visit_type_id, start_ms, end_ms,
           status, booked_by, booked_from, created_ms, updated_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'booked', 'bench', 'bench', ?, ?)`,
      );
      for (let i = 0; i < APPOINTMENTS; i++) {
        const phone = `+1512${String(2_000_000 + i).padStart(7, '0')}`;
        const pid = Number(patient.run(phone, `p${i}@bench.example`, t.now, t.now).lastInsertRowid);
        const provider = c.providers[i % c.providers.length]!.id;
        const start = first + Math.floor(i / c.providers.length) * slot;
        ids.push(
          Number(
            appt.run(
              `B${i}`,
              pid,
              provider,
              c.loc.id,
              c.visit.id,
              start,
              start + slot,
              t.now,
              t.now,
            ).lastInsertRowid,
          ),
        );
      }
    })();

    const ctx = { db, now: t.now, actor: 'bench', origin: 'bench' };
    const started = performance.now();
    db.sqlite.transaction(() => {
      for (const id of ids) planAfterBooking(ctx, id);
    })();
    const planMs = performance.now() - started;

    // Dispatch: DISPATCHED texts due now, everything else set aside.
    t.call('messaging/setSettings', {
      twilioAccountSid: standin.accountSid,
      twilioAuthToken: standin.authToken,
      twilioFrom: '+15125550000',
      twilioApiBaseUrl: standin.baseUrl,
      ratePerSecond: 0,
    });
    db.sqlite.exec(`UPDATE reminders SET status = 'cancelled' WHERE status = 'scheduled'`);
    db.sqlite
      .prepare(
        `UPDATE reminders SET status = 'scheduled', due_ms = ? WHERE id IN (
           SELECT id FROM reminders WHERE status = 'cancelled' AND channel = 'sms' AND touchpoint_key = 'sms-24h'
             ORDER BY id LIMIT ?)`,
      )
      .run(t.now, DISPATCHED);
    const transport = transportFromSettings(getMessagingSettings(db), t.secrets);
    let sent = 0;
    const t0 = performance.now();
    for (;;) {
      const r = await runDispatcher({ db, clock: () => t.now, transport, batch: 500 });
      sent += r.sent;
      if (r.claimed === 0) break;
    }
    const elapsed = performance.now() - t0;
    if (sent !== DISPATCHED) throw new Error(`dispatched ${sent} of ${DISPATCHED} texts`);
    return {
      planMs: Math.round(planMs),
      dispatchPerSec: Math.round((sent * 1000) / elapsed),
    };
  } finally {
    await standin.close();
    t.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await benchReminders();
  console.log(
    `reminders: planned ${APPOINTMENTS.toLocaleString('en-US')} appointments in ${r.planMs} ms (target ≤ 2,000); ` +
      `dispatched ${r.dispatchPerSec.toLocaleString('en-US')} SMS/s (target ≥ 500)`,
  );
}
