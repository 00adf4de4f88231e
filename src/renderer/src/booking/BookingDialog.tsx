/** Placeholder: being built (issue 3). */
export function BookingDialog() {
  return null;
}
