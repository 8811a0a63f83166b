/**
 * Printing the sheet on screen (its `.print-layer`). In Electron the main process prints through
 * the window's webContents; in the browser harness the main process answers 'browser' and the page
 * opens the browser's own print dialog, as every web page does. End-to-end tests see the
 * `window.print()` call (they record it) and take the PDF from print media.
 */
import { api } from './api';

export async function printSheet(title: string): Promise<void> {
  const result = await api['print.page']({ title });
  if (result.ok && result.value.method === 'webContents') return;
  window.print();
}
