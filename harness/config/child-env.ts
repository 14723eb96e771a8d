/**
 * The environment the harness's own processes inherit, read here at the config edge so nothing
 * below it reaches for `process.env`: children get only what they need from it (PATH, HOME), and
 * the app under test gets it whole minus the harness's secrets.
 */
export function inheritedEnv(): NodeJS.ProcessEnv {
  return { ...process.env };
}

/** PATH and HOME: what a server process needs to find its binaries and its home. */
export function pathAndHome(): { PATH: string | undefined; HOME: string | undefined } {
  return { PATH: process.env.PATH, HOME: process.env.HOME };
}
