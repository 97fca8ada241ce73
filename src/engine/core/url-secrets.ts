/**
 * Finding the password inside a connection URL the way the PostgreSQL driver does, so it can
 * be masked. postgres.js (src/index.js, parseUrl) hands the URL to WHATWG `new URL`, whose
 * authority ends at the LAST `@`: `postgres://u:p@ss@host/db` has the password `p@ss`. A
 * masker that stops at the first `@` prints `u:***@ss@host`, half the password. Whitespace
 * does not end a URL for the driver either: `new URL` keeps a space in the user info
 * (percent-encoding it) and drops tabs and newlines, so `postgres://u:pa ss@host/db` connects
 * with the password `pa ss`. Pure.
 */

/** Start of a `scheme://` URL inside free text. */
const SCHEME = /[a-z][a-z0-9+.-]*:\/\//gi;

/** The user-info part of one URL token: where it sits and the user name before the first `:`. */
interface UserInfo {
  /** Index just after `scheme://`. */
  readonly start: number;
  /** Index of the `@` that ends the user info (the last one in the token). */
  readonly at: number;
  readonly user: string;
  /** Null when the user info has no `:` (no password). */
  readonly rawPassword: string | null;
}

/**
 * Where the user info of the URL starting `text` can end: the end of its first whitespace-free
 * run, or, further, the end of the driver's authority (the first `/`, `?` or `#` after the
 * scheme, or the end of the text), whitespace included.
 */
function urlSpan(text: string, start: number): number {
  const ws = text.slice(start).search(/\s/);
  const token = ws < 0 ? text.length : start + ws;
  const slash = text.slice(start).search(/[/?#]/);
  const authority = slash < 0 ? text.length : start + slash;
  return Math.max(token, authority);
}

/**
 * Split a URL (from `scheme://`, up to urlSpan) at its last `@`. Over-masking what follows a
 * URL that holds an `@` is the price of never showing part of a password that holds `@`,
 * `/`, `?`, `#` or whitespace.
 */
function userInfo(token: string, start: number): UserInfo | null {
  const at = token.lastIndexOf('@');
  if (at < start) return null;
  const info = token.slice(start, at);
  const colon = info.indexOf(':');
  return { start, at, user: colon < 0 ? info : info.slice(0, colon), rawPassword: colon < 0 ? null : info.slice(colon + 1) };
}

/** `decodeURIComponent` that never throws (a raw `%` in a password is common). */
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * The password of a connection URL as the driver will send it (percent-decoded), plus the raw
 * text as written; empty list when there is none. Used to scrub it from driver error messages.
 */
export function urlPasswords(url: string): string[] {
  const text = url.trim();
  const m = /^[a-z][a-z0-9+.-]*:\/\//i.exec(text);
  if (!m) return [];
  const info = userInfo(text.slice(0, urlSpan(text, m[0].length)), m[0].length);
  if (!info || info.rawPassword === null || info.rawPassword === '') return [];
  const raw = info.rawPassword;
  // As written, as the driver sends it (tabs and newlines dropped, then decoded), and decoded.
  const sent = safeDecode(raw.replace(/[\t\n\r]/g, ''));
  return [...new Set([raw, sent, safeDecode(raw)])].filter((s) => s.length > 0);
}

/**
 * Replace every URL password inside `text` with `***` (`postgres://u:***@host/db`). Works on
 * strings that are not valid URLs too: a malformed DATABASE_URL is exactly the one a user
 * needs to see without its password.
 */
export function maskUrlPasswords(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(SCHEME)) {
    const begin = m.index;
    if (begin < last) continue;
    const rest = text.slice(begin);
    const token = rest.slice(0, urlSpan(rest, m[0].length));
    const info = userInfo(token, m[0].length);
    if (!info || info.rawPassword === null) continue;
    out += text.slice(last, begin) + token.slice(0, info.start) + `${info.user}:***`;
    last = begin + info.at;
  }
  return out + text.slice(last);
}
