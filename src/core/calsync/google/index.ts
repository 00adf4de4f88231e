export {
  checkTitleTemplate,
  createGoogleCalendarAccount,
  decodeCursor,
  DEFAULT_TITLE_TEMPLATE,
  eventTitle,
  GoogleCalendarAccount,
  newGoogleEventId,
  outgoingEventBody,
  type GoogleCalendarAccountOptions,
} from './adapter';
export { DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
export { APPOINTMENT_ID_PROPERTY } from './expand';
export {
  createGoogleAuthClient,
  GOOGLE_CALENDAR_SCOPE,
  signInWithGoogle,
  type AuthClientInput,
  type GoogleOAuthClientConfig,
  type GoogleTokens,
  type SignInInput,
} from './oauth';
export * from '../port';
