import { basicAuthorization, type ClientCredentials } from './client-credentials';
import type { Fetch } from './send-token-request';

export type RevokeOutcome =
  | { readonly kind: 'revoked'; readonly intuitTid: string | undefined }
  | { readonly kind: 'refused'; readonly status: number; readonly intuitTid: string | undefined }
  | { readonly kind: 'unreachable'; readonly detail: string };

export interface RevokeRequest {
  readonly revocationEndpoint: string;
  readonly credentials: ClientCredentials;
  /** Revoking the refresh token ends the whole connection (INTUIT.md §5). */
  readonly refreshToken: string;
  readonly fetch?: Fetch;
  readonly timeoutMs: number;
}

export async function revokeToken(request: RevokeRequest): Promise<RevokeOutcome> {
  const fetchFunction = request.fetch ?? globalThis.fetch;
  try {
    const response = await fetchFunction(request.revocationEndpoint, {
      method: 'POST',
      headers: {
        authorization: basicAuthorization(request.credentials),
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify({ token: request.refreshToken }),
      signal: AbortSignal.timeout(request.timeoutMs),
      redirect: 'manual',
    });
    await response.arrayBuffer();
    const intuitTid = response.headers.get('intuit_tid') ?? undefined;
    if (response.status === 200) return { kind: 'revoked', intuitTid };
    return { kind: 'refused', status: response.status, intuitTid };
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    return { kind: 'unreachable', detail: timedOut ? 'Intuit did not answer in time' : 'Intuit could not be reached' };
  }
}
