// axe-core in Debian's Chromium, driven by playwright-core: one JSON line per page given
// (a file path or an http URL) with axe's violations, for scripts/check_outputs.py to read.
// Usage: node axe.mjs CHROMIUM PAGE...
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const [executablePath, ...pages] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});
try {
  // bypassCSP: the preview page allows only its own nonced script, and axe is injected from outside.
  const context = await browser.newContext({ viewport: { width: 1000, height: 1300 }, bypassCSP: true });
  for (const target of pages) {
    const page = await context.newPage();
    const url = /^https?:/.test(target) ? target : pathToFileURL(target).href;
    await page.goto(url, { waitUntil: "load" });
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(() => window.axe.run(document));
    const found = (list) => list.map((rule) => ({
      id: rule.id, impact: rule.impact, help: rule.help, tags: rule.tags,
      nodes: rule.nodes.map((node) => node.target.join(" ")),
    }));
    console.log(JSON.stringify({
      page: target, version: result.testEngine.version,
      violations: found(result.violations), incomplete: found(result.incomplete),
      passes: result.passes.length,
    }));
    await page.close();
  }
} finally {
  await browser.close();
}
