/**
 * Roles and what each may do. Every operation declares one permission (api/handler.ts); the one
 * dispatcher refuses a call whose signed-in role lacks it (deny by default), and the renderer
 * hides what a role cannot do with the same table. Browser-safe.
 */
export const ROLES = ['front_desk', 'provider', 'biller', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  front_desk: 'Front desk',
  provider: 'Provider',
  biller: 'Biller',
  manager: 'Practice manager',
  admin: 'Administrator',
};

export const PERMISSIONS = [
  /** Anyone, signed in or not: sign-in itself, whether a first administrator exists. */
  'public',
  /** Any signed-in person: their own session, password and PIN. */
  'session',
  /** The schedule as it is: day and week views, openings, the directory, clinic details. */
  'schedule.view',
  'appointments.book',
  'schedules.edit',
  'patients.view',
  'patients.edit',
  'eligibility.view',
  'eligibility.verify',
  /** Reminders queue, bulk messages, replies inbox, call queue. */
  'messaging.use',
  /** Fees, payers and plans, the clearinghouse. */
  'billing.manage',
  /** Clinic details and rules, locations, providers, visit types, messaging and matching settings. */
  'settings.manage',
  'calendars.manage',
  'reports.view',
  'audit.view',
  'users.manage',
  'backup.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const DESK: Permission[] = [
  'session',
  'schedule.view',
  'appointments.book',
  'schedules.edit',
  'patients.view',
  'patients.edit',
  'eligibility.view',
  'eligibility.verify',
  'messaging.use',
];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  front_desk: DESK,
  provider: ['session', 'schedule.view', 'patients.view', 'eligibility.view'],
  biller: [
    'session',
    'schedule.view',
    'patients.view',
    'patients.edit',
    'eligibility.view',
    'eligibility.verify',
    'billing.manage',
    'reports.view',
  ],
  manager: [
    ...DESK,
    'billing.manage',
    'settings.manage',
    'calendars.manage',
    'reports.view',
    'audit.view',
  ],
  admin: PERMISSIONS.filter((p) => p !== 'public'),
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function roleAllows(role: Role, permission: Permission): boolean {
  return permission === 'public' || ROLE_PERMISSIONS[role].includes(permission);
}

/** The person signed in on a desk, as handlers, audit rows and the renderer see them. */
export interface SignedInUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
}
