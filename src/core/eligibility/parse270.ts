/**
 * 270 eligibility inquiry -> structured fields. ClinicDesk sends 270s rather than receives them;
 * this reader exists so every built 270 can be checked by reading it back (and so a 270 from
 * another system can be inspected).
 */
import { X12Error, type X12Warning } from './errors';
import { readEnvelope, readHhmm, readD8, type InterchangeInfo } from './envelope';
import {
  addToAddress,
  readDate,
  readDemographics,
  readParty,
  readReference,
  readTrace,
} from './segments';
import { el, repeats, type Segment } from './tokenizer';
import type { Address, DateEntry, Party, Reference } from './types';

export interface Person270 {
  party: Party;
  memberId: string | null;
  dateOfBirth: string | null;
  gender: 'female' | 'male' | 'unknown' | null;
  address: Address | null;
  references: Reference[];
  traces: Array<{ type: 'current' | 'referenced'; number: string; assignedBy: string | null }>;
  /** DTP*291 (and any other DTP) at the 2100 or 2110 level. */
  dates: DateEntry[];
  /** EQ01 of every 2110 loop, repetitions split, in order. */
  serviceTypes: string[];
}

export interface Inquiry270 {
  payer: Party | null;
  provider: (Party & { address: Address | null; taxonomy: string | null }) | null;
  subscriber: Person270 | null;
  dependent: Person270 | null;
}

export interface Eligibility270Parsed {
  version: string;
  controlNumbers: { interchange: string; group: string; transactionSet: string };
  interchange: InterchangeInfo;
  group: { senderCode: string; receiverCode: string };
  /** BHT03. */
  reference: string | null;
  created: { date: string | null; time: string | null };
  /** One per subscriber (HL 22) or dependent (HL 23) asked about. */
  inquiries: Inquiry270[];
  warnings: X12Warning[];
}

function newPerson(party: Party): Person270 {
  return {
    party,
    memberId: party.idQualifier === 'MI' || party.idQualifier === 'II' ? party.id : null,
    dateOfBirth: null,
    gender: null,
    address: null,
    references: [],
    traces: [],
    dates: [],
    serviceTypes: [],
  };
}

export function parse270(x12: string): Eligibility270Parsed {
  const env = readEnvelope(x12, '270');
  const warnings = [...env.warnings];
  const set = env.transactionSets[0]!;
  const d = env.delimiters;
  const inquiries: Inquiry270[] = [];
  let payer: Party | null = null;
  let provider: Inquiry270['provider'] = null;
  let level = '';
  let subscriber: Person270 | null = null;
  let current: Person270 | null = null;
  let pendingTraces: Person270['traces'] = [];
  let bht: Segment | null = null;

  const onPerson = (s: Segment, p: Person270) => {
    switch (s.id) {
      case 'REF':
        p.references.push(readReference(s));
        break;
      case 'N3':
      case 'N4':
        p.address = addToAddress(p.address, s);
        break;
      case 'DMG': {
        const dmg = readDemographics(s, warnings);
        p.dateOfBirth = dmg.dateOfBirth;
        p.gender = dmg.gender;
        break;
      }
      case 'DTP': {
        const date = readDate(s, warnings);
        if (date) p.dates.push(date);
        break;
      }
      case 'EQ':
        p.serviceTypes.push(...repeats(el(s, 1), d));
        break;
      case 'TRN':
        p.traces.push(readTrace(s));
        break;
      default:
        break; // PRV, INS, HI, AMT, III: read past
    }
  };

  for (const s of set.body) {
    if (s.id === 'BHT') {
      bht ??= s;
      continue;
    }
    if (s.id === 'HL') {
      level = el(s, 3);
      if (!['20', '21', '22', '23'].includes(level)) {
        throw new X12Error(
          'MALFORMED_SEGMENT',
          `segment ${s.position} (HL): level code "${level}" is unknown.`,
          {
            segment: s.position,
            segmentId: 'HL',
          },
        );
      }
      current = null;
      pendingTraces = [];
      continue;
    }
    if (s.id === 'NM1') {
      const party = readParty(s);
      if (level === '20') payer = party;
      else if (level === '21') provider = { ...party, address: null, taxonomy: null };
      else {
        current = newPerson(party);
        current.traces.push(...pendingTraces);
        if (level === '22') {
          subscriber = current;
          inquiries.push({ payer, provider, subscriber, dependent: null });
        } else {
          const parent = inquiries[inquiries.length - 1];
          if (parent && parent.dependent === null) parent.dependent = current;
          else inquiries.push({ payer, provider, subscriber, dependent: current });
        }
      }
      continue;
    }
    if (level === '21' && provider) {
      if (s.id === 'N3' || s.id === 'N4') provider.address = addToAddress(provider.address, s);
      if (s.id === 'PRV') provider.taxonomy = el(s, 3) || null;
      continue;
    }
    if (s.id === 'TRN' && current === null) {
      pendingTraces.push(readTrace(s)); // 2000C/D TRN comes before the NM1 it belongs to
      continue;
    }
    if (current) onPerson(s, current);
  }

  return {
    version: set.version,
    controlNumbers: {
      interchange: env.interchange.controlNumber,
      group: set.group.controlNumber,
      transactionSet: set.controlNumber,
    },
    interchange: env.interchange,
    group: { senderCode: set.group.senderCode, receiverCode: set.group.receiverCode },
    reference: bht ? el(bht, 3) || null : null,
    created: { date: bht ? readD8(el(bht, 4)) : null, time: bht ? readHhmm(el(bht, 5)) : null },
    inquiries,
    warnings,
  };
}
