/** Placeholder: being built (issue 3). */
export function ScheduleEditor() {
  return null;
}
