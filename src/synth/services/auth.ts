/** Authentication service: generic `ISO LEVEL service key=value message` lines; carries `brute_force` and `new_error`. */
import { weightedPicker, zipfPicker, type Rng } from '../prng.js';
import { arrivals, diurnal, iso, mergeByTs, minutes, splitAt, spread } from '../traffic.js';
import { MINUTE, type GenContext, type ScenarioName, type SynthEvent, type SynthService } from '../types.js';

/** Auth events per minute at an average time of day. */
const EVENTS_PER_MINUTE = 5.5;
const BRUTE_FORCE_ATTEMPTS = 30;
const ATTACKER_IP = '203.0.113.77';
const NEW_ERROR_LINES = 5;
const NEW_ERROR = 'LDAP bind failed: certificate has expired (ldaps://ldap.internal:636)';
/** A user mistypes a password at most once in this long: single failures, never bursts. */
const FAILURE_COOLDOWN = 15 * MINUTE;

export const USERS = [
  'alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy',
  'karl', 'laura', 'mallory', 'nina', 'oscar', 'peggy', 'quinn', 'rupert', 'sybil', 'trent',
  'ursula', 'victor', 'wendy', 'xavier', 'yvonne', 'zach', 'amir', 'bea', 'chen', 'dmitri',
  'elena', 'farid', 'gita', 'hana', 'igor', 'jonas', 'kemal', 'lena', 'mateo', 'noor',
  'olga', 'pavel', 'rosa', 'sven', 'tariq', 'uma', 'vera', 'wei', 'ximena', 'yusuf',
];
/** The account the brute-force attack targets: a real, moderately active user. */
const VICTIM = 'carol';

type Level = 'INFO' | 'WARN' | 'ERROR';

function authLine(ts: number, level: Level, user: string, message: string): string {
  return `${iso(ts)} ${level} auth user=${user} ${message}`;
}

interface Account {
  user: string;
  homeIp: string;
}

function* normalActivity(ctx: GenContext): Generator<SynthEvent> {
  const { rng } = ctx;
  const accounts: Account[] = USERS.map((user) => ({ user, homeIp: `10.${rng.int(1, 40)}.${rng.int(0, 255)}.${rng.int(2, 254)}` }));
  const account = zipfPicker(rng, accounts, 0.8);
  const lastFailure = new Map<string, number>();
  const action = weightedPicker(rng, [
    ['login', 58], ['logout', 15], ['refresh', 15], ['mfa', 6], ['failure', 3], ['password', 3],
  ] as const);
  const ipOf = (a: Account): string => (rng.chance(0.9) ? a.homeIp : `10.${rng.int(41, 60)}.${rng.int(0, 255)}.${rng.int(2, 254)}`);

  let carried: SynthEvent[] = [];
  for (const minute of minutes(ctx.start, ctx.end)) {
    const batch = carried;
    for (const ts of arrivals(rng, minute, EVENTS_PER_MINUTE * ctx.scale * diurnal(minute))) {
      const a = account();
      const drawn = action();
      const cooling = ts - (lastFailure.get(a.user) ?? -Infinity) < FAILURE_COOLDOWN;
      const kind = drawn === 'failure' && cooling ? 'login' : drawn;
      if (kind === 'failure') {
        lastFailure.set(a.user, ts);
        // A single typo, usually followed by a successful retry: normal, never a burst.
        const ip = ipOf(a);
        batch.push({ ts, text: authLine(ts, 'WARN', a.user, `Login failed: invalid password from ${ip}`) });
        const retry = ts + rng.int(3_000, 20_000);
        if (rng.chance(0.7)) batch.push({ ts: retry, text: authLine(retry, 'INFO', a.user, `Login succeeded from ${ip}`) });
      } else {
        batch.push({ ts, text: authLine(ts, 'INFO', a.user, normalMessage(rng, kind, ipOf(a))) });
      }
    }
    // A retry may fall in the next minute: carry it there so the file stays in time order.
    const [ready, later] = splitAt(batch, minute + MINUTE);
    carried = later;
    yield* ready;
  }
}

function normalMessage(rng: Rng, kind: 'login' | 'logout' | 'refresh' | 'mfa' | 'password', ip: string): string {
  switch (kind) {
    case 'login':
      return `Login succeeded from ${ip}`;
    case 'logout':
      return `Logout after ${rng.int(1, 240)} min`;
    case 'refresh':
      return `Access token refreshed for session s-${rng.int(0x100000, 0xffffff).toString(16)}`;
    case 'mfa':
      return `MFA challenge passed via ${rng.chance(0.8) ? 'totp' : 'webauthn'}`;
    case 'password':
      return 'Password changed';
  }
}

/** Sorted injected lines: 30 failed logins on one account from one foreign IP, then a handful of a never-seen error. */
function anomalies(ctx: GenContext): SynthEvent[] {
  const { rng, plan } = ctx;
  const tagged = (scenario: ScenarioName, ts: number, text: string): SynthEvent => ({ ts, text, scenario });
  const bruteForce = spread(rng, plan.brute_force.start, plan.brute_force.end, BRUTE_FORCE_ATTEMPTS).map((ts) =>
    tagged('brute_force', ts, authLine(ts, 'WARN', VICTIM, `Login failed: invalid password from ${ATTACKER_IP}`)),
  );
  const newError = spread(rng, plan.new_error.start, plan.new_error.end, NEW_ERROR_LINES).map((ts) =>
    tagged('new_error', ts, authLine(ts, 'ERROR', rng.pick(USERS.slice(0, 20)), NEW_ERROR)),
  );
  return [...bruteForce, ...newError].sort((a, b) => a.ts - b.ts);
}

export const authService: SynthService = {
  name: 'auth',
  file: 'auth.log',
  decode: { format: 'line', preset: 'generic' },
  events: (ctx) => mergeByTs(normalActivity(ctx), anomalies(ctx)),
  describe: {
    brute_force: `${BRUTE_FORCE_ATTEMPTS} failed logins for user ${VICTIM} from ${ATTACKER_IP} within two minutes.`,
    new_error: `A never-seen error appears in auth: "${NEW_ERROR}".`,
  },
};
