/**
 * Finding the password inside a connection URL the way the PostgreSQL driver does, so it can
 * be masked. postgres.js (src/index.js, parseUrl) hands the URL to WHATWG `new URL`, whose
 * authority ends at the LAST `@`: `postgres://u:p@ss@host/db` has the password `p@ss`. A
 * masker that stops at the first `@` prints `u:***@ss@host`, half the password. Pure.
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
 * Split a URL token (no whitespace) at its last `@`. Over-masking a path or query that holds
 * an `@` is the price of never showing part of a password that holds `@`, `/`, `?` or `#`.
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
  const m = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url.trim());
  if (!m) return [];
  const token = url.trim().split(/\s/)[0] ?? '';
  const info = userInfo(token, m[0].length);
  if (!info || info.rawPassword === null || info.rawPassword === '') return [];
  return [...new Set([info.rawPassword, safeDecode(info.rawPassword)])].filter((s) => s.length > 0);
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
    const token = rest.slice(0, rest.search(/\s|$/));
    const info = userInfo(token, m[0].length);
    if (!info || info.rawPassword === null) continue;
    out += text.slice(last, begin) + token.slice(0, info.start) + `${info.user}:***` + token.slice(info.at);
    last = begin + token.length;
  }
  return out + text.slice(last);
}
