/**
 * How the project's simulator identifies itself: every HTTP answer it gives carries
 * `x-nexwave-simulator`. A console pointed at a loopback venue asks once, so it can tell
 * ours (simulation rules, simulation database) from any other server listening on
 * loopback (a tunnel or proxy to the venue, another implementation), which is the venue.
 */
export const SIMULATOR_HEADER = 'x-nexwave-simulator';
export const SIMULATOR_ID = 'pacifica-compatible';

/**
 * True when the REST API at `apiUrl` answers `GET /info` as the project's simulator within
 * `timeoutMs`; false for any other answer, a refused connection or silence.
 */
export async function isNexwaveSimulator(apiUrl: string, timeoutMs = 1_500): Promise<boolean> {
  try {
    const res = await fetch(`${apiUrl.replace(/\/+$/, '')}/info`, { signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return res.headers.get(SIMULATOR_HEADER) === SIMULATOR_ID;
  } catch {
    return false;
  }
}
