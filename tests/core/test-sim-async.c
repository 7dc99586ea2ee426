/* Asynchronous invocation: semantics.md scenarios 1–12 [ASYNC-*, CONC-3, SYNC-4] */
#include "lf-test-util.h"

#include "lf-aws-limits.h"

/* One async event from a client to `worker`, with the given function props, faults and
 * extra nodes/edges (JSON fragments, each starting with a comma when not empty). */
static LfTestRun *
run_async (const char *fn_props, const char *faults, const char *nodes, const char *edges,
           int count, const char *duration)
{
  g_autofree char *json = g_strdup_printf (
    "{\"format\": \"lambdaflow/1\", \"duration\": \"%s\","
    " \"nodes\": [{\"id\": \"client\", \"type\": \"client\"},"
    "             {\"id\": \"worker\", \"type\": \"lambda_function\", \"props\": {%s}} %s],"
    " \"edges\": [{\"id\": \"call\", \"type\": \"invoke\", \"from\": \"client\", \"to\": \"worker\","
    "              \"props\": {\"invocation_type\": \"Event\"}} %s],"
    " \"workload\": [{\"id\": \"w\", \"target\": \"client\", \"count\": %d, \"arrival\": \"burst\"}],"
    " \"faults\": [%s]}",
    duration, fn_props, nodes, edges, count, faults);
  return lf_test_run (json, -1);
}

#define ALWAYS_FAILS "{\"id\": \"boom\", \"target\": \"worker\", \"kind\": \"error\", \"error_type\": \"ValueError\", \"message\": \"boom\"}"
#define QUEUES ", {\"id\": \"dlq\", \"type\": \"sqs_queue\"}, {\"id\": \"failed\", \"type\": \"sqs_queue\"}"
#define DLQ_AND_FAILURE ", {\"id\": \"d\", \"type\": \"dlq\", \"from\": \"worker\", \"to\": \"dlq\"}," \
                        " {\"id\": \"f\", \"type\": \"on_failure\", \"from\": \"worker\", \"to\": \"failed\"}"

/* Scenario 1: attempts at 0, ≈60 and ≈180 s; RetriesExhausted with 3; DLQ gets the event;
 * one request id. */
static void
test_retries_default (void)
{
  g_autoptr(LfTestRun) run = run_async ("", ALWAYS_FAILS, QUEUES, DLQ_AND_FAILURE, 1, "10m");
  JsonObject *a1 = lf_test_nth (run, "invoke.start", "worker", 0);
  JsonObject *a2 = lf_test_nth (run, "invoke.start", "worker", 1);
  JsonObject *a3 = lf_test_nth (run, "invoke.start", "worker", 2);
  JsonObject *dest = lf_test_nth (run, "destination", "failed", 0);
  JsonObject *dlq = lf_test_nth (run, "dlq", "dlq", 0);
  const char *event = json_array_get_string_element (json_object_get_array_member (a1, "msgs"), 0);

  g_assert_cmpuint (lf_test_count (run, "invoke.start", "worker"), ==, 3);
  lf_assert_near (lf_test_time_s (a1), 0.0, 0.001);
  lf_assert_near (lf_test_time_s (a2), 60.0, 1.0);
  lf_assert_near (lf_test_time_s (a3), 180.0, 1.5);
  /* ASYNC-3: counted from the end of the failed attempt */
  g_assert_cmpint (json_object_get_int_member (a2, "t"), >, LF_SEC (60));
  g_assert_cmpint (json_object_get_int_member (a2, "attempt"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (a3, "attempt"), ==, 3);
  /* ASYNC-8: all attempts share one request id */
  g_assert_cmpstr (json_object_get_string_member (a1, "request"), ==, json_object_get_string_member (a2, "request"));
  g_assert_cmpstr (json_object_get_string_member (a1, "request"), ==, json_object_get_string_member (a3, "request"));
  /* ASYNC-11: the on-failure record */
  g_assert_cmpstr (json_object_get_string_member (dest, "condition"), ==, "RetriesExhausted");
  g_assert_cmpint (json_object_get_int_member (dest, "approximate_invoke_count"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (dest, "from"), ==, "worker");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (dest, "msgs"), 0), ==, event);
  g_assert_cmpstr (json_object_get_string_member (dest, "msg"), !=, event);   /* a new message */
  /* ASYNC-13: the DLQ gets the event itself */
  g_assert_cmpstr (json_object_get_string_member (dlq, "msg"), ==, event);
  g_assert_cmpstr (json_object_get_string_member (dlq, "from"), ==, "worker");
  g_assert_cmpint (json_object_get_int_member (dlq, "t"), ==, json_object_get_int_member (lf_test_nth (run, "invoke.end", "worker", 2), "t"));
  g_assert_cmpstr (json_object_get_string_member (lf_test_nth (run, "invoke.end", "worker", 0), "error_type"), ==, "ValueError");
  g_assert_cmpint (lf_test_report_int (run, "messages", NULL, "dlq"), ==, 1);
  g_assert_cmpint (lf_test_report_int (run, "messages", NULL, "destination_failure"), ==, 1);
  g_assert_cmpint (lf_test_report_int (run, "nodes", "worker", "errors"), ==, 3);
  g_assert_cmpint (lf_test_report_int (run, "nodes", "dlq", "depth_at_end"), ==, 1);
  /* the retry records say when */
  g_assert_cmpuint (lf_test_count (run, "retry", "worker"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (lf_test_nth (run, "retry", "worker", 0), "due"), ==,
                   json_object_get_int_member (a2, "t"));
}

/* Scenario 2: MaximumRetryAttempts 0 ⇒ one attempt, record right after it */
static void
test_max_retry_zero (void)
{
  g_autoptr(LfTestRun) run = run_async ("\"max_retry_attempts\": 0", ALWAYS_FAILS, QUEUES, DLQ_AND_FAILURE, 1, "10m");
  JsonObject *dest = lf_test_nth (run, "destination", "failed", 0);

  g_assert_cmpuint (lf_test_count (run, "invoke.start", "worker"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (dest, "approximate_invoke_count"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (dest, "condition"), ==, "RetriesExhausted");
  g_assert_cmpint (json_object_get_int_member (dest, "t"), ==,
                   json_object_get_int_member (lf_test_nth (run, "invoke.end", "worker", 0), "t"));
  g_assert_cmpuint (lf_test_count (run, "retry", "worker"), ==, 0);
}

/* Scenario 3: MaximumRetryAttempts 1 ⇒ attempts at 0 and ≈60 s, count 2 */
static void
test_max_retry_one (void)
{
  g_autoptr(LfTestRun) run = run_async ("\"max_retry_attempts\": 1", ALWAYS_FAILS, QUEUES, DLQ_AND_FAILURE, 1, "10m");

  g_assert_cmpuint (lf_test_count (run, "invoke.start", "worker"), ==, 2);
  lf_assert_near (lf_test_time_s (lf_test_nth (run, "invoke.start", "worker", 1)), 60.0, 1.0);
  g_assert_cmpint (json_object_get_int_member (lf_test_nth (run, "destination", "failed", 0),
                                               "approximate_invoke_count"), ==, 2);
}

/* Scenario 4: fails once, then succeeds: on-success to EventBridge with count 2 */
static void
test_success_after_retry (void)
{
  g_autoptr(LfTestRun) run = run_async (
    "", "{\"id\": \"once\", \"target\": \"worker\", \"kind\": \"error\", \"attempts\": [1]}",
    ", {\"id\": \"bus\", \"type\": \"eventbridge_bus\"}, {\"id\": \"audit\", \"type\": \"sqs_queue\"},"
    "  {\"id\": \"failed\", \"type\": \"sqs_queue\"}",
    ", {\"id\": \"ok\", \"type\": \"on_success\", \"from\": \"worker\", \"to\": \"bus\"},"
    "  {\"id\": \"f\", \"type\": \"on_failure\", \"from\": \"worker\", \"to\": \"failed\"},"
    "  {\"id\": \"r\", \"type\": \"rule\", \"from\": \"bus\", \"to\": \"audit\","
    "   \"props\": {\"pattern\": {\"source\": [\"lambda\"], \"detail-type\": [\"Lambda Function Invocation Result - Success\"],"
    "                             \"detail\": {\"requestContext\": {\"condition\": [\"Success\"]}}}}}",
    1, "10m");
  JsonObject *dest = lf_test_nth (run, "destination", "bus", 0);

  g_assert_cmpuint (lf_test_count (run, "invoke.start", "worker"), ==, 2);
  lf_assert_near (lf_test_time_s (lf_test_nth (run, "invoke.start", "worker", 1)), 60.0, 1.0);
  g_assert_cmpstr (json_object_get_string_member (dest, "condition"), ==, "Success");
  g_assert_cmpint (json_object_get_int_member (dest, "approximate_invoke_count"), ==, 2);
  /* ASYNC-12: the rule on source "lambda" and the Success detail-type matched */
  g_assert_cmpuint (lf_test_count (run, "notify", "r"), ==, 1);
  g_assert_cmpuint (lf_test_count (run, "enqueue", "audit"), ==, 1);
  g_assert_cmpuint (lf_test_count (run, "destination", "failed"), ==, 0);
}

/* Scenarios 5 and 6: the event-age look-ahead [ASYNC-7] */
static void
test_event_age_lookahead (void)
{
  g_autoptr(LfTestRun) r60 = run_async ("\"max_event_age\": \"60s\"", ALWAYS_FAILS, QUEUES, DLQ_AND_FAILURE, 1, "10m");
  g_autoptr(LfTestRun) r90 = run_async ("\"max_event_age\": 90", ALWAYS_FAILS, QUEUES, DLQ_AND_FAILURE, 1, "10m");
  JsonObject *d60 = lf_test_nth (r60, "destination", "failed", 0);
  JsonObject *d90 = lf_test_nth (r90, "destination", "failed", 0);

  g_assert_cmpuint (lf_test_count (r60, "invoke.start", "worker"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (d60, "condition"), ==, "EventAgeExceeded");
  g_assert_cmpint (json_object_get_int_member (d60, "approximate_invoke_count"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (d60, "t"), <, LF_SEC (60));   /* before 60 s */
  lf_assert_near (lf_test_time_s (d60), 0.35, 0.5);

  g_assert_cmpuint (lf_test_count (r90, "invoke.start", "worker"), ==, 2);
  lf_assert_near (lf_test_time_s (lf_test_nth (r90, "invoke.start", "worker", 1)), 60.0, 1.0);
  g_assert_cmpstr (json_object_get_string_member (d90, "condition"), ==, "EventAgeExceeded");
  g_assert_cmpint (json_object_get_int_member (d90, "approximate_invoke_count"), ==, 2);
  g_assert_cmpfloat (lf_test_time_s (d90), >=, 60.0);
  g_assert_cmpfloat (lf_test_time_s (d90), <=, 61.5);
}

/* Scenario 7: a function that always hangs with a 900 s timeout [ASYNC-3, SYNC-4] */
static void
test_timeouts_900 (void)
{
  g_autoptr(LfTestRun) run = run_async ("\"timeout\": \"900s\", \"cold_start\": \"0s\"",
                                        "{\"id\": \"hang\", \"target\": \"worker\", \"kind\": \"timeout\"}",
                                        QUEUES, DLQ_AND_FAILURE, 1, "1h");
  double starts[] = { 0, 960, 1980 }, ends[] = { 900, 1860, 2880 };

  g_assert_cmpuint (lf_test_count (run, "invoke.start", "worker"), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *end = lf_test_nth (run, "invoke.end", "worker", i);
      lf_assert_near (lf_test_time_s (lf_test_nth (run, "invoke.start", "worker", i)), starts[i], 1.0);
      lf_assert_near (lf_test_time_s (end), ends[i], 1.0);
      g_assert_cmpstr (json_object_get_string_member (end, "status"), ==, "timeout");
      g_assert_cmpstr (json_object_get_string_member (end, "error_type"), ==, "Sandbox.Timedout");
    }
  lf_assert_near (lf_test_time_s (lf_test_nth (run, "destination", "failed", 0)), 2880.0, 1.0);
  g_assert_cmpint (lf_test_report_int (run, "nodes", "worker", "timeouts"), ==, 3);
}

/* Scenario 8: reserved concurrency 0 — no attempt, ZeroReservedConcurrency with count 0 */
static void
test_zero_reserved (void)
{
  g_autoptr(LfTestRun) run = run_async ("\"reserved_concurrency\": 0", "", QUEUES, DLQ_AND_FAILURE, 1, "10m");
  JsonObject *dest = lf_test_nth (run, "destination", "failed", 0);

  g_assert_cmpuint (lf_test_count (run, "invoke.start", "worker"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (dest, "condition"), ==, "ZeroReservedConcurrency");
  g_assert_cmpint (json_object_get_int_member (dest, "approximate_invoke_count"), ==, 0);
  g_assert_cmpuint (lf_test_count (run, "dlq", "dlq"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (dest, "t"), ==, 0);
}

/* Scenario 10: reserved 1, 30 s runs, A and B at t=0: B is throttled 1, 2, 4, 8, 16 s */
static void
test_throttle_backoff (void)
{
  g_autoptr(LfTestRun) run = run_async ("\"reserved_concurrency\": 1, \"duration\": \"30s\", \"timeout\": \"60s\", \"cold_start\": \"0s\"",
                                        "", "", "", 2, "10m");
  double retries[] = { 1, 3, 7, 15, 31 };
  JsonObject *b;

  g_assert_cmpuint (lf_test_count (run, "throttle", "worker"), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      JsonObject *r = lf_test_nth (run, "retry", "worker", i);
      g_assert_cmpstr (json_object_get_string_member (r, "reason"), ==, "throttle");
      lf_assert_near ((double) json_object_get_int_member (r, "due") / 1e6, retries[i], 0.001);
    }
  g_assert_cmpstr (json_object_get_string_member (lf_test_nth (run, "throttle", "worker", 0), "reason"), ==,
                   "ReservedFunctionConcurrentInvocationLimitExceeded");
  b = lf_test_nth (run, "invoke.start", "worker", 1);
  lf_assert_near (lf_test_time_s (b), 31.0, 0.001);
  /* throttles spend no retries: B's first run is attempt 1 */
  g_assert_cmpint (json_object_get_int_member (b, "attempt"), ==, 1);
  g_assert_cmpuint (lf_test_count (run, "invoke.end", "worker"), ==, 2);
}

/* Scenario 10, the rest: after throttles B still has both retries */
static void
test_throttles_spend_no_retries (void)
{
  g_autoptr(LfTestRun) run = run_async ("\"reserved_concurrency\": 1, \"duration\": \"30s\", \"timeout\": \"60s\", \"cold_start\": \"0s\"",
                                        ALWAYS_FAILS, "", "", 2, "20m");
  /* A: 3 attempts; B: 3 attempts after its throttles */
  g_assert_cmpuint (lf_test_count (run, "invoke.start", "worker"), ==, 6);
  g_assert_cmpuint (lf_test_count (run, "discard", "worker"), ==, 2);
}

/* Scenario 11: permanently throttled — about 79 attempts, EventAgeExceeded at ≈21,600 s */
static void
test_permanent_throttle (void)
{
  g_autoptr(LfTestRun) run = run_async ("\"reserved_concurrency\": 1, \"duration\": \"900s\", \"timeout\": \"900s\", \"cold_start\": \"0s\"",
                                        "{\"id\": \"busy\", \"target\": \"worker\", \"kind\": \"throttle\", \"start\": \"1ms\"}",
                                        QUEUES, DLQ_AND_FAILURE, 2, "7h");
  JsonObject *dest = lf_test_nth (run, "destination", "failed", 0);
  guint throttles = lf_test_count (run, "throttle", "worker");

  g_assert_cmpstr (json_object_get_string_member (dest, "condition"), ==, "EventAgeExceeded");
  /* ASYNC-7: failed at the last throttle whose next 300 s retry would pass 6 h */
  g_assert_cmpfloat (lf_test_time_s (dest), >, 21600.0 - 300.0);
  g_assert_cmpfloat (lf_test_time_s (dest), <=, 21600.0);
  g_assert_cmpuint (throttles, >=, 75);
  g_assert_cmpuint (throttles, <=, 82);
  g_assert_cmpint (json_object_get_int_member (dest, "approximate_invoke_count"), ==, 0);
}

/* Scenario 12: an SQS FIFO on-failure destination fails: DestinationDeliveryFailures */
static void
test_fifo_destination_fails (void)
{
  g_autoptr(LfTestRun) run = run_async ("\"max_retry_attempts\": 0", ALWAYS_FAILS,
                                        ", {\"id\": \"fifo\", \"type\": \"sqs_queue\", \"props\": {\"fifo\": true}}",
                                        ", {\"id\": \"f\", \"type\": \"on_failure\", \"from\": \"worker\", \"to\": \"fifo\"}",
                                        1, "10m");

  g_assert_cmpuint (lf_test_count (run, "destination", NULL), ==, 0);
  g_assert_cmpuint (lf_test_count (run, "enqueue", "fifo"), ==, 0);
  g_assert_cmpint (lf_test_report_int (run, "nodes", "worker", "destination_delivery_failures"), ==, 1);
}

/* ASYNC-13: a DLQ the role may not write to: the event is lost, DeadLetterErrors */
static void
test_dlq_denied (void)
{
  g_autofree char *json = g_strdup (
    "{\"format\": \"lambdaflow/1\", \"duration\": \"10m\","
    " \"roles\": [{\"id\": \"bare\", \"managed_policies\": [\"AWSLambdaBasicExecutionRole\"]}],"
    " \"nodes\": [{\"id\": \"client\", \"type\": \"client\"},"
    "   {\"id\": \"worker\", \"type\": \"lambda_function\", \"props\": {\"role\": \"bare\", \"max_retry_attempts\": 0}},"
    "   {\"id\": \"dlq\", \"type\": \"sqs_queue\"}],"
    " \"edges\": [{\"id\": \"call\", \"type\": \"invoke\", \"from\": \"client\", \"to\": \"worker\", \"props\": {\"invocation_type\": \"Event\"}},"
    "   {\"id\": \"d\", \"type\": \"dlq\", \"from\": \"worker\", \"to\": \"dlq\"}],"
    " \"workload\": [{\"id\": \"w\", \"target\": \"client\", \"count\": 1}],"
    " \"faults\": [" ALWAYS_FAILS "]}");
  g_autoptr(LfTestRun) run = lf_test_run (json, -1);
  JsonObject *denied = lf_test_nth (run, "denied", "worker", 0);

  g_assert_cmpstr (json_object_get_string_member (denied, "action"), ==, "sqs:SendMessage");
  g_assert_cmpstr (json_object_get_string_member (denied, "resource"), ==, "dlq");
  g_assert_cmpuint (lf_test_count (run, "dlq", NULL), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (lf_test_nth (run, "discard", "worker", 0), "reason"), ==, "DeadLetterError");
  g_assert_cmpint (lf_test_report_int (run, "nodes", "worker", "dead_letter_errors"), ==, 1);
}

/* LIM-3: 1 MB async payload limit, the legacy 256 KB, and any other size a scenario sets
 * (a 512 KB limit refused 600 KB and let 1 MB − 1 byte through before) */
static void
test_async_payload_limit (void)
{
#define PAYLOAD_FMT \
    "{\"format\": \"lambdaflow/1\", \"duration\": \"1m\", \"settings\": {\"async_payload_limit\": \"%s\"}," \
    " \"nodes\": [{\"id\": \"client\", \"type\": \"client\"}, {\"id\": \"worker\", \"type\": \"lambda_function\"}]," \
    " \"edges\": [{\"id\": \"call\", \"type\": \"invoke\", \"from\": \"client\", \"to\": \"worker\", \"props\": {\"invocation_type\": \"Event\"}}]," \
    " \"workload\": [{\"id\": \"w\", \"target\": \"client\", \"count\": 1, \"payload_bytes\": %d}]}"
  struct { const char *limit; int bytes; guint runs; } cases[] = {
    { "1MB", 1048577, 0 }, { "1MB", 1048576, 1 }, { "1MB", 300 * 1024, 1 }, { "256KB", 300 * 1024, 0 },
    { "256KB", 256 * 1024, 1 }, { "512KB", 600 * 1024, 0 }, { "512KB", 512 * 1024, 1 }, { "100KB", 200 * 1024, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf (PAYLOAD_FMT, cases[i].limit, cases[i].bytes);
      g_autoptr(LfTestRun) run = lf_test_run (json, -1);
      g_assert_cmpuint (lf_test_count (run, "invoke.start", "worker"), ==, cases[i].runs);
      if (cases[i].runs == 0)
        g_assert_cmpstr (json_object_get_string_member (lf_test_nth (run, "discard", "worker", 0), "reason"), ==, "Rejected");
    }
}

/* ASYNC-15: a function that sends to the queue that... here: to itself through SNS */
static void
test_recursion_guard (void)
{
  const char *json =
    "{\"format\": \"lambdaflow/1\", \"duration\": \"1h\","
    " \"nodes\": [{\"id\": \"topic\", \"type\": \"sns_topic\"},"
    "   {\"id\": \"loop\", \"type\": \"lambda_function\"}, {\"id\": \"dlq\", \"type\": \"sqs_queue\"}],"
    " \"edges\": [{\"id\": \"sub\", \"type\": \"subscription\", \"from\": \"topic\", \"to\": \"loop\"},"
    "   {\"id\": \"back\", \"type\": \"sends\", \"from\": \"loop\", \"to\": \"topic\"},"
    "   {\"id\": \"d\", \"type\": \"dlq\", \"from\": \"loop\", \"to\": \"dlq\"}],"
    " \"workload\": [{\"id\": \"w\", \"target\": \"topic\", \"count\": 1}]}";
  g_autoptr(LfTestRun) run = lf_test_run (json, -1);

  g_assert_cmpuint (lf_test_count (run, "invoke.start", "loop"), ==, 16);
  g_assert_cmpuint (lf_test_count (run, "dlq", "dlq"), ==, 1);
}

/* A `partial` response means nothing outside an event source mapping: success */
static void
test_partial_ignored_async (void)
{
  g_autoptr(LfTestRun) run = run_async ("", "{\"id\": \"p\", \"target\": \"worker\", \"kind\": \"partial\"}",
                                        QUEUES, DLQ_AND_FAILURE, 1, "10m");

  g_assert_cmpuint (lf_test_count (run, "invoke.start", "worker"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (lf_test_nth (run, "invoke.end", "worker", 0), "status"), ==, "ok");
  g_assert_cmpuint (lf_test_count (run, "retry", NULL), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/async/retries-0-60-180/ASYNC-2/ASYNC-3/ASYNC-8/ASYNC-11/ASYNC-13", test_retries_default);
  g_test_add_func ("/async/max-retry-0/ASYNC-4", test_max_retry_zero);
  g_test_add_func ("/async/max-retry-1/ASYNC-2/ASYNC-4", test_max_retry_one);
  g_test_add_func ("/async/success-destination-eventbridge/ASYNC-11/ASYNC-12", test_success_after_retry);
  g_test_add_func ("/async/event-age-lookahead/ASYNC-7", test_event_age_lookahead);
  g_test_add_func ("/async/timeouts-900s/ASYNC-3/SYNC-4", test_timeouts_900);
  g_test_add_func ("/async/zero-reserved/ASYNC-9/CONC-3", test_zero_reserved);
  g_test_add_func ("/async/throttle-backoff/ASYNC-5", test_throttle_backoff);
  g_test_add_func ("/async/throttles-spend-no-retries/ASYNC-5", test_throttles_spend_no_retries);
  g_test_add_func ("/async/permanent-throttle/ASYNC-5/ASYNC-6", test_permanent_throttle);
  g_test_add_func ("/async/fifo-destination/ASYNC-10", test_fifo_destination_fails);
  g_test_add_func ("/async/dlq-denied/ASYNC-13", test_dlq_denied);
  g_test_add_func ("/async/payload-limit/LIM-3", test_async_payload_limit);
  g_test_add_func ("/async/recursion-guard/ASYNC-15", test_recursion_guard);
  g_test_add_func ("/async/partial-ignored/ESM-6", test_partial_ignored_async);
  return g_test_run ();
}
