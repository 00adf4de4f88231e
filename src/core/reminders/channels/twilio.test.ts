/** The SMS and voice adapters through the real twilio client, against the local stand-in. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TwilioStandin } from '../../../../test/standins/twilio';
import { SendFailure } from '../retry';
import { renderVoice } from '../templates';
import { reminderCallTwiml } from '../twiml';
import { findSentSms, listMessages, sendSms } from './sms';
import { createTwilioClient, type TwilioClient } from './twilioClient';
import { placeCall } from './voice';

let standin: TwilioStandin;
let client: TwilioClient;
let clock = Date.parse('2026-03-09T14:00:00Z');
const FROM = '+15125550000';

beforeAll(async () => {
  standin = await TwilioStandin.start({ now: () => clock });
  client = createTwilioClient({
    accountSid: standin.accountSid,
    authToken: standin.authToken,
    apiBaseUrl: standin.baseUrl,
  });
});
afterAll(async () => {
  await standin.close();
});

describe('sendSms', () => {
  it('returns the provider message id, and the stand-in received the text', async () => {
    const r = await sendSms({
      client,
      to: '+15125550101',
      from: FROM,
      body: 'Hi Ana',
      statusCallback: null,
    });
    expect(r.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(r.status).toBe('queued');
    expect(standin.messages().find((m) => m.sid === r.providerMessageId)).toMatchObject({
      to: '+15125550101',
      from: FROM,
      body: 'Hi Ana',
    });
  });

  it('sends through a messaging service when one is set', async () => {
    const r = await sendSms({
      client,
      to: '+15125550102',
      messagingServiceSid: 'MG' + '1'.repeat(32),
      body: 'x',
    });
    expect(r.status).toBe('accepted');
  });

  it('turns Twilio refusals into permanent failures with words', async () => {
    standin.failFor('+15125550103', 21614);
    await expect(
      sendSms({ client, to: '+15125550103', from: FROM, body: 'x' }),
    ).rejects.toMatchObject({
      kind: 'permanent',
      providerCode: 21614,
      reason: 'the number is not a mobile phone, so it cannot receive SMS',
    });
    standin.failFor('+15125550104', 21610);
    await expect(
      sendSms({ client, to: '+15125550104', from: FROM, body: 'x' }),
    ).rejects.toMatchObject({ kind: 'permanent', providerCode: 21610 });
  });

  it('turns 429 and 5xx into transient failures', async () => {
    standin.failNext({ status: 429, code: 20429 });
    await expect(
      sendSms({ client, to: '+15125550105', from: FROM, body: 'x' }),
    ).rejects.toMatchObject({ kind: 'transient', httpStatus: 429 });
    standin.failNext({ status: 503, code: 20503, message: 'Service Unavailable' });
    await expect(
      sendSms({ client, to: '+15125550105', from: FROM, body: 'x' }),
    ).rejects.toMatchObject({ kind: 'transient', httpStatus: 503 });
  });

  it('refuses what cannot be sent before calling Twilio', async () => {
    await expect(
      sendSms({ client, to: '512-555-0106', from: FROM, body: 'x' }),
    ).rejects.toMatchObject({
      kind: 'permanent',
      reason: 'the number 512-555-0106 is not written in international form (+15125550123)',
    });
    await expect(sendSms({ client, to: '+15125550106', body: 'x' })).rejects.toBeInstanceOf(
      SendFailure,
    );
    await expect(
      sendSms({ client, to: '+15125550106', from: FROM, body: '  ' }),
    ).rejects.toMatchObject({ reason: 'the message text is empty' });
  });

  it('reports an unreachable Twilio as a transient network failure', async () => {
    const down = await TwilioStandin.start();
    const url = down.baseUrl;
    await down.close();
    const offline = createTwilioClient({
      accountSid: standin.accountSid,
      authToken: standin.authToken,
      apiBaseUrl: url,
    });
    const e = await sendSms({ client: offline, to: '+15125550107', from: FROM, body: 'x' }).catch(
      (x: unknown) => x,
    );
    expect(e).toMatchObject({
      kind: 'transient',
      reason: 'network: the server refused the connection',
    });
  });

  it('reports wrong credentials as a permanent settings problem', async () => {
    const wrong = createTwilioClient({
      accountSid: standin.accountSid,
      authToken: 'wrong',
      apiBaseUrl: standin.baseUrl,
    });
    await expect(
      sendSms({ client: wrong, to: '+15125550108', from: FROM, body: 'x' }),
    ).rejects.toMatchObject({
      kind: 'permanent',
      providerCode: 20003,
    });
  });
});

describe('listMessages and reconciliation', () => {
  it('polls inbound replies to our number since the last poll', async () => {
    await standin.settled();
    clock = Date.parse('2026-03-10T09:00:00Z');
    await standin.injectInbound({ from: '+15125550120', to: FROM, body: 'C' });
    clock = Date.parse('2026-03-10T09:05:00Z');
    await standin.injectInbound({ from: '+15125550121', to: FROM, body: 'Sí' });
    const since = await listMessages({
      client,
      to: FROM,
      dateSentAfter: Date.parse('2026-03-10T09:01:00Z'),
    });
    expect(since.map((m) => [m.from, m.body, m.direction])).toEqual([
      ['+15125550121', 'Sí', 'inbound'],
    ]);
    expect(since[0]?.dateSentMs).toBe(Date.parse('2026-03-10T09:05:00Z'));
  });

  it('finds an interrupted send by number, body and time, even while still queued', async () => {
    const to = '+15125550130';
    const body =
      'Riverside: Hi Ana, reminder: your visit is Tue, Mar 10 at 9:30 AM. Reply C to confirm or X to cancel.';
    clock = Date.parse('2026-03-09T10:00:00Z');
    await sendSms({ client, to, from: FROM, body }); // an older, identical text from a previous day
    await standin.settled();
    standin.autoDeliver = false;
    clock = Date.parse('2026-03-10T14:00:05Z');
    const lost = await sendSms({ client, to, from: FROM, body }); // the answer we "lost" in a crash
    standin.autoDeliver = true;
    const found = await findSentSms({
      client,
      to,
      body,
      claimedAtMs: Date.parse('2026-03-10T14:00:00Z'),
    });
    expect(found?.sid).toBe(lost.providerMessageId);
    expect(found?.status).toBe('queued');
    expect(
      await findSentSms({
        client,
        to,
        body: body + ' ',
        claimedAtMs: Date.parse('2026-03-10T14:00:00Z'),
      }),
    ).toBeNull();
    expect(
      await findSentSms({
        client,
        to: '+15125550131',
        body,
        claimedAtMs: Date.parse('2026-03-10T14:00:00Z'),
      }),
    ).toBeNull();
  });
});

describe('placeCall', () => {
  it('places a call carrying our TwiML', async () => {
    const voice = renderVoice({
      language: 'en',
      kind: 'reminder',
      requiresReply: true,
      patientFirstName: 'Ana',
      clinicName: 'Riverside',
      clinicPhone: '+15125550100',
      providerDisplayName: 'Dr. Patel',
      locationName: 'Main St',
      locationAddress: '1 Main St',
      startMs: Date.parse('2026-03-10T14:30:00Z'),
      clinicTimeZone: 'America/Chicago',
    });
    const twiml = reminderCallTwiml({
      voice,
      gatherActionUrl: 'https://desk.example/voice/gather?reminder=1',
    });
    const r = await placeCall({ client, to: '+15125550140', from: FROM, twiml });
    expect(r.providerCallId).toMatch(/^CA[0-9a-f]{32}$/);
    expect(standin.calls().find((c) => c.sid === r.providerCallId)?.twiml).toBe(twiml);
  });

  it('classifies a refused number and refuses a call with nothing to say', async () => {
    standin.failFor('+15125550141', 21211);
    await expect(
      placeCall({ client, to: '+15125550141', from: FROM, twiml: '<Response/>' }),
    ).rejects.toMatchObject({ kind: 'permanent', providerCode: 21211 });
    await expect(placeCall({ client, to: '+15125550142', from: FROM })).rejects.toMatchObject({
      reason: 'the call has nothing to say (no TwiML)',
    });
  });
});
