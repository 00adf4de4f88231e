/** Placeholder: being built (issue 3). */
export function AppointmentPanel() {
  return null;
}
