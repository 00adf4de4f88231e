/**
 * Is this row someone the clinic already has? In order of certainty: the same ID from the same
 * old system (a re-import), the same name and date of birth, a near-identical name with the same
 * date of birth ("Jon Smith" / "John Smith", first and last swapped), the same phone or e-mail.
 * Each match proposes a decision the person can change: update the record, skip the row, or
 * create a new patient anyway (twins share a phone; a mother and daughter share a name).
 */
import { nameWords } from '../../entities/patient';
import type { PatientDraft } from './validate';

export interface ExistingPatient {
  id: number;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  phones: string[];
  email: string | null;
}

export type MatchKind = 'externalId' | 'nameAndBirth' | 'similarName' | 'phone' | 'email';
export type Decision = 'skip' | 'update' | 'create';

export interface DuplicateMatch {
  line: number;
  kind: MatchKind;
  /** The existing patient the row matches (the best of them). */
  patientId: number;
  patientName: string;
  patientDateOfBirth: string;
  /** Other existing patients the row also matches. */
  alsoMatches: number;
  reason: string;
  proposed: Decision;
}

export const MATCH_LABELS: Record<MatchKind, string> = {
  externalId: 'same ID from the same system',
  nameAndBirth: 'same name and date of birth',
  similarName: 'near-identical name, same date of birth',
  phone: 'same phone number',
  email: 'same e-mail',
};

const PROPOSED: Record<MatchKind, Decision> = {
  externalId: 'update',
  nameAndBirth: 'skip',
  similarName: 'skip',
  phone: 'create',
  email: 'create',
};

const PLAIN_WORD = /^[A-Za-z0-9]+$/;

/** nameWords(name).join(' '), without its Unicode work for the plain one-word names most are. */
function words(name: string): string {
  return PLAIN_WORD.test(name) ? name.toLowerCase() : nameWords(name).join(' ');
}

export function nameKeyOf(first: string, last: string): string {
  return `${nameWords(first).join(' ')}|${nameWords(last).join(' ')}`;
}

/** Damerau–Levenshtein distance, giving up above `max` (names are short; most pairs differ early). */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) d.push([i]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    let rowMin = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
  }
  return d[a.length]![b.length]!;
}

/** Two names are near-identical: one typo apart per name, or first and last swapped. */
export function similarNames(
  a: { first: string; last: string },
  b: { first: string; last: string },
): boolean {
  if (a.first === b.last && a.last === b.first) return true;
  const firstClose =
    editDistance(a.first, b.first, 1) <= 1 ||
    // "Bill" is not one typo from "William", but "Jon" vs "John" and "Mary Ann" vs "Maryann" are.
    a.first.replace(/ /g, '') === b.first.replace(/ /g, '');
  const lastClose =
    editDistance(a.last, b.last, 1) <= 1 || a.last.replace(/ /g, '') === b.last.replace(/ /g, '');
  return firstClose && lastClose;
}

interface Keyed {
  id: number;
  first: string;
  last: string;
}

/** The clinic's patients, indexed once per preview. */
export class PatientIndex {
  private readonly byNameBirth = new Map<string, number[]>();
  private readonly byBirth = new Map<string, Keyed[]>();
  private readonly byPhone = new Map<string, number[]>();
  private readonly byEmail = new Map<string, number[]>();
  private readonly byExternal = new Map<string, number>();
  private readonly people = new Map<number, { name: string; dateOfBirth: string }>();

  add(p: ExistingPatient): void {
    const first = words(p.firstName);
    const last = words(p.lastName);
    this.people.set(p.id, { name: `${p.firstName} ${p.lastName}`, dateOfBirth: p.dateOfBirth });
    push(this.byNameBirth, `${first}|${last}|${p.dateOfBirth}`, p.id);
    push(this.byBirth, p.dateOfBirth, { id: p.id, first, last });
    for (const ph of p.phones) push(this.byPhone, ph, p.id);
    if (p.email) push(this.byEmail, p.email.toLowerCase(), p.id);
  }

  addExternalId(externalId: string, patientId: number): void {
    this.byExternal.set(externalId, patientId);
  }

  get size(): number {
    return this.people.size;
  }

  /** The best match for a row, or null for a new patient. */
  match(d: PatientDraft): DuplicateMatch | null {
    const found = (kind: MatchKind, ids: readonly number[], extra = ''): DuplicateMatch | null => {
      const unique = [...new Set(ids)].filter((id) => this.people.has(id));
      const id = unique[0];
      if (id === undefined) return null;
      const p = this.people.get(id)!;
      return {
        line: d.line,
        kind,
        patientId: id,
        patientName: p.name,
        patientDateOfBirth: p.dateOfBirth,
        alsoMatches: unique.length - 1,
        reason: `${MATCH_LABELS[kind]}${extra} as ${p.name} (born ${p.dateOfBirth})`,
        proposed: PROPOSED[kind],
      };
    };
    if (d.externalId !== null) {
      const id = this.byExternal.get(d.externalId);
      if (id !== undefined) {
        const m = found('externalId', [id]);
        if (m) return m;
      }
    }
    const first = words(d.firstName);
    const last = words(d.lastName);
    const exact = this.byNameBirth.get(`${first}|${last}|${d.dateOfBirth}`);
    if (exact) return found('nameAndBirth', exact);
    const sameBirth = this.byBirth.get(d.dateOfBirth);
    if (sameBirth) {
      const similar = sameBirth.filter((p) => similarNames({ first, last }, p)).map((p) => p.id);
      if (similar.length > 0) return found('similarName', similar);
    }
    const phones = [d.phoneMobile, d.phoneHome].filter((x): x is string => x !== null);
    const byPhone = phones.flatMap((ph) => this.byPhone.get(ph) ?? []);
    if (byPhone.length > 0) return found('phone', byPhone);
    if (d.email) {
      const byEmail = this.byEmail.get(d.email);
      if (byEmail) return found('email', byEmail);
    }
    return null;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
