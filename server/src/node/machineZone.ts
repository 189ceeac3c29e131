import * as fs from 'node:fs';
import { setHostZoneName } from '../service/values/calendar-time';

/** The names of UTC that /etc/localtime may point at (under a zoneinfo directory). */
const UTC_NAMES = new Set(['UTC', 'Etc/UTC', 'Etc/UCT', 'Etc/Universal', 'Etc/Zulu', 'UCT', 'Universal', 'Zulu']);

/**
 * Whether this machine's zone is UTC, read the way ICU finds it on Linux: no TZ variable, and /etc/localtime a link
 * into a zoneinfo directory. Undefined when that does not tell (TZ set, no link): Intl is asked then.
 */
export function machineZoneIsUtc(env: NodeJS.ProcessEnv = process.env, localtime = '/etc/localtime'): boolean {
  if (env.TZ !== undefined) return false;
  try {
    const zone = /(?:^|\/)zoneinfo\/(.+)$/.exec(fs.readlinkSync(localtime))?.[1];
    return zone !== undefined && UTC_NAMES.has(zone);
  } catch {
    return false;
  }
}

/** Tells the calendar code the machine runs on UTC when it does, so it starts no Intl formatter to find out. */
export function useMachineZone(): void {
  if (machineZoneIsUtc()) setHostZoneName('UTC');
}
