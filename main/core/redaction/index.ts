export { redact } from './redact-text';
export { redactValue } from './redact-value';
export { redactionMarker } from './redaction-marker';
export { isSecretKey } from './sensitive-keys';
