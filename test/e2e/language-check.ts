/**
 * The Belarusian interface's check (issue 16): words with letters Belarusian does not have (и, щ,
 * ъ) and English dates, in the page's text outside elements marked as another language (the
 * «Русский» button names itself in Russian; the printed paper is Russian by design). `data` are
 * words the clerk typed or the database holds (names), not interface.
 */
import type { Page } from '@playwright/test';

const RUSSIAN_ONLY = /[ИиЩщЪъ]/;
export const ENGLISH_DATE =
  /\b(January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|AM|PM)\b|\d{1,2}\/\d{1,2}\/\d{2,4}/;

export async function russianLeft(page: Page, where: string, data: readonly string[] = []): Promise<string[]> {
  const skip = new Set(data.flatMap((d) => d.split(/[^\p{L}\p{N}]+/u)));
  // Strings, not functions: this file is compiled without the DOM's types.
  const text = (await page.evaluate(`(() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const marked = node.parentElement && node.parentElement.closest('[lang]');
      if (marked && marked.getAttribute('lang') !== 'be') continue;
      out.push(node.nodeValue);
    }
    return out.join(' ');
  })()`)) as string;
  const words = [...new Set(text.split(/[^\p{L}\p{N}/:]+/u).filter((w) => !skip.has(w) && (RUSSIAN_ONLY.test(w) || ENGLISH_DATE.test(w))))];
  const dates = ENGLISH_DATE.exec(text);
  return [...words, ...(dates ? [dates[0]] : [])].map((w) => `${where}: «${w}»`);
}
