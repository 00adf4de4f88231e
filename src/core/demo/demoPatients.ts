/**
 * The demo clinic's 2,000 patients and who looks after them: names and preferred languages drawn
 * together (a Vietnamese surname with a preference for Vietnamese, never at random), an age mix
 * with a fifth children, fictional 555-01xx phone numbers, example.com e-mails, addresses in ZIPs
 * around the three sites, consents and a preferred channel the API would accept.
 * Each patient also gets a primary care provider and, by age and sex, specialists; the appointment
 * generator books from those panels.
 */
import type { PatientCreateInput } from '../entities/patient';
import { dayNumber, fromDayNumber, type LocalDate } from '../time';
import {
  AREA_CODES,
  GENERAL_FIRST,
  GENERAL_LAST,
  GENERAL_WEIGHT,
  NAME_GROUPS,
  STREET_NAMES,
  STREET_SUFFIXES,
  ZIPS_NEAR,
  type DemoProvider,
  type LocationKey,
  type NameGroup,
} from './demoData';
import type { Rng } from './random';

export interface DemoPatient {
  index: number;
  record: PatientCreateInput;
  dobDay: number;
  /** Birth date as numbers, for fast age arithmetic. */
  dob: readonly [number, number, number];
  home: LocationKey;
  /** Latent tendency to miss appointments (added to the no-show log-odds). */
  noShowRisk: number;
  /** How often this patient comes in, relative to others on the same panel. */
  activity: number;
  pregnant: boolean;
}

/** One patient on one provider's panel. */
export interface PanelEntry {
  patient: number;
  provider: number;
  weight: number;
  /**
   * 'established': seen before (may book established-patient visits); 'new': not seen yet, can be
   * booked a new-patient visit from `newFromDay`; 'pending': a first visit is booked in the future.
   */
  state: 'established' | 'new' | 'pending';
  newFromDay: number;
  lastVisitDay: number;
}

const AGE_BANDS: readonly (readonly [number, number, number])[] = [
  // [from, to (exclusive), share %]
  [0, 1, 1.5],
  [1, 5, 5.5],
  [5, 13, 8],
  [13, 18, 6],
  [18, 35, 20],
  [35, 50, 19],
  [50, 65, 21],
  [65, 80, 14],
  [80, 96, 5],
];

const HOME_WEIGHTS: readonly (readonly [LocationKey, number])[] = [
  ['midtown', 42],
  ['cary', 33],
  ['durham', 25],
];

function stripAccents(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
}

function asciiWord(s: string): string {
  return stripAccents(s)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

function generalFirst(rng: Rng, birthYear: number, female: boolean): string {
  const era =
    birthYear < 1965
      ? GENERAL_FIRST.before1965
      : birthYear < 1995
        ? GENERAL_FIRST.from1965to1994
        : GENERAL_FIRST.from1995;
  return rng.pick(female ? era.female : era.male);
}

function phoneNumber(rng: Rng): string {
  const area = rng.weighted(AREA_CODES, ([, w]) => w)[0];
  // 555-0100 through 555-0199 are reserved for fiction in every NANP area code.
  return `+1${area}55501${String(rng.int(0, 99)).padStart(2, '0')}`;
}

function email(rng: Rng, first: string, last: string, birthYear: number): string {
  const f = asciiWord(first) || 'patient';
  const l = asciiWord(last.split(/[\s-]/)[0] ?? last) || 'demo';
  const domain = rng.weighted(
    [
      ['example.com', 5],
      ['example.org', 3],
      ['example.net', 2],
    ] as const,
    ([, w]) => w,
  )[0];
  const yy = String(birthYear % 100).padStart(2, '0');
  const style = rng.int(0, 4);
  const local =
    style === 0
      ? `${f}.${l}`
      : style === 1
        ? `${f[0]}${l}${rng.int(1, 99)}`
        : style === 2
          ? `${f}${yy}`
          : style === 3
            ? `${f}_${l}`
            : `${l}.${f}${rng.int(1, 9)}`;
  return `${local}@${domain}`;
}

/** Births spread over each band; the birth date is never after today. */
function birthDate(rng: Rng, todayDay: number): number {
  const band = rng.weighted(AGE_BANDS, (b) => b[2]);
  const ageYears = band[0] + rng.next() * (band[1] - band[0]);
  return todayDay - Math.floor(ageYears * 365.2425);
}

function chooseGroup(rng: Rng): NameGroup | null {
  const options: (NameGroup | null)[] = [null, ...NAME_GROUPS];
  return rng.weighted(options, (g) => (g === null ? GENERAL_WEIGHT : g.weight));
}

export function generatePatients(params: {
  rng: Rng;
  count: number;
  today: LocalDate;
}): DemoPatient[] {
  const { rng, count } = params;
  const todayDay = dayNumber(params.today);
  const out: DemoPatient[] = [];
  for (let index = 0; index < count; index++) {
    const dobDay = birthDate(rng, todayDay);
    const dateOfBirth = fromDayNumber(dobDay);
    const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
    const ageNow = (todayDay - dobDay) / 365.2425;
    const sexRoll = rng.next();
    const sex: 'F' | 'M' | 'X' = sexRoll < 0.515 ? 'F' : sexRoll < 0.995 ? 'M' : 'X';
    const female = sex === 'F' || (sex === 'X' && rng.chance(0.5));
    const group = chooseGroup(rng);
    let firstName: string;
    let lastName: string;
    let language = 'en';
    if (group === null) {
      firstName = generalFirst(rng, by, female);
      lastName = rng.pick(GENERAL_LAST);
      if (rng.chance(0.03)) lastName = `${lastName}-${rng.pick(GENERAL_LAST)}`;
    } else {
      // US-born younger patients often carry a general first name and speak English.
      const americanized = by >= 1990 && rng.chance(0.35);
      firstName = americanized
        ? generalFirst(rng, by, female)
        : rng.pick(female ? group.female : group.male);
      lastName = rng.pick(group.last);
      if (group.key === 'hispanic' && rng.chance(0.18)) {
        const second = rng.pick(group.last);
        if (second !== lastName) lastName = `${lastName} ${second}`;
      }
      // Many registrations drop accents ("Jose Garcia"); search finds both spellings.
      if ((group.key === 'hispanic' || group.key === 'haitian') && rng.chance(0.45)) {
        firstName = stripAccents(firstName);
        lastName = stripAccents(lastName);
      }
      if (!americanized && rng.chance(group.langShare)) language = group.lang;
    }
    const home = rng.weighted(HOME_WEIGHTS, ([, w]) => w)[0];
    const [zip, city] = rng.pick(ZIPS_NEAR[rng.chance(0.9) ? home : rng.pick(HOME_WEIGHTS)[0]]);
    const child = ageNow < 18;
    const senior = ageNow >= 65;
    const phoneMobile = rng.chance(child ? 0.8 : senior ? 0.78 : 0.93) ? phoneNumber(rng) : null;
    const phoneHome =
      rng.chance(senior ? 0.45 : 0.15) || phoneMobile === null ? phoneNumber(rng) : null;
    const mail = rng.chance(child ? 0.3 : senior ? 0.4 : 0.72)
      ? email(rng, firstName, lastName, by)
      : null;
    const smsConsent = phoneMobile !== null && rng.chance(0.74);
    const emailConsent = mail !== null && rng.chance(0.66);
    const voiceConsent = rng.chance(senior ? 0.6 : 0.2);
    const channels: ['sms' | 'email' | 'voice', number][] = [];
    if (smsConsent) channels.push(['sms', 3]);
    if (emailConsent) channels.push(['email', 1.5]);
    if (voiceConsent) channels.push(['voice', senior ? 3 : 0.5]);
    const preferredChannel = channels.length ? rng.weighted(channels, ([, w]) => w)[0] : 'none';
    const address1 = rng.chance(0.93)
      ? `${rng.int(100, 9899)} ${rng.pick(STREET_NAMES)} ${rng.pick(STREET_SUFFIXES)}${rng.chance(0.12) ? ` Apt ${rng.int(1, 40)}${rng.pick(['', 'A', 'B', 'C'])}` : ''}`
      : null;
    const record: PatientCreateInput = {
      firstName,
      lastName,
      dateOfBirth,
      sex,
      phoneMobile,
      phoneHome,
      email: mail,
      address1,
      city: address1 ? city : null,
      state: address1 ? 'NC' : null,
      zip: address1 ? zip : null,
      preferredLanguage: language,
      smsConsent,
      emailConsent,
      voiceConsent,
      preferredChannel,
    };
    const youngAdult = ageNow >= 18 && ageNow < 30;
    out.push({
      index,
      record,
      dobDay,
      dob: [by, bm, bd],
      home,
      noShowRisk: rng.normal() * 0.85 + (youngAdult ? 0.3 : 0) + (ageNow >= 65 ? -0.4 : 0),
      // Log-normal: most patients come a few times, a few (chronic illness) very often.
      activity:
        Math.min(2.5, Math.exp(rng.normal() * 0.5)) * (ageNow >= 65 ? 1.5 : ageNow < 2 ? 1.6 : 1),
      pregnant: sex === 'F' && ageNow >= 19 && ageNow < 42 && rng.chance(0.09),
    });
  }
  return out;
}

/**
 * Panels: every patient has a primary care provider (pediatrics or family medicine for children,
 * family or internal medicine for adults), chosen with a pull towards their home site and a
 * shared language; specialists by age and sex. About one in five panel places belongs to a
 * patient who is new to that provider during the six months of history.
 */
export function assignPanels(params: {
  rng: Rng;
  patients: readonly DemoPatient[];
  providers: readonly DemoProvider[];
  /** Days (day numbers) of the first date of history and of the last date generated. */
  firstDay: number;
  lastDay: number;
  todayDay: number;
}): PanelEntry[][] {
  const { rng, patients, providers } = params;
  const panels: PanelEntry[][] = providers.map(() => []);
  const sites = providers.map((p) => new Set(p.weekly.map((w) => w.location)));
  const bySpecialty = (keys: readonly string[]) =>
    providers.map((p, i) => ({ p, i })).filter((x) => keys.includes(x.p.specialty));
  const add = (
    patient: DemoPatient,
    candidates: { p: DemoProvider; i: number }[],
    weight: number,
  ) => {
    const chosen = rng.weighted(candidates, ({ p, i }) => {
      let w = sites[i]!.has(patient.home) ? 3 : 1;
      if (
        patient.record.preferredLanguage !== 'en' &&
        p.languages.includes(patient.record.preferredLanguage)
      )
        w *= 6;
      return w;
    });
    const closedPanel = !chosen.p.acceptsNewPatients;
    const bornInWindow = patient.dobDay > params.firstDay;
    const isNew = !closedPanel && (bornInWindow || rng.chance(0.22));
    panels[chosen.i]!.push({
      patient: patient.index,
      provider: chosen.i,
      weight: weight * patient.activity,
      state: isNew ? 'new' : 'established',
      newFromDay: isNew
        ? Math.max(patient.dobDay, rng.int(params.firstDay, params.lastDay))
        : params.firstDay,
      lastVisitDay: -Infinity,
    });
  };
  const peds = bySpecialty(['pediatrics']);
  const family = bySpecialty(['family']);
  const primaryAdult = bySpecialty(['family', 'internal']);
  const cardiology = bySpecialty(['cardiology']);
  const dermatology = bySpecialty(['dermatology']);
  const obgyn = bySpecialty(['obgyn']);
  for (const patient of patients) {
    const age = (params.todayDay - patient.dobDay) / 365.2425;
    if (age < 18) {
      add(patient, rng.chance(0.75) ? peds : family, 1);
    } else {
      const internalShare = age >= 40 ? 0.5 : 0.2;
      add(
        patient,
        rng.chance(internalShare)
          ? primaryAdult.filter((x) => x.p.specialty === 'internal')
          : family,
        1,
      );
    }
    // Specialist panels are wide: 2,000 patients have to fill twelve full calendars, so more of
    // them see a specialist than in a real practice of this size, and each one less often.
    if (age >= 30 && rng.chance(Math.min(0.6, 0.05 + (age - 30) * 0.012)))
      add(patient, cardiology, 0.8);
    if (rng.chance(age >= 12 ? 0.35 : 0.08)) add(patient, dermatology, 0.7);
    if (patient.record.sex === 'F' && age >= 13 && age < 76) {
      if (patient.pregnant || rng.chance(age >= 18 && age < 46 ? 0.6 : 0.45))
        add(patient, obgyn, patient.pregnant ? 2.5 : 0.8);
    }
  }
  return panels;
}
