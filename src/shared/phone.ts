/**
 * Phone numbers for people: the database keeps E.164 ("+12125550184"); the desk and call lists
 * show "(212) 555-0184". Numbers outside North America are shown as stored.
 */
export function formatPhone(e164: string | null | undefined): string {
  if (!e164) return '';
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164.trim());
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : e164.trim();
}
