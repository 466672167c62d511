// Token endpoints that are not ours (e2e/foreign-endpoint/server.mjs: Node and LiveKit's
// `livekit-server-sdk`, the way LiveKit's docs and site developers write them), against the real
// stack: one written to LiveKit's standard request works, agent and all; one written for other
// field names falls over on it, and the owner sees the answer beside the request the widget sent.
import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const serverPath = fileURLToPath(new URL('./foreign-endpoint/server.mjs', import.meta.url));

let endpoint;
let child;

test.beforeAll(async ({ request }) => {
  const { server_url } = await (await request.post('/api/token', { data: {} })).json();
  child = spawn(process.execPath, [serverPath, server_url], { stdio: ['ignore', 'pipe', 'inherit'] });
  endpoint = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const ready = /FOREIGN_ENDPOINT_READY (\S+)/.exec(out);
      if (ready) resolve(ready[1]);
    });
    child.on('exit', (code) => reject(new Error(`the foreign endpoint exited (${code})`)));
  });
});

test.afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
});

/**
 * Sends the widget's token request to `path` on the foreign endpoint. Redirected at the network
 * layer, so the page still sees its own `/api/token` (no CORS in the way: that is another fault).
 */
async function tokenFrom(page, path) {
  await page.route('**/api/token', (route) => route.continue({ url: `${endpoint}${path}` }));
}

/** The one-tag embed of a site that asks for its agent (`agent="sofia"`): its request carries it. */
async function openWidget(page) {
  await page.goto('/examples/two-widgets/');
  return page.locator('#one');
}

test("an endpoint written to LiveKit's standard request with livekit-server-sdk: the call works and the agent comes", async ({ page }) => {
  await tokenFrom(page, '/standard');
  const widget = await openWidget(page);
  await widget.locator('button.lkw-call').click();
  await expect(widget.locator('.lkw')).toHaveAttribute('data-stage', 'agent-joined', { timeout: 30_000 });
  await expect(widget.locator('.lkw-line[data-side="agent"]').first()).toContainText('Hello, this is Sofia', { timeout: 20_000 });
  await widget.locator('button.lkw-call').click();
  await expect(widget.locator('.lkw')).toHaveAttribute('data-stage', 'ended');
});

test('an endpoint that reads { room, identity } falls over: the owner sees its answer beside the request sent', async ({ page }) => {
  await tokenFrom(page, '/seed');
  const widget = await openWidget(page);
  await widget.locator('button.lkw-call').click();
  const error = widget.locator('.lkw-error');
  await expect(error).toHaveAttribute('data-hop', 'token-endpoint', { timeout: 30_000 });
  const fix = error.locator('.lkw-error-fix');
  await expect(fix).toContainText('answered 500: Error: identity is required for join but not set — the widget sent: POST {"');
  await expect(fix).toContainText('"room_config":{"agents":[{"agent_name":"sofia"}]}');
  await expect(fix).toContainText('An endpoint written for other field names (identity, room, roomName, participantName…) fails on it');
  await expect(widget.locator('.lkw')).toHaveAttribute('data-stage', 'failed');
  await expect(widget.locator('button.lkw-call')).toHaveText('Call');
});
