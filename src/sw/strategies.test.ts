import { afterEach, describe, expect, it, vi } from 'vitest';
import { cacheFirst, networkFirst, NETWORK_TIMEOUT_MS, type Env } from './strategies';
import { memoryCache, served, type MemoryCache } from './testCache';

const scope = new URL('https://host/app/');
const PAGE = '<!doctype html><p>stored</p>';

function env(cache: MemoryCache | null, network: (request: Request | string) => Promise<Response>) {
  const pending: Promise<unknown>[] = [];
  const calls: string[] = [];
  const e: Env = {
    scope,
    openShell: async () => cache,
    fetch: (request) => (calls.push(typeof request === 'string' ? request : request.url), network(request)),
    waitUntil: (work) => void pending.push(work),
  };
  return { env: e, calls, settled: () => Promise.all(pending) };
}

const navigation = (url: string) => ({ url, mode: 'navigate', method: 'GET' }) as Request;
const offline = () => Promise.reject(new TypeError('Failed to fetch'));
const never = () => new Promise<Response>(() => {});

afterEach(() => vi.useRealTimers());

describe('network first', () => {
  it('answers from the network and stores the page without its query', async () => {
    const cache = memoryCache();
    const t = env(cache, async () => served('<p>new</p>', 'text/html'));
    const answer = await networkFirst(t.env, navigation(`${scope.href}?models=fixtures`));
    expect(answer.fromCopy).toBe(false);
    expect(await answer.response.text()).toBe('<p>new</p>');
    await t.settled();
    expect([...cache.entries.keys()]).toEqual([scope.href]);
  });

  it('answers with the stored page at once when the network fails outright (fake timers never advance here)', async () => {
    vi.useFakeTimers();
    const cache = memoryCache();
    cache.entries.set(scope.href, served(PAGE, 'text/html'));
    const answer = await networkFirst(env(cache, offline).env, navigation(`${scope.href}?s=1`));
    expect(answer.fromCopy).toBe(true);
    expect(await answer.response.text()).toBe(PAGE);
  });

  it('answers with the stored page once the network has not answered for NETWORK_TIMEOUT_MS, and keeps the late answer', async () => {
    vi.useFakeTimers();
    const cache = memoryCache();
    cache.entries.set(scope.href, served(PAGE, 'text/html'));
    let arrive!: (r: Response) => void;
    const t = env(cache, () => new Promise<Response>((resolve) => (arrive = resolve)));
    let answered = false;
    const answer = networkFirst(t.env, navigation(scope.href)).finally(() => (answered = true));
    await vi.advanceTimersByTimeAsync(NETWORK_TIMEOUT_MS - 100);
    expect(answered).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    expect((await answer).fromCopy).toBe(true);
    expect(await (await answer).response.text()).toBe(PAGE);
    arrive(served('<p>late</p>', 'text/html'));
    await t.settled();
    expect(await cache.entries.get(scope.href)!.text()).toBe('<p>late</p>');
  });

  it('waits for a slow network when nothing is stored (a slow first visit still loads)', async () => {
    vi.useFakeTimers();
    let arrive!: (r: Response) => void;
    const t = env(memoryCache(), () => new Promise<Response>((resolve) => (arrive = resolve)));
    const answer = networkFirst(t.env, navigation(scope.href));
    await vi.advanceTimersByTimeAsync(NETWORK_TIMEOUT_MS * 3);
    arrive(served('<p>slow</p>', 'text/html'));
    expect((await answer).fromCopy).toBe(false);
    expect(await (await answer).response.text()).toBe('<p>slow</p>');
  });

  it('fails like the network when nothing is stored', async () => {
    await expect(networkFirst(env(memoryCache(), offline).env, navigation(scope.href))).rejects.toThrow('Failed to fetch');
    vi.useFakeTimers();
    const hanging = networkFirst(env(null, never).env, navigation(scope.href));
    let settled = false;
    void hanging.finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(NETWORK_TIMEOUT_MS * 2);
    expect(settled).toBe(false);
  });

  it("passes a host's index.html for a missing manifest through once, never stores it, and never serves a stored misfit", async () => {
    const cache = memoryCache();
    const url = `${scope.href}models/manifest.json`;
    const t = env(cache, async () => served(PAGE, 'text/html'));
    const answer = await networkFirst(t.env, new Request(url));
    expect(await answer.response.text()).toBe(PAGE);
    await t.settled();
    expect(cache.entries.size).toBe(0);
    cache.entries.set(url, served(PAGE, 'text/html'));
    await expect(networkFirst(env(cache, offline).env, new Request(url))).rejects.toThrow('Failed to fetch');
    expect(cache.entries.size).toBe(0);
  });
});

describe('cache first (hashed assets)', () => {
  it('fetches once and serves the stored copy afterwards', async () => {
    const cache = memoryCache();
    const url = `${scope.href}assets/index-a.js`;
    const t = env(cache, async () => served('1', 'text/javascript'));
    expect(await (await cacheFirst(t.env, new Request(url))).text()).toBe('1');
    await t.settled();
    expect(await (await cacheFirst(t.env, new Request(url))).text()).toBe('1');
    expect(t.calls).toEqual([url]);
  });
});
