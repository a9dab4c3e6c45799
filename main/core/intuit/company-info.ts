import { z } from 'zod';
import { missingCase } from '../config/describe-source';
import { describeLimit, fetchBounded, kibibyte, type Fetch } from '../system/bounded-fetch';

const companyInfoBody = z.object({
  CompanyInfo: z.object({
    CompanyName: z.string(),
    LegalName: z.string().optional(),
    Country: z.string().optional(),
  }),
});

const faultBody = z.object({
  fault: z.object({
    error: z.array(z.object({ code: z.string().optional(), message: z.string().optional(), detail: z.string().nullable().optional() })),
  }),
});

/** QBO's answer to CompanyInfo as values; only `ok` carries data, every other kind says why not. */
export type CompanyInfoOutcome =
  | { readonly kind: 'ok'; readonly companyName: string; readonly legalName: string | undefined; readonly intuitTid: string | undefined }
  /**
   * `expired`: Intuit says the access token has expired ("Token expired: …"), by its own clock.
   * Such a 401 says nothing about the connection, whatever this computer's clock thought.
   */
  | { readonly kind: 'unauthorized'; readonly intuitTid: string | undefined; readonly expired: boolean }
  | { readonly kind: 'forbidden'; readonly intuitTid: string | undefined }
  | { readonly kind: 'wrong_environment'; readonly intuitTid: string | undefined }
  | { readonly kind: 'throttled'; readonly intuitTid: string | undefined; readonly retryAfterSeconds: number }
  | { readonly kind: 'unavailable'; readonly status: number | undefined; readonly intuitTid: string | undefined; readonly detail: string };

export interface CompanyInfoRequest {
  readonly apiBaseUrl: string;
  readonly realmId: string;
  readonly accessToken: string;
  readonly fetch?: Fetch;
  readonly timeoutMs: number;
}

/** A CompanyInfo record is a few KB; anything past this is not one. */
export const maximumCompanyInfoBytes = 1024 * kibibyte;

/** Intuit asks clients to wait a minute after a 429 (INTUIT.md §7). */
const throttleWaitSeconds = 60;

function faultEntries(text: string): z.infer<typeof faultBody>['fault']['error'] {
  try {
    const parsed = faultBody.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.fault.error : [];
  } catch {
    return [];
  }
}

function faultCodes(text: string): string[] {
  return faultEntries(text).flatMap((entry) => [entry.code ?? '', entry.message ?? '']);
}

export function companyInfoUrl(apiBaseUrl: string, realmId: string): string {
  const base = apiBaseUrl.replace(/\/+$/, '');
  const realm = encodeURIComponent(realmId);
  return `${base}/v3/company/${realm}/companyinfo/${realm}?minorversion=75`;
}

export async function fetchCompanyInfo(request: CompanyInfoRequest): Promise<CompanyInfoOutcome> {
  const answer = await fetchBounded(
    companyInfoUrl(request.apiBaseUrl, request.realmId),
    { headers: { authorization: `Bearer ${request.accessToken}`, accept: 'application/json' }, redirect: 'manual' },
    { ...(request.fetch === undefined ? {} : { fetch: request.fetch }), timeoutMs: request.timeoutMs, maxBodyBytes: maximumCompanyInfoBytes },
  );
  switch (answer.kind) {
    case 'no_answer':
    case 'cut_off': {
      const detail = answer.timedOut ? 'QuickBooks did not answer in time' : 'QuickBooks could not be reached';
      return { kind: 'unavailable', status: undefined, intuitTid: undefined, detail };
    }
    case 'too_large':
      if (answer.status !== 200) return interpretAnswer(answer.status, answer.headers, '');
      return {
        kind: 'unavailable',
        status: answer.status,
        intuitTid: answer.headers.get('intuit_tid') ?? undefined,
        detail: `QuickBooks sent an answer larger than ${describeLimit(answer.limitBytes)}, which was not read`,
      };
    case 'answered':
      return interpretAnswer(answer.status, answer.headers, answer.body);
    default:
      return missingCase(answer);
  }
}

function interpretAnswer(status: number, headers: Headers, text: string): CompanyInfoOutcome {
  const intuitTid = headers.get('intuit_tid') ?? undefined;
  if (status === 200) {
    try {
      const parsed = companyInfoBody.parse(JSON.parse(text));
      return { kind: 'ok', companyName: parsed.CompanyInfo.CompanyName, legalName: parsed.CompanyInfo.LegalName, intuitTid };
    } catch {
      return { kind: 'unavailable', status: 200, intuitTid, detail: 'QuickBooks sent a company record that could not be read' };
    }
  }
  if (status === 401) return { kind: 'unauthorized', intuitTid, expired: faultEntries(text).some((entry) => /^Token expired/i.test(entry.detail ?? '')) };
  if (status === 403) return { kind: 'forbidden', intuitTid };
  if (status === 429) return { kind: 'throttled', intuitTid, retryAfterSeconds: throttleWaitSeconds };
  if (status === 400 && faultCodes(text).some((entry) => entry.includes('007001'))) {
    return { kind: 'wrong_environment', intuitTid };
  }
  return { kind: 'unavailable', status, intuitTid, detail: `QuickBooks answered ${status}` };
}
