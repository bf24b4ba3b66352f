// UI smoke steps for the Papers view (called from uiSmoke.mjs with its helpers): open survey.md,
// open the ML Papers activity-bar container, read the tree's rows and status icons, group by year,
// and rest the pointer on a paper for its card. Screenshots: papers-view*.png.
const norm = (s) => (s ?? '').replace(/[\s\u00a0]+/g, ' ').trim();

/** The rows of the sidebar's trees, as text. */
async function sidebarRows(page) {
  return (await page.locator('.sidebar .monaco-list-row').allInnerTexts()).map(norm);
}

async function waitForRow(page, text, timeout = 30_000) {
  await page.waitForFunction((t) => [...document.querySelectorAll('.sidebar .monaco-list-row')].some((r) => r.textContent.replace(/[\s\u00a0]+/g, ' ').includes(t)), text, { timeout });
}

export async function papersViewSteps({ page, step, shot, openFile, runCommand }) {
  await step('the Papers view lists the cited papers with their status icons', async () => {
    await openFile('survey.md', 'GANs');
    const icon = page.locator('.activitybar .action-item a[aria-label^="ML Papers"], .activitybar .action-item[aria-label^="ML Papers"] a').first();
    if (await icon.count()) await icon.click();
    else await runCommand('View: Show ML Papers');
    await waitForRow(page, 'Generative Adversarial Nets');
    await waitForRow(page, 'Wasserstein Generative Adversarial Networks');
    // The status icons: a warning for missing papers, a check for those in survey.bib, an error for the unknown key.
    for (const codicon of ['codicon-warning', 'codicon-pass', 'codicon-error', 'codicon-references']) {
      if (!(await page.locator(`.sidebar .monaco-list-row .${codicon}`).count())) throw new Error(`no ${codicon} icon in the Papers view: ${JSON.stringify(await sidebarRows(page))}`);
    }
    await shot('papers-view.png');
    return (await sidebarRows(page)).slice(0, 4).join(' | ').slice(0, 240);
  });

  await step('the Papers view groups by year from its title bar', async () => {
    // The view's title actions (in the container's title bar when it holds one view); shown while the pointer is over the side bar.
    await page.locator('.sidebar .monaco-list-row').first().hover();
    await page.locator('.sidebar .actions-container a[aria-label^="Group by Year"]').first().click({ timeout: 10_000 });
    await waitForRow(page, '2014');
    await waitForRow(page, 'No year');
    await shot('papers-view-by-year.png');
    const rows = await sidebarRows(page);
    // A group row's text is its label and count run together: "20142 papers".
    const groups = rows.filter((r) => /^(\d{4}|No year)\d+ papers?$/.test(r));
    if (!groups.some((r) => r.startsWith('2014'))) throw new Error(`no 2014 group: ${JSON.stringify(rows)}`);
    return groups.join(' | ');
  });

  await step('a paper\'s tooltip is its card', async () => {
    await page.locator('.sidebar .monaco-list-row').filter({ hasText: 'Denoising Diffusion Probabilistic Models' }).first().hover();
    await page.waitForFunction(() => [...document.querySelectorAll('.monaco-hover, .workbench-hover')].some((h) => /Missing from the bibliography/.test(h.textContent ?? '')), null, { timeout: 15_000 });
    await shot('papers-view-tooltip.png');
    const text = norm(await page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Missing from the bibliography' }).first().innerText());
    await page.mouse.move(5, 5);
    return text.slice(0, 160);
  });
}
