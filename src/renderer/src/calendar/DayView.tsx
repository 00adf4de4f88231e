/** Placeholder: being built (issue 3). */
export function DayView() {
  return null;
}
