import fs from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const HAS_CHROMIUM = fs.existsSync(CHROMIUM);

const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * Runs axe-core with the WCAG 2.1 A and AA rules on the current page and returns the ids of
 * serious and critical violations. Each one is printed with its elements for the failure report.
 */
export async function seriousViolations(page: Page, pageName: string): Promise<string[]> {
  await page.addScriptTag({ path: AXE_SCRIPT });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations as AxeViolation[];
  });
  const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  for (const violation of serious) {
    const targets = violation.nodes.map((node) => `${JSON.stringify(node.target)} ${node.failureSummary ?? ''}`).join('\n    ');
    process.stdout.write(`axe ${pageName}: ${violation.id} (${violation.impact}) ${violation.help}\n    ${targets}\n`);
  }
  return serious.map((violation) => violation.id);
}

/** Saves a full-page screenshot under /tmp for a manual visual check; screenshots are never committed. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `/tmp/datahub-ui-${name}.png`, fullPage: true });
}
