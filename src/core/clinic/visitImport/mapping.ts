/**
 * Which column of a visit export is which, and what its values mean here: each distinct provider
 * of the file becomes a clinic provider (or is not imported), each distinct visit type a clinic
 * visit type, each status value kept / no-show / cancelled. Suggestions only; the person's
 * choices win, and the commit recomputes everything from the file.
 */
import {
  VISIT_FIELD_LABELS,
  VISIT_IMPORT_FIELDS,
  type VisitImportField,
  type VisitMapping,
  type VisitOutcome,
} from '../../../shared/visitImportFields';
import { headerKey } from '../patientImport/mapping';

export { VISIT_FIELD_LABELS, VISIT_IMPORT_FIELDS, type VisitImportField, type VisitMapping };

const SYNONYMS: Record<VisitImportField, readonly string[]> = {
  externalId: ['encounterid', 'visitid', 'appointmentid', 'apptid', 'id'],
  start: [
    'start',
    'starttime',
    'startdatetime',
    'appointmentstart',
    'visitstart',
    'appointmentdatetime',
    'datetime',
    'visitdatetime',
    'appointmenttime',
  ],
  end: ['stop', 'end', 'endtime', 'enddatetime', 'appointmentend', 'visitend'],
  durationMinutes: ['duration', 'durationminutes', 'minutes', 'length', 'lengthminutes', 'mins'],
  patientExternalId: ['patient', 'patientid', 'mrn', 'chartnumber', 'personid', 'accountnumber'],
  patientFirstName: ['patientfirstname', 'firstname', 'first'],
  patientLastName: ['patientlastname', 'lastname', 'last'],
  patientDateOfBirth: ['patientdob', 'dateofbirth', 'dob', 'birthdate', 'patientdateofbirth'],
  providerExternalId: ['provider', 'providerid', 'doctorid', 'clinicianid', 'resourceid'],
  providerName: ['providername', 'doctor', 'doctorname', 'clinician', 'physician', 'resource'],
  providerNpi: ['providernpi', 'npi', 'renderingnpi'],
  visitTypeCode: ['code', 'visittypecode', 'appointmenttypecode', 'cpt', 'cptcode'],
  visitTypeDescription: [
    'description',
    'visittype',
    'appointmenttype',
    'type',
    'reasonforvisit',
    'visitreason',
  ],
  visitClass: ['encounterclass', 'class', 'visitclass', 'setting', 'encountertype'],
  status: ['status', 'appointmentstatus', 'visitstatus', 'outcome', 'attendance'],
};

export interface VisitPreset {
  id: string;
  label: string;
  /** The source the patients' and visits' ids are kept under. */
  source: string;
  signature: readonly string[];
  mapping: VisitMapping;
}

export const VISIT_PRESETS: readonly VisitPreset[] = [
  {
    id: 'synthea',
    label: 'Synthea encounters.csv',
    source: 'synthea',
    signature: ['id', 'start', 'stop', 'patient', 'provider', 'encounterclass'],
    mapping: {
      externalId: 'Id',
      start: 'START',
      end: 'STOP',
      patientExternalId: 'PATIENT',
      providerExternalId: 'PROVIDER',
      visitTypeCode: 'CODE',
      visitTypeDescription: 'DESCRIPTION',
      visitClass: 'ENCOUNTERCLASS',
    },
  },
];

export interface VisitMappingSuggestion {
  preset: { id: string; label: string; source: string } | null;
  mapping: Record<VisitImportField, string | null>;
  reasons: Partial<Record<VisitImportField, string>>;
}

export function suggestVisitMapping(headers: readonly string[]): VisitMappingSuggestion {
  const byKey = new Map(headers.map((h) => [headerKey(h), h]));
  const keys = new Set(byKey.keys());
  const preset = VISIT_PRESETS.find((p) => p.signature.every((k) => keys.has(k))) ?? null;
  const used = new Set<string>();
  const mapping = Object.fromEntries(VISIT_IMPORT_FIELDS.map((f) => [f, null])) as Record<
    VisitImportField,
    string | null
  >;
  const reasons: VisitMappingSuggestion['reasons'] = {};
  if (preset)
    for (const [field, header] of Object.entries(preset.mapping) as [VisitImportField, string][]) {
      const actual = byKey.get(headerKey(header));
      if (actual === undefined) continue;
      mapping[field] = actual;
      used.add(actual);
      reasons[field] = `${preset.label} column`;
    }
  for (const field of VISIT_IMPORT_FIELDS) {
    if (mapping[field] !== null) continue;
    for (const key of SYNONYMS[field]) {
      const actual = byKey.get(key);
      if (actual !== undefined && !used.has(actual)) {
        mapping[field] = actual;
        used.add(actual);
        reasons[field] = `column named "${actual}"`;
        break;
      }
    }
  }
  return {
    preset: preset ? { id: preset.id, label: preset.label, source: preset.source } : null,
    mapping,
    reasons,
  };
}

/** The suggestion with the person's choices over it, and what is still missing, in words. */
export function resolveVisitMapping(
  headers: readonly string[],
  suggested: Record<VisitImportField, string | null>,
  chosen: VisitMapping | undefined,
): {
  mapping: Record<VisitImportField, string | null>;
  errors: { field: string; message: string }[];
} {
  const mapping = { ...suggested };
  const errors: { field: string; message: string }[] = [];
  const names = new Set(headers);
  for (const [field, header] of Object.entries(chosen ?? {}) as [
    VisitImportField,
    string | null,
  ][]) {
    if (header !== null && !names.has(header)) {
      errors.push({
        field: `mapping.${field}`,
        message: `${VISIT_FIELD_LABELS[field]}: the file has no column named "${header}".`,
      });
      continue;
    }
    if (header !== null)
      for (const f of VISIT_IMPORT_FIELDS)
        if (f !== field && mapping[f] === header && !(chosen && f in chosen)) mapping[f] = null;
    mapping[field] = header;
  }
  const seen = new Map<string, VisitImportField>();
  for (const f of VISIT_IMPORT_FIELDS) {
    const h = mapping[f];
    if (h === null) continue;
    const other = seen.get(h);
    if (other)
      errors.push({
        field: `mapping.${f}`,
        message: `The column "${h}" is chosen for both ${VISIT_FIELD_LABELS[other]} and ${VISIT_FIELD_LABELS[f]}; choose it for one only.`,
      });
    seen.set(h, f);
  }
  if (mapping.start === null)
    errors.push({
      field: 'mapping.start',
      message: 'Choose the column that holds when each visit starts (date and time).',
    });
  const byName =
    mapping.patientFirstName !== null &&
    mapping.patientLastName !== null &&
    mapping.patientDateOfBirth !== null;
  if (mapping.patientExternalId === null && !byName)
    errors.push({
      field: 'mapping.patientExternalId',
      message:
        "Choose the column with the patient's ID in the old system, or the patient's first name, last name and date of birth.",
    });
  if (
    mapping.providerExternalId === null &&
    mapping.providerName === null &&
    mapping.providerNpi === null
  )
    errors.push({
      field: 'mapping.providerExternalId',
      message: 'Choose the column that says which provider saw the patient (ID, name or NPI).',
    });
  return { mapping, errors };
}

/** "Dr. Keira502 Satterfield305, MD" → "keira satterfield": digits, titles and credentials off. */
export function personKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/,.*$/, '')
    .replace(/\b(dr|mr|mrs|ms|md|do|np|pa|rn|fnp|dds)\b\.?/g, ' ')
    .replace(/[0-9]/g, '')
    .replace(/[^a-z ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface ClinicProviderRef {
  id: number;
  firstName: string;
  lastName: string;
  npi: string | null;
}

/** A clinic provider for a provider of the file: same NPI, else same first and last name. */
export function suggestProvider(
  source: { name: string | null; npi: string | null },
  providers: readonly ClinicProviderRef[],
): { providerId: number; reason: string } | null {
  const npi = source.npi?.replace(/\D/g, '') ?? '';
  if (npi.length === 10) {
    const p = providers.find((x) => x.npi === npi);
    if (p) return { providerId: p.id, reason: `same NPI ${npi}` };
  }
  if (source.name) {
    const key = personKey(source.name);
    const p = providers.find((x) => {
      const first = personKey(x.firstName);
      const last = personKey(x.lastName);
      return key === `${first} ${last}` || key === `${last} ${first}`;
    });
    if (p) return { providerId: p.id, reason: 'same name' };
  }
  return null;
}

export interface ClinicVisitTypeRef {
  id: number;
  name: string;
  cptCode: string | null;
}

const WELLNESS_WORDS = /\b(well|wellness|physical|preventive|annual|check ?up)\b/i;
const SICK_WORDS = /\b(sick|acute|urgent|same[- ]day|problem)\b/i;
const FOLLOW_WORDS = /\b(follow|office|established|visit|consult)\b/i;

function words(s: string): Set<string> {
  return new Set(
    s
      .toLowerCase()
      .replace(/\(.*?\)/g, ' ')
      .split(/[^a-z]+/)
      .filter((w) => w.length > 2 && !['visit', 'the', 'and', 'for', 'with'].includes(w)),
  );
}

/**
 * A clinic visit type for a visit type of the file: the same CPT code; else the most words of
 * the description in common; else by the encounter's class (wellness → a wellness or physical
 * visit, urgent care → a sick visit, anything else → an office or follow-up visit).
 */
export function suggestVisitType(
  source: { code: string | null; description: string | null; visitClass: string | null },
  types: readonly ClinicVisitTypeRef[],
): { visitTypeId: number; reason: string } | null {
  if (types.length === 0) return null;
  if (source.code) {
    const t = types.find((x) => x.cptCode !== null && x.cptCode === source.code);
    if (t) return { visitTypeId: t.id, reason: `same code ${source.code}` };
  }
  if (source.description) {
    const want = words(source.description);
    let best: { t: ClinicVisitTypeRef; n: number } | null = null;
    for (const t of types) {
      let n = 0;
      for (const w of words(t.name)) if (want.has(w)) n++;
      if (n > 0 && (!best || n > best.n)) best = { t, n };
    }
    if (best) return { visitTypeId: best.t.id, reason: 'similar name' };
  }
  const cls = (source.visitClass ?? '').toLowerCase();
  const pick = (re: RegExp) => types.find((t) => re.test(t.name));
  const byClass =
    cls === 'wellness'
      ? pick(WELLNESS_WORDS)
      : cls === 'urgentcare'
        ? (pick(SICK_WORDS) ?? pick(FOLLOW_WORDS))
        : pick(FOLLOW_WORDS);
  if (byClass) return { visitTypeId: byClass.id, reason: `${cls || 'visit'} class` };
  return null;
}

/** Statuses of a visit not yet closed: what happened at a past one is unknown. */
const OPEN_STATUS_WORDS = ['booked', 'scheduled', 'confirmed', 'pending', 'open', 'tentative'];

/** Whether a statusKey says the visit was still open (booked, not yet kept or missed). */
export function isOpenStatus(key: string): boolean {
  return OPEN_STATUS_WORDS.includes(key);
}

const STATUS_WORDS: Record<VisitOutcome, readonly string[]> = {
  kept: [
    'kept',
    'completed',
    'complete',
    'finished',
    'seen',
    'arrived',
    'checkedout',
    'checkedin',
    'attended',
    'done',
    'closed',
    'signed',
    // A future row "booked" or "scheduled" is a visit still to be kept: it is booked here. A
    // past row with one of these (OPEN_STATUS_WORDS) was never closed and is not imported.
    ...OPEN_STATUS_WORDS,
  ],
  no_show: ['noshow', 'nshow', 'ns', 'dna', 'didnotattend', 'missed', 'failed', 'didnotshow'],
  cancelled: ['cancelled', 'canceled', 'cancel', 'cx', 'cancelledbypatient', 'cancelledbyclinic'],
};

/** "No Show" → "noshow": how a status value is compared. */
export function statusKey(value: string): string {
  return value.toLowerCase().replace(/[^a-z]/g, '');
}

export function suggestOutcome(value: string): VisitOutcome | null {
  const k = statusKey(value);
  for (const o of ['kept', 'no_show', 'cancelled'] as const)
    if (STATUS_WORDS[o].includes(k)) return o;
  if (k.startsWith('cancel')) return 'cancelled';
  if (k.startsWith('noshow')) return 'no_show';
  return null;
}
