// UI smoke steps for the opt-in online look-up, against the local mock of the services that
// scripts/e2e.mjs starts (real recorded answers; the server is pointed at it by
// ML_PAPERS_ONLINE_TEST_ENDPOINTS): hover an arXiv id nothing local knows → "Look up online" → the
// prompt names the services and hosts → "Just this once" → the entry lands in references.bib and the
// next hover shows the paper's card. Online look-up stays off in the settings throughout.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The recorded arXiv answer the mock serves for this id (test/fixtures/online/arxiv-1605.08386.xml). */
const ARXIV_ID = '1605.08386';
const TITLE = 'Heat-bath random walks with Markov bases';
const KEY = 'stanley2016heat';

export async function onlineSteps({ page, step, shot, runCommand, openFile, goTo, lineCol, retryUntil, workspace }) {
  const note = path.join(workspace, 'reading.md');
  const bib = path.join(workspace, 'references.bib');
  const showHover = async () => { await page.keyboard.press('Control+K'); await page.keyboard.press('Control+I'); };

  await step('an unknown arXiv id is looked up online after asking, and its entry lands in references.bib', async () => {
    fs.writeFileSync(bib, '');
    fs.writeFileSync(note, `---\nbibliography: references.bib\n---\n\n# Reading list\n\nMarkov bases: arXiv:${ARXIV_ID} is not in the database.\n`);
    await openFile('reading.md', 'Markov bases');
    await goTo(lineCol(note, ARXIV_ID, 3));
    await retryUntil(showHover, '.monaco-hover', 'Look up online');
    await shot('12-online-offer.png');
    await page.locator('.monaco-hover a').filter({ hasText: 'Look up online' }).first().click();
    // The prompt: asked once, naming what would be contacted.
    const prompt = page.locator('.notification-toast').filter({ hasText: 'export.arxiv.org' });
    await prompt.waitFor({ state: 'visible', timeout: 20_000 });
    const asked = (await prompt.innerText()).replace(/\s+/g, ' ');
    for (const button of ['Enable', 'Just this once', 'Never']) if (!asked.includes(button)) throw new Error(`the prompt lacks "${button}": ${asked}`);
    await page.waitForTimeout(400); // the toast slides in
    await shot('13-online-prompt.png');
    await prompt.locator('.monaco-button').filter({ hasText: 'Just this once' }).first().click();
    await page.locator('.notification-toast').filter({ hasText: 'references.bib' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await runCommand('File: Save All');
    const deadline = Date.now() + 20_000;
    while (!fs.readFileSync(bib, 'utf8').includes(`{${KEY},`)) {
      if (Date.now() > deadline) throw new Error(`references.bib never got ${KEY}: ${JSON.stringify(fs.readFileSync(bib, 'utf8').slice(0, 300))}`);
      await page.waitForTimeout(200);
    }
    // The server knows the paper now: the hover of the id is its card, marked as fetched from arXiv.
    await openFile('reading.md', 'Markov bases');
    await goTo(lineCol(note, ARXIV_ID, 3));
    const card = await retryUntil(showHover, '.monaco-hover', TITLE);
    if (!/fetched/i.test(card)) throw new Error(`the card does not say it was fetched: ${card.slice(0, 300)}`);
    await shot('14-online-card.png');
    await page.keyboard.press('Escape');
    return `${KEY} in references.bib; card: ${card.slice(0, 100)}`;
  });
}
