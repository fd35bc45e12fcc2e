// WebKit (Safari's engine) smoke test: WebKitGTK's MiniBrowser driven over classic WebDriver
// (WebKitWebDriver, selenium-webdriver), since Playwright's own WebKit build cannot be downloaded
// here. It starts Xvfb, the static server on the built app (DIST_DIR, default dist/) from a
// sub-path, and WebKitWebDriver, each on a free display or port; opens a shared link of the
// fixture models with settings in it (so it runs at once, on wasm: WebKitGTK has no navigator.gpu
// and no JSPI); checks that the settings came back in the controls and the share link, that the
// run finishes, and that both trajectory canvases are drawn. Prints PASS or FAIL, exits 1 on failure.
//   npx vite build && npm run test:webkit        (DIST_DIR=dist-x npm run test:webkit: another build)
// Needs: apt-get install webkit2gtk-driver xvfb. No page console or worker errors reach the driver
// (no BiDi in WebKitWebDriver): a failure shows as the page's alert text or a status that never ends.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Builder, By, until, type WebDriver } from 'selenium-webdriver';
import { freePort, serveStatic } from '../../testing/server';
import { DIST, SUB_PATH } from '../../testing/site';

const MINIBROWSER = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const WEBDRIVER = process.env.WEBKIT_WEBDRIVER_PATH ?? '/usr/bin/WebKitWebDriver';
// A shared link: r = 0.4 of 5 steps is 2 small steps; DDPM, class 3, 4 images.
const SETTINGS = { steps: '5', r: '0.4', seed: '42', class: '3', sampler: 'ddpm', guidance: '1.5', batch: '4' };
const TIMEOUT_MS = 180_000;

const children: ChildProcess[] = [];

function start(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (d) => (log = (log + d).slice(-4000)));
  child.stderr!.on('data', (d) => (log = (log + d).slice(-4000)));
  child.on('exit', (code, signal) => {
    if (!stopping) console.error(`${cmd} exited early (${code ?? signal}); its last output:\n${log}`);
  });
  children.push(child);
  return child;
}

let stopping = false;
function stopAll(): void {
  stopping = true;
  for (const c of children.reverse()) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
}

function freeDisplay(): number {
  for (let n = 90 + Math.floor(Math.random() * 50); n < 400; n++) {
    if (!existsSync(`/tmp/.X11-unix/X${n}`) && !existsSync(`/tmp/.X${n}-lock`)) return n;
  }
  throw new Error('no free X display number');
}

async function waitFor(what: string, ok: () => Promise<boolean> | boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await Promise.resolve(ok()).catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const httpOk = (url: string) => async () => (await fetch(url)).ok;

/** Drawn (opaque) and not one flat colour, as e2e/helpers.ts expectNonBlank. */
async function canvasStats(driver: WebDriver, label: string): Promise<{ pixels: number; opaque: boolean; reds: number }> {
  return driver.executeScript(
    `const c = [...document.querySelectorAll('canvas')].find((e) => e.getAttribute('aria-label') === arguments[0]);
     if (!c) return { pixels: 0, opaque: false, reds: 0 };
     const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
     let opaque = true; const reds = new Set();
     for (let i = 0; i < d.length; i += 4) { if (d[i + 3] !== 255) opaque = false; reds.add(d[i]); }
     return { pixels: d.length / 4, opaque, reds: reds.size };`,
    label,
  );
}

async function main(): Promise<void> {
  const failures: string[] = [];
  const check = (ok: boolean, what: string) => {
    console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}`);
    if (!ok) failures.push(what);
  };

  const display = freeDisplay();
  start('Xvfb', [`:${display}`, '-screen', '0', '1280x1024x24', '-nolisten', 'tcp']);
  await waitFor(`Xvfb on :${display}`, () => existsSync(`/tmp/.X11-unix/X${display}`));

  const server = await serveStatic({ root: DIST, subPath: SUB_PATH });
  const base = server.url;

  const driverPort = await freePort();
  start(WEBDRIVER, [`--port=${driverPort}`, '--host=127.0.0.1'], { ...process.env, DISPLAY: `:${display}` });
  await waitFor('WebKitWebDriver', httpOk(`http://127.0.0.1:${driverPort}/status`));

  const driver = await new Builder()
    .usingServer(`http://127.0.0.1:${driverPort}`)
    .withCapabilities({ browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] } })
    .build();
  try {
    const caps = await driver.getCapabilities();
    console.log(`WebKit smoke: ${caps.getBrowserName()} ${caps.getBrowserVersion()}, ${base}`);
    const link = `${base}?${new URLSearchParams({ models: 'fixtures', ...SETTINGS })}`;
    await driver.get(link);

    const status = await driver.wait(until.elementLocated(By.css('[data-testid="status"]')), 60_000);
    // The link's settings, back in the controls (a shared link restored).
    const field = (label: string, tag: 'input' | 'select') =>
      driver.findElement(By.xpath(`//label[span[normalize-space()='${label}']]//${tag}`));
    await driver.wait(async () => (await (await field('Steps', 'input')).getAttribute('value')) === '5', 60_000).catch(() => undefined);
    check((await (await field('Steps', 'input')).getAttribute('value')) === '5', 'Steps is 5, from the link');
    check((await (await field('Seed', 'input')).getAttribute('value')) === '42', 'Seed is 42, from the link');
    check((await (await field('Guidance scale', 'input')).getAttribute('value')) === '1.5', 'Guidance scale is 1.5, from the link');
    check((await (await field('Sampler', 'select')).getAttribute('value')) === 'ddpm', 'Sampler is DDPM, from the link');
    check((await (await field('Class', 'select')).getAttribute('value')) === '3', 'Class is 3, from the link');
    check((await (await field('Batch', 'select')).getAttribute('value')) === '4', 'Batch is 4, from the link');
    const fraction = await driver.findElement(By.css('[data-testid="fraction"]')).getText();
    check(fraction.includes('(2 of 5 steps small)'), `the small-model fraction is r = 0.4 of 5 steps ("${fraction}")`);
    const share = new URL((await driver.findElement(By.css('[data-testid="share-link"]')).getAttribute('value')) ?? '', base);
    check(
      Object.entries(SETTINGS).every(([k, v]) => share.searchParams.get(k) === v),
      `the share link holds the same settings (${share.search})`,
    );

    // The run the link starts, on wasm.
    const done = await driver
      .wait(async () => ['done', 'error', 'failed'].includes(await status.getText()), TIMEOUT_MS)
      .then(
        () => true,
        () => false,
      );
    const finalStatus = await status.getText();
    const alerts = await Promise.all((await driver.findElements(By.css('[role="alert"]'))).map((a) => a.getText()));
    check(done && finalStatus === 'done', `the run finishes (status "${finalStatus}")`);
    check(alerts.length === 0, `no error on the page${alerts.length ? `: ${alerts.join(' | ')}` : ''}`);
    const backend = await driver.findElement(By.css('[data-testid="backend"]')).getText();
    check(backend === 'Backend: wasm', `the backend is wasm ("${backend}")`);
    for (const label of ['Stitched trajectory', 'Large-only trajectory']) {
      const s = await canvasStats(driver, label);
      check(s.pixels > 0 && s.opaque && s.reds > 1, `${label} is drawn (${s.pixels} pixels, opaque: ${s.opaque}, ${s.reds} red levels)`);
    }
  } finally {
    await driver.quit().catch(() => undefined);
    await server.close();
  }
  if (failures.length) throw new Error(`${failures.length} check(s) failed: ${failures.join('; ')}`);
}

main().then(
  () => {
    console.log('WebKit smoke: PASS');
    stopAll();
    process.exit(0);
  },
  (e: Error) => {
    console.error(`WebKit smoke: FAIL: ${e.message}`);
    stopAll();
    process.exit(1);
  },
);
