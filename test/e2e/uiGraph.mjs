// UI smoke steps for the related-papers graph: open it from the palette on review.md, find the
// webview's drawing, move between papers with the keyboard, open a card with Enter, and save a
// screenshot. The webview runs under a strict content security policy: any violation the page
// reports while the graph is open fails the step.

/** The webview frame that holds the graph's SVG (webviews are iframes inside iframes in code-server). */
async function graphFrame(page, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (await frame.$('svg.paper-graph g.node').catch(() => null)) return frame;
    }
    await page.waitForTimeout(200);
  }
  throw new Error('no webview frame with the graph appeared');
}

export async function graphSteps({ page, step, shot, runCommand, openFile }) {
  const violations = [];
  const onConsole = (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text()); };
  page.on('console', onConsole);
  try {
    await step('the related-papers graph opens, moves by keyboard and shows a card', async () => {
      // One editor group and no secondary side bar, so the panel opens beside the note at half the editor area.
      await runCommand('View: Single Column Editor Layout');
      await runCommand('View: Close Secondary Side Bar').catch(() => page.keyboard.press('Escape'));
      await openFile('review.md', 'Residual networks [@he2016deep]');
      await runCommand('ML Papers: Show Related-Papers Graph');
      const frame = await graphFrame(page);
      const nodes = await frame.locator('svg.paper-graph g.node').count();
      const suggested = await frame.locator('svg.paper-graph g.node.suggested').count();
      if (nodes < 5) throw new Error(`only ${nodes} papers drawn`);
      const heading = await frame.locator('#status').innerText();
      if (!heading.startsWith('review.md:')) throw new Error(`the graph is not review.md's: ${heading}`);
      await shot('09-graph.png');
      // Keyboard: focus the first paper, step right along the time axis, open the card with Enter.
      await frame.locator('svg.paper-graph g.node').first().focus();
      const first = await frame.evaluate(() => document.activeElement?.getAttribute('data-key'));
      await page.keyboard.press('ArrowRight');
      const second = await frame.evaluate(() => document.activeElement?.getAttribute('data-key'));
      if (!first || !second || first === second) throw new Error(`ArrowRight did not move the focus (${first} → ${second})`);
      await frame.locator('g.node[data-key="devlin2019bert"]').focus();
      await page.keyboard.press('Enter');
      await frame.waitForSelector('#card:not([hidden]) h2', { timeout: 10_000 });
      const title = (await frame.locator('#card h2').innerText()).trim();
      if (!/BERT/.test(title)) throw new Error(`the card shows ${JSON.stringify(title)}`);
      await frame.waitForSelector('#card button:has-text("Open paper")', { timeout: 10_000 });
      await shot('10-graph-card.png');
      if (violations.length) throw new Error(`content security policy violations: ${violations.slice(0, 3).join(' | ')}`);
      await frame.locator('#card button:has-text("Close")').click();
      return `${nodes} papers (${suggested} suggested); ${first} → ${second} by ArrowRight; card: ${title.slice(0, 60)}`;
    });
  } finally {
    page.off('console', onConsole);
  }
}
