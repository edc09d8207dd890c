import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { describeNeeding } from '../../../../../test/support/describeNeeding';

/** Debian's Chromium (`apt-get install -y chromium`): playwright-core drives it, nothing is downloaded. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

// Without the background-networking flags Chromium keeps trying to reach Google, which this network refuses.
const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const MISSING =
  `${CHROMIUM_PATH} is missing: the web UI tests need Debian's ` +
  `Chromium, install it with \`apt-get install -y chromium\``;
const chromiumMissing = !existsSync(CHROMIUM_PATH);

/**
 * `describe` for tests that drive Chromium. Without Chromium they are skipped loudly on a workstation; in CI
 * (`CI=true`) they fail, saying how to install it.
 */
export function describeInChromium(name: string, body: () => void): void {
  describeNeeding(chromiumMissing ? MISSING : undefined, name, body);
}

export async function launchChromium(): Promise<Browser> {
  if (chromiumMissing) throw new Error(MISSING);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: LAUNCH_ARGS });
}
