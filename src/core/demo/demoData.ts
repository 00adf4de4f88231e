/**
 * The fixed part of the demo clinic: a made-up three-site practice in the Raleigh–Durham area
 * (America/New_York), its providers, visit types and weekly templates, and the word lists that
 * patients are drawn from. Every phone number is in the NANP fictional range 555-0100…0199, every
 * e-mail domain is example.com/.org/.net, and no address or name belongs to a real practice.
 */

/** "Linda, Barbara" -> ['Linda', 'Barbara']: keeps long name lists readable under Prettier. */
function list(names: string): readonly string[] {
  return names
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
}

export type SpecialtyKey =
  'family' | 'pediatrics' | 'internal' | 'cardiology' | 'dermatology' | 'obgyn';

/** NUCC taxonomy codes, all in entities/specialty.ts COMMON_SPECIALTIES. */
export const SPECIALTY_CODES: Readonly<Record<SpecialtyKey, string>> = {
  family: '207Q00000X',
  pediatrics: '208000000X',
  internal: '207R00000X',
  cardiology: '207RC0000X',
  dermatology: '207N00000X',
  obgyn: '207V00000X',
};

export const CLINIC_NAME = 'Riverbend Medical Group';
export const CLINIC_ZONE = 'America/New_York';

export type LocationKey = 'midtown' | 'cary' | 'durham';

export interface DemoLocation {
  key: LocationKey;
  name: string;
  address1: string;
  address2: string | null;
  city: string;
  state: string;
  zip: string;
  lat: number;
  lon: number;
  /** E.164, as the API stores phones. */
  phone: string;
}

export const LOCATIONS: readonly DemoLocation[] = [
  {
    key: 'midtown',
    name: 'Riverbend Midtown',
    address1: '4120 Brookhollow Pkwy',
    address2: 'Suite 200',
    city: 'Raleigh',
    state: 'NC',
    zip: '27609',
    lat: 35.8421,
    lon: -78.6427,
    phone: '+19195550140',
  },
  {
    key: 'cary',
    name: 'Riverbend Cary',
    address1: '1275 Kildare Commons Way',
    address2: 'Suite 110',
    city: 'Cary',
    state: 'NC',
    zip: '27518',
    lat: 35.7366,
    lon: -78.7794,
    phone: '+19195550150',
  },
  {
    key: 'durham',
    name: 'Riverbend Durham',
    address1: '2800 Shannon Glen Dr',
    address2: 'Building B',
    city: 'Durham',
    state: 'NC',
    zip: '27707',
    lat: 35.9712,
    lon: -78.9504,
    phone: '+19845550160',
  },
];

/** ZIP codes patients live in, grouped by the site they are closest to. */
export const ZIPS_NEAR: Readonly<Record<LocationKey, readonly (readonly [string, string])[]>> = {
  midtown: [
    ['27609', 'Raleigh'],
    ['27612', 'Raleigh'],
    ['27615', 'Raleigh'],
    ['27604', 'Raleigh'],
    ['27608', 'Raleigh'],
    ['27605', 'Raleigh'],
    ['27616', 'Raleigh'],
    ['27614', 'Raleigh'],
    ['27610', 'Raleigh'],
    ['27601', 'Raleigh'],
    ['27587', 'Wake Forest'],
    ['27529', 'Garner'],
  ],
  cary: [
    ['27511', 'Cary'],
    ['27513', 'Cary'],
    ['27518', 'Cary'],
    ['27519', 'Cary'],
    ['27502', 'Apex'],
    ['27539', 'Apex'],
    ['27523', 'Apex'],
    ['27560', 'Morrisville'],
    ['27606', 'Raleigh'],
    ['27540', 'Holly Springs'],
  ],
  durham: [
    ['27701', 'Durham'],
    ['27703', 'Durham'],
    ['27704', 'Durham'],
    ['27705', 'Durham'],
    ['27707', 'Durham'],
    ['27713', 'Durham'],
    ['27712', 'Durham'],
    ['27514', 'Chapel Hill'],
    ['27516', 'Chapel Hill'],
    ['27517', 'Chapel Hill'],
  ],
};

/** Area codes of patients' phones: mostly local, some kept from a previous home. */
export const AREA_CODES: readonly (readonly [string, number])[] = [
  ['919', 46],
  ['984', 20],
  ['336', 6],
  ['252', 5],
  ['910', 5],
  ['704', 5],
  ['828', 2],
  ['404', 2],
  ['305', 2],
  ['212', 2],
  ['347', 1],
  ['512', 1],
  ['617', 1],
  ['773', 1],
  ['703', 1],
];

export const STREET_NAMES = [
  'Oak Hollow',
  'Pine Ridge',
  'Laurel Springs',
  'Millbrook',
  'Cedar Fork',
  'Willow Bend',
  'Magnolia Trace',
  'Briar Creek',
  'Stonehaven',
  'Falls Meadow',
  'Hickory Glen',
  'Sycamore',
  'Dogwood',
  'Harbor Oaks',
  'Tanglewood',
  'Quail Hollow',
  'Crabtree Valley',
  'Autumn Leaf',
  'Red Maple',
  'Creekside',
  'Hunters Ridge',
  'Weston Park',
  'Bramble',
  'Carolina Pines',
  'Fox Run',
  'Heritage Oaks',
  'Lake Wheeler',
  'Beacon Hill',
  'Summerwind',
  'Greenway',
] as const;
export const STREET_SUFFIXES = ['Dr', 'Rd', 'Ln', 'Ct', 'Way', 'St', 'Ave', 'Cir', 'Pl', 'Trl'];

export type LeadKind = 'acute' | 'routine' | 'planned' | 'procedure';

export interface DemoVisitType {
  key: string;
  name: string;
  durationMinutes: number;
  cptCode: string;
  specialties: readonly SpecialtyKey[];
  patientStatus: 'new' | 'established' | 'any';
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  color: string;
  /** Who the demo books it for (the API does not restrict these; the generator does). */
  minAge?: number;
  maxAge?: number;
  femaleOnly?: boolean;
  pregnantOnly?: boolean;
  /** How far ahead it is usually booked. */
  lead: LeadKind;
  /** How often each specialty books it, relative to its other visit types. */
  weights: Partial<Record<SpecialtyKey, number>>;
}

/**
 * Durations are multiples of the clinic's 15-minute grid, as most small practices template them;
 * CPT codes are the usual office E/M (99202–99215), preventive (99381–99397) and procedure codes.
 */
export const VISIT_TYPES: readonly DemoVisitType[] = [
  // Primary care (family and internal medicine)
  {
    key: 'pc_new',
    name: 'New Patient Visit',
    durationMinutes: 45,
    cptCode: '99204',
    specialties: ['family', 'internal'],
    patientStatus: 'new',
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    color: '#2e7d32',
    lead: 'planned',
    weights: { family: 6, internal: 6 },
  },
  {
    key: 'pc_est',
    name: 'Follow-up Visit',
    durationMinutes: 15,
    cptCode: '99213',
    specialties: ['family', 'internal'],
    patientStatus: 'established',
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    color: '#66bb6a',
    lead: 'routine',
    weights: { family: 34, internal: 30 },
  },
  {
    key: 'pc_ext',
    name: 'Extended Follow-up',
    durationMinutes: 30,
    cptCode: '99214',
    specialties: ['family', 'internal'],
    patientStatus: 'established',
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    color: '#43a047',
    minAge: 18,
    lead: 'routine',
    weights: { family: 14, internal: 22 },
  },
  {
    key: 'pc_physical',
    name: 'Annual Physical (Adult)',
    durationMinutes: 45,
    cptCode: '99396',
    specialties: ['family', 'internal'],
    patientStatus: 'established',
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    color: '#1b5e20',
    minAge: 18,
    lead: 'planned',
    weights: { family: 12, internal: 14 },
  },
  {
    key: 'pc_sick',
    name: 'Same-Day Sick Visit',
    durationMinutes: 15,
    cptCode: '99212',
    specialties: ['family', 'internal'],
    patientStatus: 'any',
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    color: '#ef6c00',
    lead: 'acute',
    weights: { family: 18, internal: 12 },
  },
  {
    key: 'im_chronic',
    name: 'Chronic Care Visit',
    durationMinutes: 30,
    cptCode: '99215',
    specialties: ['internal'],
    patientStatus: 'established',
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    color: '#00695c',
    minAge: 35,
    lead: 'routine',
    weights: { internal: 14 },
  },
  {
    key: 'im_preop',
    name: 'Pre-operative Evaluation',
    durationMinutes: 30,
    cptCode: '99214',
    specialties: ['family', 'internal'],
    patientStatus: 'any',
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    color: '#00897b',
    minAge: 18,
    lead: 'procedure',
    weights: { family: 2, internal: 4 },
  },
  // Pediatrics (and children seen in family medicine)
  {
    key: 'peds_new',
    name: 'New Patient Visit (Pediatrics)',
    durationMinutes: 30,
    cptCode: '99203',
    specialties: ['pediatrics'],
    patientStatus: 'new',
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    color: '#5e35b1',
    maxAge: 18,
    lead: 'planned',
    weights: { pediatrics: 5 },
  },
  {
    key: 'peds_newborn',
    name: 'Newborn Visit',
    durationMinutes: 30,
    cptCode: '99381',
    specialties: ['pediatrics'],
    patientStatus: 'any',
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    color: '#b39ddb',
    maxAge: 0,
    lead: 'routine',
    weights: { pediatrics: 4 },
  },
  {
    key: 'peds_well',
    name: 'Well-Child Visit',
    durationMinutes: 30,
    cptCode: '99392',
    specialties: ['pediatrics', 'family'],
    patientStatus: 'any',
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    color: '#7e57c2',
    maxAge: 17,
    lead: 'planned',
    weights: { pediatrics: 30, family: 5 },
  },
  {
    key: 'peds_sick',
    name: 'Sick Visit (Pediatrics)',
    durationMinutes: 15,
    cptCode: '99213',
    specialties: ['pediatrics'],
    patientStatus: 'any',
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    color: '#f4511e',
    maxAge: 18,
    lead: 'acute',
    weights: { pediatrics: 30 },
  },
  {
    key: 'peds_follow',
    name: 'Follow-up (Pediatrics)',
    durationMinutes: 15,
    cptCode: '99212',
    specialties: ['pediatrics'],
    patientStatus: 'established',
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    color: '#9575cd',
    maxAge: 18,
    lead: 'routine',
    weights: { pediatrics: 12 },
  },
  {
    key: 'sports_physical',
    name: 'School/Sports Physical',
    durationMinutes: 30,
    cptCode: '99394',
    specialties: ['pediatrics', 'family'],
    patientStatus: 'any',
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    color: '#3949ab',
    minAge: 5,
    maxAge: 17,
    lead: 'planned',
    weights: { pediatrics: 8, family: 3 },
  },
  // Cardiology
  {
    key: 'card_new',
    name: 'Cardiology Consult (New)',
    durationMinutes: 60,
    cptCode: '99205',
    specialties: ['cardiology'],
    patientStatus: 'new',
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 10,
    color: '#c62828',
    minAge: 18,
    lead: 'planned',
    weights: { cardiology: 12 },
  },
  {
    key: 'card_est',
    name: 'Cardiology Follow-up',
    durationMinutes: 30,
    cptCode: '99214',
    specialties: ['cardiology'],
    patientStatus: 'established',
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    color: '#e57373',
    minAge: 18,
    lead: 'routine',
    weights: { cardiology: 45 },
  },
  {
    key: 'card_ecg',
    name: 'ECG (12-lead)',
    durationMinutes: 15,
    cptCode: '93000',
    specialties: ['cardiology'],
    patientStatus: 'any',
    bufferBeforeMinutes: 5,
    bufferAfterMinutes: 0,
    color: '#ad1457',
    minAge: 18,
    lead: 'routine',
    weights: { cardiology: 14 },
  },
  {
    key: 'card_echo',
    name: 'Echocardiogram',
    durationMinutes: 60,
    cptCode: '93306',
    specialties: ['cardiology'],
    patientStatus: 'established',
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 15,
    color: '#880e4f',
    minAge: 18,
    lead: 'procedure',
    weights: { cardiology: 14 },
  },
  {
    key: 'card_stress',
    name: 'Exercise Stress Test',
    durationMinutes: 60,
    cptCode: '93015',
    specialties: ['cardiology'],
    patientStatus: 'established',
    bufferBeforeMinutes: 15,
    bufferAfterMinutes: 15,
    color: '#6a1b9a',
    minAge: 18,
    maxAge: 85,
    lead: 'procedure',
    weights: { cardiology: 5 },
  },
  // Dermatology
  {
    key: 'derm_new',
    name: 'Dermatology New Patient',
    durationMinutes: 30,
    cptCode: '99203',
    specialties: ['dermatology'],
    patientStatus: 'new',
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    color: '#f9a825',
    lead: 'planned',
    weights: { dermatology: 16 },
  },
  {
    key: 'derm_est',
    name: 'Dermatology Follow-up',
    durationMinutes: 15,
    cptCode: '99212',
    specialties: ['dermatology'],
    patientStatus: 'established',
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    color: '#fbc02d',
    lead: 'routine',
    weights: { dermatology: 34 },
  },
  {
    key: 'derm_skin',
    name: 'Full-Body Skin Check',
    durationMinutes: 30,
    cptCode: '99213',
    specialties: ['dermatology'],
    patientStatus: 'any',
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    color: '#ffb300',
    minAge: 18,
    lead: 'planned',
    weights: { dermatology: 20 },
  },
  {
    key: 'derm_biopsy',
    name: 'Skin Biopsy / Minor Procedure',
    durationMinutes: 30,
    cptCode: '11102',
    specialties: ['dermatology'],
    patientStatus: 'established',
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 10,
    color: '#ff6f00',
    lead: 'procedure',
    weights: { dermatology: 14 },
  },
  // Obstetrics & gynecology
  {
    key: 'ob_new',
    name: 'GYN New Patient',
    durationMinutes: 45,
    cptCode: '99204',
    specialties: ['obgyn'],
    patientStatus: 'new',
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    color: '#0277bd',
    femaleOnly: true,
    minAge: 13,
    lead: 'planned',
    weights: { obgyn: 10 },
  },
  {
    key: 'ob_well',
    name: 'Well-Woman Exam',
    durationMinutes: 30,
    cptCode: '99395',
    specialties: ['obgyn'],
    patientStatus: 'any',
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    color: '#0288d1',
    femaleOnly: true,
    minAge: 18,
    lead: 'planned',
    weights: { obgyn: 26 },
  },
  {
    key: 'ob_prenatal',
    name: 'Prenatal Visit',
    durationMinutes: 15,
    cptCode: '0502F',
    specialties: ['obgyn'],
    patientStatus: 'established',
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    color: '#4fc3f7',
    femaleOnly: true,
    pregnantOnly: true,
    lead: 'routine',
    weights: { obgyn: 16 },
  },
  {
    key: 'ob_ultrasound',
    name: 'Obstetric Ultrasound',
    durationMinutes: 45,
    cptCode: '76805',
    specialties: ['obgyn'],
    patientStatus: 'established',
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 10,
    color: '#01579b',
    femaleOnly: true,
    pregnantOnly: true,
    lead: 'procedure',
    weights: { obgyn: 6 },
  },
  {
    key: 'ob_problem',
    name: 'GYN Problem Visit',
    durationMinutes: 30,
    cptCode: '99213',
    specialties: ['obgyn'],
    patientStatus: 'any',
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    color: '#29b6f6',
    femaleOnly: true,
    minAge: 13,
    lead: 'acute',
    weights: { obgyn: 22 },
  },
];

/** [start, end, only these visit types] in local wall-clock time. */
export type HoursSpec = readonly [string, string, (readonly string[])?];

export interface DaySpec {
  weekdays: readonly number[];
  hours: readonly HoursSpec[];
  breaks?: readonly (readonly [string, string])[];
}

export interface WeeklySpec {
  location: LocationKey;
  /** 'change': the version starts (or ends the day before) the provider's schedule change. */
  from?: 'change';
  to?: 'change';
  days: readonly DaySpec[];
}

export interface DemoProvider {
  key: string;
  firstName: string;
  lastName: string;
  credentials: 'MD' | 'DO' | 'NP' | 'PA';
  specialty: SpecialtyKey;
  sex: 'F' | 'M';
  languages: readonly string[];
  acceptsNewPatients: boolean;
  minAgeYears: number | null;
  maxAgeYears: number | null;
  /** Share of bookable past time the generator aims to fill (busy providers run fuller). */
  fill: number;
  weekly: readonly WeeklySpec[];
}

const LUNCH: readonly (readonly [string, string])[] = [['12:00', '13:00']];

/**
 * Twelve providers. Those at two sites work them on different weekdays, never overlapping hours.
 * NPs and PAs carry the taxonomy of the service line they work in (207Q00000X for the family
 * medicine NP), not their own NUCC code (363LF0000X): a provider has one taxonomy, and the desk's
 * "first openings in family medicine" matches it exactly, so the NP would otherwise never show.
 */
export const PROVIDERS: readonly DemoProvider[] = [
  {
    key: 'hollis',
    firstName: 'Rebecca',
    lastName: 'Hollis',
    credentials: 'MD',
    specialty: 'family',
    sex: 'F',
    languages: ['en'],
    acceptsNewPatients: true,
    minAgeYears: null,
    maxAgeYears: null,
    fill: 0.9,
    weekly: [
      {
        location: 'midtown',
        days: [
          // New patients and physicals get the first two hours on Mondays and Wednesdays.
          {
            weekdays: [1, 3],
            hours: [
              ['08:00', '10:00', ['pc_new', 'pc_physical']],
              ['10:00', '17:00'],
            ],
            breaks: LUNCH,
          },
          { weekdays: [2, 4], hours: [['08:00', '17:00']], breaks: LUNCH },
          { weekdays: [5], hours: [['08:00', '12:00']] },
        ],
      },
    ],
  },
  {
    key: 'ortega',
    firstName: 'Luis',
    lastName: 'Ortega Ramírez',
    credentials: 'DO',
    specialty: 'family',
    sex: 'M',
    languages: ['en', 'es'],
    acceptsNewPatients: true,
    minAgeYears: null,
    maxAgeYears: null,
    fill: 0.88,
    weekly: [
      {
        location: 'cary',
        days: [
          { weekdays: [1, 3, 5], hours: [['08:30', '17:30']], breaks: [['12:30', '13:30']] },
          // Saturday morning is for acute problems and quick follow-ups only.
          { weekdays: [6], hours: [['09:00', '12:00', ['pc_sick', 'pc_est']]] },
        ],
      },
      {
        location: 'durham',
        days: [{ weekdays: [2, 4], hours: [['09:00', '18:00']], breaks: [['13:00', '14:00']] }],
      },
    ],
  },
  {
    key: 'pham',
    firstName: 'Thu Trang',
    lastName: 'Pham',
    credentials: 'NP',
    specialty: 'family',
    sex: 'F',
    languages: ['en', 'vi'],
    acceptsNewPatients: true,
    minAgeYears: null,
    maxAgeYears: null,
    fill: 0.84,
    weekly: [
      {
        location: 'midtown',
        to: 'change',
        days: [
          { weekdays: [1, 2, 3, 4, 5], hours: [['08:00', '16:30']], breaks: [['12:00', '12:30']] },
        ],
      },
      {
        // From the change on, Tuesdays and Thursdays are an evening clinic for working patients.
        location: 'midtown',
        from: 'change',
        days: [
          { weekdays: [1, 3, 5], hours: [['08:00', '16:30']], breaks: [['12:00', '12:30']] },
          { weekdays: [2, 4], hours: [['12:00', '20:00']], breaks: [['16:00', '16:30']] },
        ],
      },
    ],
  },
  {
    key: 'raman',
    firstName: 'Priya',
    lastName: 'Raman',
    credentials: 'MD',
    specialty: 'pediatrics',
    sex: 'F',
    languages: ['en', 'hi'],
    acceptsNewPatients: true,
    minAgeYears: 0,
    maxAgeYears: 18,
    fill: 0.87,
    weekly: [
      {
        location: 'cary',
        days: [
          // Well-child mornings: sick children are seen from 10:00 on.
          {
            weekdays: [1, 2, 3, 4],
            hours: [
              ['08:00', '10:00', ['peds_well', 'peds_newborn', 'peds_new', 'sports_physical']],
              ['10:00', '17:00'],
            ],
            breaks: LUNCH,
          },
          { weekdays: [5], hours: [['08:00', '13:00']] },
        ],
      },
    ],
  },
  {
    key: 'whitfield',
    firstName: 'Marcus',
    lastName: 'Whitfield',
    credentials: 'MD',
    specialty: 'pediatrics',
    sex: 'M',
    languages: ['en'],
    acceptsNewPatients: false,
    minAgeYears: 0,
    maxAgeYears: 18,
    fill: 0.9,
    weekly: [
      {
        location: 'midtown',
        // Later hours so school-age children can come after class.
        days: [
          { weekdays: [1, 2, 3, 4, 5], hours: [['09:00', '18:00']], breaks: [['13:00', '14:00']] },
        ],
      },
    ],
  },
  {
    key: 'kim',
    firstName: 'Samuel',
    lastName: 'Kim',
    credentials: 'MD',
    specialty: 'internal',
    sex: 'M',
    languages: ['en', 'ko'],
    acceptsNewPatients: true,
    minAgeYears: 18,
    maxAgeYears: null,
    fill: 0.85,
    weekly: [
      {
        location: 'durham',
        days: [{ weekdays: [1, 2, 3, 4, 5], hours: [['08:00', '17:00']], breaks: LUNCH }],
      },
    ],
  },
  {
    key: 'haddad',
    firstName: 'Fatima',
    lastName: 'Haddad',
    credentials: 'MD',
    specialty: 'internal',
    sex: 'F',
    languages: ['en', 'ar', 'fr'],
    acceptsNewPatients: false,
    minAgeYears: 18,
    maxAgeYears: null,
    fill: 0.9,
    weekly: [
      {
        location: 'midtown',
        days: [
          { weekdays: [1, 2, 3, 4], hours: [['07:30', '16:00']], breaks: [['11:30', '12:30']] },
          { weekdays: [5], hours: [['07:30', '11:30']] },
        ],
      },
    ],
  },
  {
    key: 'weiss',
    firstName: 'Jonathan',
    lastName: 'Weiss',
    credentials: 'MD',
    specialty: 'cardiology',
    sex: 'M',
    languages: ['en'],
    acceptsNewPatients: true,
    minAgeYears: 18,
    maxAgeYears: null,
    fill: 0.86,
    weekly: [
      {
        location: 'midtown',
        days: [
          { weekdays: [1, 3], hours: [['08:00', '17:00']], breaks: LUNCH },
          // Thursday afternoon is the testing block: echo, stress tests, ECGs.
          {
            weekdays: [4],
            hours: [
              ['08:00', '12:00'],
              ['13:00', '17:00', ['card_echo', 'card_stress', 'card_ecg']],
            ],
          },
        ],
      },
      {
        location: 'cary',
        days: [{ weekdays: [2, 5], hours: [['08:30', '16:30']], breaks: LUNCH }],
      },
    ],
  },
  {
    key: 'tran',
    firstName: 'Kevin',
    lastName: 'Tran',
    credentials: 'PA',
    specialty: 'cardiology',
    sex: 'M',
    languages: ['en', 'vi'],
    acceptsNewPatients: true,
    minAgeYears: 18,
    maxAgeYears: null,
    fill: 0.8,
    weekly: [
      {
        location: 'durham',
        days: [
          { weekdays: [1, 2, 3, 4], hours: [['08:00', '16:30']], breaks: [['12:00', '12:30']] },
        ],
      },
    ],
  },
  {
    key: 'vasquez',
    firstName: 'Elena',
    lastName: 'Vásquez',
    credentials: 'MD',
    specialty: 'dermatology',
    sex: 'F',
    languages: ['en', 'es'],
    acceptsNewPatients: true,
    minAgeYears: null,
    maxAgeYears: null,
    fill: 0.88,
    weekly: [
      {
        location: 'cary',
        days: [
          { weekdays: [1, 2, 3, 4], hours: [['08:00', '17:00']], breaks: LUNCH },
          // Friday morning is the procedure block.
          { weekdays: [5], hours: [['08:00', '12:00', ['derm_biopsy', 'derm_est']]] },
        ],
      },
    ],
  },
  {
    key: 'cole',
    firstName: 'Nathan',
    lastName: 'Cole',
    credentials: 'PA',
    specialty: 'dermatology',
    sex: 'M',
    languages: ['en'],
    acceptsNewPatients: true,
    minAgeYears: null,
    maxAgeYears: null,
    fill: 0.79,
    weekly: [
      {
        location: 'durham',
        days: [{ weekdays: [1, 2, 3], hours: [['08:00', '17:00']], breaks: LUNCH }],
      },
      {
        location: 'midtown',
        days: [{ weekdays: [4, 5], hours: [['10:00', '19:00']], breaks: [['14:00', '14:30']] }],
      },
    ],
  },
  {
    key: 'nwosu',
    firstName: 'Adaeze',
    lastName: 'Nwosu',
    credentials: 'MD',
    specialty: 'obgyn',
    sex: 'F',
    languages: ['en', 'ig'],
    acceptsNewPatients: true,
    minAgeYears: 13,
    maxAgeYears: null,
    fill: 0.87,
    weekly: [
      {
        location: 'midtown',
        days: [
          { weekdays: [1, 2, 4], hours: [['08:00', '17:00']], breaks: LUNCH },
          { weekdays: [3], hours: [['08:00', '12:00']] },
        ],
      },
      {
        location: 'durham',
        days: [{ weekdays: [5], hours: [['08:00', '16:00']], breaks: LUNCH }],
      },
    ],
  },
];

/**
 * Name pools. `lang` is the language a patient of this background prefers with probability
 * `langShare`; the rest prefer English.
 */
export interface NameGroup {
  key: string;
  weight: number;
  lang: string;
  langShare: number;
  female: readonly string[];
  male: readonly string[];
  last: readonly string[];
}

/** US-general first names by birth era: children are not called Barbara, grandparents not Aiden. */
export const GENERAL_FIRST = {
  before1965: {
    female: list(`
Linda, Barbara, Patricia, Carol, Sandra, Sharon, Deborah, Judith, Brenda, Gloria,
Dorothy, Shirley, Joyce, Betty, Frances, Peggy
`),
    male: list(`
Robert, Richard, Larry, Gary, Ronald, Donald, Kenneth, Dennis, Harold, Walter,
Gerald, Roger, Wayne, Earl, Ralph, Raymond
`),
  },
  from1965to1994: {
    female: list(`
Jennifer, Jessica, Amanda, Sarah, Melissa, Nicole, Stephanie, Heather, Kimberly,
Angela, Tiffany, Rachel, Lauren, Kristen, Latoya, Erin, Megan, Crystal
`),
    male: list(`
Michael, Christopher, Jason, David, Brian, Matthew, Joshua, Justin, Ryan, Andrew,
Jeremy, Brandon, Travis, Derrick, Kevin, Jamal, Eric, Scott
`),
  },
  from1995: {
    female: list(`
Olivia, Emma, Ava, Sophia, Harper, Madison, Abigail, Chloe, Zoey, Aaliyah,
Brooklyn, Hannah, Kennedy, Addison, Avery, Imani, Leah, Nevaeh
`),
    male: list(`
Liam, Noah, Elijah, Aiden, Jackson, Mason, Caleb, Logan, Carter, Jayden, Wyatt,
Hunter, Isaiah, Josiah, Owen, Cameron, Tyler, Dylan
`),
  },
} as const;

export const GENERAL_LAST = list(`
Smith, Johnson, Williams, Brown, Jones, Miller, Davis, Wilson, Anderson, Taylor,
Thomas, Moore, Jackson, Martin, Thompson, White, Harris, Clark, Lewis, Robinson,
Walker, Young, Allen, King, Wright, Scott, Hill, Green, Adams, Baker, Nelson,
Carter, Mitchell, Roberts, Turner, Phillips, Campbell, Parker, Evans, Edwards,
Collins, Stewart, Morris, Murphy, Cook, Rogers, Bennett, Gray, Hughes, Price,
Washington, Butler, Barnes, Fisher, Jenkins, Perry, Powell, Bryant, Simmons,
Foster, O'Brien, McAllister, Sullivan, Kowalski, Schneider, Lindqvist, Dubois,
Rossi, Fitzgerald, Holloway, Whitaker, Pruitt, Harrell, Honeycutt, Tillman,
Strickland, Godwin, Lassiter, Ennis, Batts
`);

export const NAME_GROUPS: readonly NameGroup[] = [
  {
    key: 'hispanic',
    weight: 22,
    lang: 'es',
    langShare: 0.45,
    female: list(`
María, Guadalupe, Sofía, Valentina, Camila, Ximena, Lucía, Daniela, Ana, Rosa,
Carmen, Yesenia, Alejandra, Mariana, Isabella, Paola, Gabriela, Leticia
`),
    male: list(`
José, Juan, Luis, Carlos, Jesús, Miguel, Alejandro, Diego, Mateo, Santiago,
Javier, Fernando, Ricardo, Andrés, Héctor, Óscar, Emiliano, Rafael
`),
    last: list(`
García, Martínez, Rodríguez, Hernández, López, González, Pérez, Sánchez, Ramírez,
Torres, Flores, Rivera, Gómez, Díaz, Cruz, Reyes, Morales, Ortiz, Gutiérrez,
Chávez, Ramos, Mendoza, Vargas, Castillo, Jiménez, Núñez, Aguilar, Medina,
Romero, Herrera
`),
  },
  {
    key: 'vietnamese',
    weight: 6,
    lang: 'vi',
    langShare: 0.55,
    female: list('Linh, Huong, Thu, Lan, Ngoc, Phuong, Mai, Thao, Trang, Hanh, Vy, Anh'),
    male: list('Minh, Tuan, Duc, Quang, Bao, Khanh, Hieu, Long, Thanh, Hung, Dung, Nam'),
    last: list('Nguyen, Tran, Le, Pham, Hoang, Huynh, Vo, Dang, Bui, Do, Ngo, Duong, Ly'),
  },
  {
    key: 'chinese',
    weight: 3.5,
    lang: 'zh',
    langShare: 0.4,
    female: list('Mei, Xiaoling, Yan, Jing, Hui, Li Na, Ying, Qian'),
    male: list('Wei, Jun, Hao, Lei, Ming, Jian, Tao, Yong'),
    last: list('Wang, Li, Zhang, Liu, Chen, Yang, Huang, Zhao, Wu, Zhou, Lin'),
  },
  {
    key: 'southAsian',
    weight: 4.5,
    lang: 'hi',
    langShare: 0.12,
    female: list('Priya, Ananya, Kavya, Deepa, Sunita, Neha, Aditi, Meera, Pooja, Lakshmi'),
    male: list('Arjun, Rahul, Vikram, Sanjay, Rohan, Anil, Karthik, Amit, Ravi, Suresh'),
    last: list(`
Patel, Shah, Sharma, Reddy, Iyer, Gupta, Desai, Menon, Rao, Kumar, Singh,
Chaudhary
`),
  },
  {
    key: 'arabic',
    weight: 2.5,
    lang: 'ar',
    langShare: 0.35,
    female: list('Fatima, Aisha, Layla, Mariam, Noor, Yasmin, Huda, Rania'),
    male: list('Omar, Ahmed, Youssef, Khalid, Tariq, Hassan, Ibrahim, Karim'),
    last: list('Haddad, Khalil, Mansour, Saleh, Nasser, Aziz, Hamdan, Farah, Darwish'),
  },
  {
    key: 'korean',
    weight: 2.5,
    lang: 'ko',
    langShare: 0.35,
    female: list('Ji-woo, Seo-yeon, Min-ji, Eun-ji, Soo-jin, Hye-jin'),
    male: list('Min-jun, Ji-ho, Hyun-woo, Sung-min, Dong-hyun, Jae-won'),
    last: list('Kim, Lee, Park, Choi, Jung, Kang, Cho, Yoon'),
  },
  {
    key: 'westAfrican',
    weight: 2,
    lang: 'en',
    langShare: 1,
    female: list('Chiamaka, Ngozi, Folake, Amara, Adaora, Yewande'),
    male: list('Chinedu, Oluwaseun, Emeka, Kwame, Tunde, Obinna'),
    last: list('Okafor, Adeyemi, Okonkwo, Mensah, Eze, Balogun, Nwachukwu, Asante'),
  },
  {
    key: 'haitian',
    weight: 1.5,
    lang: 'ht',
    langShare: 0.3,
    female: list('Nadège, Guerline, Marie-Claude, Fabienne, Rose-Marie'),
    male: list('Jean-Baptiste, Wilner, Frantz, Jacques, Réginald'),
    last: list('Pierre, Jean-Louis, Charles, Joseph, Toussaint, Baptiste, Desir'),
  },
  {
    key: 'russian',
    weight: 2,
    lang: 'ru',
    langShare: 0.25,
    female: list('Olga, Natalia, Irina, Svetlana, Yulia, Anastasia'),
    male: list('Dmitri, Sergei, Alexei, Mikhail, Andrei, Ivan'),
    last: list('Ivanov, Petrova, Smirnov, Kuznetsova, Volkov, Sokolova, Morozov'),
  },
];

/** The rest of the patients: US-general names (GENERAL_FIRST by era, GENERAL_LAST), English. */
export const GENERAL_WEIGHT = 54;

export const PATIENT_CANCEL_REASONS = [
  'Schedule conflict at work',
  'Feeling better',
  'Transportation problem',
  'Childcare fell through',
  'Patient is ill (will call to rebook)',
  'Out of town',
  'Insurance question to sort out first',
  'Family emergency',
  'Weather',
] as const;

export const CLINIC_CANCEL_REASONS = [
  'Provider schedule change',
  'Booked in error',
  'Duplicate appointment',
  'Referral not yet received',
] as const;

export const RESCHEDULE_TRIGGERS = ['patient request', 'provider schedule change'] as const;
