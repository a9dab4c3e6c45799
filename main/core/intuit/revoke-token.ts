import { basicAuthorization, type ClientCredentials } from './client-credentials';
import { missingCase } from '../config/describe-source';
import { fetchBounded, kibibyte, type Fetch } from '../system/bounded-fetch';

/** Intuit answers a revocation with an empty body. */
const maximumRevokeAnswerBytes = 64 * kibibyte;

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
  const answer = await fetchBounded(
    request.revocationEndpoint,
    {
      method: 'POST',
      headers: {
        authorization: basicAuthorization(request.credentials),
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify({ token: request.refreshToken }),
      redirect: 'manual',
    },
    { ...(request.fetch === undefined ? {} : { fetch: request.fetch }), timeoutMs: request.timeoutMs, maxBodyBytes: maximumRevokeAnswerBytes },
  );
  switch (answer.kind) {
    case 'no_answer':
    case 'cut_off':
      return { kind: 'unreachable', detail: answer.timedOut ? 'Intuit did not answer in time' : 'Intuit could not be reached' };
    case 'too_large':
    case 'answered': {
      // The status decides; the body of a revocation answer carries nothing we use.
      const intuitTid = answer.headers.get('intuit_tid') ?? undefined;
      if (answer.status === 200) return { kind: 'revoked', intuitTid };
      return { kind: 'refused', status: answer.status, intuitTid };
    }
    default:
      return missingCase(answer);
  }
}
