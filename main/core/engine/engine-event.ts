import type { AttemptSnapshot } from '../oauth/connect-attempt';
import type { ExpiryWarning } from '../scheduler/expiry-warnings';
import type { PassProgress } from '../scheduler/keep-alive-scheduler';
import type { KeeperEvent } from '../tokens/token-keeper';

/** Everything the shells (notifications, tray, dashboard) hear from the engine. */
export type EngineEvent =
  | KeeperEvent
  | { readonly kind: 'attempt_changed'; readonly attempt: AttemptSnapshot }
  | { readonly kind: 'expiry_warning'; readonly warning: ExpiryWarning }
  | { readonly kind: 'refresh_progress'; readonly progress: PassProgress };
