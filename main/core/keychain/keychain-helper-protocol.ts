/**
 * What the app and its keychain helper process say to each other: one request per keytar call,
 * one answer per request, matched by id. Both sides check what they receive, since a message is
 * only as trustworthy as the process that sent it.
 */
export type KeychainHelperRequest =
  | { readonly id: number; readonly call: 'getPassword' | 'deletePassword'; readonly service: string; readonly account: string }
  | { readonly id: number; readonly call: 'setPassword'; readonly service: string; readonly account: string; readonly secret: string }
  | { readonly id: number; readonly call: 'findCredentials'; readonly service: string };

/** A request before it is given its id. */
export type KeychainHelperCall = KeychainHelperRequest extends infer Request ? (Request extends unknown ? Omit<Request, 'id'> : never) : never;

export type KeychainHelperAnswer =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  /** `moduleMissing`: the helper could not load keytar, so no call can ever succeed there. */
  | { readonly id: number; readonly ok: false; readonly message: string; readonly moduleMissing: boolean };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function parseHelperRequest(message: unknown): KeychainHelperRequest | undefined {
  if (!isRecord(message) || typeof message.id !== 'number' || typeof message.service !== 'string') return undefined;
  const { id, service, account, secret } = message;
  switch (message.call) {
    case 'getPassword':
    case 'deletePassword':
      return typeof account === 'string' ? { id, call: message.call, service, account } : undefined;
    case 'setPassword':
      return typeof account === 'string' && typeof secret === 'string' ? { id, call: 'setPassword', service, account, secret } : undefined;
    case 'findCredentials':
      return { id, call: 'findCredentials', service };
    default:
      return undefined;
  }
}

export function parseHelperAnswer(message: unknown): KeychainHelperAnswer | undefined {
  if (!isRecord(message) || typeof message.id !== 'number') return undefined;
  if (message.ok === true) return { id: message.id, ok: true, value: message.value };
  if (message.ok === false && typeof message.message === 'string') {
    return { id: message.id, ok: false, message: message.message, moduleMissing: message.moduleMissing === true };
  }
  return undefined;
}
