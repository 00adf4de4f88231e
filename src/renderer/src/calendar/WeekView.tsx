/** Placeholder: being built (issue 3). */
export function WeekView() {
  return null;
}
