import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium, headless, with the flags that keep it quiet and offline in a container running as root. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; run this through scripts/e2e.sh`);
  return value;
}
