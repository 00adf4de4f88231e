/** Placeholder: being built (issue 3). */
export function PatientPanel() {
  return null;
}
