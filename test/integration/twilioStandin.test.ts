/**
 * The Twilio stand-in, driven by the official twilio client (not by our adapters), so what it
 * accepts is what the real client sends and what it answers is what the real client parses.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TwilioStandin, twilioSignature } from '../standins/twilio';

interface Received {
  path: string;
  url: string;
  signature: string;
  params: Record<string, string>;
}

let standin: TwilioStandin;
let client: twilio.Twilio;
let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
let clock = Date.parse('2026-03-09T14:00:00Z');

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString()));
      received.push({
        path: req.url ?? '',
        url: `${receiverUrl}${req.url ?? ''}`,
        signature: String(req.headers['x-twilio-signature'] ?? ''),
        params,
      });
      res.writeHead(200, { 'Content-Type': 'text/xml' });
      res.end('<Response/>');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  standin = await TwilioStandin.start({ now: () => clock });
  client = twilio(standin.accountSid, standin.authToken);
  client.api.baseUrl = standin.baseUrl;
});

afterAll(async () => {
  await standin.close();
  await new Promise<void>((r) => receiver.close(() => r()));
});

beforeEach(() => {
  received.length = 0;
});

describe('Messages', () => {
  it('accepts a send and answers like Twilio: SM sid, queued, the fields echoed', async () => {
    const m = await client.messages.create({
      to: '+15125550101',
      from: '+15125550000',
      body: 'Riverside: Hi Ana, reminder.',
    });
    expect(m.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(m.status).toBe('queued');
    expect(m.to).toBe('+15125550101');
    expect(m.body).toBe('Riverside: Hi Ana, reminder.');
    expect(m.direction).toBe('outbound-api');
    expect(m.dateCreated.getTime()).toBe(clock);
    expect(m.accountSid).toBe(standin.accountSid);
    await standin.settled();
    const stored = standin.messages().find((x) => x.sid === m.sid);
    expect(stored?.status).toBe('delivered');
  });

  it('answers "accepted" when a messaging service picks the sender', async () => {
    const m = await client.messages.create({
      to: '+15125550102',
      messagingServiceSid: 'MG' + '0'.repeat(32),
      body: 'hello',
    });
    expect(m.status).toBe('accepted');
    expect(m.messagingServiceSid).toBe('MG' + '0'.repeat(32));
  });

  it('fetches one message by sid, and 404s an unknown one with code 20404', async () => {
    const m = await client.messages.create({ to: '+15125550103', from: '+15125550000', body: 'x' });
    const fetched = await client.messages(m.sid).fetch();
    expect(fetched.sid).toBe(m.sid);
    expect(fetched.body).toBe('x');
    await expect(client.messages('SM' + 'f'.repeat(32)).fetch()).rejects.toMatchObject({
      status: 404,
      code: 20404,
    });
  });

  it('lists newest first with To / From filters and follows next_page_uri across pages', async () => {
    const to = '+15125550110';
    for (let i = 0; i < 5; i++) {
      clock += 1000;
      await client.messages.create({ to, from: '+15125550000', body: `page test ${i}` });
    }
    await client.messages.create({ to: '+15125550111', from: '+15125550000', body: 'other' });
    await standin.settled();
    const firstPage = await client.messages.page({ to, pageSize: 2 });
    expect(firstPage.instances.map((m) => m.body)).toEqual(['page test 4', 'page test 3']);
    expect(firstPage.nextPageUrl).toContain(standin.baseUrl);
    const all = await client.messages.list({ to, pageSize: 2 });
    expect(all.map((m) => m.body)).toEqual([4, 3, 2, 1, 0].map((i) => `page test ${i}`));
    const none = await client.messages.list({ to, from: '+15125559999' });
    expect(none).toEqual([]);
  });

  it('filters on DateSent> and DateSent< (inclusive) and leaves out messages not sent yet', async () => {
    const to = '+15125550120';
    const base = Date.parse('2026-04-01T10:00:00Z');
    for (let i = 0; i < 3; i++) {
      clock = base + i * 3_600_000;
      await client.messages.create({ to, from: '+15125550000', body: `at ${i}` });
      await standin.settled();
    }
    standin.autoDeliver = false;
    clock = base + 4 * 3_600_000;
    await client.messages.create({ to, from: '+15125550000', body: 'still queued' });
    standin.autoDeliver = true;
    const after = await client.messages.list({ to, dateSentAfter: new Date(base + 3_600_000) });
    expect(after.map((m) => m.body)).toEqual(['at 2', 'at 1']);
    const before = await client.messages.list({ to, dateSentBefore: new Date(base + 3_600_000) });
    expect(before.map((m) => m.body)).toEqual(['at 1', 'at 0']);
    const everything = await client.messages.list({ to });
    expect(everything[0]?.body).toBe('still queued');
    expect(everything[0]?.dateSent).toBeNull();
  });

  it('refuses bad credentials with 401 and code 20003', async () => {
    const wrong = twilio(standin.accountSid, 'not-the-token');
    wrong.api.baseUrl = standin.baseUrl;
    await expect(
      wrong.messages.create({ to: '+15125550130', from: '+15125550000', body: 'x' }),
    ).rejects.toMatchObject({ status: 401, code: 20003 });
    expect(standin.messages().some((m) => m.to === '+15125550130')).toBe(false);
  });

  it('validates like Twilio: an invalid To is 21211, a missing Body 21602', async () => {
    await expect(
      client.messages.create({ to: '5125550131', from: '+15125550000', body: 'x' }),
    ).rejects.toMatchObject({
      status: 400,
      code: 21211,
      moreInfo: 'https://www.twilio.com/docs/errors/21211',
    });
    await expect(
      client.messages.create({ to: '+15125550131', from: '+15125550000' }),
    ).rejects.toMatchObject({ status: 400, code: 21602 });
  });

  it('fails the next send on request, then works again', async () => {
    standin.failNext({ code: 20500, status: 500, message: 'Internal Server Error' });
    await expect(
      client.messages.create({ to: '+15125550140', from: '+15125550000', body: 'x' }),
    ).rejects.toMatchObject({ status: 500 });
    const ok = await client.messages.create({
      to: '+15125550140',
      from: '+15125550000',
      body: 'x',
    });
    expect(ok.status).toBe('queued');
  });

  it('refuses an opted-out number on every send with 21610', async () => {
    standin.failFor('+15125550150', 21610);
    for (let i = 0; i < 2; i++) {
      await expect(
        client.messages.create({ to: '+15125550150', from: '+15125550000', body: 'x' }),
      ).rejects.toMatchObject({
        status: 400,
        code: 21610,
        message: 'Attempt to send to unsubscribed recipient',
      });
    }
  });

  it('simulates a per-sender rate limit with 429 / 20429 on the stand-in clock', async () => {
    standin.simulateRateLimit({ perSecond: 1 });
    clock = Date.parse('2026-05-01T10:00:00Z');
    await client.messages.create({ to: '+15125550160', from: '+15125550001', body: 'a' });
    await expect(
      client.messages.create({ to: '+15125550161', from: '+15125550001', body: 'b' }),
    ).rejects.toMatchObject({ status: 429, code: 20429 });
    // Another sender has its own budget.
    await client.messages.create({ to: '+15125550162', from: '+15125550002', body: 'c' });
    clock += 1000;
    await client.messages.create({ to: '+15125550161', from: '+15125550001', body: 'b' });
    standin.simulateRateLimit(null);
  });
});

describe('webhooks are signed as Twilio signs them', () => {
  it('posts queued → sent → delivered to StatusCallback, each accepted by twilio.validateRequest', async () => {
    const m = await client.messages.create({
      to: '+15125550170',
      from: '+15125550000',
      body: 'x',
      statusCallback: `${receiverUrl}/status?row=7`,
    });
    await standin.settled();
    const mine = received.filter((r) => r.params.MessageSid === m.sid);
    expect(mine.map((r) => r.params.MessageStatus)).toEqual(['sent', 'delivered']);
    for (const r of mine) {
      expect(r.path).toBe('/status?row=7');
      expect(twilio.validateRequest(standin.authToken, r.signature, r.url, r.params)).toBe(true);
      expect(twilio.getExpectedTwilioSignature(standin.authToken, r.url, r.params)).toBe(
        r.signature,
      );
    }
  });

  it('reports a 3xxxx delivery failure on the callback (undelivered + ErrorCode), not on the POST', async () => {
    standin.failFor('+15125550180', 30006);
    const m = await client.messages.create({
      to: '+15125550180',
      from: '+15125550000',
      body: 'x',
      statusCallback: `${receiverUrl}/status`,
    });
    expect(m.status).toBe('queued');
    await standin.settled();
    const last = received.filter((r) => r.params.MessageSid === m.sid).at(-1);
    expect(last?.params).toMatchObject({ MessageStatus: 'undelivered', ErrorCode: '30006' });
    const fetched = await client.messages(m.sid).fetch();
    expect(fetched.status).toBe('undelivered');
    expect(fetched.errorCode).toBe(30006);
  });

  it('posts an inbound text to the webhook, lists it as inbound, and a tampered copy fails validation', async () => {
    standin.inboundWebhookUrl = `${receiverUrl}/sms/inbound`;
    const { sid, webhook } = await standin.injectInbound({
      from: '+15125550190',
      to: '+15125550000',
      body: 'Sí',
    });
    expect(webhook?.responseStatus).toBe(200);
    const r = received.find((x) => x.params.MessageSid === sid)!;
    expect(r.params).toMatchObject({ From: '+15125550190', To: '+15125550000', Body: 'Sí' });
    expect(twilio.validateRequest(standin.authToken, r.signature, r.url, r.params)).toBe(true);
    expect(
      twilio.validateRequest(standin.authToken, r.signature, r.url, { ...r.params, Body: 'X' }),
    ).toBe(false);
    expect(
      twilio.validateRequest(standin.authToken, r.signature, `${receiverUrl}/other`, r.params),
    ).toBe(false);
    expect(twilio.validateRequest('another-token', r.signature, r.url, r.params)).toBe(false);
    const inbound = await client.messages.list({ from: '+15125550190' });
    expect(inbound[0]).toMatchObject({ sid, direction: 'inbound', body: 'Sí', status: 'received' });
  });

  it('computes the documented example signature', () => {
    // The vector from Twilio's request-validator tests (twilio-python, twilio-php docs): this URL, params and token give this signature.
    const params = {
      CallSid: 'CA1234567890ABCDE',
      Caller: '+14158675309',
      Digits: '1234',
      From: '+14158675309',
      To: '+18005551212',
    };
    const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
    const sig = twilioSignature({ authToken: '12345', url, params });
    expect(sig).toBe(twilio.getExpectedTwilioSignature('12345', url, params));
    expect(sig).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
  });
});

describe('Calls', () => {
  it('places a call with inline TwiML and posts the completed status, signed', async () => {
    const twiml = '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Hello</Say></Response>';
    const call = await client.calls.create({
      to: '+15125550200',
      from: '+15125550000',
      twiml,
      statusCallback: `${receiverUrl}/call-status`,
    });
    expect(call.sid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(call.status).toBe('queued');
    expect(standin.calls().find((c) => c.sid === call.sid)?.twiml).toBe(twiml);
    await standin.settled();
    const r = received.find((x) => x.params.CallSid === call.sid)!;
    expect(r.params.CallStatus).toBe('completed');
    expect(twilio.validateRequest(standin.authToken, r.signature, r.url, r.params)).toBe(true);
  });

  it('refuses a call with neither Url nor Twiml (21205)', async () => {
    await expect(
      client.calls.create({ to: '+15125550201', from: '+15125550000' } as unknown as {
        to: string;
        from: string;
        url: string;
      }),
    ).rejects.toMatchObject({ status: 400, code: 21205 });
  });
});
