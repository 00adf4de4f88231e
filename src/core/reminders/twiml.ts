/**
 * The TwiML a reminder call runs: read the reminder, ask for 1 (confirm) or 2 (cancel), ask once
 * more when nothing was pressed, then say how to reach the clinic. Built with the twilio library's
 * VoiceResponse so the XML escaping and attribute names are Twilio's own.
 */
import type twilio from 'twilio';
import { lazyPackage } from '../lazy';

const twilioPackage = lazyPackage<typeof import('twilio')>('twilio');
import type { MessageLanguage, VoiceContent } from './templates';

type SayAttributes = Parameters<InstanceType<typeof twilio.twiml.VoiceResponse>['say']>[0];

/** Amazon Polly neural voices Twilio offers for US English and US Spanish. */
const VOICES = {
  en: { language: 'en-US', voice: 'Polly.Joanna-Neural' },
  es: { language: 'es-US', voice: 'Polly.Lupe-Neural' },
} as const satisfies Record<MessageLanguage, SayAttributes>;

function sayAttributes(lang: MessageLanguage): SayAttributes {
  return { language: VOICES[lang].language, voice: VOICES[lang].voice };
}

/**
 * The call's opening TwiML. `gatherActionUrl` receives Twilio's POST with Digits; it should carry
 * the outbox id (…/voice/gather?reminder=123) so the answer lands on the right appointment.
 */
export function reminderCallTwiml(args: {
  voice: VoiceContent;
  gatherActionUrl: string;
  /** Seconds to wait for a key after the prompt; Twilio's default is 5. */
  timeoutSeconds?: number;
}): string {
  const { voice, gatherActionUrl } = args;
  const say = sayAttributes(voice.language);
  const r = new (twilioPackage().twiml.VoiceResponse)();
  if (!voice.prompt) {
    // Nothing to answer (a cancellation notice): read it twice, since an answering machine may
    // have cut the start.
    r.say({ ...say, loop: 2 }, voice.script);
    return r.toString();
  }
  const gatherOptions = {
    input: ['dtmf' as const],
    numDigits: 1,
    action: gatherActionUrl,
    method: 'POST',
    timeout: args.timeoutSeconds ?? 6,
  };
  const first = r.gather(gatherOptions);
  first.say(say, voice.script);
  first.say(say, voice.prompt);
  // Twilio falls through to the next verb when nothing is pressed: ask once more, then give up.
  const again = r.gather(gatherOptions);
  again.say(say, voice.prompt);
  r.say(say, voice.noAnswer);
  return r.toString();
}

export type GatherAnswer = 'confirm' | 'cancel' | 'none' | 'invalid';

/** Twilio posts the pressed keys as `Digits`: "1" confirms, "2" cancels. */
export function parseGatherDigits(digits: string | null | undefined): GatherAnswer {
  const d = (digits ?? '').trim();
  if (d === '') return 'none';
  if (d === '1') return 'confirm';
  if (d === '2') return 'cancel';
  return 'invalid';
}

/** What the call says after the patient pressed a key (the gather action's response). */
export function gatherReplyTwiml(args: {
  voice: VoiceContent;
  answer: GatherAnswer;
  /** Where to go to ask again after an unknown key; the same action URL as the first gather. */
  gatherActionUrl: string;
}): string {
  const { voice, answer } = args;
  const say = sayAttributes(voice.language);
  const r = new (twilioPackage().twiml.VoiceResponse)();
  if (answer === 'confirm') r.say(say, voice.confirmed);
  else if (answer === 'cancel') r.say(say, voice.cancelled);
  else {
    if (answer === 'invalid') r.say(say, voice.invalid);
    const g = r.gather({
      input: ['dtmf'],
      numDigits: 1,
      action: args.gatherActionUrl,
      method: 'POST',
      timeout: 6,
    });
    g.say(say, voice.prompt);
    r.say(say, voice.noAnswer);
  }
  return r.toString();
}
