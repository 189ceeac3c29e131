/** The version of systemd Units, set by the bundler from package.json (`0.0.0-dev` when run from the tsc output). */
export const SERVER_VERSION = process.env.SYSTEMD_UNITS_VERSION ?? '0.0.0-dev';
