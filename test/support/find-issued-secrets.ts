import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A secret to look for, with what it is (`code`, `access_token`, `refresh_token`, `client_secret`, …). */
export interface IssuedSecret {
  readonly kind: string;
  readonly value: string;
}

/** Where a secret (or a piece of one) was found; never the secret itself, so a report can be printed. */
export interface SecretFinding {
  /** The file's path, or the label given to `findSecretsIn`. */
  readonly where: string;
  readonly kind: string;
  /** The secret's first four characters and its length, enough to tell which one it was. */
  readonly secret: string;
  readonly offset: number;
  readonly encoding: 'utf8' | 'utf16le';
}

/**
 * Pieces this long are searched for rather than whole secrets: SQLite and its WAL split a long
 * row across pages and a log may wrap a line, so a whole token may never appear in one piece. 24
 * characters of a random token cannot occur by chance.
 */
const pieceLength = 24;
/** Shorter secrets (none Intuit issues) are searched for whole, and only from this length. */
const shortestSecret = 8;

interface Piece {
  readonly secret: IssuedSecret;
}

/**
 * The secrets cut into pieces, in the forms they could be written in (raw and URL-encoded). A
 * piece two secrets share (a token format's fixed header, a common prefix) proves nothing and is
 * left out.
 */
export class SecretIndex {
  private readonly pieces = new Map<string, Piece | null>();
  private readonly wholes = new Map<string, IssuedSecret>();
  /** The characters a piece starts with: any other position is passed over at once. */
  private readonly starts = new Set<number>();
  readonly size: number;

  constructor(secrets: Iterable<IssuedSecret>) {
    let size = 0;
    for (const secret of secrets) {
      if (secret.value.length < shortestSecret) continue;
      size += 1;
      for (const form of new Set([secret.value, encodeURIComponent(secret.value)])) {
        if (form.length < pieceLength) {
          this.wholes.set(form, secret);
          continue;
        }
        const seen = new Set<string>();
        for (let start = 0; start + pieceLength <= form.length; start += pieceLength) seen.add(form.slice(start, start + pieceLength));
        seen.add(form.slice(-pieceLength));
        for (const piece of seen) {
          this.starts.add(piece.charCodeAt(0));
          const other = this.pieces.get(piece);
          this.pieces.set(piece, other === undefined || other?.secret === secret ? { secret } : null);
        }
      }
    }
    this.size = size;
  }

  /** Every secret found in `content`, once per secret and encoding. */
  scan(where: string, content: Buffer | string): SecretFinding[] {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const findings = new Map<string, SecretFinding>();
    const texts: Array<[SecretFinding['encoding'], string]> = [
      ['utf8', bytes.toString('latin1')],
      ['utf16le', bytes.toString('utf16le')],
      ['utf16le', bytes.subarray(1).toString('utf16le')],
    ];
    for (const [encoding, text] of texts) {
      const found = (secret: IssuedSecret, offset: number) => {
        const key = `${secret.value}\u0000${encoding}`;
        if (!findings.has(key)) findings.set(key, { where, kind: secret.kind, secret: `${secret.value.slice(0, 4)}…(${secret.value.length})`, offset, encoding });
      };
      for (let offset = 0; offset + pieceLength <= text.length; offset += 1) {
        if (!this.starts.has(text.charCodeAt(offset))) continue;
        const piece = this.pieces.get(text.slice(offset, offset + pieceLength));
        if (piece !== undefined && piece !== null) found(piece.secret, offset);
      }
      for (const [form, secret] of this.wholes) {
        const offset = text.indexOf(form);
        if (offset !== -1) found(secret, offset);
      }
    }
    return [...findings.values()];
  }
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return entry.isFile() ? [path] : [];
  });
}

/**
 * Every file under `folder` (the database, its -wal and -shm, logs, bundles, lock files, the
 * settings), read as raw bytes, searched for every secret: raw, URL-encoded, in UTF-8 and
 * UTF-16, whole or in pieces. Returns what it found (an empty list is the pass).
 */
export function findIssuedSecrets(folder: string, secrets: Iterable<IssuedSecret> | SecretIndex): SecretFinding[] {
  const index = secrets instanceof SecretIndex ? secrets : new SecretIndex(secrets);
  return filesUnder(folder).flatMap((file) => index.scan(file, readFileSync(file)));
}

/** The same search in one text or buffer (a process's output, the window's state as JSON). */
export function findSecretsIn(where: string, content: Buffer | string, secrets: Iterable<IssuedSecret> | SecretIndex): SecretFinding[] {
  const index = secrets instanceof SecretIndex ? secrets : new SecretIndex(secrets);
  return index.scan(where, content);
}

/** The simulator's `GET /__simulator/issued-secrets` answer as secrets to search for. */
export function issuedSecretList(issued: {
  readonly codes: readonly string[];
  readonly accessTokens: readonly string[];
  readonly refreshTokens: readonly string[];
  readonly clientSecrets: readonly string[];
}): IssuedSecret[] {
  return [
    ...issued.codes.map((value) => ({ kind: 'code', value })),
    ...issued.accessTokens.map((value) => ({ kind: 'access_token', value })),
    ...issued.refreshTokens.map((value) => ({ kind: 'refresh_token', value })),
    ...issued.clientSecrets.map((value) => ({ kind: 'client_secret', value })),
  ];
}
