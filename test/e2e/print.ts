/**
 * Printing in the browser harness is the browser's own: the page calls `window.print()` and a
 * person gets the print dialog. Headless Chromium has no dialog (since 156 a `window.print()`
 * leaves the page "being printed", and `page.pdf` then fails), so under test the call is
 * recorded instead: every page of the e2e fixture gets a `window.print` that tells the test it was
 * asked, and the test takes the PDF from print media, which is what the dialog would print.
 */
import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import { pdfText } from './pdf-text';

interface PrintRequests {
  count: number;
  waiters: Array<() => void>;
}

const requests = new WeakMap<Page, PrintRequests>();

/** Replaces the page's `window.print` (before any of its scripts run) with a call back to the test. */
export async function recordPrintRequests(page: Page): Promise<void> {
  const state: PrintRequests = { count: 0, waiters: [] };
  requests.set(page, state);
  await page.exposeBinding('__oknoPrintRequested', () => {
    state.count += 1;
    for (const wake of state.waiters.splice(0)) wake();
  });
  // A string: this file is type-checked for Node, without the DOM's types.
  await page.addInitScript({ content: 'window.print = () => void window.__oknoPrintRequested();' });
}

/** How many times the page has asked to print so far. */
export function printRequestCount(page: Page): number {
  const state = requests.get(page);
  if (!state) throw new Error('print requests are not recorded on this page (use the e2e fixture’s page)');
  return state.count;
}

function nextPrintRequest(page: Page, timeoutMs: number): Promise<void> {
  const state = requests.get(page);
  if (!state) return Promise.reject(new Error('print requests are not recorded on this page (use the e2e fixture’s page)'));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the page did not ask to print (window.print) within ${timeoutMs} ms`)), timeoutMs);
    state.waiters.push(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export interface PrintedSheet {
  pdf: Buffer;
  /** The PDF's text (pdftotext -layout). */
  text: string;
}

/**
 * Runs `action` (the click on a «Печать» button), waits until the page asks to print, then, in
 * print media: checks that only the print layer shows, runs `inPrint` on it, and renders the PDF.
 */
export async function printSheet(
  page: Page,
  action: () => Promise<void>,
  options: { path?: string; inPrint?: (paper: Locator) => Promise<void>; timeoutMs?: number } = {},
): Promise<PrintedSheet> {
  const asked = nextPrintRequest(page, options.timeoutMs ?? 10_000);
  await action();
  await asked;
  await page.emulateMedia({ media: 'print' });
  try {
    const paper = page.getByTestId('print-layer');
    await expect(paper).toBeVisible();
    await expect(page.locator('#root')).toBeHidden();
    await options.inPrint?.(paper);
    const pdf = await page.pdf({ format: 'A4', ...(options.path === undefined ? {} : { path: options.path }) });
    expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');
    return { pdf, text: pdfText(pdf) };
  } finally {
    await page.emulateMedia({ media: 'screen' });
  }
}
