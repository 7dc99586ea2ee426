/* Synchronous invocation: semantics.md scenarios 9, 13–16 and 18 [SYNC-*, CONC-*, LIM-2] */
#include "lf-test-util.h"

#include "lf-aws-limits.h"

static LfTestRun *
run_sync (const char *settings, const char *client_props, const char *fn_props,
          const char *workload, const char *faults, const char *duration)
{
  g_autofree char *json = g_strdup_printf (
    "{\"format\": \"lambdaflow/1\", \"duration\": \"%s\", \"settings\": {%s},"
    " \"nodes\": [{\"id\": \"client\", \"type\": \"client\", \"props\": {%s}},"
    "             {\"id\": \"worker\", \"type\": \"lambda_function\", \"props\": {%s}}],"
    " \"edges\": [{\"id\": \"call\", \"type\": \"invoke\", \"from\": \"client\", \"to\": \"worker\"}],"
    " \"workload\": [%s], \"faults\": [%s]}",
    duration, settings, client_props, fn_props, workload, faults);
  return lf_test_run (json, -1);
}

#define ONE "{\"id\": \"w\", \"target\": \"client\", \"count\": 1}"

/* Scenario 9: reserved concurrency 0 ⇒ 429 ReservedFunction…; never run; the SDK's
 * standard mode tries 3 times in all, "none" once [SYNC-1, SYNC-5] */
static void
test_sync_zero_reserved (void)
{
  g_autoptr(LfTestRun) none = run_sync ("", "\"retry_mode\": \"none\"", "\"reserved_concurrency\": 0", ONE, "", "1m");
  g_autoptr(LfTestRun) standard = run_sync ("", "", "\"reserved_concurrency\": 0", ONE, "", "1m");
  g_autoptr(LfTestRun) legacy = run_sync ("", "\"retry_mode\": \"legacy\"", "\"reserved_concurrency\": 0", ONE, "", "1m");
  JsonObject *t = lf_test_nth (none, "throttle", "worker", 0);

  g_assert_cmpstr (json_object_get_string_member (t, "reason"), ==, "ReservedFunctionConcurrentInvocationLimitExceeded");
  g_assert_cmpuint (lf_test_count (none, "invoke.start", NULL), ==, 0);
  g_assert_cmpuint (lf_test_count (none, "throttle", "worker"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (lf_test_nth (none, "discard", "client", 0), "reason"), ==, "Rejected");
  g_assert_cmpuint (lf_test_count (standard, "throttle", "worker"), ==, 3);
  g_assert_cmpuint (lf_test_count (legacy, "throttle", "worker"), ==, 5);
  g_assert_cmpuint (lf_test_count (legacy, "invoke.start", NULL), ==, 0);
  /* SDK backoff: U(0,1) × min(20 s, 2^(n−1) s) */
  for (guint i = 0; i < 4; i++)
    {
      JsonObject *r = lf_test_nth (legacy, "retry", "client", i);
      double wait = (double) (json_object_get_int_member (r, "due") - json_object_get_int_member (r, "t")) / 1e6;
      g_assert_cmpfloat (wait, >=, 0.0);
      g_assert_cmpfloat (wait, <=, MIN (20.0, (double) (1 << i)));
    }
}

/* Scenario 13: a function error is not retried: exactly one execution [SYNC-1…3] */
static void
test_sync_error_not_retried (void)
{
  g_autoptr(LfTestRun) run = run_sync ("", "", "", ONE,
    "{\"id\": \"boom\", \"target\": \"worker\", \"kind\": \"error\", \"error_type\": \"ValueError\", \"message\": \"boom\"}", "5m");
  JsonObject *end = lf_test_nth (run, "invoke.end", "worker", 0);

  g_assert_cmpuint (lf_test_count (run, "invoke.start", "worker"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (end, "status"), ==, "error");
  g_assert_cmpstr (json_object_get_string_member (end, "error_type"), ==, "ValueError");
  g_assert_cmpstr (json_object_get_string_member (lf_test_nth (run, "invoke.start", "worker", 0), "path"), ==, "sync");
  g_assert_cmpuint (lf_test_count (run, "retry", NULL), ==, 0);
}

/* Scenario 14: timeout 3 s, a 5 s handler: Sandbox.Timedout at ≈3 s [SYNC-4] */
static void
test_sync_timeout (void)
{
  g_autoptr(LfTestRun) run = run_sync ("", "", "\"timeout\": \"3s\", \"duration\": \"5s\"", ONE, "", "1m");
  JsonObject *end = lf_test_nth (run, "invoke.end", "worker", 0);

  g_assert_cmpstr (json_object_get_string_member (end, "status"), ==, "timeout");
  g_assert_cmpstr (json_object_get_string_member (end, "error_type"), ==, "Sandbox.Timedout");
  lf_assert_near (lf_test_time_s (end), 3.0, 0.5);
  g_assert_cmpint (lf_test_report_int (run, "nodes", "worker", "timeouts"), ==, 1);
  g_assert_cmpint (lf_test_report_int (run, "nodes", "worker", "errors"), ==, 0);
}

/* Scenario 15: 6,291,457 bytes ⇒ 413, not run; 6,291,456 runs [LIM-2] */
static void
test_sync_payload_limit (void)
{
  g_autoptr(LfTestRun) over = run_sync ("", "", "", "{\"id\": \"w\", \"target\": \"client\", \"count\": 1, \"payload_bytes\": 6291457}", "", "1m");
  g_autoptr(LfTestRun) at = run_sync ("", "", "", "{\"id\": \"w\", \"target\": \"client\", \"count\": 1, \"payload_bytes\": 6291456}", "", "1m");

  g_assert_cmpuint (lf_test_count (over, "invoke.start", NULL), ==, 0);
  g_assert_cmpuint (lf_test_count (over, "throttle", NULL), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (lf_test_nth (over, "discard", "client", 0), "reason"), ==, "Rejected");
  g_assert_cmpuint (lf_test_count (at, "invoke.start", NULL), ==, 1);
}

/* Scenario 16: the account limit: the (limit + 1)th concurrent invoke gets 429 [CONC-1, SYNC-5] */
static void
test_account_limit (void)
{
  g_autoptr(LfTestRun) run = run_sync ("\"account_concurrency\": 40", "\"retry_mode\": \"none\"",
                                       "\"duration\": \"10s\", \"timeout\": \"20s\"",
                                       "{\"id\": \"w\", \"target\": \"client\", \"count\": 41}", "", "1m");

  g_assert_cmpuint (lf_test_count (run, "invoke.start", "worker"), ==, 40);
  g_assert_cmpuint (lf_test_count (run, "throttle", "worker"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (lf_test_nth (run, "throttle", "worker", 0), "reason"), ==,
                   "ConcurrentInvocationLimitExceeded");
  g_assert_cmpint (lf_test_report_int (run, "nodes", "worker", "max_concurrency"), ==, 40);
}

/* CONC-4: another function's reserved concurrency is held back from the account pool */
static void
test_reserved_held_back (void)
{
  const char *json =
    "{\"format\": \"lambdaflow/1\", \"duration\": \"1m\", \"settings\": {\"account_concurrency\": 200},"
    " \"nodes\": [{\"id\": \"client\", \"type\": \"client\", \"props\": {\"retry_mode\": \"none\"}},"
    "   {\"id\": \"worker\", \"type\": \"lambda_function\", \"props\": {\"duration\": \"10s\", \"timeout\": \"20s\"}},"
    "   {\"id\": \"other\", \"type\": \"lambda_function\", \"props\": {\"reserved_concurrency\": 50}}],"
    " \"edges\": [{\"id\": \"call\", \"type\": \"invoke\", \"from\": \"client\", \"to\": \"worker\"}],"
    " \"workload\": [{\"id\": \"w\", \"target\": \"client\", \"count\": 160}]}";
  g_autoptr(LfTestRun) run = lf_test_run (json, -1);

  g_assert_cmpuint (lf_test_count (run, "invoke.start", "worker"), ==, 150);
  g_assert_cmpuint (lf_test_count (run, "throttle", "worker"), ==, 10);
}

static guint
starts_between (LfTestRun *run, double from, double to)
{
  g_autoptr(GPtrArray) starts = lf_test_select (run, "invoke.start", "worker");
  guint n = 0;

  for (guint i = 0; i < starts->len; i++)
    {
      double t = lf_test_time_s (g_ptr_array_index (starts, i));
      n += t >= from && t < to;
    }
  return n;
}

#define WAVES(a, ta, b, tb, c, tc) \
  "{\"id\": \"w0\", \"target\": \"client\", \"count\": " #a ", \"start\": \"" #ta "s\"}," \
  "{\"id\": \"w1\", \"target\": \"client\", \"count\": " #b ", \"start\": \"" #tb "s\"}," \
  "{\"id\": \"w2\", \"target\": \"client\", \"count\": " #c ", \"start\": \"" #tc "s\"}"

/* Scenario 18: scaling rate [CONC-5] */
static void
test_scaling_current (void)
{
  g_autoptr(LfTestRun) run = run_sync ("\"account_concurrency\": 10000", "\"retry_mode\": \"none\"",
                                       "\"duration\": \"300s\", \"timeout\": \"900s\"",
                                       WAVES (3000, 0, 2000, 10, 1000, 20), "", "1m");

  g_assert_cmpuint (starts_between (run, 0, 1), ==, 1000);
  g_assert_cmpuint (starts_between (run, 10, 11), ==, 1000);
  g_assert_cmpuint (starts_between (run, 20, 21), ==, 1000);
  g_assert_cmpint (lf_test_report_int (run, "nodes", "worker", "max_concurrency"), ==, 3000);
  g_assert_cmpint (lf_test_report_int (run, "nodes", "worker", "throttles"), ==, 3000);
}

static void
test_scaling_classic (void)
{
  g_autoptr(LfTestRun) virginia = run_sync ("\"account_concurrency\": 10000, \"scaling_model\": \"classic\"",
                                            "\"retry_mode\": \"none\"", "\"duration\": \"300s\", \"timeout\": \"900s\"",
                                            WAVES (3000, 0, 1, 1, 1, 2), "", "1m");
  g_autoptr(LfTestRun) small = run_sync ("\"account_concurrency\": 10000, \"scaling_model\": \"classic\", \"region\": \"sa-east-1\"",
                                         "\"retry_mode\": \"none\"", "\"duration\": \"300s\", \"timeout\": \"900s\"",
                                         WAVES (3000, 0, 1000, 60, 1000, 120), "", "3m");

  g_assert_cmpuint (starts_between (virginia, 0, 1), ==, 3000);
  g_assert_cmpuint (starts_between (small, 0, 1), ==, 500);
  g_assert_cmpuint (starts_between (small, 60, 61), ==, 500);
  g_assert_cmpuint (starts_between (small, 120, 121), ==, 500);
  g_assert_cmpint (lf_test_report_int (small, "nodes", "worker", "max_concurrency"), ==, 1500);
}

/* defaults.md "Execution environments": warm reuse, cold after keep_warm */
static void
test_cold_starts (void)
{
  g_autoptr(LfTestRun) run = run_sync ("\"keep_warm\": \"5m\"", "", "\"cold_start\": \"1s\"",
    "{\"id\": \"a\", \"target\": \"client\", \"count\": 1, \"start\": \"0s\"},"
    "{\"id\": \"b\", \"target\": \"client\", \"count\": 1, \"start\": \"1m\"},"
    "{\"id\": \"c\", \"target\": \"client\", \"count\": 1, \"start\": \"10m\"}", "", "15m");

  g_assert_true (json_object_get_boolean_member (lf_test_nth (run, "invoke.start", "worker", 0), "cold"));
  g_assert_false (json_object_get_boolean_member (lf_test_nth (run, "invoke.start", "worker", 1), "cold"));
  g_assert_true (json_object_get_boolean_member (lf_test_nth (run, "invoke.start", "worker", 2), "cold"));
  lf_assert_near (lf_test_time_s (lf_test_nth (run, "invoke.end", "worker", 0)), 1.1, 0.001);
  lf_assert_near (lf_test_time_s (lf_test_nth (run, "invoke.end", "worker", 1)), 60.1, 0.001);
  g_assert_cmpint (lf_test_report_int (run, "nodes", "worker", "cold_starts"), ==, 2);
}

/* A huge slow factor is a timeout, not an overflow; the SDK's retry names its request */
static void
test_slow_and_retry_request (void)
{
  g_autoptr(LfTestRun) slow = run_sync ("", "", "\"timeout\": \"2s\"", ONE,
                                        "{\"id\": \"s\", \"target\": \"worker\", \"kind\": \"slow\", \"factor\": 1e20}", "1m");
  g_autoptr(LfTestRun) retried = run_sync ("", "", "\"reserved_concurrency\": 0", ONE, "", "1m");
  JsonObject *retry = lf_test_nth (retried, "retry", "client", 0);

  g_assert_cmpstr (json_object_get_string_member (lf_test_nth (slow, "invoke.end", "worker", 0), "status"), ==, "timeout");
  g_assert_cmpstr (json_object_get_string_member (retry, "request"), ==,
                   json_object_get_string_member (lf_test_nth (retried, "throttle", "worker", 0), "request"));
}

/* INV-1: a function's code that calls another with RequestResponse waits: sync path */
static void
test_sends_sync (void)
{
  const char *json =
    "{\"format\": \"lambdaflow/1\", \"duration\": \"1m\","
    " \"nodes\": [{\"id\": \"c\", \"type\": \"client\"}, {\"id\": \"a\", \"type\": \"lambda_function\"},"
    "             {\"id\": \"b\", \"type\": \"lambda_function\", \"props\": {\"reserved_concurrency\": 0}}],"
    " \"edges\": [{\"id\": \"i\", \"type\": \"invoke\", \"from\": \"c\", \"to\": \"a\"},"
    "             {\"id\": \"s\", \"type\": \"sends\", \"from\": \"a\", \"to\": \"b\", \"props\": {\"invocation_type\": \"RequestResponse\"}}],"
    " \"workload\": [{\"id\": \"w\", \"target\": \"c\", \"count\": 1}]}";
  g_autoptr(LfTestRun) run = lf_test_run (json, -1);

  /* b is throttled: the calling code's SDK tries 3 times, and no async queue is involved */
  g_assert_cmpuint (lf_test_count (run, "throttle", "b"), ==, 3);
  g_assert_cmpuint (lf_test_count (run, "enqueue", "b"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (lf_test_nth (run, "discard", "a", 0), "reason"), ==, "Rejected");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync/zero-reserved/SYNC-5/SYNC-1", test_sync_zero_reserved);
  g_test_add_func ("/sync/error-not-retried/SYNC-1/SYNC-2/SYNC-3", test_sync_error_not_retried);
  g_test_add_func ("/sync/timeout/SYNC-4", test_sync_timeout);
  g_test_add_func ("/sync/payload-limit/LIM-2", test_sync_payload_limit);
  g_test_add_func ("/sync/account-limit/CONC-1/SYNC-5", test_account_limit);
  g_test_add_func ("/sync/reserved-held-back/CONC-4", test_reserved_held_back);
  g_test_add_func ("/sync/scaling-current/CONC-5", test_scaling_current);
  g_test_add_func ("/sync/scaling-classic/CONC-5", test_scaling_classic);
  g_test_add_func ("/sync/cold-starts/keep-warm", test_cold_starts);
  g_test_add_func ("/sync/slow-overflow-and-retry-request/SYNC-1", test_slow_and_retry_request);
  g_test_add_func ("/sync/sends-request-response/INV-1", test_sends_sync);
  return g_test_run ();
}
