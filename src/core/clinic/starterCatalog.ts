/**
 * Visit types a new clinic can tick instead of typing: common primary-care and specialty visits
 * with their usual CPT (E/M and preventive) codes, lengths, who they are for, and buffers. The
 * lengths are typical US office scheduling (a new-patient visit is longer than a follow-up);
 * every one can be changed in Settings afterwards.
 */
import type { VisitTypeCreateInput } from '../entities/visitType';

export interface StarterVisitType {
  key: string;
  /** Which kind of clinic usually offers it, for grouping on screen. */
  group: 'Primary care' | 'Pediatrics' | 'Specialty';
  visitType: Omit<VisitTypeCreateInput, 'color'>;
}

const FAMILY = '207Q00000X';
const INTERNAL = '207R00000X';
const PEDIATRICS = '208000000X';
const CARDIOLOGY = '207RC0000X';
const DERMATOLOGY = '207N00000X';

const vt = (
  name: string,
  durationMinutes: number,
  cptCode: string,
  patientStatus: 'new' | 'established' | 'any',
  extra: Partial<
    Pick<VisitTypeCreateInput, 'bufferBeforeMinutes' | 'bufferAfterMinutes' | 'specialties'>
  > = {},
): Omit<VisitTypeCreateInput, 'color'> => ({
  name,
  durationMinutes,
  cptCode,
  patientStatus,
  specialties: extra.specialties ?? [],
  bufferBeforeMinutes: extra.bufferBeforeMinutes ?? 0,
  bufferAfterMinutes: extra.bufferAfterMinutes ?? 0,
});

export const STARTER_VISIT_TYPES: readonly StarterVisitType[] = [
  // Paperwork and intake before a first visit: 10 minutes held before it.
  {
    key: 'new-patient',
    group: 'Primary care',
    visitType: vt('New patient visit', 45, '99203', 'new', { bufferBeforeMinutes: 10 }),
  },
  {
    key: 'follow-up',
    group: 'Primary care',
    visitType: vt('Follow-up', 20, '99213', 'established'),
  },
  {
    key: 'extended-follow-up',
    group: 'Primary care',
    visitType: vt('Extended follow-up', 30, '99214', 'established'),
  },
  {
    key: 'sick-visit',
    group: 'Primary care',
    visitType: vt('Same-day sick visit', 15, '99213', 'any'),
  },
  {
    key: 'annual-physical-new',
    group: 'Primary care',
    visitType: vt('Annual physical (new patient)', 60, '99386', 'new', {
      specialties: [FAMILY, INTERNAL],
      bufferBeforeMinutes: 10,
    }),
  },
  {
    key: 'annual-physical',
    group: 'Primary care',
    visitType: vt('Annual physical', 40, '99396', 'established', {
      specialties: [FAMILY, INTERNAL],
    }),
  },
  {
    key: 'nurse-visit',
    group: 'Primary care',
    visitType: vt('Nurse visit (shots, BP check)', 10, '99211', 'established'),
  },
  {
    key: 'well-child',
    group: 'Pediatrics',
    visitType: vt('Well-child visit', 30, '99392', 'established', {
      specialties: [PEDIATRICS, FAMILY],
    }),
  },
  {
    key: 'newborn',
    group: 'Pediatrics',
    visitType: vt('Newborn visit', 45, '99381', 'new', { specialties: [PEDIATRICS, FAMILY] }),
  },
  // Room turnover after an ECG or a skin procedure.
  {
    key: 'cardiology-consult',
    group: 'Specialty',
    visitType: vt('Cardiology consult', 60, '99204', 'new', {
      specialties: [CARDIOLOGY],
      bufferAfterMinutes: 10,
    }),
  },
  {
    key: 'cardiology-follow-up',
    group: 'Specialty',
    visitType: vt('Cardiology follow-up', 30, '99214', 'established', {
      specialties: [CARDIOLOGY],
    }),
  },
  {
    key: 'skin-check',
    group: 'Specialty',
    visitType: vt('Full skin check', 20, '99213', 'any', {
      specialties: [DERMATOLOGY],
      bufferAfterMinutes: 5,
    }),
  },
];
