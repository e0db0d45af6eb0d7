import { expect } from 'chai';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { eventually } from '../support/async.js';
import { ApiUnderTest } from './api-under-test.js';

/** Debian's `chromium` package (`.ci/run` installs it): a browser download cannot work here. */
const CHROMIUM = '/usr/bin/chromium';
/** The picture the README shows. */
/** Where the screenshot goes: a scratch file, so that a test run leaves the tree clean; `DASHBOARD_SCREENSHOT=docs/dashboard.png` renews the README's. */
const SCREENSHOT = process.env.DASHBOARD_SCREENSHOT ?? new URL('../../.scratch/dashboard.png', import.meta.url).pathname;
const ADMIN_TOKEN = 'dashboard-s3cret';

if (existsSync(CHROMIUM)) describeDashboard();
else {
  // The line .ci/check-skips fails on: CI installs Chromium, so there a skip means something broke.
  console.log(`  skip the dashboard on chromium: ${CHROMIUM} is missing (apt-get install chromium)`);
  describe.skip(`chromium: the dashboard (${CHROMIUM} is missing)`, () => {
    it('not run');
  });
}

function describeDashboard(): void {
  describe('the dashboard, in headless Chromium', function () {
    this.timeout(60_000);
    let api: ApiUnderTest;
    let browser: Browser;
    let page: Page;
    const problems: string[] = [];

    before(async function () {
      api = await ApiUnderTest.start('one process', { ADMIN_TOKEN });
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
      page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      // A script error, an asset that did not load or a load the page's Content-Security-Policy
      // refused fails the suite; an API's 4xx answer is the page's to show (a wrong token).
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error' && !new URL(message.location().url || api.url).pathname.startsWith('/api/')) problems.push(`console: ${message.text()}`);
      });
    });
    after(async function () {
      await browser?.close();
      await api?.close();
    });
    afterEach(function () {
      expect(problems, 'errors in the page').to.deep.equal([]);
    });

    const checkpointOn = (projection: string) => page.locator(`tbody[data-projection="${projection}"][data-generation="1"] .checkpoint`);

    it('is served at / with its assets from this origin, beside /api, /health and /metrics', async function () {
      const home = await fetch(`${api.url}/`);
      expect(home.status).to.equal(200);
      expect(home.headers.get('content-type')).to.match(/^text\/html/);
      expect(home.headers.get('content-security-policy')).to.contain("default-src 'self'");
      expect(await home.text()).to.contain('<meta name="projectionist-websocket" content="/ws">');
      const script = await fetch(`${api.url}/dashboard/dashboard.js`);
      expect(script.status).to.equal(200);
      expect(script.headers.get('content-type')).to.match(/^(text|application)\/javascript/);
      expect((await fetch(`${api.url}/dashboard/nope.js`)).status).to.equal(404);
      expect((await fetch(`${api.url}/health`)).status).to.equal(200);
      expect((await fetch(`${api.url}/metrics`)).status).to.equal(200);
      expect((await api.get('/api/projections')).status).to.equal(200);
    });

    it('shows a command sent from the page turn visible, and the checkpoint behind it advance', async function () {
      const { productId } = (await api.post('/api/products', { name: 'Moka pot', price: 32, category: 'coffee', stock: 5 })).body as { productId: string };
      await eventually(async () => expect((await api.get(`/api/products/${productId}`)).status).to.equal(200));
      await page.goto(api.url);
      await page.locator('#connection[data-state="live"]').waitFor();
      await eventually(async () => expect(await checkpointOn('ProductView').textContent()).to.match(/^\d+$/));
      const before = BigInt((await checkpointOn('ProductView').textContent())!);

      await page.selectOption('select[name=command]', { label: 'Add a product' });
      const answered = page.waitForResponse((response) => response.url().endsWith('/api/products') && response.request().method() === 'POST');
      await page.click('#command-form button[type=submit]');
      const answer = (await (await answered).json()) as { productId: string; correlationId: string; token: string };
      const entry = page.locator(`#feed li[data-correlation-id="${answer.correlationId}"]`);
      await entry.locator('.correlation-id', { hasText: answer.correlationId }).waitFor();
      await page.locator(`#feed li[data-correlation-id="${answer.correlationId}"][data-state="visible"]`).waitFor({ timeout: 10_000 });
      // Both projections that read products applied it, and said so over the WebSocket.
      expect(await entry.locator('.outcome').textContent()).to.match(/^visible at \d+ in (ProductView, ProductSearch|ProductSearch, ProductView), \d+ ms after sending$/);
      expect((await entry.locator('.chip').allTextContents()).map((chip) => chip.split(' ')[0]).sort()).to.deep.equal(['ProductSearch', 'ProductView']);
      // The page's correlation id is the one the write carries.
      expect((await api.get(`/api/products/${answer.productId}?correlation=${answer.correlationId}`)).status).to.equal(200);

      const written = BigInt(/visible at (\d+)/.exec((await entry.locator('.outcome').textContent())!)![1]!);
      expect(written > before, 'the write lies past the checkpoint shown before it').to.equal(true);
      await eventually(async () => expect(BigInt((await checkpointOn('ProductView').textContent())!) >= written, 'the checkpoint shown advanced to the write').to.equal(true), 5_000);
    });

    it('asks for the admin token before a rebuild, and sends it as a bearer token', async function () {
      const rebuild = page.locator('tbody[data-projection="AuthorStatsView"][data-generation="1"] button', { hasText: 'Rebuild' });
      await rebuild.click();
      await page.locator('#token-dialog[open]').waitFor();
      await page.fill('#token-dialog input[name=token]', 'not-the-token');
      await page.click('#token-dialog button[type=submit]');
      await page.locator('#operation-result[data-outcome="problem"]', { hasText: '403' }).waitFor();

      await rebuild.click();
      await page.fill('#token-dialog input[name=token]', ADMIN_TOKEN);
      await page.click('#token-dialog button[type=submit]');
      await page.locator('#operation-result[data-outcome="ok"]', { hasText: 'Rebuilding AuthorStatsView as generation 2' }).waitFor();
      await page.locator('tbody[data-projection="AuthorStatsView"][data-generation="2"]').waitFor();
    });

    it('takes the screenshot the README shows', async function () {
      const send = async (command: string) => {
        await page.selectOption('select[name=command]', { label: command });
        await page.click('#command-form button[type=submit]');
        await page.locator('#feed li').first().and(page.locator('[data-state="visible"]')).waitFor({ timeout: 10_000 });
      };
      for (const command of ['Register a customer', 'Place an order', 'Register an author', 'Publish an article', 'Like an article', 'Review a product']) await send(command);
      // Bursts of orders from elsewhere, for the lag charts to show them.
      const { customerId } = (await api.post('/api/customers', { name: 'Bea', email: 'bea@example.com' })).body as { customerId: string };
      for (const burst of [200, 300]) {
        await Promise.all(Array.from({ length: burst }, () => api.post('/api/orders', { customerId, items: [{ productId: 'p-1', quantity: 1, unitPrice: 4.5 }] })));
        await page.waitForTimeout(2_000);
      }
      mkdirSync(dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT });
    });
  });
}
