#!/usr/bin/env python3
"""Acceptance audit: the 45 given/when/then scenarios of semantics.md (§16), each run with
other numbers than the examples, through lambdaflow-sim exactly as a user would run it
(`run FILE --trace FILE --report json`, `validate`, `event`, `--set`), plus the CLI contract
of spec/cli.md.  Every expected number below is computed by hand from the rules it names.

Usage: LF_SIM=/path/to/lambdaflow-sim check.py [CASE-PREFIX...]   (TAP on standard output)

A case marked OPEN describes a known discrepancy that another change is fixing: it reports
`not ok ... # TODO` (an expected failure) until the fix lands, then `ok` with a note asking
to drop the mark.
"""

import base64
import collections
import hashlib
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SIM = os.environ.get('LF_SIM')
SEC = 1000000

CASES = []


class Failure(Exception):
    pass


def case(name, rules, open_reason=None):
    def wrap(fn):
        CASES.append((name, rules, open_reason, fn))
        return fn
    return wrap


def ok(cond, what):
    if not cond:
        raise Failure(what)


def eq(actual, expected, what):
    if actual != expected:
        raise Failure('%s: got %r, expected %r' % (what, actual, expected))


def near(actual, expected, tol, what):
    if actual is None or abs(actual - expected) > tol:
        raise Failure('%s: got %r, expected %r ± %g' % (what, actual, expected, tol))


def scenario(name):
    return os.path.join(HERE, name + '.lflow.json')


def sim(*args):
    p = subprocess.run([SIM, *args], capture_output=True, text=True, timeout=240)
    return p.returncode, p.stdout, p.stderr


def secs(r):
    return r['t'] / SEC


class Run:
    """One `lambdaflow-sim run NAME.lflow.json --trace T --report json [ARGS]`."""

    def __init__(self, name, *args):
        with tempfile.TemporaryDirectory() as d:
            trace = os.path.join(d, 'trace.jsonl')
            status, out, err = sim('run', scenario(name), '--trace', trace, '--report', 'json', *args)
            if status != 0:
                raise Failure('run %s %s: exit %d: %s' % (name, ' '.join(args), status, err.strip()))
            with open(trace) as f:
                self.records = [json.loads(line) for line in f]
        self.report = json.loads(out)
        self.stderr = err
        self.check_contract()

    def check_contract(self):
        """cli.md: seq strictly increasing from 1, t never decreases and is an integer, every
        record is placed at a node or an edge, and every message is accounted for."""
        last_t = 0
        for i, r in enumerate(self.records):
            eq(r['seq'], i + 1, 'trace seq')
            ok(isinstance(r['t'], int) and r['t'] >= last_t, 'trace t never decreases (seq %d)' % r['seq'])
            ok('node' in r or 'edge' in r, 'record %d has node or edge' % r['seq'])
            last_t = r['t']
        m = self.report['messages']
        eq(m['lost'], 0, 'messages.lost')
        eq(m['published'] + m['copies'],
           m['succeeded'] + m['discarded'] + m['forwarded'] + m['queued'] + m['in_flight'] + m['lost'],
           'published + copies = fates')
        eq(self.report['format'], 'lambdaflow-report/1', 'report format')

    def sel(self, kind, at=None, **fields):
        out = []
        for r in self.records:
            if r['kind'] != kind:
                continue
            if at is not None and r.get('node') != at and r.get('edge') != at:
                continue
            if all(r.get(k) == v for k, v in fields.items()):
                out.append(r)
        return out

    def count(self, kind, at=None, **fields):
        return len(self.sel(kind, at, **fields))

    def node(self, node_id):
        return self.report['nodes'][node_id]

    def times(self, kind, at=None, **fields):
        return [secs(r) for r in self.sel(kind, at, **fields)]

    def starts_of(self, msg):
        return [r for r in self.sel('invoke.start') if msg in r['msgs']]

    def max_concurrency_by(self, bucket_us):
        """The highest number of invocations running at once within each time bucket."""
        cur, mx = 0, collections.defaultdict(int)
        for r in self.records:
            if r['kind'] == 'invoke.start':
                cur += 1
                b = r['t'] // bucket_us
                mx[b] = max(mx[b], cur)
            elif r['kind'] == 'invoke.end':
                cur -= 1
        return dict(mx)


def near_list(actual, expected, tol, what):
    eq(len(actual), len(expected), what + ' (count)')
    for i, (a, e) in enumerate(zip(actual, expected)):
        near(a, e, tol, '%s[%d]' % (what, i))


def validate_fails(name, *needles, args=()):
    """`validate` (or `run --set` when args) exits 1 naming the JSON path, the range, the rule."""
    if args:
        status, out, err = sim('run', scenario(name), *args)
    else:
        status, out, err = sim('validate', scenario(name))
    eq(status, 1, 'exit status of an invalid scenario')
    ok(scenario(name) in err or (name + '.lflow.json') in err, 'the message names the file: ' + err)
    for n in needles:
        ok(n in err, 'the message says %r: %s' % (n, err.strip()))


# ---- Asynchronous invocation (scenarios 1–12) ----------------------------------------------

@case('s01', 'ASYNC-2, ASYNC-3, ASYNC-8, ASYNC-11, ASYNC-13')
def s01():
    # fails 2 s into each attempt, after a 500 ms cold start: ends at 2.5; +60 s; +120 s
    r = Run('a01-async-default-retries')
    near_list(r.times('invoke.start', 'worker'), [0.0, 62.5, 184.5], 1e-6, 'attempt starts')
    near_list(r.times('invoke.end', 'worker'), [2.5, 64.5, 186.5], 1e-6, 'attempt ends')
    eq([s['attempt'] for s in r.sel('invoke.start', 'worker')], [1, 2, 3], 'attempt numbers')
    eq(len({s['request'] for s in r.sel('invoke.start', 'worker')}), 1, 'one request id for all attempts [ASYNC-8]')
    eq({e['error_type'] for e in r.sel('invoke.end', 'worker')}, {'TypeError'}, 'error_type')
    eq([x['due'] / SEC for x in r.sel('retry', 'worker', reason='error')], [62.5, 184.5], 'retry due')
    d = r.sel('destination', 'failed')
    eq(len(d), 1, 'on-failure records')
    eq((d[0]['condition'], d[0]['approximate_invoke_count'], secs(d[0])), ('RetriesExhausted', 3, 186.5), 'record')
    dl = r.sel('dlq', 'dead')
    eq([(x['msg'], x['from'], secs(x)) for x in dl], [('m1', 'worker', 186.5)], 'DLQ gets the event itself')
    eq(r.node('worker')['errors'], 3, 'errors')
    eq((r.report['messages']['dlq'], r.report['messages']['destination_failure']), (1, 1), 'flows')


@case('s02', 'ASYNC-4')
def s02():
    r = Run('a02-async-no-retries')       # MaximumRetryAttempts 0, two events, 1 s failures
    eq(r.count('invoke.start', 'worker'), 2, 'one attempt per event')
    eq(r.count('retry', 'worker'), 0, 'no retries')
    recs = r.sel('destination', 'failed')
    eq([(x['msgs'], x['condition'], x['approximate_invoke_count'], secs(x)) for x in recs],
       [(['m1'], 'RetriesExhausted', 1, 1.0), (['m2'], 'RetriesExhausted', 1, 1.0)], 'records right after attempt 1')
    eq(r.count('dlq', 'dead'), 2, 'DLQ')


@case('s03', 'ASYNC-2, ASYNC-4')
def s03():
    # MaximumRetryAttempts 1; a 4 s handler under the default 3 s timeout: timeouts are
    # function errors and are retried [ASYNC-2]
    r = Run('a03-async-one-retry')
    near_list(r.times('invoke.start', 'worker'), [0.0, 63.0], 1e-6, 'attempts')
    eq({e['status'] for e in r.sel('invoke.end', 'worker')}, {'timeout'}, 'both attempts time out')
    d = r.sel('destination', 'failed')
    eq([(x['condition'], x['approximate_invoke_count'], secs(x)) for x in d], [('RetriesExhausted', 2, 66.0)], 'record')
    eq(r.node('worker')['timeouts'], 2, 'report timeouts')
    eq(r.node('worker')['errors'], 0, 'errors exclude timeouts')


@case('s04', 'ASYNC-11, ASYNC-12')
def s04():
    r = Run('a04-async-success-destination')   # fails on attempts 1 and 2, succeeds on 3
    near_list(r.times('invoke.start', 'worker'), [0.0, 61.0, 182.0], 1e-6, 'attempts')
    d = r.sel('destination', 'bus')
    eq([(x['condition'], x['approximate_invoke_count'], x['from'], secs(x)) for x in d],
       [('Success', 3, 'worker', 183.0)], 'on-success record to EventBridge')
    eq(r.count('destination', 'failed'), 0, 'no on-failure record')
    eq((r.report['messages']['destination_success'], r.report['messages']['destination_failure']), (1, 0), 'flows')
    # the record reaches EventBridge as source "lambda", detail-type "Lambda Function
    # Invocation Result - Success|Failure" and detail = the record: rules on those match
    r = Run('a04b-async-eventbridge-destinations')   # 3 events a second apart, the 2nd fails
    eq([(secs(x), x['parent']) for x in r.sel('notify', 'r-ok')], [(0.35, 'm2'), (2.1, 'm8')], 'Success records')
    eq([(secs(x), x['parent']) for x in r.sel('notify', 'r-bad')], [(1.1, 'm5')], 'the RetriesExhausted record')
    eq([x['condition'] for x in r.sel('destination', 'bus')], ['Success', 'RetriesExhausted', 'Success'], 'conditions')


@case('s05', 'ASYNC-7')
def s05():
    # max age 75 s, 20 s failures: ceil(20) + 60 = 80 > 75, so no retry: failed at once at 20 s
    r = Run('a05-async-age-lookahead-one')
    eq(r.count('invoke.start', 'worker'), 1, 'attempts')
    d = r.sel('destination', 'failed')
    eq([(x['condition'], x['approximate_invoke_count'], secs(x)) for x in d], [('EventAgeExceeded', 1, 20.0)], 'record')
    ok(secs(d[0]) < 75, 'emitted before the age runs out')


@case('s06', 'ASYNC-7')
def s06():
    # max age 180 s, 1 s failures: after attempt 1 (ends 1 s) 1 + 60 ≤ 180: retry at 61;
    # after attempt 2 (ends 62 s) 62 + 120 = 182 > 180: EventAgeExceeded at 62 s
    r = Run('a06-async-age-lookahead-two')
    near_list(r.times('invoke.start', 'worker'), [0.0, 61.0], 1e-6, 'attempts')
    d = r.sel('destination', 'failed')
    eq([(x['condition'], x['approximate_invoke_count'], secs(x)) for x in d], [('EventAgeExceeded', 2, 62.0)], 'record')
    # at the boundary: 182 allows the third attempt, 181 does not
    r = Run('a06-async-age-lookahead-two', '--set', 'worker.max_event_age=182')
    near_list(r.times('invoke.start', 'worker'), [0.0, 61.0, 182.0], 1e-6, 'attempts with max age 182 s')
    d = r.sel('destination', 'failed')
    eq([(x['condition'], x['approximate_invoke_count']) for x in d], [('RetriesExhausted', 3)], 'record (182 s)')
    r = Run('a06-async-age-lookahead-two', '--set', 'worker.max_event_age=181')
    d = r.sel('destination', 'failed')
    eq([(x['condition'], x['approximate_invoke_count'], secs(x)) for x in d], [('EventAgeExceeded', 2, 62.0)], 'record (181 s)')


@case('s07', 'ASYNC-3, SYNC-4')
def s07():
    # 45 s timeout, always hangs: 0–45, 105–150, 270–315
    r = Run('a07-async-timeouts')
    near_list(r.times('invoke.start', 'worker'), [0.0, 105.0, 270.0], 1e-6, 'attempt starts')
    near_list(r.times('invoke.end', 'worker'), [45.0, 150.0, 315.0], 1e-6, 'attempt ends')
    eq({(e['status'], e['error_type']) for e in r.sel('invoke.end', 'worker')}, {('timeout', 'Sandbox.Timedout')}, 'timeouts')
    d = r.sel('destination', 'failed')
    eq([(x['condition'], x['approximate_invoke_count'], secs(x)) for x in d], [('RetriesExhausted', 3, 315.0)], 'record')


@case('s08', 'ASYNC-9, CONC-3')
def s08():
    r = Run('a08-async-zero-reserved')      # 3 events, reserved concurrency 0
    eq(r.count('invoke.start'), 0, 'the function never runs')
    d = r.sel('destination', 'failed')
    eq([(x['condition'], x['approximate_invoke_count'], secs(x)) for x in d],
       [('ZeroReservedConcurrency', 0, 0.0)] * 3, 'records')
    eq(sorted(x['msgs'][0] for x in d), sorted(x['msg'] for x in r.sel('dlq', 'dead')), 'the DLQ gets the same events')
    eq(r.count('retry'), 0, 'no retries')


@case('s09', 'SYNC-1, SYNC-5, CONC-3')
def s09():
    # reserved 0, sync; the legacy SDK makes 5 attempts, each a 429 [SYNC-1]
    r = Run('a09-sync-zero-reserved')
    eq(r.count('invoke.start'), 0, 'the function never runs')
    for m in ('m1', 'm2'):
        th = [x for x in r.sel('throttle', 'worker') if x['msgs'] == [m]]
        eq(len(th), 5, 'legacy mode: 5 attempts for ' + m)
        eq({x['reason'] for x in th}, {'ReservedFunctionConcurrentInvocationLimitExceeded'}, 'reason')
        # botocore: delay before attempt n+1 ≤ min(20 s, 2^(n-1) s)
        t = [secs(x) for x in th]
        for n in range(1, 5):
            ok(0 <= t[n] - t[n - 1] <= min(20, 2 ** (n - 1)), 'SDK backoff %d: %.3f s' % (n, t[n] - t[n - 1]))
    eq([x['msgs'] for x in r.sel('discard', 'client', reason='Rejected')], [['m2'], ['m1']], 'both calls end as rejected')
    eq(r.node('worker')['throttles'], 10, 'report throttles')
    r = Run('a09-sync-zero-reserved', '--set', 'client.retry_mode=standard')
    eq(r.count('throttle', 'worker'), 6, 'standard mode: 3 attempts per call')
    r = Run('a09-sync-zero-reserved', '--set', 'client.retry_mode=none')
    eq(r.count('throttle', 'worker'), 2, 'no SDK retries: 1 attempt per call')


@case('s10', 'ASYNC-5')
def s10():
    # reserved 1, a 20 s function, A, B and C at t=0: B and C re-queued after 1, 2, 4, 8, 16 s
    r = Run('a10-async-throttle-backoff')
    by_msg = {m: r.starts_of(m) for m in ('m1', 'm2', 'm3')}
    eq([(secs(s), s['attempt']) for s in by_msg['m1']], [(0.0, 1)], 'A')
    eq([(secs(s), s['attempt']) for s in by_msg['m2']], [(31.0, 1)], 'B runs at 31 s, still attempt 1')
    eq([secs(x) for x in r.sel('throttle', 'worker') if x['msgs'] == ['m2']], [0.0, 1.0, 3.0, 7.0, 15.0], 'B throttles')
    eq([x['due'] / SEC for x in r.sel('retry', 'worker') if x['msgs'] == ['m2']], [1.0, 3.0, 7.0, 15.0, 31.0], 'B retries')
    # C is throttled once more at 31 s (B took the slot): the 6th delay is 32 s
    eq([secs(x) for x in r.sel('throttle', 'worker') if x['msgs'] == ['m3']], [0.0, 1.0, 3.0, 7.0, 15.0, 31.0], 'C throttles')
    eq([(secs(s), s['attempt']) for s in by_msg['m3']], [(63.0, 1)], 'C')
    eq({x['reason'] for x in r.sel('retry', 'worker')}, {'throttle'}, 'retry reason')
    eq(r.node('worker')['max_concurrency'], 1, 'reserved 1')


@case('s10b', 'ASYNC-5, ASYNC-2')
def s10b():
    # B is throttled 5 times, then fails: it still has its 2 function-error retries
    r = Run('a10b-async-throttled-then-fails')
    eq([(secs(s), s['attempt']) for s in r.starts_of('m2')], [(31.0, 1), (111.0, 2), (251.0, 3)], 'B attempts')
    d = r.sel('destination', 'failed')
    eq([(x['condition'], x['approximate_invoke_count'], secs(x)) for x in d], [('RetriesExhausted', 3, 271.0)], 'record')


@case('s11', 'ASYNC-5, ASYNC-6')
def s11():
    # permanent throttle, max age 1 h: delays 1, 2, … 256 (t = 511 s), then 300 s each;
    # 3511 + 300 > 3600, so the event is discarded EventAgeExceeded at 3511 s (20 throttles)
    r = Run('a11-async-permanent-throttle')
    expected = [0, 1, 3, 7, 15, 31, 63, 127, 255, 511] + [511 + 300 * k for k in range(1, 11)]
    eq([secs(x) for x in r.sel('throttle', 'worker')], [float(t) for t in expected], 'throttle times')
    delays = [(x['due'] - x['t']) / SEC for x in r.sel('retry', 'worker')]
    eq(delays, [float(min(2 ** n, 300)) for n in range(19)], 'delays min(2^n, 300)')
    d = r.sel('destination', 'failed')
    eq([(x['condition'], secs(x)) for x in d], [('EventAgeExceeded', 3511.0)], 'record')
    ok(3600 - 300 <= secs(d[0]) <= 3600, 'discarded within one retry interval of the max age')
    eq(r.count('dlq', 'dead'), 1, 'DLQ too')
    eq(r.count('invoke.start'), 0, 'never ran')


@case('s12', 'ASYNC-10')
def s12():
    r = Run('a12-async-fifo-destination')    # 2 events, 1 retry each, on-failure to a FIFO queue
    ok('edges[1].to' in r.stderr and 'ASYNC-10' in r.stderr, 'a warning names the edge and the rule: ' + r.stderr)
    eq(r.count('invoke.start', 'worker'), 4, 'attempts')
    eq(r.count('destination'), 0, 'no record delivered')
    eq(r.count('enqueue', 'failed'), 0, 'nothing lands in the FIFO queue')
    eq(r.count('discard', reason='DestinationDeliveryFailure'), 2, 'the records are lost')
    eq(r.node('worker')['destination_delivery_failures'], 2, 'DestinationDeliveryFailures')
    eq(r.report['messages']['destination_failure'], 0, 'no flow')
    eq([(p['severity'], p['path']) for p in r.report['problems']], [('warning', 'edges[1].to')], 'report problems')


# ---- Synchronous invocation (13–18) ------------------------------------------------------------

@case('s13', 'SYNC-1, SYNC-2, SYNC-3')
def s13():
    r = Run('a13-sync-error')                 # 3 calls a second apart, legacy SDK (5 attempts)
    eq(r.count('invoke.start', 'worker'), 3, 'exactly one execution per call: function errors are not retried')
    eq([(secs(e), e['status'], e['error_type']) for e in r.sel('invoke.end', 'worker')],
       [(0.25, 'error', 'KeyError'), (1.25, 'error', 'KeyError'), (2.25, 'error', 'KeyError')], 'outcomes')
    eq(r.count('retry'), 0, 'no retries')
    eq(r.count('discard', 'client', reason='Rejected'), 3, 'the caller gets the error')


@case('s14', 'SYNC-4')
def s14():
    r = Run('a14-sync-timeout')               # timeout 7 s, handler 12 s
    eq([(secs(e), e['status'], e['error_type']) for e in r.sel('invoke.end', 'worker')],
       [(7.0, 'timeout', 'Sandbox.Timedout')], 'answered at the timeout')
    eq((r.node('worker')['timeouts'], r.node('worker')['errors']), (1, 0), 'report')


@case('s15', 'LIM-2, LIM-3, ASYNC-1')
def s15():
    r = Run('a15-payload-sync')               # 6,291,456 B runs; 6,291,457 B is refused
    eq([s['msgs'] for s in r.sel('invoke.start')], [['m1']], 'only the 6 MB request runs')
    eq([(x['msgs'], secs(x)) for x in r.sel('discard', reason='Rejected')], [(['m2'], 10.0)], '413')
    r = Run('a15b-payload-async')             # 1 MB + 1 refused; 1 MB and 600 KB accepted
    eq([s['msgs'] for s in r.sel('invoke.start')], [['m2'], ['m3']], 'accepted async payloads')
    eq([x['msgs'] for x in r.sel('discard', reason='Rejected')], [['m1']], 'refused async payload')
    r = Run('a15c-payload-async-legacy')      # legacy 256 KB: all three refused
    eq(r.count('invoke.start'), 0, 'nothing runs under the legacy limit')
    eq(r.count('discard', reason='Rejected'), 3, 'refused')
    r = Run('a15b-payload-async', '--set', 'settings.async_payload_limit=640KB')   # a size of one's own
    eq([s['msgs'] for s in r.sel('invoke.start')], [['m3']], 'a 640 KB limit lets 600 KB through')
    eq([x['msgs'] for x in r.sel('discard', reason='Rejected')], [['m1'], ['m2']], 'and refuses 1 MB')


@case('s16', 'SYNC-5, CONC-1')
def s16():
    r = Run('a16-account-limit')              # account 300, 301 calls of 20 s at t=0
    eq(r.count('invoke.start'), 300, 'admitted')
    eq([(x['reason'], secs(x)) for x in r.sel('throttle')], [('ConcurrentInvocationLimitExceeded', 0.0)], 'the 301st')
    eq(r.node('worker')['max_concurrency'], 300, 'max concurrency')


@case('s17', 'CONC-2')
def s17():
    validate_fails('a17-unreserved-minimum', 'nodes[1].props.reserved_concurrency',
                   'below its minimum value of [100]', 'CONC-2')
    eq(sim('run', scenario('a17-unreserved-minimum'), '--set', 'worker.reserved_concurrency=50')[0], 0,
       'reserving 50 leaves exactly 100')
    validate_fails('a17-unreserved-minimum', 'CONC-2', args=('--set', 'worker.reserved_concurrency=51'))


@case('s18', 'CONC-5')
def s18():
    def at(r, kind, t):
        return sum(1 for x in r.sel(kind) if x['t'] == t * SEC)
    # current: a bucket of 1,000 refilled at 100/s; 1,500 at t=0, 700 at t=4 s
    r = Run('a18-scaling-current')
    eq((at(r, 'invoke.start', 0), at(r, 'throttle', 0)), (1000, 500), 't=0')
    eq((at(r, 'invoke.start', 4), at(r, 'throttle', 4)), (400, 300), 't=4 s')
    eq({x['reason'] for x in r.sel('throttle')}, {'ConcurrentInvocationLimitExceeded'}, 'reason')
    eq(r.node('worker')['max_concurrency'], 1400, 'max concurrency')
    # classic, eu-central-1: burst 1,000, then +500 per minute
    r = Run('a18b-scaling-classic')
    eq((at(r, 'invoke.start', 0), at(r, 'throttle', 0)), (1000, 200), 'classic t=0')
    eq((at(r, 'invoke.start', 60), at(r, 'throttle', 60)), (500, 200), 'classic t=60 s')
    eq(r.node('worker')['max_concurrency'], 1500, 'classic max concurrency')
    # classic, a 500 Region: 500 at t=0; at 120 s the cap is 1,500 so all 800 run
    r = Run('a18c-scaling-classic-500')
    eq((at(r, 'invoke.start', 0), at(r, 'throttle', 0)), (500, 300), '500 Region t=0')
    eq((at(r, 'invoke.start', 120), at(r, 'throttle', 120)), (800, 0), '500 Region t=120 s')
    eq(r.node('worker')['max_concurrency'], 1300, '500 Region max concurrency')


# ---- API Gateway and ALB (19–25) ------------------------------------------------------------

def http_statuses(r):
    return [(x['msg'], x['status']) for x in r.sel('http', 'front')]


@case('s19', 'APIGW-3')
def s19():
    r = Run('a19-apigw-error')
    eq([s for _, s in http_statuses(r)], [502] * 4, 'statuses')
    eq(r.count('invoke.start', 'worker'), 4, 'exactly 1 invocation per request')
    eq(r.count('retry'), 0, 'API Gateway does not retry')


@case('s20', 'APIGW-2, APIGW-3, APIGW-5')
def s20():
    r = Run('a20-apigw-bad-response-rest')
    eq([s for _, s in http_statuses(r)], [502] * 3, 'REST: a response without statusCode is a 502')
    r = Run('a20b-apigw-bad-response-http')
    eq([s for _, s in http_statuses(r)], [200] * 3, 'HTTP API 2.0: valid JSON without statusCode is a 200')


@case('s21', 'APIGW-3, ALB-4, CONC-3')
def s21():
    r = Run('a21-apigw-zero-reserved')
    eq([s for _, s in http_statuses(r)], [500] * 5, 'a throttle is a 500 at API Gateway')
    eq((r.count('invoke.start'), r.count('throttle'), r.count('retry')), (0, 5, 0), 'not run, not retried')
    r = Run('a21b-alb-zero-reserved')
    eq([s for _, s in http_statuses(r)], [502] * 2, 'a throttle is a 502 at an ALB')
    eq(r.count('invoke.start'), 0, 'not run')


@case('s22', 'APIGW-4')
def s22():
    r = Run('a22-apigw-integration-timeout')   # 12 s integration timeout, 20 s function
    eq([(secs(x), x['status']) for x in r.sel('http', 'front')], [(12.0, 504)], '504 at the integration timeout')
    eq([(secs(x), x['status']) for x in r.sel('invoke.end', 'worker')], [(20.0, 'ok')], 'the invocation still completes')
    eq(r.node('worker')['duration_p50_ms'], 20000.0, 'and is billed for 20 s')
    r = Run('a22b-http-api-timeout')            # HTTP API: 30 s cap, 40 s function
    eq([(secs(x), x['status']) for x in r.sel('http', 'front')], [(30.0, 504)], 'HTTP API 504 at 30 s')
    eq([secs(x) for x in r.sel('invoke.end', 'worker')], [40.0], 'still completes')
    validate_fails('a22b-http-api-timeout', 'nodes[0].props.integration_timeout', '30s', 'APIGW-4',
                   args=('--set', 'front.integration_timeout=31s'))


def event(source, *sets):
    args = ['event', source]
    for s in sets:
        args += ['--set', s]
    status, out, err = sim(*args)
    eq(status, 0, 'event %s exit status (%s)' % (source, err.strip()))
    return json.loads(out)


@case('s23', 'ALB-1, ALB-2')
def s23():
    ev = event('alb', 'query=colour=red&colour=blue&size=9&size=10')
    eq(ev['queryStringParameters'], {'colour': 'blue', 'size': '10'}, 'last value of each key')
    eq(ev['headers']['cookie'], 'theme=dark', 'last cookie header')
    ok(not any(k.startswith('multiValue') for k in ev), 'no multiValue* keys')
    for h in ('x-amzn-trace-id', 'x-forwarded-for', 'x-forwarded-port', 'x-forwarded-proto'):
        ok(h in ev['headers'], 'the ALB adds ' + h)
    eq(event('alb', 'query=q=a%20b')['queryStringParameters'], {'q': 'a%20b'}, 'not URL-decoded')


@case('s24', 'ALB-2, ALB-3')
def s24():
    ev = event('alb-multi-value', 'query=colour=red&colour=blue&size=9')
    eq(ev['multiValueQueryStringParameters'], {'colour': ['red', 'blue'], 'size': ['9']}, 'all values')
    eq(ev['multiValueHeaders']['cookie'], ['session=abc123', 'theme=dark'], 'both cookie headers')
    ok('queryStringParameters' not in ev and 'headers' not in ev, 'never both forms')


@case('s25', 'ALB-1, ALB-4')
def s25():
    eq([s for _, s in http_statuses(Run('a25a-alb-error'))], [502, 502], '(a) function error')
    r = Run('a25b-alb-timeout')
    eq([(secs(x), x['status']) for x in r.sel('http', 'front')], [(4.0, 502)], '(b) timeout at 4 s')
    eq([s for _, s in http_statuses(Run('a25c-alb-large-response'))], [502, 200], '(c) 1 MB + 1 B vs 1 MB response')
    r = Run('a25d-alb-large-request')
    eq(http_statuses(r), [('m1', 413), ('m2', 200)], '(d) 1 MB + 1 B vs 1 MB request body')
    eq([s['msgs'] for s in r.sel('invoke.start')], [['m2']], 'the 413 never invokes')
    eq(event('alb', 'body=iVBORw0K', 'content_type=image/gif')['isBase64Encoded'], True, 'image/gif is base64')
    eq(event('alb', 'body={}', 'content_type=application/json')['isBase64Encoded'], False, 'JSON is passed as-is')
    eq(event('alb', 'body=a', 'content_type=text/csv')['isBase64Encoded'], False, 'text/* is passed as-is')



@case('s25e', 'ALB-4')
def s25e():
    # request objects: two WebSocket upgrades, a 1.5 MB upload (body_bytes), a 1 MB upload
    r = Run('a25e-alb-request-refusals')
    eq(http_statuses(r), [('m1', 400), ('m2', 400), ('m3', 413), ('m4', 200)], 'statuses')
    eq([s['msgs'] for s in r.sel('invoke.start')], [['m4']], 'refused requests never invoke')
    eq(r.node('front')['4xx'], 3, 'report 4xx')

# ---- SQS standard (26–34) -----------------------------------------------------------------------

@case('s26', 'SQS-9, SQS-11, ASYNC-14')
def s26():
    # VT 45 s, maxReceiveCount 2, always fails after 500 ms
    r = Run('a26-sqs-redrive')
    eq([(secs(s), s['attempt']) for s in r.sel('invoke.start', 'worker')], [(0.0, 1), (45.0, 2)], 'receives 1 and 2')
    eq([(secs(v), v['receive_count']) for v in r.sel('visible', 'orders')], [(45.0, 1), (90.0, 2)], 'visible after each VT')
    eq([(secs(x), x['msg'], x['from']) for x in r.sel('redrive', 'orders-dlq')], [(90.0, 'm1', 'orders')], 'redrive')
    eq(r.count('dlq') + r.count('destination'), 0, "the function's own DLQ and destinations are not used")
    eq(r.node('orders-dlq')['depth_at_end'], 1, 'DLQ depth')


def run_rbif(name):
    r = Run(name)
    first = r.sel('invoke.start', 'worker')[0]
    eq(first['msgs'], ['m%d' % i for i in range(1, 8)], 'one batch of 7')
    return r


@case('s27', 'SQS-12, ESM-6')
def s27():
    r = run_rbif('a27-sqs-rbif')        # items 3 and 6 reported; VT 40 s; window 5 s
    eq([(secs(x), x['msg']) for x in r.sel('delete', 'orders')][:5],
       [(0.2, m) for m in ('m1', 'm2', 'm4', 'm5', 'm7')], 'the others are deleted at once')
    eq([(secs(v), v['msg'], v['receive_count']) for v in r.sel('visible', 'orders')],
       [(40.0, 'm3', 1), (40.0, 'm6', 1)], 'the failed ones come back after the VT')
    second = r.sel('invoke.start', 'worker')[1]
    eq((second['msgs'], second['attempt']), (['m3', 'm6'], 2), 'the next invocation has only them, receive count 2')
    eq(secs(second), 45.0, 'after the 5 s batching window')


@case('s28', 'ESM-6')
def s28():
    r = run_rbif('a28-sqs-no-rbif')
    eq(r.count('invoke.start'), 1, 'one invocation')
    eq([x['msg'] for x in r.sel('delete', 'orders')], ['m%d' % i for i in range(1, 8)], 'all 7 deleted')
    eq(r.count('visible'), 0, 'nothing returns')


@case('s29', 'ESM-7')
def s29():
    for variant in ('empty', 'null', 'wrong_key', 'unknown', 'throws'):
        r = run_rbif('a29-sqs-rbif-' + variant)
        eq(r.count('delete', 'orders', t=int(0.2 * SEC)), 0, variant + ': nothing deleted after attempt 1')
        eq([v['msg'] for v in r.sel('visible', 'orders')], ['m%d' % i for i in range(1, 8)], variant + ': all 7 return')
        eq(r.sel('invoke.start', 'worker')[1]['msgs'], ['m%d' % i for i in range(1, 8)], variant + ': retried whole')
    r = run_rbif('a29-sqs-rbif-success')
    eq((r.count('invoke.start'), r.count('delete')), (1, 7), 'empty response: all 7 deleted')


@case('s30', 'ESM-2, FIFO-1, SQS-4')
def s30():
    validate_fails('a30a-sqs-batch-no-window', 'edges[0].props.batch_size',
                   'Maximum batch window in seconds must be greater than 0', 'ESM-2')
    eq(sim('validate', scenario('a30b-sqs-batch-window'))[0], 0, 'BatchSize 500 with a 2 s window is valid')
    validate_fails('a30c-fifo-batch', 'edges[0].props.batch_size', '12', '(1–10)', 'FIFO-1')
    validate_fails('a30d-vt-below-timeout', 'edges[0]', '120s', '90s', 'SQS-4')
    validate_fails('a30b-sqs-batch-window', 'edges[0].props.batch_size', '(1–10000)',
                   args=('--set', 'esm.batch_size=10001'))


@case('s31', 'SQS-5')
def s31():
    r = Run('a31-sqs-scaling-current')      # 2 s function, BatchSize 1, 25,000 messages
    eq([(secs(x), x['concurrency']) for x in r.sel('scale', 'esm')], [(60.0, 305), (120.0, 605)], 'current: +300/min')
    eq(r.max_concurrency_by(60 * SEC), {0: 5, 1: 305, 2: 605}, 'concurrency per minute')
    # 5 × 30 + 305 × 30 + 605 × 15 invocations of 2 s end within 150 s
    eq(r.node('worker')['invocations'], 18375, 'invocations')
    eq(r.node('worker')['throttles'], 0, 'no throttles')
    r = Run('a31b-sqs-scaling-classic')     # 6,000 messages: 150 + 1,950 + 3,750 by 180 s
    eq([(secs(x), x['concurrency']) for x in r.sel('scale', 'esm')][:3], [(60.0, 65), (120.0, 125), (180.0, 185)],
       'classic: +60/min')
    eq(r.max_concurrency_by(60 * SEC), {0: 5, 1: 65, 2: 125, 3: 185}, 'classic concurrency per minute')
    eq(r.sel('scale', 'esm')[-1]['concurrency'], 5, 'back to 5 once the queue is empty')
    eq(r.node('orders')['depth_at_end'], 0, 'drained')


@case('s32', 'SQS-6')
def s32():
    r = Run('a32-sqs-maximum-concurrency')
    ok(max(r.max_concurrency_by(60 * SEC).values()) <= 7, 'never above MaximumConcurrency 7')
    eq((r.report['edges']['esm']['max_concurrency'], r.node('worker')['throttles']), (7, 0), 'reaches 7, no throttles')
    validate_fails('a32b-max-concurrency-one', 'edges[0].props.maximum_concurrency', '(2–1000)', 'SQS-6')


@case('s33', 'SQS-8, SQS-10, SQS-11')
def s33():
    # reserved 2, 20 s function, VT 30 s, maxReceiveCount 1, 40 messages, 5 pollers
    r = Run('a33-sqs-reserved-throttles')
    eq(r.node('worker')['max_concurrency'], 2, 'never above reserved concurrency')
    ok(r.node('worker')['throttles'] > 0, 'throttled')
    ran = {m for s in r.sel('invoke.start') for m in s['msgs']}
    moved = [x['msg'] for x in r.sel('redrive', 'orders-dlq')]
    ok(len(moved) > 0, 'some messages reach the DLQ')
    eq([m for m in moved if m in ran], [], 'the ones moved to the DLQ never ran')
    for m in moved:
        eq([v['receive_count'] for v in r.sel('visible', 'orders', msg=m)], [1], m + ' returned once with receive count 1')
    eq(len(moved) + len(r.sel('delete', 'orders')), 40, 'every message is processed or moved')
    # throttled batches are retried only while their VT lasts (received at the first
    # throttle; the backoff 1, 2, 4, 8 s reaches 15 s, and 31 s would be past 30 s) [SQS-10]
    first = {}
    for x in r.sel('retry', 'esm', reason='throttle'):
        first.setdefault(x['batch'], x['t'])
        ok(x['due'] - first[x['batch']] < 30 * SEC, 'a throttle retry within the VT (%s)' % x['batch'])


@case('s34', 'ESM-3, SQS-3')
def s34():
    r = Run('a34a-sqs-window-full')         # 50 messages at 34/s: the 50th arrives at 49/34 s
    s = r.sel('invoke.start', 'worker')
    eq(len(s), 1, 'one invocation')
    eq(len(s[0]['msgs']), 50, 'with all 50')
    last = r.sel('publish', 'orders')[-1]
    near(secs(last), 49 / 34, 1e-4, 'the 50th message arrives at ≈1.44 s')
    eq(s[0]['t'], last['t'], 'sent when full, before the 6 s window ends')
    r = Run('a34b-sqs-window-expires')      # 4 messages at t=0
    s = r.sel('invoke.start', 'worker')
    eq([len(x['msgs']) for x in s], [4], 'one invocation with 4')
    ok(6.0 <= secs(s[0]) <= 20.0, 'when the window expires (tolerance 6–20 s)')


# ---- SQS FIFO (35–36) -------------------------------------------------------------------------

@case('s35', 'FIFO-2, FIFO-3, FIFO-5')
def s35():
    # group-1: m1 m3 m5 m7 (A1–A4), group-2: m2 m4 m6 (B1–B3); A2–A4 reported failed
    r = Run('a35-fifo-rbif-group-order')
    s = r.sel('invoke.start', 'worker')
    # FIFO-3: both groups are shorter than the batch size: one batch, A's then B's, each in order
    eq([(secs(x), x['msgs']) for x in s],
       [(0.0, ['m1', 'm3', 'm5', 'm7', 'm2', 'm4', 'm6']), (25.0, ['m3', 'm5', 'm7'])],
       'group A resumes with A2, A3, A4 in order after the VT; B is not delayed')
    eq(sorted(x['msg'] for x in r.sel('delete', 'payments') if x['t'] == int(0.3 * SEC)),
       ['m1', 'm2', 'm4', 'm6'], 'A1 and B1–B3 deleted after the first invocation')
    eq(sorted(x['msg'] for x in r.sel('visible', 'payments')), ['m3', 'm5', 'm7'],
       'only A2–A4 return; nothing of B')
    eq(s[1]['attempt'], 2, 'receive count 2')


@case('s36', 'FIFO-2, FIFO-3, FIFO-4')
def s36():
    r = Run('a36-fifo-groups-concurrency')  # 4 groups × 30, BatchSize 3, 5 s function
    group = {x['msg']: x['group'] for x in r.sel('enqueue', 'payments')}
    inflight = collections.Counter()
    req_groups = {}
    last = {}
    peak = 0
    for x in r.records:
        if x['kind'] == 'invoke.start':
            gs = {group[m] for m in x['msgs']}
            for g in gs:
                eq(inflight[g], 0, 'one in-flight batch per group (%s)' % g)
                inflight[g] += 1
            req_groups[x['request']] = gs
            peak = max(peak, sum(inflight.values()))
            for m in x['msgs']:
                n = int(m[1:])
                ok(n > last.get(group[m], 0), 'send order within ' + group[m])
                last[group[m]] = n
        elif x['kind'] == 'invoke.end':
            for g in req_groups[x['request']]:
                inflight[g] -= 1
    eq(r.node('worker')['max_concurrency'], 4, 'concurrency up to the number of groups')
    eq(r.count('delete', 'payments'), 120, 'all processed')


# ---- Kinesis and DynamoDB Streams (37–44) ----------------------------------------------------------

def check_stream_order(r):
    enq = {x['msg']: x for x in r.sel('enqueue')}
    last = {}
    for s in r.sel('invoke.start'):
        eq(len({enq[m]['shard'] for m in s['msgs']}), 1, 'a batch comes from one shard')
        eq(s['shard'], enq[s['msgs'][0]]['shard'], 'invoke.start names its shard')
        for m in s['msgs']:
            key = enq[m]['partition_key']
            seq = int(enq[m]['sequence'])
            ok(seq > last.get(key, -1), 'sequence order per partition key (%s)' % key)
            last[key] = seq


@case('s37', 'KIN-1, KIN-2, KIN-3')
def s37():
    r = Run('a37-kinesis-shards')           # 3 shards, PF 1, 200 records/s, 2 s function
    eq(r.node('worker')['max_concurrency'], 3, 'one invocation per shard')
    check_stream_order(r)
    r = Run('a37-kinesis-shards', '--set', 'esm.parallelization_factor=6', '--set', 'w.partition_keys=500')
    eq(r.node('worker')['max_concurrency'], 18, 'shards × PF')
    check_stream_order(r)
    validate_fails('a37-kinesis-shards', 'edges[0].props.parallelization_factor', '(1–10)', 'KIN-3',
                   args=('--set', 'esm.parallelization_factor=11'))


@case('s38', 'STREAM-1, STREAM-3, STREAM-10, KIN-5')
def s38():
    # 2 shards, a record a minute for 26 h, every batch holding pk-3 fails until 25 h
    r = Run('a38-kinesis-blocked-shard')
    enq = {x['msg']: x for x in r.sel('enqueue')}
    bad = [m for m, x in enq.items() if x['partition_key'] == 'pk-3']
    first = enq[bad[0]]
    blocked = first['shard']
    t0 = first['t']
    cps = [x for x in r.sel('checkpoint', 'esm') if x['shard'] == blocked]
    expiry = t0 + 24 * 3600 * SEC
    eq([x for x in cps if t0 <= x['t'] < expiry], [], 'no progress on the blocked shard for 24 h')
    other = [x['t'] for x in r.sel('checkpoint', 'esm') if x['shard'] != blocked]
    gaps = [b - a for a, b in zip(other, other[1:])]
    ok(other and max(gaps) <= 5 * 60 * SEC, 'the other shard keeps progressing')
    near(r.report['edges']['esm']['max_iterator_age_ms'], 86400000, 60000, 'IteratorAge ≈ 24 h')
    d = r.sel('discard', reason='RetentionExpired')
    eq((d[0]['msgs'], d[0]['t']), ([bad[0]], expiry), 'the stuck record is gone at 24 h')
    ok(all(enq[m]['shard'] == blocked for x in d for m in x['msgs']), 'only the blocked shard loses records')
    ok(max(x['t'] for x in cps) > expiry, 'processing moves on')
    eq(r.count('retry', reason='error') > 1000, True, 'the same batch is retried over and over')


@case('s39', 'KIN-7, STREAM-4')
def s39():
    r = Run('a39-kinesis-retry-exhausted')   # MaximumRetryAttempts 3, stream backoff 1 s doubling
    s = r.starts_of('m1')
    eq([(secs(x), x['attempt']) for x in s], [(1.0, 1), (2.1, 2), (4.2, 3), (8.3, 4)], 'four invocations')
    d = r.sel('destination', 'failures')
    eq([(x['msgs'], x['condition'], x['approximate_invoke_count'], x['from']) for x in d],
       [(['m1'], 'RetryAttemptsExhausted', 4, 'esm')], 'on-failure record')
    nxt = r.starts_of('m2')
    ok(len(nxt) == 1 and nxt[0]['t'] >= d[0]['t'], 'the next record is processed afterwards')
    r = Run('a39-kinesis-retry-exhausted', '--set', 'esm.max_retry_attempts=1')
    eq([x['approximate_invoke_count'] for x in r.sel('destination', 'failures')], [2], 'MaximumRetryAttempts 1 gives 2')


@case('s40', 'STREAM-5')
def s40():
    # 16 records, poison at 11: 16 ✗ → 8 ✓ → 8 ✗ → 4 ✗ → 2 ✓ → 2 ✗ → 1 [11] ✗ → 1 ✓ → 4 ✓
    r = Run('a40-kinesis-bisect')
    s = r.sel('invoke.start', 'worker')
    out = {e['request']: e['status'] for e in r.sel('invoke.end', 'worker')}
    eq([(len(x['msgs']), out[x['request']]) for x in s],
       [(16, 'error'), (8, 'ok'), (8, 'error'), (4, 'error'), (2, 'ok'), (2, 'error'), (1, 'error'), (1, 'ok'), (4, 'ok')],
       'batch sizes')
    eq(s[6]['msgs'], ['m11'], 'the poison record alone')
    eq([x['sizes'] for x in r.sel('bisect', 'esm')], [[8, 8], [4, 4], [2, 2], [1, 1]], 'splits')
    d = r.sel('destination', 'failures')
    eq([(x['msgs'], x['condition']) for x in d], [(['m11'], 'RetryAttemptsExhausted')], 'only r11 is discarded')
    eq(r.count('retry'), 0, 'the splits did not use the retry budget of 0')


@case('s41', 'STREAM-6')
def s41():
    r = Run('a41a-kinesis-rbif-one')        # s4 reported
    eq(r.sel('checkpoint', 'esm')[0]['sequence'], '4959000000000000000000000000000003', 'checkpoint at s3')
    eq(r.sel('invoke.start', 'worker')[1]['msgs'], ['m4', 'm5', 'm6'], 'retry from s4')
    r = Run('a41b-kinesis-rbif-two')        # s5 and s3 reported
    eq(r.sel('checkpoint', 'esm')[0]['sequence'], '4959000000000000000000000000000002', 'checkpoint before the lowest')
    eq(r.sel('invoke.start', 'worker')[1]['msgs'], ['m3', 'm4', 'm5', 'm6'], 'retry from s3')
    eq(r.count('checkpoint', 'esm'), 2, 'then all done')
    r = Run('a41c-kinesis-rbif-newer')      # s7..s10 arrive at 1.5 s, the retry is at 2.1 s
    eq([s['msgs'] for s in r.sel('invoke.start', 'worker')],
       [['m1', 'm2', 'm3', 'm4', 'm5', 'm6'], ['m4', 'm5', 'm6', 'm7', 'm8', 'm9'], ['m10']],
       'the retry from s4 takes newer records up to BatchSize 6')


@case('s42', 'STREAM-2, STREAM-7')
def s42():
    r = Run('a42-kinesis-record-age')       # max age 90 s, retries −1, a record at 0 s and one at 100 s
    d = r.sel('destination', 'failures')
    eq([(x['msgs'], x['condition'], secs(x)) for x in d], [(['m1'], 'RecordAgeExceeded', 90.0)], 'discarded at 90 s')
    ok(all(x['t'] < 90 * SEC for x in r.starts_of('m1')), 'retried until then')
    eq(r.count('discard', reason='RecordAgeExceeded'), 1, 'discard')
    later = [x for x in r.sel('invoke.start') if x['msgs'] != ['m1']]
    eq([(secs(x), len(x['msgs'])) for x in later], [(100.0, 1)], 'processing continues')
    for v, status in (('59', 1), ('60', 0), ('604800', 0), ('-1', 0), ('604801', 1)):
        eq(sim('validate', scenario('a42-kinesis-record-age'))[0], 0, 'valid as written')
        got = sim('run', scenario('a42-kinesis-record-age'), '--set', 'esm.max_record_age=' + v)
        eq(got[0], status, 'max_record_age %s' % v)
        if status:
            ok('(-1 or 60s–604800s)' in got[2] and 'STREAM-2' in got[2], 'range in the message: ' + got[2])


@case('s43', 'DDB-1, KIN-4, KIN-8')
def s43():
    validate_fails('a43a-ddb-at-timestamp', 'edges[0].props.starting_position',
                   'Unsupported starting position for arn type', 'DDB-1')
    validate_fails('a43b-ddb-no-starting-position', 'edges[0].props.starting_position', 'KIN-4')
    validate_fails('a43c-ddb-on-success', 'edges[1]',
                   'Unsupported DestinationConfig parameter for given event source mapping type.', 'KIN-8')


def tumbling(r):
    """Splits invocations into window batches and final invocations (those that carry no
    records, or only records that succeeded already), as tests/core/test-sim-streams.c does."""
    done, starts, no_state, last = set(), {}, set(), None
    batches, finals, finals_ok = [], [], []
    for x in r.records:
        if x['kind'] == 'invoke.start':
            (finals if all(m in done for m in x.get('msgs', [])) else batches).append(x)
            starts[x['request']] = x
            last = x
        elif x['kind'] == 'fault' and x.get('fault') == 'no_state':
            no_state.add(last['request'])
        elif x['kind'] == 'invoke.end' and x['status'] == 'ok' and x['request'] not in no_state:
            s = starts[x['request']]
            if s in finals:
                finals_ok.append(s)
            done.update(s['msgs'])
    return batches, finals, finals_ok, done


@case('s44', 'STREAM-8')
def s44():
    r = Run('a44-kinesis-tumbling-window')   # 60 s windows, 2 records/s for 150 s
    arrival = {x['msg']: x['t'] for x in r.sel('enqueue')}
    batches, finals, finals_ok, done = tumbling(r)
    eq([secs(f) for f in finals_ok], [60.0, 120.0, 180.0], 'one final invocation per window, at its end')
    per_window = collections.Counter()
    for b in batches:
        w = {arrival[m] // (60 * SEC) for m in b['msgs']}
        eq(len(w), 1, 'a batch stays inside its window')
        per_window[w.pop()] += len(b['msgs'])
        ok(b['t'] < (min(arrival[m] for m in b['msgs']) // (60 * SEC) + 1) * 60 * SEC,
           'a window\'s batches come before its final invocation')
    eq(dict(per_window), {0: 120, 1: 120, 2: 60}, 'records per window')
    eq(r.count('retry'), 0, 'no retries')
    r = Run('a44b-kinesis-tumbling-no-state')  # first attempt of every invocation returns no state
    batches, finals, finals_ok, done = tumbling(r)
    eq(len(done), 300, 'every record gets through on its retry')
    eq([secs(f) >= 60.0 for f in finals_ok], [True] * 3, 'each window still closes')
    eq(r.count('retry', 'esm', reason='error'), len(r.sel('fault')), 'every state-less invocation is retried')


# ---- S3 (45) ------------------------------------------------------------------------------------

def s3_attempts(r):
    by_req = collections.defaultdict(list)
    for s in r.sel('invoke.start', 'worker'):
        by_req[s['request']].append(s)
    ends = {e['request']: [] for e in r.sel('invoke.end', 'worker')}
    for e in r.sel('invoke.end', 'worker'):
        ends[e['request']].append(e)
    for req, ss in by_req.items():
        eq(len(ss), 2, 'MaximumRetryAttempts 1: 2 attempts per notification')
        near(secs(ss[1]) - secs(ends[req][0]), 60.0, 1e-6, 'retry 60 s after the failed attempt')
    return by_req


@case('s45', 'S3-1, S3-2, S3-3, S3-4, ASYNC-2')
def s45():
    r = Run('a45a-s3-versioned')            # 3 PUTs to one key 20 ms apart
    n = r.sel('notify', 'n')
    eq(sorted(x['parent'] for x in n), ['m1', 'm2', 'm3'], 'one notification per write')
    eq({len(x['coalesced']) for x in n}, {0}, 'nothing coalesced on a versioned bucket')
    eq(len(s3_attempts(r)), 3, 'each its own async event')
    d = r.sel('destination', 'failed')
    eq([(x['condition'], x['approximate_invoke_count']) for x in d], [('RetriesExhausted', 2)] * 3, 'own records')
    r = Run('a45b-s3-legacy-coalescing')    # non-versioned, legacy coalescing, 100 ms window
    n = r.sel('notify', 'n')
    ok(1 <= len(n) <= 3, '1 to 3 notifications')
    eq(sorted([x['parent'] for x in n] + [m for x in n for m in x['coalesced']]), ['m1', 'm2', 'm3'], 'every write accounted')
    eq(len(s3_attempts(r)), len(n), 'attempts follow the notifications')
    r = Run('a45c-s3-no-coalescing')
    eq(len(r.sel('notify', 'n')), 3, 'coalescing off: one notification per write')
    eq(r.count('invoke.start', 'worker'), 6, '6 attempts')
    ev = event('s3', 'key=my photo (1).jpg')
    eq(ev['Records'][0]['s3']['object']['key'], 'my+photo+%281%29.jpg', 'the key is URL-encoded')
    eq(ev['Records'][0]['eventName'].startswith('s3:'), False, 'eventName has no s3: prefix')


# ---- Rules the 45 scenarios lean on, with other numbers -------------------------------------------

@case('s35b', 'FIFO-2, SQS-11')
def s35b():
    # group-1: m1 m3 m5 (A1 poison), group-2: m2 m4 m6; VT 20 s, maxReceiveCount 2
    r = Run('a35b-fifo-poison-redrive')
    eq([(secs(x), x['msgs']) for x in r.sel('invoke.start', 'worker')],
       [(0.0, ['m1']), (0.0, ['m2']), (0.2, ['m4']), (0.4, ['m6']), (20.0, ['m1']), (40.0, ['m3']), (40.2, ['m5'])],
       'group A waits for A1 (two receives, then the DLQ); group B runs through')
    eq([(secs(x), x['msg']) for x in r.sel('redrive', 'payments-dlq')], [(40.0, 'm1')], 'A1 redriven on its third receive')


@case('s39-ddb', 'DDB-1, DDB-3, KIN-7, STREAM-4')
def s39_ddb():
    # the same on a DynamoDB stream: first poll at 0.25 s (4 polls a second), then 1, 2, 4 s backoff
    r = Run('a39b-ddb-retry-exhausted')
    eq([secs(x) for x in r.starts_of('m1')], [0.25, 1.35, 3.45, 7.55], 'four invocations')
    d = r.sel('destination', 'failures')
    eq([(x['msgs'], x['condition'], x['approximate_invoke_count']) for x in d],
       [(['m1'], 'RetryAttemptsExhausted', 4)], 'on-failure record')
    eq([secs(x) for x in r.starts_of('m2')], [7.65], 'then the next record')


@case('s42-ddb', 'DDB-1, STREAM-2, STREAM-7')
def s42_ddb():
    r = Run('a42b-ddb-record-age')
    d = r.sel('destination', 'failures')
    eq([(x['msgs'], x['condition'], secs(x)) for x in d], [(['m1'], 'RecordAgeExceeded', 90.0)], 'discarded at 90 s')
    eq([len(x['msgs']) for x in r.sel('invoke.start') if x['msgs'] != ['m1']], [1], 'processing continues')


@case('ranges', 'scenario-format.md ranges: LIM-1, LIM-4, ASYNC-4, CONC-1, CONC-2, SQS-4, SQS-6, SQS-11, KIN-3, KIN-5, ESM-1, STREAM-2, STREAM-8, APIGW-4')
def ranges():
    eq(sim('validate', scenario('a00-ranges'))[0], 0, 'valid as written')
    accepted = ('worker.memory_mb=10240', 'worker.max_event_age=60', 'orders.visibility_timeout=43200',
                'orders.retention=14d', 'clicks.retention=8760h', 'redrive.max_receive_count=1000',
                'kin-esm.batch_size=10000', 'kin-esm.batching_window=300', 'kin-esm.max_retry_attempts=10000',
                'kin-esm.tumbling_window=900', 'api.integration_timeout=300s', 'worker.max_retry_attempts=0')
    for kv in accepted:
        status, _, err = sim('run', scenario('a00-ranges'), '--set', kv)
        eq(status, 0, '%s is accepted (%s)' % (kv, err.strip()))
    refused = (('worker.timeout=0.5s', 'nodes[5].props.timeout', '(1s–900s)', 'LIM-1'),
               ('worker.memory_mb=127', 'nodes[5].props.memory_mb', '(128–10240)', 'LIM-4'),
               ('worker.memory_mb=10241', 'nodes[5].props.memory_mb', '(128–10240)', 'LIM-4'),
               ('worker.max_retry_attempts=3', 'nodes[5].props.max_retry_attempts', '(0–2)', 'ASYNC-4'),
               ('worker.max_event_age=59', 'nodes[5].props.max_event_age', '(60s–6h)', 'ASYNC-4'),
               ('worker.max_event_age=21601', 'nodes[5].props.max_event_age', '(60s–6h)', 'ASYNC-4'),
               ('worker.reserved_concurrency=-1', 'nodes[5].props.reserved_concurrency', 'CONC-2'),
               ('worker.timeout=31s', 'edges[2]', 'SQS-4'),
               ('orders.visibility_timeout=43201', 'nodes[1].props.visibility_timeout', '(0s–43200s)', 'SQS-4'),
               ('orders.retention=59', 'nodes[1].props.retention', '(60s–14d)', 'SQS-11'),
               ('orders.retention=15d', 'nodes[1].props.retention', '(60s–14d)', 'SQS-11'),
               ('clicks.retention=23h', 'nodes[3].props.retention', '(24h–8760h)', 'KIN-5'),
               ('clicks.retention=8761h', 'nodes[3].props.retention', '(24h–8760h)', 'KIN-5'),
               ('sqs-esm.batch_size=0', 'edges[2].props.batch_size', '(1–10000)', 'ESM-1'),
               ('sqs-esm.batching_window=301', 'edges[2].props.batching_window', '(0s–300s)', 'ESM-1'),
               ('sqs-esm.maximum_concurrency=1001', 'edges[2].props.maximum_concurrency', '(2–1000)', 'SQS-6'),
               ('redrive.max_receive_count=0', 'edges[3].props.max_receive_count', '(1–1000)', 'SQS-11'),
               ('redrive.max_receive_count=1001', 'edges[3].props.max_receive_count', '(1–1000)', 'SQS-11'),
               ('kin-esm.batch_size=10001', 'edges[4].props.batch_size', '(1–10000)', 'ESM-1'),
               ('kin-esm.batching_window=301', 'edges[4].props.batching_window', '(0s–300s)', 'ESM-1'),
               ('kin-esm.max_retry_attempts=10001', 'edges[4].props.max_retry_attempts', '(-1 or 0–10000)', 'STREAM-2'),
               ('kin-esm.max_retry_attempts=-2', 'edges[4].props.max_retry_attempts', '(-1 or 0–10000)', 'STREAM-2'),
               ('kin-esm.tumbling_window=901', 'edges[4].props.tumbling_window', '(0s–900s)', 'STREAM-8'),
               ('kin-esm.parallelization_factor=0', 'edges[4].props.parallelization_factor', '(1–10)', 'KIN-3'),
               ('f.probability=1.5', 'faults[0].probability', '(0–1)'),
               ('settings.jitter=1.5', 'settings.jitter', '(0–1)'),
               ('settings.account_concurrency=0', 'settings.account_concurrency', 'CONC-1'),
               ('api.integration_timeout=301s', 'nodes[4].props.integration_timeout', '300s', 'APIGW-4'),
               ('w.rate=fast', 'workload[0].rate', '"20/s"'),
               ('settings.scaling_model=fast', 'settings.scaling_model', 'current', 'classic', 'CONC-5'))
    for kv, *needles in refused:
        validate_fails('a00-ranges', *needles, args=('--set', kv))


@case('x-sns-fanout', 'SNS-1, INV-2, cli.md fates')
def x_sns_fanout():
    r = Run('x-sns-fanout')
    eq(r.count('notify', 'sub-a') + r.count('notify', 'sub-q'), 10, 'one child per subscription')
    eq({s['path'] for s in r.sel('invoke.start', 'fn-a')}, {'async'}, 'SNS invokes asynchronously')
    eq({s['path'] for s in r.sel('invoke.start', 'fn-b')}, {'esm'}, 'the queue is read by an ESM')
    m = r.report['messages']
    eq((m['published'], m['copies'], m['succeeded'], m['forwarded']), (5, 10, 10, 5), 'fates')


@case('x-sqs-effective-vt', 'SQS-4')
def x_sqs_effective_vt():
    # window 10 s + timeout 25 s > VT 30 s: the effective VT is 10 + 25 + 30 = 65 s
    r = Run('x-sqs-effective-vt')
    eq([(secs(v), v['receive_count']) for v in r.sel('visible', 'orders')], [(65.0, 1)], 'visible after 65 s')


@case('x-sqs-retention-in-flight', 'SQS-11')
def x_sqs_retention_in_flight():
    # received at 0, 30, 60, 90 (age < 100 each time); the retention period ends at 100 s while
    # the 4th receive is in flight: SQS deletes it then, not when its VT ends at 120 s
    r = Run('x-sqs-retention')
    eq([secs(s) for s in r.sel('invoke.start', 'worker')], [0.0, 30.0, 60.0, 90.0], 'receives while retained')
    eq([(x['msgs'], x['reason'], secs(x)) for x in r.sel('discard', 'orders')],
       [(['m1'], 'RetentionExpired', 100.0)], 'expired at enqueue + retention')


@case('x-sqs-dlq-retention', 'SQS-11')
def x_sqs_dlq_retention():
    # maxReceiveCount 2: moved to the DLQ at 60 s. A standard queue's DLQ keeps the original
    # enqueue timestamp (SQS Developer Guide, dead-letter queues), so with a DLQ retention of
    # 150 s the message expires at 0 + 150 s, not 60 + 150 s
    r = Run('x-sqs-retention', '--set', 'orders.retention=4d', '--set', 'redrive.max_receive_count=2')
    eq([secs(x) for x in r.sel('redrive', 'orders-dlq')], [60.0], 'moved at 60 s')
    eq([(x['msgs'], x['reason'], secs(x)) for x in r.sel('discard', 'orders-dlq')],
       [(['m1'], 'RetentionExpired', 150.0)], 'expires by its original enqueue time')

@case('x-stream-throttles', 'STREAM-9, CONC-6')
def x_stream_throttles():
    r = Run('x-stream-throttles')           # throttled for 20 s, MaximumRetryAttempts 1
    eq(r.count('throttle', 'worker'), 5, 'throttled at 1, 2, 4, 8, 16 s')
    eq(r.count('destination') + r.count('discard'), 0, 'throttles do not use up the retries')
    eq([(secs(s), len(s['msgs'])) for s in r.sel('invoke.start', 'worker')], [(32.0, 3)], 'then the batch runs')


@case('x-conc-unreserved-pool', 'CONC-4, SYNC-5')
def x_conc_unreserved_pool():
    # account 300, one function reserves 180: the other two share 120
    r = Run('x-conc-unreserved-pool')
    eq(r.node('reserved')['max_concurrency'], 100, 'the reserved function gets all 100')
    eq(r.node('a')['max_concurrency'] + r.node('b')['max_concurrency'], 120, 'the unreserved pool')
    th = r.sel('throttle')
    eq(len(th), 80, 'the rest is throttled')
    eq({x['reason'] for x in th}, {'ConcurrentInvocationLimitExceeded'}, 'account-level reason')


@case('x-recursion', 'ASYNC-15')
def x_recursion():
    r = Run('x-recursion')                  # worker → SNS → worker
    eq(r.count('invoke.start', 'worker'), 16, '16 invocations, then the loop is stopped')
    eq(r.count('discard', 'worker', reason='RecursionDetected'), 1, 'stopped')
    eq(r.count('destination', 'failed'), 1, 'and sent to the on-failure destination')
    r = Run('x-recursion-sqs')              # worker → SQS → worker through an ESM
    eq(r.count('invoke.start', 'worker'), 16, 'SQS loop: 16 invocations')
    eq([(secs(x), x['msg']) for x in r.sel('redrive', 'q-dlq')], [(1.6, 'm17')], "the next one goes to the queue's DLQ")
    r = Run('x-recursion-sqs', '--set', 'settings.recursion_guard=false', '--duration', '1m')
    eq(r.count('invoke.start', 'worker'), 601, 'without the guard the loop runs on: a hop every 100 ms, t = 0 … 60 s')


# ---- The CLI contract (spec/cli.md) ------------------------------------------------------------------

@case('cli-exit-codes', 'cli.md')
def cli_exit_codes():
    eq(sim('--version')[0], 0, '--version')
    status, out, _ = sim('--help')
    eq(status, 0, '--help')
    for word in ('run SCENARIO', 'validate', 'event SOURCE', 'render', '--trace', '--report', '--progress', '--set'):
        ok(word in out, '--help mentions ' + word)
    eq(sim()[0], 2, 'no command')
    eq(sim('run')[0], 2, 'run without a file')
    eq(sim('run', scenario('a01-async-default-retries'), '--frobnicate')[0], 2, 'unknown option')
    eq(sim('run', scenario('a01-async-default-retries'), '--report', 'yaml')[0], 2, 'bad --report')
    eq(sim('run', scenario('a01-async-default-retries'), '--seed', '-3')[0], 2, 'bad --seed')
    eq(sim('run', scenario('a01-async-default-retries'), '--duration', 'soon')[0], 2, 'bad --duration')
    eq(sim('run', os.path.join(HERE, 'no-such-file.lflow.json'))[0], 3, 'a missing file is an I/O error')
    eq(sim('run', scenario('a01-async-default-retries'), '--trace', os.path.join(HERE, 'no-such-dir', 't.jsonl'))[0], 3,
       'an unwritable trace is an I/O error')
    eq(sim('validate')[0], 2, 'validate without a file')
    eq(sim('render', scenario('a01-async-default-retries'), '--output', os.path.join(HERE, 'x.svg'))[0], 2,
       'render without --at')
    eq(sim('event', 'kafka')[0], 2, 'unknown event source')
    eq(sim('event', 'sqs', '--set', 'colour=red')[0], 2, 'unknown event key')


@case('cli-set', 'cli.md --set')
def cli_set():
    for path, needle in (('worker.colour=red', 'colour'), ('nobody.timeout=3s', 'nobody'),
                         ('settings.colour=1', 'colour')):
        status, _, err = sim('run', scenario('a01-async-default-retries'), '--set', path)
        eq(status, 2, '--set %s is an error, not ignored' % path)
        ok(needle in err, 'the message names it: ' + err)
    validate_fails('a01-async-default-retries', 'nodes[1].props.timeout', '(1s–900s)', 'LIM-1',
                   args=('--set', 'worker.timeout=901s'))
    r = Run('a01-async-default-retries', '--set', 'worker.max_retry_attempts=0')
    eq(r.count('invoke.start'), 1, '--set changes the run')
    r = Run('a31b-sqs-scaling-classic', '--set', 'settings.sqs_scaling_model=current', '--duration', '90s')
    eq([x['concurrency'] for x in r.sel('scale', 'esm')][:1], [305], '--set settings.* works')


@case('cli-validate', 'cli.md validate, scenario-format.md')
def cli_validate():
    bad = [scenario(n) for n in ('a30a-sqs-batch-no-window', 'a30c-fifo-batch', 'a17-unreserved-minimum')]
    status, out, err = sim('validate', *bad, scenario('a01-async-default-retries'))
    eq(status, 1, 'one invalid file makes validate fail')
    for b in bad:
        ok(b + ': error: ' in err, 'every problem is printed: ' + b)
    ok('valid' in out, 'the valid file is reported valid')
    with tempfile.TemporaryDirectory() as d:
        syntax = os.path.join(d, 'syntax.lflow.json')
        with open(syntax, 'w') as f:
            f.write('{\n  "format": "lambdaflow/1",\n  "nodes": [\n    { "id": "a" "type": "client" }\n  ]\n}\n')
        status, out, err = sim('validate', syntax)
        eq(status, 1, 'a syntax error is an invalid scenario')
        ok(syntax + ':4:' in err, 'file, line and column: ' + err)
        two = os.path.join(d, 'two.lflow.json')
        with open(two, 'w') as f:
            json.dump({'format': 'lambdaflow/1',
                       'nodes': [{'id': 'q', 'type': 'sqs_queue', 'props': {'visibility_timeout': '13h'}},
                                 {'id': 'f', 'type': 'lambda_function', 'props': {'timeout': '0.5s', 'memory_mb': 64}}]}, f)
        status, out, err = sim('validate', two)
        eq(status, 1, 'invalid')
        for needle in ('nodes[0].props.visibility_timeout', 'nodes[1].props.timeout', 'nodes[1].props.memory_mb'):
            ok(needle in err, 'every problem printed with its path: %s in %s' % (needle, err))
        eq(sim('run', two)[0], 1, 'an invalid scenario does not run')


@case('cli-trace-report', 'cli.md trace, report')
def cli_trace_report():
    path = scenario('a10-async-throttle-backoff')
    status, out, err = sim('run', path, '--trace', '-')
    eq(status, 0, 'run --trace -')
    lines = out.splitlines()
    ok(lines and all(json.loads(l)['seq'] == i + 1 for i, l in enumerate(lines)), 'stdout holds only the trace')
    status, out2, err2 = sim('run', path, '--trace', '-', '--report', 'json')
    eq(out2, out, 'the trace is the same with a report')
    rep = json.loads(err2)
    eq((rep['seed'], rep['sim_time_us']), (1, 300 * SEC), 'with --trace -, the report goes to stderr')
    eq(rep['nodes']['worker']['throttles'], 11, 'report throttles (5 + 6)')
    status, out, err = sim('run', path, '--report', 'text', '--duration', '40s', '--progress')
    eq(status, 0, '--report text --duration --progress')
    ok('invocations' in out and 'throttles' in out and 'worker' in out, 'the text report has the figures')
    status, out, err = sim('run', path, '--report', 'json', '--duration', '40s')
    rep = json.loads(out)
    eq(rep['sim_time_us'], 40 * SEC, '--duration')
    eq(rep['nodes']['worker']['invocations'], 1, 'only A ends within 40 s')
    for key in ('title', 'seed', 'sim_time_us', 'events', 'wall_ms', 'messages', 'nodes', 'edges', 'problems'):
        ok(key in rep, 'report has ' + key)
    for key in ('invocations', 'errors', 'timeouts', 'throttles', 'cold_starts', 'max_concurrency',
                'duration_p50_ms', 'duration_p99_ms'):
        ok(key in rep['nodes']['worker'], 'function figures have ' + key)
    for key in ('max_depth', 'max_age_of_oldest_s', 'depth_at_end'):
        ok(key in Run('a26-sqs-redrive').node('orders'), 'queue figures have ' + key)
    for key in ('batches', 'max_iterator_age_ms', 'max_concurrency'):
        ok(key in Run('a39-kinesis-retry-exhausted').report['edges']['esm'], 'ESM figures have ' + key)


@case('cli-seed', 'cli.md --seed, scenario-format.md seed')
def cli_seed():
    path = scenario('a45c-s3-no-coalescing')   # lognormal notification delays use the RNG
    a = sim('run', path, '--trace', '-', '--seed', '7')[1]
    b = sim('run', path, '--trace', '-', '--seed', '7')[1]
    c = sim('run', path, '--trace', '-', '--seed', '8')[1]
    eq(a == b, True, 'the same seed gives the same trace, byte for byte')
    eq(a == c, False, 'another seed gives another trace')
    eq(json.loads(sim('run', path, '--seed', '7', '--report', 'json')[1])['seed'], 7, 'the report names the seed')


@case('cli-event', 'cli.md event, S3-1, SNS-1, SQS-1, KIN-1, DDB-2, APIGW-1, APIGW-5, ALB-1')
def cli_event():
    s3 = event('s3')['Records'][0]
    eq((s3['eventSource'], s3['eventVersion']), ('aws:s3', '2.1'), 's3')
    sns = event('sns')['Records'][0]
    eq((sns['EventSource'], sns['Sns']['Type']), ('aws:sns', 'Notification'), 'sns capitalised keys')
    eb = event('eventbridge')
    ok('detail-type' in eb and 'detail' in eb, 'eventbridge')
    sqs = event('sqs', 'receive_count=4')['Records'][0]
    eq((sqs['eventSource'], sqs['attributes']['ApproximateReceiveCount']), ('aws:sqs', '4'), 'sqs')
    body = event('sqs', 'body=Order 42 shipped')['Records'][0]
    eq(body['md5OfBody'], hashlib.md5(b'Order 42 shipped').hexdigest(), 'md5OfBody is the MD5 of the body')
    eq(base64.b64decode(event('kinesis', 'data=clicked 7')['Records'][0]['kinesis']['data']), b'clicked 7',
       'kinesis data is base64')
    rest0 = event('apigateway-rest', 'query=')
    eq((rest0['queryStringParameters'], rest0['multiValueQueryStringParameters']), (None, None),
       'REST: null when there is no query [APIGW-1]')
    obj = event('s3', 'version_id=v7', 'sequencer=00A1')['Records'][0]['s3']['object']
    eq((obj['versionId'], obj['sequencer']), ('v7', '00A1'), 's3 versionId and sequencer')
    ok('versionId' not in event('s3')['Records'][0]['s3']['object'], 'no versionId for a non-versioned bucket')
    fifo = event('sqs-fifo', 'group=g-9')['Records'][0]['attributes']
    eq(fifo['MessageGroupId'], 'g-9', 'sqs-fifo')
    ok('SequenceNumber' in fifo and 'MessageDeduplicationId' in fifo, 'FIFO-6 attributes')
    kin = event('kinesis', 'shard=shardId-000000000004', 'partition_key=user-7')['Records'][0]
    eq(kin['kinesis']['partitionKey'], 'user-7', 'kinesis')
    ok(kin['eventID'].startswith('shardId-000000000004:'), 'kinesis eventID')
    ddb = event('dynamodb', 'event_name=REMOVE')['Records'][0]
    eq(ddb['eventName'], 'REMOVE', 'dynamodb')
    ok('OldImage' in ddb['dynamodb'] and 'NewImage' not in ddb['dynamodb'], 'REMOVE has only the old image')
    rest = event('apigateway-rest', 'query=a=1&a=2')
    eq((rest['queryStringParameters'], rest['multiValueQueryStringParameters']), ({'a': '2'}, {'a': ['1', '2']}),
       'REST 1.0')
    http = event('apigateway-http', 'query=a=1&a=2')
    eq((http['version'], http['queryStringParameters']), ('2.0', {'a': '1,2'}), 'HTTP 2.0 joins with commas')
    ok(not any(k.startswith('multiValue') for k in http), 'no multiValue in 2.0')


# ---- driver --------------------------------------------------------------------------------------

def main(argv):
    if not SIM:
        print('Bail out! LF_SIM is not set')
        return 1
    chosen = [c for c in CASES if not argv or any(c[0].startswith(p) for p in argv)]
    print('1..%d' % len(chosen))
    failed = 0
    for i, (name, rules, open_reason, fn) in enumerate(chosen, 1):
        try:
            fn()
            error = None
        except Failure as e:
            error = str(e)
        except Exception as e:          # a crash of the checker or of the CLI output
            error = '%s: %s' % (type(e).__name__, e)
        title = '%s [%s]' % (name, rules)
        if error is None and open_reason:
            print('ok %d - %s' % (i, title))
            print('# %s passes now; drop its OPEN mark (%s)' % (name, open_reason))
        elif error is None:
            print('ok %d - %s' % (i, title))
        elif open_reason:
            print('not ok %d - %s # TODO %s' % (i, title, open_reason))
            print('# ' + error.replace('\n', '\n# '))
        else:
            failed += 1
            print('not ok %d - %s' % (i, title))
            print('# ' + error.replace('\n', '\n# '))
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
