import { userByUsername } from '../../../src/core/accounts/service/sessions';
import { TEST_PASSWORD } from '../../helpers/staff';
import type { CaseContext, CaseTable } from './cases';

/**
 * Sign-in, the desk's own account and the administrator's staff accounts. The desk is signed in
 * as the clinic's only administrator (username admin, TEST_PASSWORD), so the refusals that
 * protect that position are tried too.
 */
export function accountsCases({ t, NO_SUCH }: CaseContext): CaseTable {
  const admin = userByUsername(t.db, 'admin')?.id ?? NO_SUCH;
  const pw = TEST_PASSWORD;
  const newUser = {
    username: 'rita',
    displayName: 'Rita Reyes',
    role: 'front_desk',
    password: 'violet otter pancake 9',
  };
  const long = (n: number) => 'x'.repeat(n);
  // One case a line: a table reads better than what the formatter would make of it.
  // prettier-ignore
  return {
    'auth/status': [
      { kind: 'unknown', why: 'an unknown key', input: { user: 'admin' }, code: 'VALIDATION', field: null, mention: /user/ },
    ],
    'auth/createFirstAdmin': [
      { kind: 'missing', why: 'no username', input: { displayName: 'A', password: pw }, code: 'VALIDATION', field: 'username' },
      { kind: 'malformed', why: 'a username with a space', input: { username: 'a b', displayName: 'A', password: pw }, code: 'VALIDATION', field: 'username', mention: /letters, digits/ },
      { kind: 'range', why: 'a 101-character name', input: { username: 'boss', displayName: long(101), password: pw }, code: 'VALIDATION', field: 'displayName' },
      { kind: 'reference', why: 'a clinic that already has an administrator', input: { username: 'boss', displayName: 'Boss', password: pw }, code: 'INVALID_STATE', field: null, mention: /already has an administrator/ },
      { kind: 'unknown', why: 'an unknown key', input: { username: 'boss', displayName: 'B', password: pw, role: 'admin' }, code: 'VALIDATION', field: null, mention: /role/ },
    ],
    'auth/signIn': [
      { kind: 'missing', why: 'no password', input: { username: 'admin' }, code: 'VALIDATION', field: 'password' },
      { kind: 'malformed', why: 'a password as a number', input: { username: 'admin', password: 12 }, code: 'VALIDATION', field: 'password' },
      { kind: 'range', why: 'a one-letter break-glass reason', input: { username: 'admin', password: pw, breakGlassReason: 'x' }, code: 'VALIDATION', field: 'breakGlassReason' },
      { kind: 'unknown', why: 'an unknown key', input: { username: 'admin', password: pw, remember: true }, code: 'VALIDATION', field: null, mention: /remember/ },
    ],
    'auth/signOut': [
      { kind: 'unknown', why: 'an unknown key', input: { everywhere: true }, code: 'VALIDATION', field: null, mention: /everywhere/ },
    ],
    'auth/lock': [
      { kind: 'unknown', why: 'an unknown key', input: { minutes: 5 }, code: 'VALIDATION', field: null, mention: /minutes/ },
    ],
    'auth/heartbeat': [
      { kind: 'unknown', why: 'an unknown key', input: { at: 1 }, code: 'VALIDATION', field: null, mention: /at/ },
    ],
    'auth/unlock': [
      { kind: 'missing', why: 'no secret', input: {}, code: 'VALIDATION', field: 'secret' },
      { kind: 'malformed', why: 'a PIN as a number', input: { secret: 1234 }, code: 'VALIDATION', field: 'secret' },
      { kind: 'range', why: 'a 201-character secret', input: { secret: long(201) }, code: 'VALIDATION', field: 'secret' },
    ],
    'auth/changePassword': [
      { kind: 'missing', why: 'no new password', input: { currentPassword: pw }, code: 'VALIDATION', field: 'newPassword' },
      { kind: 'malformed', why: 'a wrong current password', input: { currentPassword: 'not my password 1', newPassword: 'violet otter pancake 9' }, code: 'VALIDATION', field: 'currentPassword', mention: /current password is not right/ },
      { kind: 'range', why: 'an 11-character new password', input: { currentPassword: pw, newPassword: 'short pass1' }, code: 'VALIDATION', field: 'newPassword', mention: /at least 12 characters/ },
      { kind: 'range', why: 'a common new password', input: { currentPassword: pw, newPassword: 'password1234' }, code: 'VALIDATION', field: 'newPassword', mention: /common passwords/ },
      { kind: 'range', why: 'the same password again', input: { currentPassword: pw, newPassword: pw }, code: 'VALIDATION', field: 'newPassword', mention: /must differ/ },
      { kind: 'unknown', why: 'an unknown key', input: { currentPassword: pw, newPassword: 'violet otter pancake 9', userId: 1 }, code: 'VALIDATION', field: null, mention: /userId/ },
    ],
    'auth/setPin': [
      { kind: 'missing', why: 'no PIN', input: { currentPassword: pw }, code: 'VALIDATION', field: 'pin' },
      { kind: 'malformed', why: 'letters in the PIN', input: { currentPassword: pw, pin: '12ab' }, code: 'VALIDATION', field: 'pin', mention: /4 to 8 digits/ },
      { kind: 'range', why: 'a PIN of one repeated digit', input: { currentPassword: pw, pin: '1111' }, code: 'VALIDATION', field: 'pin', mention: /too easy/ },
      { kind: 'range', why: 'a nine-digit PIN', input: { currentPassword: pw, pin: '193847562' }, code: 'VALIDATION', field: 'pin', mention: /4 to 8 digits/ },
      { kind: 'reference', why: 'a wrong current password', input: { currentPassword: 'not my password 1', pin: '4831' }, code: 'VALIDATION', field: 'currentPassword', mention: /not right/ },
    ],
    'users/list': [
      { kind: 'unknown', why: 'an unknown key', input: { role: 'admin' }, code: 'VALIDATION', field: null, mention: /role/ },
    ],
    'users/create': [
      { kind: 'missing', why: 'no role', input: { ...newUser, role: undefined }, code: 'VALIDATION', field: 'role' },
      { kind: 'malformed', why: 'a role that does not exist', input: { ...newUser, role: 'nurse' }, code: 'VALIDATION', field: 'role' },
      { kind: 'malformed', why: 'a username with a space', input: { ...newUser, username: 'rita reyes' }, code: 'VALIDATION', field: 'username', mention: /letters, digits/ },
      { kind: 'range', why: 'an 11-character password', input: { ...newUser, password: 'short pass1' }, code: 'VALIDATION', field: 'password', mention: /at least 12 characters/ },
      { kind: 'range', why: 'a common password', input: { ...newUser, password: 'qwertyuiop123' }, code: 'VALIDATION', field: 'password', mention: /common passwords/ },
      { kind: 'range', why: 'a password containing the username', input: { ...newUser, password: 'rita is at the desk 4' }, code: 'VALIDATION', field: 'password', mention: /username/ },
      { kind: 'reference', why: 'a username already taken', input: { ...newUser, username: 'ADMIN' }, code: 'CONFLICT', field: 'username', mention: /already taken/ },
      { kind: 'unknown', why: 'an unknown key', input: { ...newUser, pin: '4831' }, code: 'VALIDATION', field: null, mention: /pin/ },
    ],
    'users/update': [
      { kind: 'missing', why: 'no user', input: { displayName: 'X' }, code: 'VALIDATION', field: 'userId' },
      { kind: 'malformed', why: 'a role that does not exist', input: { userId: admin, role: 'owner' }, code: 'VALIDATION', field: 'role' },
      { kind: 'range', why: 'user 0', input: { userId: 0 }, code: 'VALIDATION', field: 'userId' },
      { kind: 'range', why: 'an empty name', input: { userId: admin, displayName: '  ' }, code: 'VALIDATION', field: 'displayName', mention: /name/ },
      { kind: 'reference', why: 'a user that does not exist', input: { userId: NO_SUCH, role: 'biller' }, code: 'NOT_FOUND', field: 'userId', mention: /staff account was not found/ },
      { kind: 'reference', why: 'demoting the only administrator', input: { userId: admin, role: 'manager' }, code: 'INVALID_STATE', field: null, mention: /only active administrator/ },
      { kind: 'unknown', why: 'an unknown key', input: { userId: admin, active: false }, code: 'VALIDATION', field: null, mention: /active/ },
    ],
    'users/resetPassword': [
      { kind: 'missing', why: 'no password', input: { userId: admin }, code: 'VALIDATION', field: 'password' },
      { kind: 'malformed', why: 'user as text', input: { userId: 'admin', password: 'violet otter pancake 9' }, code: 'VALIDATION', field: 'userId' },
      { kind: 'range', why: 'an 11-character password', input: { userId: admin, password: 'short pass1' }, code: 'VALIDATION', field: 'password', mention: /at least 12 characters/ },
      { kind: 'reference', why: 'a user that does not exist', input: { userId: NO_SUCH, password: 'violet otter pancake 9' }, code: 'NOT_FOUND', field: 'userId', mention: /not found/ },
    ],
    'users/deactivate': [
      { kind: 'missing', why: 'no user', input: {}, code: 'VALIDATION', field: 'userId' },
      { kind: 'malformed', why: 'user as text', input: { userId: 'rita' }, code: 'VALIDATION', field: 'userId' },
      { kind: 'range', why: 'user -1', input: { userId: -1 }, code: 'VALIDATION', field: 'userId' },
      { kind: 'reference', why: 'a user that does not exist', input: { userId: NO_SUCH }, code: 'NOT_FOUND', field: 'userId', mention: /not found/ },
      { kind: 'reference', why: 'the signed-in administrator themself', input: { userId: admin }, code: 'INVALID_STATE', field: 'userId', mention: /your own account/ },
    ],
    'users/reactivate': [
      { kind: 'missing', why: 'no user', input: {}, code: 'VALIDATION', field: 'userId' },
      { kind: 'malformed', why: 'user as text', input: { userId: 'rita' }, code: 'VALIDATION', field: 'userId' },
      { kind: 'range', why: 'user 1.5', input: { userId: 1.5 }, code: 'VALIDATION', field: 'userId' },
      { kind: 'reference', why: 'a user that does not exist', input: { userId: NO_SUCH }, code: 'NOT_FOUND', field: 'userId', mention: /not found/ },
    ],
  };
}
