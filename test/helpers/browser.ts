import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { serverOrSkip } from './private-server.js';

/** Debian's Chromium: browser downloads are not possible here (apt-get install chromium). */
export const chromiumPath = process.env.WEFT_TEST_CHROMIUM ?? '/usr/bin/chromium';

/** Whether the browser tests can run (skipped loudly without Chromium; an error in CI). */
export function browserOrSkip(suiteName: string): boolean {
  return serverOrSkip(suiteName, { installed: existsSync(chromiumPath), package: 'chromium', where: chromiumPath });
}

/** A headless Chromium driven by Playwright (root needs --no-sandbox). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'], headless: true });
}
