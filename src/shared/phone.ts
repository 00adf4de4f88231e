/**
 * Phones as a person reads them: "+12125550184" -> "(212) 555-0184". Browser-safe and pure.
 * A number that is not a US/Canada (NANP) E.164 or 10-digit number is shown as stored.
 */
export function formatPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  const digits = phone.replace(/\D/g, '');
  const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
  if (national.length !== 10) return phone;
  return `(${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6)}`;
}
