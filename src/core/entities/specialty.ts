/**
 * Specialties are NUCC Health Care Provider Taxonomy codes. A code is ten characters: three
 * digits, six digits or capitals, and a closing X (207RC0000X). The names below are the common
 * ones a small clinic uses; any well-formed code is accepted, and the full NUCC list arrives with
 * the provider directory.
 */
export const TAXONOMY_RE = /^[0-9]{3}[0-9A-Z]{6}X$/;

export const COMMON_SPECIALTIES: Readonly<Record<string, string>> = {
  '207Q00000X': 'Family Medicine',
  '207R00000X': 'Internal Medicine',
  '208000000X': 'Pediatrics',
  '207RC0000X': 'Cardiology',
  '207N00000X': 'Dermatology',
  '207V00000X': 'Obstetrics & Gynecology',
  '207X00000X': 'Orthopaedic Surgery',
  '2084P0800X': 'Psychiatry',
  '207W00000X': 'Ophthalmology',
  '207Y00000X': 'Otolaryngology (ENT)',
  '207RE0101X': 'Endocrinology',
  '207RG0100X': 'Gastroenterology',
  '363L00000X': 'Nurse Practitioner',
  '363LF0000X': 'Nurse Practitioner, Family',
  '363A00000X': 'Physician Assistant',
  '225100000X': 'Physical Therapist',
  '103T00000X': 'Psychologist',
  '133V00000X': 'Dietitian, Registered',
  '1223G0001X': 'General Practice Dentistry',
};

export function specialtyName(code: string, learned?: ReadonlyMap<string, string>): string {
  return COMMON_SPECIALTIES[code] ?? learned?.get(code) ?? code;
}
