// UI smoke steps for the literature table and paper notes, run by uiSmoke.mjs with its page and
// helpers: insert a table in the Markdown review (a screenshot of the editor, and of VS Code's
// Markdown preview, where it must render as a table), then create a note for a paper from the picker.

/**
 * @param {object} ui what uiSmoke.mjs's session offers: the Playwright page, its `step`, `shot`,
 *   `runCommand`, `goTo`, `lineCol` and `editorText`, and `md` (review.md's path).
 */
export async function tableNotesSteps({ page, step, shot, runCommand, goTo, lineCol, editorText, md }) {
  /**
   * Opens review.md with Ctrl+P. Quick Open lists recent files first: Enter is pressed only once
   * review.md is the focused row (review.tex, open just before, would otherwise be taken), and the
   * step goes on only once review.md's tab is the active one.
   */
  async function openReviewMd() {
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 10_000 });
    await page.keyboard.type('review.md');
    await page.waitForFunction(() => /review\.md/.test(document.querySelector('.quick-input-list .monaco-list-row.focused')?.textContent ?? ''), null, { timeout: 10_000 });
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /review\.md/.test((document.querySelector('.tab.active')?.textContent ?? '').replace(/\s+/g, '')), null, { timeout: 20_000 });
  }

  await step('Insert Literature Table puts a table of the cited papers in the review', async () => {
    await openReviewMd();
    await goTo(lineCol(md, 'trainable.', 'trainable.'.length));
    await runCommand('ML Papers: Insert Literature Table');
    await page.waitForFunction(() => /Insert literature table/i.test(document.querySelector('.quick-input-widget .quick-input-title')?.textContent ?? ''), null, { timeout: 10_000 });
    await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'By year' }).first().click();
    await page.waitForFunction(() => [...document.querySelectorAll('.monaco-editor .view-lines')]
      .some((e) => e.textContent.replace(/[\s\u00a0]+/g, ' ').includes('| Paper | Title | Year |')), null, { timeout: 20_000 });
    await shot('09-literature-table.png');
    const rows = (await editorText()).match(/\| \[@[^\]]+\] \|/g) ?? [];
    if (rows.length < 4) throw new Error(`expected a row per cited paper, saw ${rows.length}: ${rows.join(' ')}`);

    // VS Code's own Markdown preview renders the pipe table as an HTML table.
    await runCommand('Markdown: Open Preview to the Side');
    const deadline = Date.now() + 20_000;
    let cells = 0;
    while (!cells && Date.now() < deadline) {
      for (const frame of page.frames()) {
        // The preview shows the front matter as a table too: count the rows of the one headed "Paper".
        cells = await frame.evaluate(() => [...document.querySelectorAll('table')]
          .filter((t) => t.querySelector('th')?.textContent.trim() === 'Paper')
          .reduce((n, t) => n + t.querySelectorAll('tbody tr').length, 0)).catch(() => 0);
        if (cells) break;
      }
      if (!cells) await page.waitForTimeout(200);
    }
    await shot('10-literature-table-preview.png');
    // review.md cites five papers the extension knows (and two keys it does not).
    if (cells !== 5) throw new Error(`the preview shows ${cells} rows of the table, not 5`);
    await page.keyboard.press('Control+W');
    return `${rows.length} rows in the editor, ${cells} in the preview`;
  });

  await step('New Note for Paper… creates notes/<key>.md from the picker', async () => {
    await runCommand('ML Papers: New Note for Paper');
    await page.waitForFunction(() => /New note for paper/i.test(document.querySelector('.quick-input-widget .quick-input-title')?.textContent ?? ''), null, { timeout: 10_000 });
    await page.keyboard.type('ResNet');
    await page.waitForFunction(() => [...document.querySelectorAll('.quick-input-list .monaco-list-row')].some((r) => r.textContent.includes('he2016deep')), null, { timeout: 20_000 });
    await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'he2016deep' }).first().click();
    await page.waitForFunction(() => [...document.querySelectorAll('.monaco-editor .view-lines')]
      .some((e) => e.textContent.replace(/[\s\u00a0]+/g, ' ').includes('## Key ideas')), null, { timeout: 20_000 });
    await shot('11-paper-note.png');
    // The tab's label and its extension are separate elements: innerText puts a line break between them.
    const tab = (await page.locator('.tab.active').first().innerText().catch(() => '')).replace(/\s+/g, '');
    if (!tab.includes('he2016deep.md')) throw new Error(`the active tab is ${JSON.stringify(tab)}, not he2016deep.md`);
    return tab;
  });
}
