/** Web front end (service "access"): Apache/Nginx "combined" access log with a diurnal curve; carries `volume_spike`. */
import { weightedPicker, zipfPicker, type Rng } from '../prng.js';
import { arrivals, diurnal, mergeByTs, minutes } from '../traffic.js';
import type { GenContext, SynthEvent, SynthService } from '../types.js';

/** Requests per minute at an average time of day. */
const REQUESTS_PER_MINUTE = 31;
const PROBE_IP = '10.0.0.5';
const SPIKE_FACTOR = 8;
const CRAWLER_UA = 'Mozilla/5.0 (compatible; FlashCrawler/2.1; +http://crawler.example.net/bot.html)';
const CRAWLER_IPS = ['198.51.100.23', '198.51.100.24', '198.51.100.77'];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** `05/Jan/2026:10:23:45 +0000` */
export function clfTime(ts: number): string {
  const d = new Date(ts);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

interface Request {
  ip: string;
  method: string;
  path: string;
  status: number;
  bytes: number;
  referrer: string;
  agent: string;
}

function combinedLine(ts: number, r: Request): string {
  return `${r.ip} - - [${clfTime(ts)}] "${r.method} ${r.path} HTTP/1.1" ${r.status} ${r.bytes} "${r.referrer}" "${r.agent}"`;
}

const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  'curl/8.5.0',
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
];
const REFERRERS = ['-', 'https://shop.example.com/', 'https://shop.example.com/products', 'https://www.google.com/'];
const SEARCH_WORDS = ['shoes', 'jacket', 'lamp', 'coffee', 'desk', 'backpack', 'headphones', 'socks', 'kettle', 'mug'];
const IMAGES = ['logo', 'hero', 'banner', 'sprite', 'avatar'];

type PathKind = 'page' | 'api' | 'static';

function requestPicker(rng: Rng): () => Request {
  const paths = weightedPicker<() => [PathKind, string]>(rng, [
    [() => ['page', '/'], 8],
    [() => ['page', '/products'], 6],
    [() => ['page', `/products/${rng.int(1000, 9999)}`], 20],
    [() => ['api', `/api/items/${rng.int(1, 50000)}`], 15],
    [() => ['api', '/api/cart'], 6],
    [() => ['page', `/search?q=${rng.pick(SEARCH_WORDS)}`], 6],
    [() => ['static', '/static/app.3f9a1c.js'], 10],
    [() => ['static', '/static/styles.8b21e4.css'], 8],
    [() => ['static', `/static/img/${rng.pick(IMAGES)}.png`], 8],
    [() => ['page', '/login'], 3],
    [() => ['static', '/favicon.ico'], 3],
  ]);
  const status = weightedPicker(rng, [
    [200, 84], [304, 5], [301, 1.5], [302, 1.5], [404, 4], [401, 1], [403, 0.5], [500, 0.4], [502, 0.1], [503, 0.1],
  ] as const);
  const clients = Array.from({ length: 3000 }, () => `${rng.pick([23, 31, 46, 62, 78, 84, 91, 109, 145, 176, 188, 212])}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`);
  const client = zipfPicker(rng, clients, 0.8);
  const agent = zipfPicker(rng, AGENTS, 1);
  const referrer = weightedPicker(rng, [[REFERRERS[0], 40], [REFERRERS[1], 30], [REFERRERS[2], 15], [REFERRERS[3], 15]]);

  return () => {
    const [kind, path] = paths()();
    const code = status();
    const writes = (path === '/api/cart' || path === '/login') && rng.chance(0.4);
    return {
      ip: client(),
      method: writes ? 'POST' : 'GET',
      path,
      status: code,
      bytes: bodySize(rng, kind, code),
      referrer: referrer(),
      agent: agent(),
    };
  };
}

function bodySize(rng: Rng, kind: PathKind, status: number): number {
  if (status === 304 || status === 301 || status === 302) return 0;
  if (status >= 400) return rng.int(150, 600);
  if (kind === 'static') return rng.int(2_000, 250_000);
  if (kind === 'api') return rng.int(200, 5_000);
  return rng.int(5_000, 40_000);
}

function* normalTraffic(ctx: GenContext): Generator<SynthEvent> {
  const next = requestPicker(ctx.rng);
  const probe: Request = { ip: PROBE_IP, method: 'GET', path: '/healthz', status: 200, bytes: 2, referrer: '-', agent: 'kube-probe/1.29' };
  for (const minute of minutes(ctx.start, ctx.end)) {
    const batch = arrivals(ctx.rng, minute, REQUESTS_PER_MINUTE * ctx.scale * diurnal(minute)).map((ts) => ({ ts, text: combinedLine(ts, next()) }));
    for (const ts of [minute + ctx.rng.int(0, 400), minute + 30_000 + ctx.rng.int(0, 400)]) batch.push({ ts, text: combinedLine(ts, probe) });
    yield* batch.sort((a, b) => a.ts - b.ts);
  }
}

/** A crawler hammering product and search pages: SPIKE_FACTOR times the normal volume for a few minutes. */
function crawlerSpike(ctx: GenContext): SynthEvent[] {
  const { rng, plan } = ctx;
  const events: SynthEvent[] = [];
  for (const minute of minutes(plan.volume_spike.start, plan.volume_spike.end)) {
    const extra = (SPIKE_FACTOR - 1) * REQUESTS_PER_MINUTE * ctx.scale * diurnal(minute);
    for (const ts of arrivals(rng, minute, extra)) {
      const path = rng.chance(0.7) ? `/products/${rng.int(1000, 9999)}` : `/search?q=${rng.pick(SEARCH_WORDS)}&page=${rng.int(1, 40)}`;
      const status = rng.chance(0.95) ? 200 : 404;
      const request = { ip: rng.pick(CRAWLER_IPS), method: 'GET', path, status, bytes: bodySize(rng, 'page', status), referrer: '-', agent: CRAWLER_UA };
      events.push({ ts, text: combinedLine(ts, request), scenario: 'volume_spike' });
    }
  }
  return events;
}

export const accessService: SynthService = {
  name: 'access',
  file: 'access.log',
  decode: { format: 'clf' },
  events: (ctx) => mergeByTs(normalTraffic(ctx), crawlerSpike(ctx)),
  describe: {
    volume_spike: `A crawler (FlashCrawler, ${CRAWLER_IPS.length} IPs) multiplies web traffic by ${SPIKE_FACTOR} for a few minutes.`,
  },
};
