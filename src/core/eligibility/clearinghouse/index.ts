export * from './port';
export {
  clearinghouseConfigSchema,
  parseClearinghouseConfig,
  Secret,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_TIMEOUT_MS,
  type ClearinghouseConfig,
  type ClearinghouseConfigInput,
} from './config';
export { createCoreClearinghouse, type CoreClientDeps, type FetchLike } from './core';
export {
  CORE_FIELD,
  CORE_RULE_VERSION,
  PAYLOAD_TYPE_270,
  PAYLOAD_TYPE_271,
  PAYLOAD_TYPE_999,
  PAYLOAD_TYPE_ENVELOPE_ERROR,
  PAYLOAD_TYPE_TA1,
  PROCESSING_MODE_REAL_TIME,
  coreTimeStamp,
} from './coreEnvelope';
export {
  MultipartError,
  boundaryOf,
  encodeMultipartForm,
  parseMultipart,
  type MultipartField,
  type MultipartPart,
} from './multipart';
