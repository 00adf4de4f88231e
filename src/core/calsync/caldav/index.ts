export {
  APPOINTMENT_ID_PROPERTY,
  CALDAV_EXPANSION_MARGIN_MS,
  CalDavCalendarAccount,
  createCalDavCalendarAccount,
  decodeCalDavCursor,
  type CalDavAccountOptions,
} from './adapter';
