/**
 * Provider absence, the parts without a database: the inputs, the proposal tiers in the clinic's
 * words, and the notice text. The job itself is service/absence.ts.
 */
import { z } from 'zod';
import { id, instant } from '../entities/common';
import { addTimeOffInput } from '../entities/schedule';

/** Where a proposal came from, in the order they are tried. */
export const ABSENCE_TIERS = ['same_provider', 'same_specialty', 'anyone'] as const;
export type AbsenceTier = (typeof ABSENCE_TIERS)[number];

export const TIER_WORDS: Readonly<Record<AbsenceTier, string>> = {
  same_provider: 'same provider, later',
  same_specialty: 'same specialty, in network, speaks the language',
  anyone: 'another provider who sees this patient',
};

/**
 * How far each tier looks. The same provider is worth a short wait (two weeks after the absence:
 * the patient keeps their doctor); a colleague a week or two from the original time; anyone up to
 * a month, after which staff should phone rather than propose a far-off visit by text.
 */
export const SAME_PROVIDER_DAYS = 14;
export const SAME_SPECIALTY_DAYS = 14;
export const ANYONE_DAYS = 31;

/** A moved patient who has not answered the notice four hours after it went out is phoned. */
export const ANSWER_WITHIN_MINUTES = 240;

/** The span of an absence: whole local days or exact instants, as time off is given. */
export const absenceSpanInput = addTimeOffInput;
export type AbsenceSpanInput = z.output<typeof absenceSpanInput>;

export const absenceChoiceInput = z
  .object({
    itemId: id('absence item'),
    /** move: to the given time (another opening); cancel: a provider bump, the patient is told. */
    action: z.enum(['move', 'cancel'], { error: 'action must be move or cancel' }),
    providerId: id('provider').optional(),
    locationId: id('location').optional(),
    start: instant('start').optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.action !== 'move') return;
    for (const k of ['providerId', 'locationId', 'start'] as const) {
      if (c[k] === undefined)
        ctx.addIssue({ code: 'custom', path: [k], message: `${k} is required to move a visit` });
    }
  });
export type AbsenceChoiceInput = z.output<typeof absenceChoiceInput>;

/** The text the patient receives (SMS): the new time, who, where, and how to answer. */
export function absenceNoticeSms(p: {
  language: string;
  clinicName: string;
  firstName: string;
  absentName: string;
  newProviderName: string;
  sameProvider: boolean;
  newWhen: string;
  locationName: string;
}): string {
  if (p.language.toLowerCase().startsWith('es')) {
    const who = p.sameProvider ? '' : ` con ${p.newProviderName}`;
    return `${p.clinicName}: Hola ${p.firstName}, ${p.absentName} no estará disponible. Cambiamos su cita al ${p.newWhen}${who} en ${p.locationName}. Responda C para confirmar, X para cancelar o R para que le llamemos.`;
  }
  const who = p.sameProvider ? `with ${p.absentName}` : `with ${p.newProviderName}`;
  return `${p.clinicName}: Hi ${p.firstName}, ${p.absentName} is unavailable, so we moved your visit to ${p.newWhen} ${who} at ${p.locationName}. Reply C to confirm, X to cancel, R for a call back.`;
}
