import { redactionMarker, startsWithRedactionMarker } from './redaction-marker';
import { isAmbiguousKey, isAuthorizationKey, isIdentifierLike, isSecretKey } from './sensitive-keys';

/*
 * Every pattern is linear: each starts at a literal (`AB1`, `RT1-`, `eyJ`, `Bearer`, `secret`) or
 * at the start of a word, and no quantified group can match the same text in two ways. The word
 * start look-behinds are what keep `eyJeyJeyJ…` or a long run of letters from going quadratic.
 */

/** Intuit authorization codes and older refresh tokens: `AB1`, a 10-digit Unix time, 37 alphanumerics. */
const intuitCodePattern = /AB1\d{10}[A-Za-z0-9]{37,}/g;

/** Newer Intuit refresh tokens, about 40 characters. */
const intuitRefreshTokenPattern = /RT1-[A-Za-z0-9-]{10,}/g;

/**
 * Compact JWS (3 parts) and JWE (5 parts, the second may be empty): every JOSE header is a JSON
 * object, so the first part always starts with `eyJ` (base64url of `{"`).
 */
const compactJosePattern = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*){1,3}\.[A-Za-z0-9_-]+/g;

/** `Authorization: <scheme> <value>` in headers, JSON or `util.inspect` output: any length. */
const authorizationHeaderPattern =
  /(authorization\\?["']?\s*[:=]\s*\\?["']?\s*)((?:bearer|basic)\s+)?([^\s"'\\,;}]+)/gi;

/**
 * A scheme outside an `Authorization` header. Capitalised as in a header (`token_type=bearer` is
 * not one) and at least 16 characters, so that "Basic Bookkeeping" is not taken for a credential.
 */
const authorizationSchemePattern = /((?:Bearer|Basic|BEARER|BASIC)\s+)([A-Za-z0-9._~+/-]{16,}=*)/g;

/**
 * `key=value`, `key: value`, `"key":"value"`, `'key': 'value'` and JSON escaped inside a JSON
 * string (`\"key\":\"value\"`). The key is checked in code (`isSecretKey`), not in the pattern.
 */
const keyValuePattern =
  /(?<![A-Za-z0-9_])([A-Za-z][A-Za-z0-9_-]{0,63})(\\?["']?\s*([:=])\s*)(\\"(?:[^"\\\n]|\\[^"\n])*\\"|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|[^\s&"',;}\]<>#\\]+)/g;

/** A 40-character client secret after the word "secret" in prose ("the secret is …"). */
const proseSecretPattern = /(secret[\s"':=]{0,6}(?:is\s+)?)([A-Za-z0-9]{40,})(?![A-Za-z0-9])/gi;

const keptLiterals = new Set(['true', 'false', 'null', 'undefined', '']);

export function redact(text: string): string {
  return [
    redactShapes,
    redactAuthorizationHeaders,
    redactAuthorizationSchemes,
    redactKeyValues,
    redactProseSecrets,
  ].reduce((current, step) => step(current), text);
}

function redactShapes(text: string): string {
  return text
    .replace(compactJosePattern, redactionMarker)
    .replace(intuitCodePattern, redactionMarker)
    .replace(intuitRefreshTokenPattern, redactionMarker);
}

function redactAuthorizationHeaders(text: string): string {
  return text.replace(
    authorizationHeaderPattern,
    (match: string, prefix: string, scheme: string | undefined, value: string) => {
      if (startsWithRedactionMarker(value)) {
        return match;
      }
      return `${prefix}${scheme ?? ''}${redactionMarker(value)}`;
    },
  );
}

function redactAuthorizationSchemes(text: string): string {
  return text.replace(authorizationSchemePattern, (_match: string, scheme: string, value: string) => {
    return `${scheme}${redactionMarker(value)}`;
  });
}

function redactKeyValues(text: string): string {
  // A manual scan rather than `replace`: when the key is not a secret, the value must be scanned
  // again, since it may itself hold a pair (`note: ?state=…`).
  const pattern = new RegExp(keyValuePattern.source, 'g');
  let output = '';
  let copiedUpTo = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const [whole, key = '', separator = '', operator = '', rawValue = ''] = match;
    const replacement = redactPair(key, separator, operator, rawValue);
    if (replacement === undefined) {
      pattern.lastIndex = match.index + key.length + separator.length;
      continue;
    }
    output += text.slice(copiedUpTo, match.index) + replacement;
    copiedUpTo = match.index + whole.length;
  }
  return output + text.slice(copiedUpTo);
}

/** The redacted pair, or undefined to leave it as it is. */
function redactPair(key: string, separator: string, operator: string, rawValue: string): string | undefined {
  // Authorization values were handled with their scheme by `redactAuthorizationHeaders`.
  if (!isSecretKey(key) || isAuthorizationKey(key)) {
    return undefined;
  }
  const { opening, value, closing } = unquote(rawValue);
  if (keptLiterals.has(value) || startsWithRedactionMarker(value)) {
    return undefined;
  }
  // Outside a query string or form (`code=`, `state=`), `code: 3200` or `state: 'pending'` is
  // more likely an error code or a status than an OAuth value.
  if (operator === ':' && isAmbiguousKey(key) && isIdentifierLike(value)) {
    return undefined;
  }
  return `${key}${separator}${opening}${redactionMarker(value)}${closing}`;
}

function redactProseSecrets(text: string): string {
  return text.replace(proseSecretPattern, (_match: string, prefix: string, value: string) => {
    return `${prefix}${redactionMarker(value)}`;
  });
}

function unquote(rawValue: string): { opening: string; value: string; closing: string } {
  for (const quote of ['\\"', '"', "'"]) {
    if (rawValue.length >= quote.length * 2 && rawValue.startsWith(quote) && rawValue.endsWith(quote)) {
      return {
        opening: quote,
        value: rawValue.slice(quote.length, rawValue.length - quote.length),
        closing: quote,
      };
    }
  }
  return { opening: '', value: rawValue, closing: '' };
}
