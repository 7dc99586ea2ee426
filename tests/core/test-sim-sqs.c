/* SQS standard and FIFO event source mappings: semantics.md scenarios 26–36
 * [SQS-*, FIFO-*, ESM-*] */
#include "lf-test-util.h"

#include "lf-aws-limits.h"
#include "lf-inspect.h"
#include "lf-sim-private.h"

/* A queue `q` (props), a function `fn` (props), an ESM `esm` (props), a DLQ `dlq` with a
 * redrive when max_receive > 0, a workload and faults. */
static char *
sqs_json (const char *queue_props, const char *fn_props, const char *esm_props, int max_receive,
          const char *workload, const char *faults, const char *settings, const char *duration)
{
  g_autofree char *redrive = max_receive > 0 ?
    g_strdup_printf (", {\"id\": \"rd\", \"type\": \"redrive\", \"from\": \"q\", \"to\": \"dlq\","
                     " \"props\": {\"max_receive_count\": %d}}", max_receive) : g_strdup ("");
  g_autofree char *json = g_strdup_printf (
    "{\"format\": \"lambdaflow/1\", \"duration\": \"%s\", \"settings\": {%s},"
    " \"nodes\": [{\"id\": \"q\", \"type\": \"sqs_queue\", \"props\": {%s}},"
    "             {\"id\": \"dlq\", \"type\": \"sqs_queue\", \"props\": {%s}},"
    "             {\"id\": \"fn\", \"type\": \"lambda_function\", \"props\": {%s}},"
    "             {\"id\": \"fn-dlq\", \"type\": \"sqs_queue\"}, {\"id\": \"fn-fail\", \"type\": \"sqs_queue\"}],"
    " \"edges\": [{\"id\": \"esm\", \"type\": \"event_source_mapping\", \"from\": \"q\", \"to\": \"fn\", \"props\": {%s}},"
    "             {\"id\": \"fd\", \"type\": \"dlq\", \"from\": \"fn\", \"to\": \"fn-dlq\"},"
    "             {\"id\": \"ff\", \"type\": \"on_failure\", \"from\": \"fn\", \"to\": \"fn-fail\"} %s],"
    " \"workload\": [%s], \"faults\": [%s]}",
    duration, settings, queue_props, strstr (queue_props, "\"fifo\": true") ? "\"fifo\": true" : "",
    fn_props, esm_props, redrive, workload, faults);
  return g_steal_pointer (&json);
}

static LfTestRun *
run_sqs_full (const char *queue_props, const char *fn_props, const char *esm_props, int max_receive,
              const char *workload, const char *faults, const char *settings, const char *duration,
              gboolean traced)
{
  g_autofree char *json = sqs_json (queue_props, fn_props, esm_props, max_receive, workload, faults,
                                    settings, duration);

  return traced ? lf_test_run (json, -1) : lf_test_run_untraced (json, -1);
}

static LfTestRun *
run_sqs (const char *queue_props, const char *fn_props, const char *esm_props, int max_receive,
         const char *workload, const char *faults, const char *settings, const char *duration)
{
  return run_sqs_full (queue_props, fn_props, esm_props, max_receive, workload, faults, settings, duration, TRUE);
}

static gint64
attempt_of (JsonObject *start)
{
  return json_object_get_int_member (start, "attempt");
}

static guint
msgs_len (JsonObject *r)
{
  return json_array_get_length (json_object_get_array_member (r, "msgs"));
}

/* The messages of a record (invoke.start), in order: ids, then NULL */
static void
assert_msgs (JsonObject *r, ...)
{
  JsonArray *msgs = json_object_get_array_member (r, "msgs");
  g_autoptr(GString) got = g_string_new (NULL), want = g_string_new (NULL);
  const char *id;
  va_list ap;

  for (guint i = 0; i < json_array_get_length (msgs); i++)
    g_string_append_printf (got, "%s ", json_array_get_string_element (msgs, i));
  va_start (ap, r);
  while ((id = va_arg (ap, const char *)) != NULL)
    g_string_append_printf (want, "%s ", id);
  va_end (ap);
  g_assert_cmpstr (got->str, ==, want->str);
}

#define ONE_MSG "{\"id\": \"w\", \"target\": \"q\", \"count\": 1}"
#define FIVE_MSGS "{\"id\": \"w\", \"target\": \"q\", \"count\": 5}"
#define FAILS "{\"id\": \"boom\", \"target\": \"fn\", \"kind\": \"error\"}"

/* Scenario 26: VT 30 s, maxReceiveCount 3: invocations at 0, 30, 60 with receive counts
 * 1, 2, 3; moved to the DLQ at ≈90 s on the next receive; no 4th; the function's own DLQ
 * and destinations unused [SQS-9, SQS-11, ASYNC-14] */
static void
test_redrive (void)
{
  g_autoptr(LfTestRun) run = run_sqs ("\"visibility_timeout\": \"30s\"", "", "\"batch_size\": 1", 3,
                                      ONE_MSG, FAILS, "", "5m");
  JsonObject *moved;

  g_assert_cmpuint (lf_test_count (run, "invoke.start", "fn"), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *s = lf_test_nth (run, "invoke.start", "fn", i);
      lf_assert_near (lf_test_time_s (s), 30.0 * i, 0.001);
      g_assert_cmpint (attempt_of (s), ==, i + 1);
      g_assert_cmpstr (json_object_get_string_member (s, "path"), ==, "esm");
      g_assert_cmpstr (json_object_get_string_member (s, "edge"), ==, "esm");
    }
  g_assert_cmpint (json_object_get_int_member (lf_test_nth (run, "visible", "q", 1), "receive_count"), ==, 2);
  moved = lf_test_nth (run, "redrive", "dlq", 0);
  lf_assert_near (lf_test_time_s (moved), 90.0, 0.001);
  g_assert_cmpstr (json_object_get_string_member (moved, "from"), ==, "q");
  g_assert_cmpuint (lf_test_count (run, "enqueue", "dlq"), ==, 1);
  g_assert_cmpuint (lf_test_count (run, "enqueue", "fn-dlq"), ==, 0);
  g_assert_cmpuint (lf_test_count (run, "enqueue", "fn-fail"), ==, 0);
  g_assert_cmpuint (lf_test_count (run, "dlq", NULL), ==, 0);
  g_assert_cmpint (lf_test_report_int (run, "nodes", "q", "depth_at_end"), ==, 0);
  g_assert_cmpint (lf_test_report_int (run, "nodes", "dlq", "depth_at_end"), ==, 1);
  /* the DLQ's oldest message is as old as its move (90 s → 300 s), not its first send */
  g_assert_cmpint (lf_test_report_int (run, "nodes", "dlq", "max_age_of_oldest_s"), ==, 210);
}

#define PARTIAL_2_4 "{\"id\": \"p2\", \"target\": \"fn\", \"kind\": \"partial\", \"match\": {\"index\": 2}, \"attempts\": [1]}," \
                    "{\"id\": \"p4\", \"target\": \"fn\", \"kind\": \"partial\", \"match\": {\"index\": 4}, \"attempts\": [1]}"

/* Scenario 27: RBIF, [id2, id4] failed: 1, 3, 5 deleted at once; 2 and 4 back after the
 * VT, alone, with receive count 2 [SQS-12, ESM-6] */
static void
test_partial_batch (void)
{
  g_autoptr(LfTestRun) run = run_sqs ("", "", "\"batch_size\": 5, \"report_batch_item_failures\": true", 0,
                                      FIVE_MSGS, PARTIAL_2_4, "", "5m");
  JsonObject *first = lf_test_nth (run, "invoke.start", "fn", 0);
  JsonObject *second = lf_test_nth (run, "invoke.start", "fn", 1);
  JsonObject *end = lf_test_nth (run, "invoke.end", "fn", 0);
  g_autoptr(GPtrArray) deletes = lf_test_select (run, "delete", "q");

  g_assert_cmpuint (msgs_len (first), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (end, "status"), ==, "partial");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (end, "failed")), ==, 2);
  g_assert_cmpuint (deletes->len, ==, 5);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (json_object_get_int_member (g_ptr_array_index (deletes, i), "t"), ==,
                     json_object_get_int_member (end, "t"));
  g_assert_cmpuint (msgs_len (second), ==, 2);
  g_assert_cmpint (attempt_of (second), ==, 2);
  lf_assert_near (lf_test_time_s (second), 30.0, 0.001);
  g_assert_cmpuint (lf_test_count (run, "invoke.start", "fn"), ==, 2);
}

/* Scenario 28: the same response without RBIF is ignored: all 5 deleted [ESM-6] */
static void
test_partial_without_rbif (void)
{
  g_autoptr(LfTestRun) run = run_sqs ("", "", "\"batch_size\": 5", 0, FIVE_MSGS, PARTIAL_2_4, "", "5m");

  g_assert_cmpuint (lf_test_count (run, "invoke.start", "fn"), ==, 1);
  g_assert_cmpuint (lf_test_count (run, "delete", "q"), ==, 5);
  g_assert_cmpuint (lf_test_count (run, "visible", "q"), ==, 0);
}

/* Scenario 29: malformed identifiers or a throw ⇒ the whole batch returns; an empty list
 * ⇒ all deleted [ESM-7] */
static void
test_rbif_classification (void)
{
  const char *whole[] = { "empty", "null", "wrong_key", "unknown" };

  for (guint i = 0; i < G_N_ELEMENTS (whole); i++)
    {
      g_autofree char *fault = g_strdup_printf (
        "{\"id\": \"p\", \"target\": \"fn\", \"kind\": \"partial\", \"identifier\": \"%s\","
        " \"match\": {\"index\": 2}, \"attempts\": [1]}", whole[i]);
      g_autoptr(LfTestRun) run = run_sqs ("", "", "\"batch_size\": 5, \"report_batch_item_failures\": true", 0,
                                          FIVE_MSGS, fault, "", "5m");
      g_assert_cmpuint (msgs_len (lf_test_nth (run, "invoke.start", "fn", 1)), ==, 5);
      g_assert_cmpuint (lf_test_count (run, "visible", "q"), ==, 5);
    }
  {
    g_autoptr(LfTestRun) thrown = run_sqs ("", "", "\"batch_size\": 5, \"report_batch_item_failures\": true", 0,
                                           FIVE_MSGS, "{\"id\": \"e\", \"target\": \"fn\", \"kind\": \"error\", \"attempts\": [1]}", "", "5m");
    g_autoptr(LfTestRun) empty = run_sqs ("", "", "\"batch_size\": 5, \"report_batch_item_failures\": true", 0,
                                          FIVE_MSGS, "{\"id\": \"p\", \"target\": \"fn\", \"kind\": \"partial\", \"match\": {\"index\": 99}}", "", "5m");
    g_assert_cmpuint (msgs_len (lf_test_nth (thrown, "invoke.start", "fn", 1)), ==, 5);
    g_assert_cmpuint (lf_test_count (empty, "invoke.start", "fn"), ==, 1);
    g_assert_cmpuint (lf_test_count (empty, "delete", "q"), ==, 5);
  }
}

static GPtrArray *
problems_of (const char *json)
{
  g_autoptr(LfScenario) s = lf_scenario_load_from_data (json, -1, NULL, NULL, NULL);
  g_assert_nonnull (s);
  return lf_scenario_validate (s);
}

static gboolean
has_error_at (GPtrArray *problems, const char *path)
{
  for (guint i = 0; i < problems->len; i++)
    {
      LfProblem *p = g_ptr_array_index (problems, i);
      if (p->severity == LF_SEVERITY_ERROR && g_str_has_prefix (p->path, path))
        return TRUE;
    }
  return FALSE;
}

#define ESM_SCENARIO(qprops, fprops, eprops) \
  "{\"format\": \"lambdaflow/1\", \"nodes\": [{\"id\": \"q\", \"type\": \"sqs_queue\", \"props\": {" qprops "}}," \
  " {\"id\": \"fn\", \"type\": \"lambda_function\", \"props\": {" fprops "}}]," \
  " \"edges\": [{\"id\": \"esm\", \"type\": \"event_source_mapping\", \"from\": \"q\", \"to\": \"fn\", \"props\": {" eprops "}}]}"

/* Scenario 30 and 32's minimum: what CreateEventSourceMapping refuses [ESM-2, FIFO-1, SQS-4, SQS-6] */
static void
test_esm_validation (void)
{
  g_autoptr(GPtrArray) a = problems_of (ESM_SCENARIO ("", "", "\"batch_size\": 20"));
  g_autoptr(GPtrArray) b = problems_of (ESM_SCENARIO ("", "", "\"batch_size\": 20, \"batching_window\": \"1s\""));
  g_autoptr(GPtrArray) c = problems_of (ESM_SCENARIO ("\"fifo\": true", "", "\"batch_size\": 11"));
  g_autoptr(GPtrArray) d = problems_of (ESM_SCENARIO ("\"visibility_timeout\": \"30s\"", "\"timeout\": \"60s\"", ""));
  g_autoptr(GPtrArray) e = problems_of (ESM_SCENARIO ("", "", "\"maximum_concurrency\": 1"));
  g_autoptr(GPtrArray) f = problems_of (ESM_SCENARIO ("", "", "\"maximum_concurrency\": 2"));

  g_assert_true (has_error_at (a, "edges[0].props"));
  g_assert_false (lf_problems_have_errors (b));
  g_assert_true (has_error_at (c, "edges[0].props.batch_size"));
  g_assert_true (lf_problems_have_errors (d));
  g_assert_true (has_error_at (e, "edges[0].props.maximum_concurrency"));
  g_assert_false (lf_problems_have_errors (f));
}

static gint64
max_running_between (LfTestRun *run, double from, double to)
{
  const GArray *conc = lf_sim_get_series (run->sim, "fn", "concurrency");
  gint64 m = 0;

  for (guint i = 0; i < conc->len; i++)
    {
      const LfSample *s = &g_array_index (conc, LfSample, i);
      if (s->t >= LF_SEC (from) && s->t < LF_SEC (to))
        m = MAX (m, s->value);
    }
  return m;
}

/* Scenario 31: scaling with a backlog: 5, then +300 a minute to 1,250 (current); +60 a
 * minute (classic) [SQS-5] */
static void
test_scaling (void)
{
  const char *backlog = "{\"id\": \"w\", \"target\": \"q\", \"count\": 600000}";
  g_autoptr(LfTestRun) current = run_sqs_full ("\"visibility_timeout\": \"60s\"", "\"duration\": \"1s\", \"timeout\": \"10s\"",
                                               "\"batch_size\": 1", 0, backlog, "", "\"account_concurrency\": 5000", "7m", FALSE);
  g_autoptr(LfTestRun) classic = run_sqs_full ("\"visibility_timeout\": \"60s\"", "\"duration\": \"1s\", \"timeout\": \"10s\"",
                                               "\"batch_size\": 1", 0, backlog, "",
                                               "\"account_concurrency\": 5000, \"sqs_scaling_model\": \"classic\"", "4m", FALSE);
  gint64 caps[] = { 5, 305, 605, 905, 1205 };

  for (guint m = 0; m < G_N_ELEMENTS (caps); m++)
    {
      gint64 seen = max_running_between (current, 60.0 * m, 60.0 * (m + 1));
      g_assert_cmpint (seen, <=, caps[m]);
      g_assert_cmpint (seen, >=, caps[m] - 5);
    }
  g_assert_cmpint (max_running_between (current, 300, 420), ==, 1250);
  g_assert_cmpint (lf_test_report_int (current, "edges", "esm", "max_concurrency"), ==, 1250);
  g_assert_cmpint (max_running_between (classic, 0, 60), ==, 5);
  g_assert_cmpint (max_running_between (classic, 60, 120), ==, 65);
  g_assert_cmpint (max_running_between (classic, 180, 240), ==, 185);
}

/* Scenario 32: MaximumConcurrency 10 ⇒ never more than 10, no throttles [SQS-6] */
static void
test_maximum_concurrency (void)
{
  g_autoptr(LfTestRun) run = run_sqs_full ("\"visibility_timeout\": \"60s\"", "\"duration\": \"1s\", \"timeout\": \"10s\"",
                                           "\"batch_size\": 10, \"maximum_concurrency\": 10", 0,
                                           "{\"id\": \"w\", \"target\": \"q\", \"count\": 50000}", "", "", "10m", FALSE);

  g_assert_cmpint (lf_test_report_int (run, "nodes", "fn", "max_concurrency"), ==, 10);
  g_assert_cmpint (lf_test_report_int (run, "nodes", "fn", "throttles"), ==, 0);
}

/* Scenario 33: reserved concurrency 2 under 5 pollers: throttles burn receives and, with
 * maxReceiveCount 1, send never-run messages to the DLQ [SQS-8, SQS-10, SQS-11] */
static void
test_throttles_burn_receives (void)
{
  g_autoptr(LfTestRun) run = run_sqs ("\"visibility_timeout\": \"60s\"",
                                      "\"reserved_concurrency\": 2, \"duration\": \"10s\", \"timeout\": \"20s\"",
                                      "\"batch_size\": 1", 1, "{\"id\": \"w\", \"target\": \"q\", \"count\": 100}", "", "", "30m");
  g_autoptr(GPtrArray) starts = lf_test_select (run, "invoke.start", "fn");
  g_autoptr(GPtrArray) moved = lf_test_select (run, "redrive", "dlq");
  g_autoptr(GHashTable) ran = g_hash_table_new (g_str_hash, g_str_equal);
  guint never_ran = 0;

  g_assert_cmpint (lf_test_report_int (run, "nodes", "fn", "max_concurrency"), <=, 2);
  g_assert_cmpint (lf_test_report_int (run, "nodes", "fn", "throttles"), >, 0);
  for (guint i = 0; i < starts->len; i++)
    g_hash_table_add (ran, (char *) json_array_get_string_element (
                        json_object_get_array_member (g_ptr_array_index (starts, i), "msgs"), 0));
  for (guint i = 0; i < moved->len; i++)
    never_ran += !g_hash_table_contains (ran, json_object_get_string_member (g_ptr_array_index (moved, i), "msg"));
  g_assert_cmpuint (moved->len, >, 0);
  g_assert_cmpuint (never_ran, ==, moved->len);
  g_assert_cmpuint (lf_test_count (run, "retry", "esm"), >, 0);
}

/* Scenario 34: a 10 s window, batch 100: (a) 100 messages in 2 s ⇒ one invocation of 100
 * at ≈2 s; (b) 3 messages ⇒ one invocation of 3 at ≈10 s [ESM-3, SQS-3] */
static void
test_batching_window (void)
{
  g_autoptr(LfTestRun) full = run_sqs ("\"visibility_timeout\": \"60s\"", "",
                                       "\"batch_size\": 100, \"batching_window\": \"10s\"", 0,
                                       "{\"id\": \"w\", \"target\": \"q\", \"count\": 100, \"rate\": \"50/s\"}", "", "", "2m");
  g_autoptr(LfTestRun) few = run_sqs ("\"visibility_timeout\": \"60s\"", "",
                                      "\"batch_size\": 100, \"batching_window\": \"10s\"", 0,
                                      "{\"id\": \"w\", \"target\": \"q\", \"count\": 3}", "", "", "2m");
  JsonObject *a = lf_test_nth (full, "invoke.start", "fn", 0);
  JsonObject *b = lf_test_nth (few, "invoke.start", "fn", 0);

  g_assert_cmpuint (lf_test_count (full, "invoke.start", "fn"), ==, 1);
  g_assert_cmpuint (msgs_len (a), ==, 100);
  lf_assert_near (lf_test_time_s (a), 1.98, 0.05);
  g_assert_cmpuint (lf_test_count (few, "invoke.start", "fn"), ==, 1);
  g_assert_cmpuint (msgs_len (b), ==, 3);
  lf_assert_near (lf_test_time_s (b), 10.0, 0.001);
}

/* Scenario 35: FIFO groups A (A1 A2 A3) and B (B1 B2), RBIF, failing on A2 and reporting
 * A2 A3: A1 B1 B2 deleted; A3 never before A2; group A resumes with A2 A3; the first batch
 * holds both groups, A's then B's, each in order [FIFO-2, FIFO-3, FIFO-5] */
static void
test_fifo_partial (void)
{
  /* publishes 1…5 go to group-1, group-2, group-1, group-2, group-1: A1=1, B1=2, A2=3, B2=4, A3=5 */
  g_autoptr(LfTestRun) run = run_sqs ("\"fifo\": true, \"visibility_timeout\": \"30s\"", "",
                                      "\"batch_size\": 10, \"report_batch_item_failures\": true", 0,
                                      "{\"id\": \"w\", \"target\": \"q\", \"count\": 5, \"message_groups\": 2}",
                                      "{\"id\": \"a2\", \"target\": \"fn\", \"kind\": \"partial\", \"match\": {\"index\": 3}, \"attempts\": [1]}",
                                      "", "5m");
  g_autoptr(GPtrArray) starts = lf_test_select (run, "invoke.start", "fn");
  g_autoptr(GPtrArray) deletes = lf_test_select (run, "delete", "q");
  JsonObject *retry;
  JsonArray *msgs;

  g_assert_cmpuint (starts->len, ==, 2);
  /* FIFO-3: one mixed batch at first, group A (short of the batch size) then group B */
  assert_msgs (g_ptr_array_index (starts, 0), "m1", "m3", "m5", "m2", "m4", NULL);
  /* A1, then B1 and B2, deleted when it ends */
  g_assert_cmpuint (deletes->len, ==, 5);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (deletes, 0), "msg"), ==, "m1");
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (deletes, 1), "msg"), ==, "m2");
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (deletes, 2), "msg"), ==, "m4");
  retry = g_ptr_array_index (starts, 1);
  msgs = json_object_get_array_member (retry, "msgs");
  g_assert_cmpuint (json_array_get_length (msgs), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (msgs, 0), ==, "m3");
  g_assert_cmpstr (json_array_get_string_element (msgs, 1), ==, "m5");
  g_assert_cmpint (attempt_of (retry), ==, 2);
  /* B was not delayed by A: deleted at the end of the first invocation, never returned */
  g_assert_cmpint (json_object_get_int_member (g_ptr_array_index (deletes, 2), "t"), ==,
                   json_object_get_int_member (g_ptr_array_index (deletes, 0), "t"));
  g_assert_cmpfloat (lf_test_time_s (g_ptr_array_index (deletes, 2)), <, 1.0);
  g_assert_cmpuint (lf_test_count (run, "visible", "q"), ==, 2);
}

/* Scenario 36: 3 groups × 100 messages, a slow function: at most 3 at once, each group in
 * send order [FIFO-2, FIFO-3, FIFO-4] */
static void
test_fifo_groups (void)
{
  g_autoptr(LfTestRun) run = run_sqs ("\"fifo\": true, \"visibility_timeout\": \"60s\"", "\"duration\": \"5s\", \"timeout\": \"10s\"",
                                      "\"batch_size\": 10", 0,
                                      "{\"id\": \"w\", \"target\": \"q\", \"count\": 300, \"message_groups\": 3}", "", "", "30m");
  g_autoptr(GPtrArray) starts = lf_test_select (run, "invoke.start", "fn");
  gint64 last[3] = { 0, 0, 0 };

  g_assert_cmpint (lf_test_report_int (run, "nodes", "fn", "max_concurrency"), ==, 3);
  g_assert_cmpuint (lf_test_count (run, "delete", "q"), ==, 300);
  g_assert_cmpuint (starts->len, ==, 30);
  for (guint i = 0; i < starts->len; i++)
    {
      JsonArray *msgs = json_object_get_array_member (g_ptr_array_index (starts, i), "msgs");
      guint first = 0;
      /* FIFO-3: deep groups fill a batch each: 10 of one group, never mixed */
      g_assert_cmpuint (json_array_get_length (msgs), ==, 10);
      for (guint j = 0; j < json_array_get_length (msgs); j++)
        {
          gint64 n = g_ascii_strtoll (json_array_get_string_element (msgs, j) + 1, NULL, 10);
          guint group = (guint) ((n - 1) % 3);
          if (j == 0)
            first = group;
          g_assert_cmpuint (group, ==, first);
          g_assert_cmpint (n, >, last[group]);
          last[group] = n;
        }
    }
}

/* FIFO-3: groups shallower than the batch size share a batch (ReceiveMessage returns as
 * many of one group as it can, then others): 4 groups × 2 messages, BatchSize 10 → one
 * invocation with all 8, group by group, each in send order [FIFO-2]; while it runs every
 * group in it is blocked and shown in flight. With BatchSize 5 the first batch takes
 * group-3's head only, and group-3 stays locked to it: its second message waits for that
 * batch's end although group-4 went out in a second batch at once [FIFO-4]. */
static void
test_fifo_mixed_batch (void)
{
  g_autofree char *json = sqs_json ("\"fifo\": true", "\"cold_start\": \"0s\", \"duration\": \"10s\", \"timeout\": \"20s\"",
                                    "\"batch_size\": 10", 0,
                                    "{\"id\": \"w\", \"target\": \"q\", \"count\": 8, \"message_groups\": 4, \"arrival\": \"burst\"}",
                                    "", "", "2m");
  g_autoptr(LfTestRun) run = lf_test_run (json, LF_SEC (5));
  g_autoptr(LfTestRun) five = run_sqs ("\"fifo\": true", "\"cold_start\": \"0s\", \"duration\": \"10s\", \"timeout\": \"20s\"",
                                       "\"batch_size\": 5", 0,
                                       "{\"id\": \"w\", \"target\": \"q\", \"count\": 8, \"message_groups\": 4, \"arrival\": \"burst\"}",
                                       "", "", "2m");
  LfQueueSnapshot snap;

  g_assert_cmpuint (lf_test_count (run, "invoke.start", "fn"), ==, 1);
  assert_msgs (lf_test_nth (run, "invoke.start", "fn", 0), "m1", "m5", "m2", "m6", "m3", "m7", "m4", "m8", NULL);
  g_assert_true (lf_sim_inspect_queue (run->sim, "q", &snap));
  g_assert_cmpint (snap.n_groups, ==, 4);
  g_assert_cmpint (snap.n_blocked, ==, 4);
  g_assert_cmpint (snap.n_failed, ==, 0);
  g_assert_cmpint (snap.in_flight, ==, 8);
  g_assert_cmpuint (snap.n_lanes, ==, 4);
  for (guint i = 0; i < snap.n_lanes; i++)
    {
      g_assert_cmpint (snap.lanes[i].group, ==, (gint32) i);
      g_assert_true (snap.lanes[i].blocked);
      g_assert_cmpint (snap.lanes[i].in_flight, ==, 2);
      g_assert_cmpuint (snap.lanes[i].n_cells, ==, 2);
      g_assert_cmpuint (snap.lanes[i].cells[0].msg, ==, i + 1);
      g_assert_cmpuint (snap.lanes[i].cells[1].msg, ==, i + 5);
      g_assert_cmpint (snap.lanes[i].cells[0].state, ==, LF_CELL_IN_FLIGHT);
    }
  lf_sim_run_until (run->sim, LF_MINUTE (2), 0);
  g_assert_cmpuint (lf_test_count (run, "invoke.start", "fn"), ==, 1);
  g_assert_cmpuint (lf_test_count (run, "delete", "q"), ==, 8);

  g_assert_cmpuint (lf_test_count (five, "invoke.start", "fn"), ==, 3);
  assert_msgs (lf_test_nth (five, "invoke.start", "fn", 0), "m1", "m5", "m2", "m6", "m3", NULL);
  assert_msgs (lf_test_nth (five, "invoke.start", "fn", 1), "m4", "m8", NULL);
  assert_msgs (lf_test_nth (five, "invoke.start", "fn", 2), "m7", NULL);
  lf_assert_near (lf_test_time_s (lf_test_nth (five, "invoke.start", "fn", 1)), 0.0, 0.001);
  lf_assert_near (lf_test_time_s (lf_test_nth (five, "invoke.start", "fn", 2)), 10.0, 0.001);
  g_assert_cmpint (lf_test_report_int (five, "nodes", "fn", "max_concurrency"), ==, 2);
}

/* Scenario 35 with other numbers, on a mixed batch [FIFO-3, FIFO-5, FIFO-2]: groups A (m1
 * m4 m7), B (m2 m5 m8), C (m3 m6 m9) in one batch of 9. A fails at its 2nd message and
 * reports the rest of A (m4, m7); C reports only its 2nd (m6). A1, all of B and C1 are
 * deleted; C3 (m9), unprocessed after C's first failure, returns with m6 though not
 * reported; nothing of B is returned or delayed. After the 20 s VT one batch takes A's
 * rest, then C's, each in order, receive count 2. */
static void
test_fifo_mixed_partial (void)
{
  g_autoptr(LfTestRun) run = run_sqs ("\"fifo\": true, \"visibility_timeout\": \"20s\"", "\"cold_start\": \"0s\", \"duration\": \"1s\"",
                                      "\"batch_size\": 10, \"report_batch_item_failures\": true", 0,
                                      "{\"id\": \"w\", \"target\": \"q\", \"count\": 9, \"message_groups\": 3, \"arrival\": \"burst\"}",
                                      "{\"id\": \"a2\", \"target\": \"fn\", \"kind\": \"partial\", \"match\": {\"index\": 4}, \"attempts\": [1]},"
                                      "{\"id\": \"a3\", \"target\": \"fn\", \"kind\": \"partial\", \"match\": {\"index\": 7}, \"attempts\": [1]},"
                                      "{\"id\": \"c2\", \"target\": \"fn\", \"kind\": \"partial\", \"match\": {\"index\": 6}, \"attempts\": [1]}",
                                      "", "2m");
  g_autoptr(GPtrArray) starts = lf_test_select (run, "invoke.start", "fn");
  g_autoptr(GPtrArray) deletes = lf_test_select (run, "delete", "q");
  g_autoptr(GPtrArray) visible = lf_test_select (run, "visible", "q");
  g_autoptr(GHashTable) back = g_hash_table_new (g_str_hash, g_str_equal);
  static const char *first_deleted[] = { "m1", "m2", "m5", "m8", "m3" };

  g_assert_cmpuint (starts->len, ==, 2);
  assert_msgs (g_ptr_array_index (starts, 0), "m1", "m4", "m7", "m2", "m5", "m8", "m3", "m6", "m9", NULL);
  /* deleted at the end of the first invocation: A1, B1–B3, C1, in batch order */
  g_assert_cmpuint (deletes->len, ==, 9);
  for (guint i = 0; i < G_N_ELEMENTS (first_deleted); i++)
    {
      JsonObject *d = g_ptr_array_index (deletes, i);
      g_assert_cmpstr (json_object_get_string_member (d, "msg"), ==, first_deleted[i]);
      lf_assert_near (lf_test_time_s (d), 1.0, 0.001);
    }
  /* back after the VT: A's rest and C's rest, none of B */
  g_assert_cmpuint (visible->len, ==, 4);
  for (guint i = 0; i < visible->len; i++)
    {
      lf_assert_near (lf_test_time_s (g_ptr_array_index (visible, i)), 20.0, 0.001);
      g_hash_table_add (back, (gpointer) json_object_get_string_member (g_ptr_array_index (visible, i), "msg"));
    }
  g_assert_true (g_hash_table_contains (back, "m4") && g_hash_table_contains (back, "m7"));
  g_assert_true (g_hash_table_contains (back, "m6") && g_hash_table_contains (back, "m9"));
  lf_assert_near (lf_test_time_s (g_ptr_array_index (starts, 1)), 20.0, 0.001);
  assert_msgs (g_ptr_array_index (starts, 1), "m4", "m7", "m6", "m9", NULL);
  g_assert_cmpint (attempt_of (g_ptr_array_index (starts, 1)), ==, 2);
}

/* FIFO-3, SQS-10: a mixed batch that is throttled (reserved concurrency 0) is retried whole,
 * then at its VT (10 s) each group's messages return in order with their receive count
 * raised, and the next receive mixes them again in the same order */
static void
test_fifo_mixed_throttled (void)
{
  g_autoptr(LfTestRun) run = run_sqs ("\"fifo\": true, \"visibility_timeout\": \"10s\"", "\"reserved_concurrency\": 0",
                                      "\"batch_size\": 10", 0,
                                      "{\"id\": \"w\", \"target\": \"q\", \"count\": 6, \"message_groups\": 3, \"arrival\": \"burst\"}",
                                      "", "", "15s");
  g_autoptr(GPtrArray) retries = lf_test_select (run, "retry", "esm");
  g_autoptr(GPtrArray) visible = lf_test_select (run, "visible", "q");
  static const char *order[] = { "m1", "m4", "m2", "m5", "m3", "m6" };

  g_assert_cmpuint (lf_test_count (run, "invoke.start", "fn"), ==, 0);
  g_assert_cmpuint (retries->len, >, 0);
  for (guint i = 0; i < retries->len; i++)
    assert_msgs (g_ptr_array_index (retries, i), "m1", "m4", "m2", "m5", "m3", "m6", NULL);
  /* back at 10 s, group by group; each group put back at its head last first */
  g_assert_cmpuint (visible->len, ==, 6);
  for (guint i = 0; i < visible->len; i++)
    {
      JsonObject *v = g_ptr_array_index (visible, i);
      lf_assert_near (lf_test_time_s (v), 10.0, 0.001);
      g_assert_cmpint (json_object_get_int_member (v, "receive_count"), ==, 1);
      g_assert_cmpstr (json_object_get_string_member (v, "msg"), ==, order[i ^ 1]);
    }
}

/* FIFO-3, FIFO-2, SQS-9: a mixed batch that fails as a whole (no RBIF) returns each group's
 * messages in order after the VT (30 s), and each group stays blocked until then: messages
 * sent to those groups at 10 s wait; at 15 s every group shows its failed head. At 30 s one
 * batch takes each group's returned messages and then its new one, group by group. */
static void
test_fifo_mixed_batch_fails (void)
{
  g_autofree char *json = sqs_json ("\"fifo\": true, \"visibility_timeout\": \"30s\"", "\"cold_start\": \"0s\", \"duration\": \"1s\"",
                                    "\"batch_size\": 10", 0,
                                    "{\"id\": \"w\", \"target\": \"q\", \"count\": 6, \"message_groups\": 3, \"arrival\": \"burst\"},"
                                    "{\"id\": \"later\", \"target\": \"q\", \"count\": 3, \"message_groups\": 3, \"arrival\": \"burst\", \"start\": \"10s\"}",
                                    "{\"id\": \"boom\", \"target\": \"fn\", \"kind\": \"error\", \"attempts\": [1]}", "", "2m");
  g_autoptr(LfTestRun) run = lf_test_run (json, LF_SEC (15));
  g_autoptr(GPtrArray) visible = NULL;
  LfQueueSnapshot snap;

  g_assert_cmpuint (lf_test_count (run, "invoke.start", "fn"), ==, 1);
  assert_msgs (lf_test_nth (run, "invoke.start", "fn", 0), "m1", "m4", "m2", "m5", "m3", "m6", NULL);
  g_assert_cmpuint (lf_test_count (run, "delete", "q"), ==, 0);
  g_assert_true (lf_sim_inspect_queue (run->sim, "q", &snap));
  g_assert_cmpint (snap.n_blocked, ==, 3);
  g_assert_cmpint (snap.n_failed, ==, 3);
  g_assert_cmpint (snap.visible, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (snap.lanes[i].head_failed);
      lf_assert_near (lf_time_to_seconds (snap.lanes[i].due), 30.0, 0.001);
      g_assert_cmpint (snap.lanes[i].in_flight, ==, 2);
      g_assert_cmpint (snap.lanes[i].visible, ==, 1);
      g_assert_cmpint (snap.lanes[i].cells[0].state, ==, LF_CELL_RETURNING);
    }
  lf_sim_run_until (run->sim, LF_MINUTE (2), 0);
  visible = lf_test_select (run, "visible", "q");
  g_assert_cmpuint (visible->len, ==, 6);
  for (guint i = 0; i < visible->len; i++)
    lf_assert_near (lf_test_time_s (g_ptr_array_index (visible, i)), 30.0, 0.001);
  g_assert_cmpuint (lf_test_count (run, "invoke.start", "fn"), ==, 2);
  lf_assert_near (lf_test_time_s (lf_test_nth (run, "invoke.start", "fn", 1)), 30.0, 0.001);
  assert_msgs (lf_test_nth (run, "invoke.start", "fn", 1), "m1", "m4", "m7", "m2", "m5", "m8", "m3", "m6", "m9", NULL);
  g_assert_cmpint (attempt_of (lf_test_nth (run, "invoke.start", "fn", 1)), ==, 2);
  g_assert_cmpuint (lf_test_count (run, "delete", "q"), ==, 9);
}

/* SQS-11: retention — messages older than the retention period are dropped, counted */
static void
test_retention (void)
{
  g_autoptr(LfTestRun) run = run_sqs ("\"retention\": \"60s\"", "", "\"enabled\": false", 0,
                                      "{\"id\": \"w\", \"target\": \"q\", \"count\": 10, \"rate\": \"1/s\"}", "", "", "5m");

  g_assert_cmpuint (lf_test_count (run, "invoke.start", NULL), ==, 0);
  g_assert_cmpuint (lf_test_count (run, "discard", "q"), ==, 10);
  g_assert_cmpstr (json_object_get_string_member (lf_test_nth (run, "discard", "q", 0), "reason"), ==, "RetentionExpired");
  lf_assert_near (lf_test_time_s (lf_test_nth (run, "discard", "q", 0)), 60.0, 0.001);
  g_assert_cmpint (lf_test_report_int (run, "nodes", "q", "depth_at_end"), ==, 0);
}

/* ESM-8: unmatched messages are deleted (Filtered); the rest are delivered */
static void
test_filters (void)
{
  g_autoptr(LfTestRun) run = run_sqs ("", "", "\"filters\": [{\"pattern\": {\"body\": {\"workload\": [\"orders\"]}}}]", 0,
                                      "{\"id\": \"orders\", \"target\": \"q\", \"count\": 4},"
                                      "{\"id\": \"noise\", \"target\": \"q\", \"count\": 6, \"start\": \"1s\"}", "", "", "1m");

  g_assert_cmpuint (lf_test_count (run, "discard", "esm"), ==, 6);
  g_assert_cmpstr (json_object_get_string_member (lf_test_nth (run, "discard", "esm", 0), "reason"), ==, "Filtered");
  g_assert_cmpuint (lf_test_count (run, "delete", "q"), ==, 4);
}

/* A role without sqs:ReceiveMessage: the mapping reads nothing [scenario-format.md Roles] */
static void
test_role_cannot_read (void)
{
  const char *json =
    "{\"format\": \"lambdaflow/1\", \"duration\": \"1m\","
    " \"roles\": [{\"id\": \"r\", \"managed_policies\": [\"AWSLambdaBasicExecutionRole\"]}],"
    " \"nodes\": [{\"id\": \"q\", \"type\": \"sqs_queue\"}, {\"id\": \"fn\", \"type\": \"lambda_function\", \"props\": {\"role\": \"r\"}}],"
    " \"edges\": [{\"id\": \"esm\", \"type\": \"event_source_mapping\", \"from\": \"q\", \"to\": \"fn\"}],"
    " \"workload\": [{\"id\": \"w\", \"target\": \"q\", \"count\": 3}]}";
  g_autoptr(LfTestRun) run = lf_test_run (json, -1);

  g_assert_cmpuint (lf_test_count (run, "invoke.start", NULL), ==, 0);
  g_assert_cmpuint (lf_test_count (run, "denied", "esm"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (lf_test_nth (run, "denied", "esm", 0), "action"), ==, "sqs:ReceiveMessage");
  g_assert_cmpint (lf_test_report_int (run, "nodes", "q", "depth_at_end"), ==, 3);
}

/* ESM-5: a disabled mapping polls nothing; enabling it live resumes */
static void
test_enable_live (void)
{
  const char *json =
    "{\"format\": \"lambdaflow/1\", \"duration\": \"2m\","
    " \"nodes\": [{\"id\": \"q\", \"type\": \"sqs_queue\"}, {\"id\": \"fn\", \"type\": \"lambda_function\"}],"
    " \"edges\": [{\"id\": \"esm\", \"type\": \"event_source_mapping\", \"from\": \"q\", \"to\": \"fn\", \"props\": {\"enabled\": false}}],"
    " \"workload\": [{\"id\": \"w\", \"target\": \"q\", \"count\": 20, \"rate\": \"1/s\"}]}";
  g_autoptr(LfScenario) s = lf_scenario_load_from_data (json, -1, NULL, NULL, NULL);
  g_autoptr(LfSim) sim = lf_sim_new (s, NULL);
  g_autoptr(GError) error = NULL;

  lf_sim_run_until (sim, LF_SEC (30), 0);
  g_assert_cmpint (lf_sim_node_depth (sim, "q"), ==, 20);
  g_assert_true (lf_sim_set (sim, "esm.enabled", "true", &error));
  g_assert_no_error (error);
  lf_sim_run_until (sim, LF_SEC (60), 0);
  g_assert_cmpint (lf_sim_node_depth (sim, "q"), ==, 0);
  lf_test_assert_conserved (sim);
}

/* FIFO-6: a duplicate within 5 minutes is dropped; standard queues deliver it [ESM-4] */
static void
test_duplicates (void)
{
  g_autoptr(LfTestRun) fifo = run_sqs ("\"fifo\": true", "", "", 0, "{\"id\": \"w\", \"target\": \"q\", \"count\": 10}",
                                       "{\"id\": \"d\", \"target\": \"q\", \"kind\": \"duplicate\"}", "", "1m");
  g_autoptr(LfTestRun) standard = run_sqs ("", "", "", 0, "{\"id\": \"w\", \"target\": \"q\", \"count\": 10}",
                                           "{\"id\": \"d\", \"target\": \"q\", \"kind\": \"duplicate\"}", "", "1m");

  g_assert_cmpuint (lf_test_count (fifo, "delete", "q"), ==, 10);
  g_assert_cmpuint (lf_test_count (fifo, "discard", "q"), ==, 10);
  g_assert_cmpstr (json_object_get_string_member (lf_test_nth (fifo, "discard", "q", 0), "reason"), ==, "Deduplicated");
  g_assert_cmpuint (lf_test_count (standard, "delete", "q"), ==, 20);
}

/* ASYNC-15: Lambda → SQS → the same Lambda is stopped after 16 invocations */
static void
test_sqs_recursion (void)
{
  const char *json =
    "{\"format\": \"lambdaflow/1\", \"duration\": \"10m\","
    " \"nodes\": [{\"id\": \"q\", \"type\": \"sqs_queue\"}, {\"id\": \"dlq\", \"type\": \"sqs_queue\"},"
    "             {\"id\": \"fn\", \"type\": \"lambda_function\"}],"
    " \"edges\": [{\"id\": \"esm\", \"type\": \"event_source_mapping\", \"from\": \"q\", \"to\": \"fn\"},"
    "             {\"id\": \"loop\", \"type\": \"sends\", \"from\": \"fn\", \"to\": \"q\"},"
    "             {\"id\": \"rd\", \"type\": \"redrive\", \"from\": \"q\", \"to\": \"dlq\"}],"
    " \"workload\": [{\"id\": \"w\", \"target\": \"q\", \"count\": 1}]}";
  g_autoptr(LfTestRun) run = lf_test_run (json, -1);

  g_assert_cmpuint (lf_test_count (run, "invoke.start", "fn"), ==, 16);
  g_assert_cmpuint (lf_test_count (run, "redrive", "dlq"), ==, 1);
}

/* Review regressions: a throttled backlog with VT 1 s (no recursion per batch), the 6 MB
 * batch cap, no batching window for FIFO, no_state ignored by SQS [SQS-10, ESM-3, SQS-3,
 * FIFO-3] */
static void
test_review_regressions (void)
{
  g_autoptr(LfTestRun) thr = run_sqs_full ("\"visibility_timeout\": \"1s\"", "\"timeout\": \"1s\", \"reserved_concurrency\": 0",
                                           "\"batch_size\": 1", 0, "{\"id\": \"w\", \"target\": \"q\", \"count\": 200000}",
                                           "", "", "5s", FALSE);
  g_autoptr(LfTestRun) big = run_sqs ("", "", "\"batch_size\": 10", 0,
                                      "{\"id\": \"w\", \"target\": \"q\", \"count\": 10, \"payload_bytes\": 1000000}", "", "", "1m");
  g_autoptr(LfTestRun) fifo = run_sqs ("\"fifo\": true", "", "\"batch_size\": 10, \"batching_window\": \"20s\"", 0,
                                       "{\"id\": \"w\", \"target\": \"q\", \"count\": 6, \"message_groups\": 3}", "", "", "2m");
  g_autoptr(LfTestRun) ns = run_sqs ("", "", "", 0, FIVE_MSGS, "{\"id\": \"n\", \"target\": \"fn\", \"kind\": \"no_state\"}", "", "1m");

  g_assert_cmpint (lf_test_report_int (thr, "nodes", "fn", "invocations"), ==, 0);
  g_assert_cmpint (lf_test_report_int (thr, "nodes", "fn", "throttles"), >, 0);
  g_assert_cmpuint (msgs_len (lf_test_nth (big, "invoke.start", "fn", 0)), ==, 6);   /* 6 × 1 MB ≤ 6 MB */
  /* FIFO: received at once, not after the window; one batch of 3 groups × 2 [FIFO-3] */
  g_assert_cmpuint (lf_test_count (fifo, "invoke.start", "fn"), ==, 1);
  lf_assert_near (lf_test_time_s (lf_test_nth (fifo, "invoke.start", "fn", 0)), 0.0, 0.001);
  assert_msgs (lf_test_nth (fifo, "invoke.start", "fn", 0), "m1", "m4", "m2", "m5", "m3", "m6", NULL);
  g_assert_cmpuint (lf_test_count (ns, "delete", "q"), ==, 5);
}

/* A `deny` fault on the read permission stops a mapping only while it lasts */
static void
test_deny_window (void)
{
  const char *json =
    "{\"format\": \"lambdaflow/1\", \"duration\": \"2m\","
    " \"nodes\": [{\"id\": \"q\", \"type\": \"sqs_queue\"}, {\"id\": \"k\", \"type\": \"kinesis_stream\"},"
    "             {\"id\": \"fn\", \"type\": \"lambda_function\"}],"
    " \"edges\": [{\"id\": \"e1\", \"type\": \"event_source_mapping\", \"from\": \"q\", \"to\": \"fn\"},"
    "             {\"id\": \"e2\", \"type\": \"event_source_mapping\", \"from\": \"k\", \"to\": \"fn\", \"props\": {\"starting_position\": \"TRIM_HORIZON\"}}],"
    " \"workload\": [{\"id\": \"a\", \"target\": \"q\", \"rate\": \"1/s\", \"stop\": \"60s\"},"
    "              {\"id\": \"b\", \"target\": \"k\", \"rate\": \"1/s\", \"stop\": \"60s\"}],"
    " \"faults\": [{\"id\": \"d1\", \"target\": \"fn\", \"kind\": \"deny\", \"action\": \"sqs:ReceiveMessage\", \"start\": \"5s\", \"stop\": \"10s\"},"
    "            {\"id\": \"d2\", \"target\": \"fn\", \"kind\": \"deny\", \"action\": \"kinesis:GetRecords\", \"start\": \"5s\", \"stop\": \"10s\"}]}";
  g_autoptr(LfTestRun) run = lf_test_run (json, -1);

  g_assert_cmpuint (lf_test_count (run, "denied", NULL), >, 0);
  g_assert_cmpint (lf_test_report_int (run, "messages", NULL, "queued"), ==, 0);
  g_assert_cmpint (lf_test_report_int (run, "messages", NULL, "succeeded"), ==, 120);
}

/* SQS-4, lf_sim_set: a visibility timeout changed at t = 50 s applies to receives from
 * then on: the message received at 40 s keeps its 40 s (visible at 80 s); the receive at
 * 80 s gets 15 s, so the next ones are at 95 s and 110 s */
static void
test_live_visibility (void)
{
  g_autoptr(LfTestRun) run = run_sqs ("\"visibility_timeout\": \"40s\"", "", "\"batch_size\": 1", 0,
                                      ONE_MSG, FAILS, "", "50s");
  g_autoptr(GError) error = NULL;
  static const double at[] = { 0, 40, 80, 95, 110 };

  g_assert_true (lf_sim_set (run->sim, "q.visibility_timeout", "\"15s\"", &error));
  g_assert_no_error (error);
  lf_sim_run_until (run->sim, LF_SEC (120), 0);
  lf_test_assert_conserved (run->sim);
  for (guint i = 0; i < G_N_ELEMENTS (at); i++)
    {
      JsonObject *s = lf_test_nth (run, "invoke.start", "fn", i);
      lf_assert_near (lf_test_time_s (s), at[i], 0.001);
      g_assert_cmpint (attempt_of (s), ==, i + 1);
    }
}

/* SQS-11, lf_sim_set: max_receive_count lowered from 10 to 2 at t = 50 s: the message
 * (received 3 times by then, VT 20 s) moves to the DLQ at its next receive, t = 60 s */
static void
test_live_max_receive (void)
{
  g_autoptr(LfTestRun) run = run_sqs ("\"visibility_timeout\": \"20s\"", "", "\"batch_size\": 1", 10,
                                      ONE_MSG, FAILS, "", "50s");
  g_autoptr(GError) error = NULL;

  g_assert_true (lf_sim_set (run->sim, "rd.max_receive_count", "2", &error));
  g_assert_no_error (error);
  lf_sim_run_until (run->sim, LF_SEC (180), 0);
  lf_test_assert_conserved (run->sim);
  g_assert_cmpuint (lf_test_count (run, "invoke.start", "fn"), ==, 3);
  g_assert_cmpuint (lf_test_count (run, "redrive", "dlq"), ==, 1);
  lf_assert_near (lf_test_time_s (lf_test_nth (run, "redrive", "dlq", 0)), 60.0, 0.001);
}

/* SQS-11, lf_sim_set: retention cut from 10 min to 120 s at t = 100 s: the 5 messages
 * sent at 0–4 s (nobody reads them) expire at 120–124 s, not at 600 s */
static void
test_live_retention (void)
{
  g_autoptr(LfTestRun) run = run_sqs ("\"retention\": \"10m\"", "", "\"enabled\": false", 0,
                                      "{\"id\": \"w\", \"target\": \"q\", \"count\": 5, \"rate\": \"1/s\"}", "", "", "100s");
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (lf_sim_node_depth (run->sim, "q"), ==, 5);
  g_assert_true (lf_sim_set (run->sim, "q.retention", "\"120s\"", &error));
  g_assert_no_error (error);
  lf_sim_run_until (run->sim, LF_MINUTE (15), 0);
  lf_test_assert_conserved (run->sim);
  g_assert_cmpuint (lf_test_count (run, "discard", "q"), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      JsonObject *d = lf_test_nth (run, "discard", "q", i);
      g_assert_cmpstr (json_object_get_string_member (d, "reason"), ==, "RetentionExpired");
      lf_assert_near (lf_test_time_s (d), 120.0 + i, 0.001);
    }
  g_assert_cmpint (lf_sim_node_depth (run->sim, "q"), ==, 0);
}

/* SQS-11: a message whose retention (60 s) runs out while it is in flight is deleted by
 * SQS then, at enqueue + retention, not when its visibility timeout ends: (a) received
 * at 45 s, it failed and would return at 90 s (the mapping was disabled at 50 s): gone at
 * 60 s; (b) received at 50 s by a 20 s invocation that succeeds at 70 s: discarded at
 * 60 s, mid-invocation, and not deleted as a success afterwards */
static void
test_retention_in_flight (void)
{
  g_autoptr(LfTestRun) failed = run_sqs ("\"retention\": \"60s\", \"visibility_timeout\": \"45s\"", "", "\"batch_size\": 1", 0,
                                         ONE_MSG, FAILS, "", "50s");
  g_autoptr(LfTestRun) late = run_sqs ("\"retention\": \"60s\", \"visibility_timeout\": \"30s\"",
                                       "\"duration\": \"20s\", \"timeout\": \"30s\", \"cold_start\": \"0s\"",
                                       "\"batch_size\": 1, \"enabled\": false", 0, ONE_MSG, "", "", "50s");
  g_autoptr(GError) error = NULL;
  LfMessageCounts counts;
  JsonObject *d;

  g_assert_true (lf_sim_set (failed->sim, "esm.enabled", "false", &error));
  g_assert_no_error (error);
  lf_sim_run_until (failed->sim, LF_MINUTE (5), 0);
  lf_test_assert_conserved (failed->sim);
  g_assert_cmpuint (lf_test_count (failed, "invoke.start", "fn"), ==, 2);
  g_assert_cmpuint (lf_test_count (failed, "discard", "q"), ==, 1);
  d = lf_test_nth (failed, "discard", "q", 0);
  g_assert_cmpstr (json_object_get_string_member (d, "reason"), ==, "RetentionExpired");
  lf_assert_near (lf_test_time_s (d), 60.0, 0.001);
  g_assert_cmpuint (lf_test_count (failed, "visible", "q"), ==, 1);   /* at 45 s only */
  g_assert_cmpint (lf_sim_node_depth (failed->sim, "q"), ==, 0);

  g_assert_true (lf_sim_set (late->sim, "esm.enabled", "true", &error));
  g_assert_no_error (error);
  lf_sim_run_until (late->sim, LF_MINUTE (5), 0);
  lf_test_assert_conserved (late->sim);
  lf_assert_near (lf_test_time_s (lf_test_nth (late, "invoke.end", "fn", 0)), 70.0, 0.001);
  g_assert_cmpuint (lf_test_count (late, "delete", "q"), ==, 0);
  d = lf_test_nth (late, "discard", "q", 0);
  g_assert_cmpstr (json_object_get_string_member (d, "reason"), ==, "RetentionExpired");
  lf_assert_near (lf_test_time_s (d), 60.0, 0.001);
  g_assert_cmpuint (lf_test_count (late, "visible", "q"), ==, 0);
  lf_sim_count_messages (late->sim, &counts);
  g_assert_cmpuint (counts.fates[LF_FATE_SUCCEEDED], ==, 0);
  g_assert_cmpuint (counts.fates[LF_FATE_DISCARDED], ==, 1);
}

static const char *
msg_at (JsonObject *r, guint i)
{
  return json_array_get_string_element (json_object_get_array_member (r, "msgs"), i);
}

#define M1_THEN_M2_M3_AT_30 "{\"id\": \"a\", \"target\": \"q\", \"count\": 1}," \
                            "{\"id\": \"b\", \"target\": \"q\", \"count\": 2, \"arrival\": \"burst\", \"start\": \"30s\"}"

/* SQS-11: retention 75 s, VT 20 s, batch size 1, m1 (sent at 0) always fails, m2 sent at
 * 30 s. m1 is received at 0, 20, 40 and 60 s; its retention ends at 75 s while it is in
 * flight (its 4th failure returns it only at 80 s): SQS deletes it at 75 s, a discard, and
 * it never comes back. Standard: m2 runs at 30 s. FIFO (one group): m2 waits behind m1
 * [FIFO-2], and runs when m1 expires, 75 s: not before (no overtaking), not at 80 s. */
static void
test_retention_ends_in_flight (void)
{
  for (guint fifo = 0; fifo < 2; fifo++)
    {
      g_autoptr(LfTestRun) run = run_sqs (fifo ? "\"fifo\": true, \"retention\": \"75s\", \"visibility_timeout\": \"20s\""
                                               : "\"retention\": \"75s\", \"visibility_timeout\": \"20s\"",
                                          "\"cold_start\": \"0s\", \"duration\": \"1s\"", "\"batch_size\": 1", 0,
                                          "{\"id\": \"a\", \"target\": \"q\", \"count\": 1},"
                                          "{\"id\": \"b\", \"target\": \"q\", \"count\": 1, \"arrival\": \"burst\", \"start\": \"30s\"}",
                                          "{\"id\": \"p\", \"target\": \"fn\", \"kind\": \"poison\", \"match\": {\"index\": 1}}",
                                          "", "5m");
      g_autoptr(GPtrArray) starts = lf_test_select (run, "invoke.start", "fn");
      g_autoptr(GPtrArray) visible = lf_test_select (run, "visible", "q");
      LfMessageCounts counts;
      JsonObject *d;
      guint m1 = 0;

      g_test_message ("fifo: %u", fifo);
      for (guint i = 0; i < starts->len; i++)
        {
          JsonObject *s = g_ptr_array_index (starts, i);
          g_assert_cmpuint (msgs_len (s), ==, 1);
          if (g_str_equal (msg_at (s, 0), "m1"))
            {
              lf_assert_near (lf_test_time_s (s), 20.0 * m1, 0.001);
              g_assert_cmpint (attempt_of (s), ==, ++m1);
            }
          else
            lf_assert_near (lf_test_time_s (s), fifo ? 75.0 : 30.0, 0.001);
        }
      g_assert_cmpuint (m1, ==, 4);
      g_assert_cmpuint (starts->len, ==, 5);
      g_assert_cmpuint (lf_test_count (run, "discard", "q"), ==, 1);
      d = lf_test_nth (run, "discard", "q", 0);
      g_assert_cmpstr (json_object_get_string_member (d, "reason"), ==, "RetentionExpired");
      g_assert_cmpstr (msg_at (d, 0), ==, "m1");
      lf_assert_near (lf_test_time_s (d), 75.0, 0.001);
      g_assert_cmpuint (visible->len, ==, 3);                   /* m1 at 20, 40, 60 s */
      lf_assert_near (lf_test_time_s (g_ptr_array_index (visible, 2)), 60.0, 0.001);
      g_assert_cmpuint (lf_test_count (run, "delete", "q"), ==, 1);
      g_assert_cmpstr (json_object_get_string_member (lf_test_nth (run, "delete", "q", 0), "msg"), ==, "m2");
      g_assert_cmpuint (lf_test_count (run, "enqueue", "dlq"), ==, 0);
      g_assert_cmpint (lf_test_report_int (run, "nodes", "q", "depth_at_end"), ==, 0);
      lf_sim_count_messages (run->sim, &counts);
      g_assert_cmpuint (counts.fates[LF_FATE_SUCCEEDED], ==, 1);
      g_assert_cmpuint (counts.fates[LF_FATE_DISCARDED], ==, 1);
    }
}

/* SQS-11, SQS-12, FIFO-5: retention 75 s, VT 20 s, RBIF; m1 sent at 0, m2 and m3 at 30 s;
 * the mapping is enabled at 70 s and receives [m1, m2, m3] for a 10 s invocation that
 * reports m2 failed. m1's retention ends at 75 s, mid-invocation: discarded then; at 80 s
 * it is neither deleted nor returned. Standard: m3 is deleted at 80 s, m2 alone is back
 * at 90 s (receive count 2) and deleted at 100 s. FIFO: m3 follows the failure back, in
 * order [m2, m3] at 90 s, both deleted at 100 s. The inspection at 77 s no longer shows
 * m1 among the messages in flight. */
static void
test_partial_with_expired (void)
{
  for (guint fifo = 0; fifo < 2; fifo++)
    {
      g_autoptr(LfTestRun) run = run_sqs (fifo ? "\"fifo\": true, \"retention\": \"75s\", \"visibility_timeout\": \"20s\""
                                               : "\"retention\": \"75s\", \"visibility_timeout\": \"20s\"",
                                          "\"cold_start\": \"0s\", \"duration\": \"10s\", \"timeout\": \"15s\"",
                                          "\"batch_size\": 3, \"report_batch_item_failures\": true, \"enabled\": false", 0,
                                          M1_THEN_M2_M3_AT_30,
                                          "{\"id\": \"p2\", \"target\": \"fn\", \"kind\": \"partial\", \"match\": {\"index\": 2}, \"attempts\": [1]}",
                                          "", "70s");
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) deletes = NULL;
      JsonObject *first, *end, *second, *d;
      LfQueueSnapshot snap = { 0 };

      g_test_message ("fifo: %u", fifo);
      g_assert_true (lf_sim_set (run->sim, "esm.enabled", "true", &error));
      g_assert_no_error (error);
      /* at 77 s, mid-invocation: the inspection shows m2 and m3 in flight, not m1 */
      lf_sim_run_until (run->sim, LF_SEC (77), 0);
      g_assert_true (lf_sim_inspect_queue (run->sim, "q", &snap));
      g_assert_cmpint (snap.in_flight, ==, 2);
      g_assert_cmpint (snap.visible, ==, 0);
      g_assert_cmpuint (snap.n_lanes, ==, 1);
      g_assert_cmpint (snap.lanes[0].in_flight, ==, 2);
      g_assert_cmpuint (snap.lanes[0].n_cells, ==, 2);
      g_assert_cmpuint (snap.lanes[0].cells[0].msg, ==, 2);
      g_assert_cmpuint (snap.lanes[0].cells[1].msg, ==, 3);
      g_assert_cmpint (lf_sim_node_depth (run->sim, "q"), ==, 2);
      lf_sim_run_until (run->sim, LF_MINUTE (5), 0);
      lf_test_assert_conserved (run->sim);

      first = lf_test_nth (run, "invoke.start", "fn", 0);
      lf_assert_near (lf_test_time_s (first), 70.0, 0.001);
      g_assert_cmpuint (msgs_len (first), ==, 3);
      d = lf_test_nth (run, "discard", "q", 0);
      g_assert_cmpuint (lf_test_count (run, "discard", "q"), ==, 1);
      g_assert_cmpstr (json_object_get_string_member (d, "reason"), ==, "RetentionExpired");
      g_assert_cmpstr (msg_at (d, 0), ==, "m1");
      lf_assert_near (lf_test_time_s (d), 75.0, 0.001);
      end = lf_test_nth (run, "invoke.end", "fn", 0);
      lf_assert_near (lf_test_time_s (end), 80.0, 0.001);
      g_assert_cmpstr (json_object_get_string_member (end, "status"), ==, "partial");

      second = lf_test_nth (run, "invoke.start", "fn", 1);
      lf_assert_near (lf_test_time_s (second), 90.0, 0.001);
      g_assert_cmpint (attempt_of (second), ==, 2);
      g_assert_cmpuint (lf_test_count (run, "invoke.start", "fn"), ==, 2);
      g_assert_cmpuint (msgs_len (second), ==, fifo ? 2 : 1);
      g_assert_cmpstr (msg_at (second, 0), ==, "m2");
      if (fifo)
        g_assert_cmpstr (msg_at (second, 1), ==, "m3");

      deletes = lf_test_select (run, "delete", "q");
      g_assert_cmpuint (deletes->len, ==, 2);
      for (guint i = 0; i < deletes->len; i++)
        {
          JsonObject *x = g_ptr_array_index (deletes, i);
          g_assert_cmpstr (json_object_get_string_member (x, "msg"), !=, "m1");
          lf_assert_near (lf_test_time_s (x), fifo || i == 1 ? 100.0 : 80.0, 0.001);
        }
      g_assert_cmpuint (lf_test_count (run, "visible", "q"), ==, fifo ? 2 : 1);
      for (guint i = 0; i < lf_test_count (run, "visible", "q"); i++)
        g_assert_cmpstr (json_object_get_string_member (lf_test_nth (run, "visible", "q", i), "msg"), !=, "m1");
      g_assert_cmpint (lf_sim_node_depth (run->sim, "q"), ==, 0);
    }
}

/* SQS-11, SQS-10: retention 60 s; m1 and m2 sent at 0, batch size 1, reserved
 * concurrency 1, an 80 s function, VT 120 s: m1 runs at 0 and expires at 60 s
 * mid-invocation; m2's batch is throttled and backs off (retries due 1, 3, 7, 15, 31,
 * 63 s) and expires at 60 s meanwhile: its retry at 63 s has nothing left to invoke, and
 * neither message comes back. */
static void
test_throttled_batch_expires (void)
{
  g_autoptr(LfTestRun) run = run_sqs ("\"retention\": \"60s\", \"visibility_timeout\": \"120s\"",
                                      "\"cold_start\": \"0s\", \"duration\": \"80s\", \"timeout\": \"100s\", \"reserved_concurrency\": 1",
                                      "\"batch_size\": 1", 0,
                                      "{\"id\": \"w\", \"target\": \"q\", \"count\": 2, \"arrival\": \"burst\"}", "", "", "4m");
  g_autoptr(GPtrArray) discards = lf_test_select (run, "discard", "q");
  g_autoptr(GPtrArray) retries = lf_test_select (run, "retry", "esm");
  LfMessageCounts counts;

  g_assert_cmpuint (lf_test_count (run, "invoke.start", "fn"), ==, 1);
  g_assert_cmpstr (msg_at (lf_test_nth (run, "invoke.start", "fn", 0), 0), ==, "m1");
  g_assert_cmpuint (retries->len, ==, 6);
  lf_assert_near ((double) json_object_get_int_member (g_ptr_array_index (retries, 5), "due") / 1e6, 63.0, 0.001);
  g_assert_cmpuint (discards->len, ==, 2);
  for (guint i = 0; i < discards->len; i++)
    {
      JsonObject *d = g_ptr_array_index (discards, i);
      g_assert_cmpstr (json_object_get_string_member (d, "reason"), ==, "RetentionExpired");
      lf_assert_near (lf_test_time_s (d), 60.0, 0.001);
    }
  g_assert_cmpuint (lf_test_count (run, "visible", "q"), ==, 0);
  g_assert_cmpuint (lf_test_count (run, "delete", "q"), ==, 0);
  lf_sim_count_messages (run->sim, &counts);
  g_assert_cmpuint (counts.fates[LF_FATE_DISCARDED], ==, 2);
  g_assert_cmpint (lf_sim_node_depth (run->sim, "q"), ==, 0);
}

/* The report's max_age_of_oldest_s: the age of the oldest message the queue holds,
 * visible or in flight (ApproximateAgeOfOldestMessage: "the oldest non-deleted message"),
 * from its arrival, exact whenever a message leaves and at the end [SQS-11]:
 * (a) nobody reads it, it expires at 90 s: 90 (it was 0, never received);
 * (b) VT 30 s, maxReceiveCount 3, always fails: redriven at 90 s: 90 (it was 60, the last
 *     receive);
 * (c) a 40 s invocation deletes it: 40 (it was 0, the receive);
 * (d) m1 (sent at 0) always fails, VT 30 s, and stays in the queue; m2 (sent at 50 s) is
 *     deleted at 51 s: a report made at 55 s counts m1, in flight, 55 s old (it said 30,
 *     m1's last receive), and one at 119 s says 119. */
static void
test_age_of_oldest (void)
{
  g_autoptr(LfTestRun) idle = run_sqs ("\"retention\": \"90s\"", "", "\"enabled\": false", 0, ONE_MSG, "", "", "5m");
  g_autoptr(LfTestRun) redriven = run_sqs ("\"visibility_timeout\": \"30s\"", "", "\"batch_size\": 1", 3,
                                           ONE_MSG, FAILS, "", "5m");
  g_autoptr(LfTestRun) slow = run_sqs ("\"visibility_timeout\": \"60s\"",
                                       "\"cold_start\": \"0s\", \"duration\": \"40s\", \"timeout\": \"50s\"", "", 0,
                                       ONE_MSG, "", "", "5m");
  g_autoptr(LfTestRun) mid = run_sqs ("\"visibility_timeout\": \"30s\"", "\"cold_start\": \"0s\", \"duration\": \"1s\"",
                                      "\"batch_size\": 1", 0,
                                      "{\"id\": \"a\", \"target\": \"q\", \"count\": 1},"
                                      "{\"id\": \"b\", \"target\": \"q\", \"count\": 1, \"arrival\": \"burst\", \"start\": \"50s\"}",
                                      "{\"id\": \"p\", \"target\": \"fn\", \"kind\": \"poison\", \"match\": {\"index\": 1}}",
                                      "", "55s");

  g_assert_cmpuint (lf_test_count (idle, "discard", "q"), ==, 1);
  g_assert_cmpint (_lf_sim_node (idle->sim, "q")->st.max_age_of_oldest, ==, LF_SEC (90));
  g_assert_cmpint (lf_test_report_int (idle, "nodes", "q", "max_age_of_oldest_s"), ==, 90);

  lf_assert_near (lf_test_time_s (lf_test_nth (redriven, "redrive", "dlq", 0)), 90.0, 0.001);
  g_assert_cmpint (_lf_sim_node (redriven->sim, "q")->st.max_age_of_oldest, ==, LF_SEC (90));
  g_assert_cmpint (lf_test_report_int (redriven, "nodes", "q", "max_age_of_oldest_s"), ==, 90);

  lf_assert_near (lf_test_time_s (lf_test_nth (slow, "delete", "q", 0)), 40.0, 0.001);
  g_assert_cmpint (lf_test_report_int (slow, "nodes", "q", "max_age_of_oldest_s"), ==, 40);

  lf_assert_near (lf_test_time_s (lf_test_nth (mid, "delete", "q", 0)), 51.0, 0.001);
  g_assert_cmpint (lf_test_report_int (mid, "nodes", "q", "max_age_of_oldest_s"), ==, 55);
  lf_sim_run_until (mid->sim, LF_SEC (119), 0);
  lf_test_assert_conserved (mid->sim);
  g_assert_cmpint (lf_test_report_int (mid, "nodes", "q", "max_age_of_oldest_s"), ==, 119);
}

/* SQS-11: redriven at t = 40 s (VT 20 s, max_receive_count 2) into a DLQ with a 60 s
 * retention: a standard DLQ keeps the first enqueue time (expired at 60 s), a FIFO DLQ
 * resets it (expired at 100 s) — SQS Developer Guide, dead-letter queue retention */
static void
test_redrive_keeps_enqueue_time (void)
{
  for (guint fifo = 0; fifo < 2; fifo++)
    {
      g_autofree char *json = g_strdup_printf (
        "{\"format\": \"lambdaflow/1\", \"duration\": \"5m\","
        " \"nodes\": [{\"id\": \"q\", \"type\": \"sqs_queue\", \"props\": {\"fifo\": %s, \"visibility_timeout\": \"20s\"}},"
        "             {\"id\": \"dlq\", \"type\": \"sqs_queue\", \"props\": {\"fifo\": %s, \"retention\": \"60s\"}},"
        "             {\"id\": \"fn\", \"type\": \"lambda_function\"}],"
        " \"edges\": [{\"id\": \"esm\", \"type\": \"event_source_mapping\", \"from\": \"q\", \"to\": \"fn\", \"props\": {\"batch_size\": 1}},"
        "             {\"id\": \"rd\", \"type\": \"redrive\", \"from\": \"q\", \"to\": \"dlq\", \"props\": {\"max_receive_count\": 2}}],"
        " \"workload\": [" ONE_MSG "], \"faults\": [" FAILS "]}",
        fifo ? "true" : "false", fifo ? "true" : "false");
      g_autoptr(LfTestRun) run = lf_test_run (json, -1);
      JsonObject *d = lf_test_nth (run, "discard", "dlq", 0);

      lf_assert_near (lf_test_time_s (lf_test_nth (run, "redrive", "dlq", 0)), 40.0, 0.001);
      g_assert_cmpstr (json_object_get_string_member (d, "reason"), ==, "RetentionExpired");
      lf_assert_near (lf_test_time_s (d), fifo ? 100.0 : 60.0, 0.001);
      g_assert_cmpint (lf_test_report_int (run, "nodes", "dlq", "depth_at_end"), ==, 0);
    }
}

/* FIFO-6: the deduplication table forgets ids after 5 minutes: a 2-hour run at 10/s
 * (72,000 sends) keeps at most 5 minutes' worth (3,000); a copy 4 min 59 s after the
 * send is dropped, one 5 min after is accepted */
static void
test_fifo_dedup_bounded (void)
{
  g_autoptr(LfTestRun) big = run_sqs_full ("\"fifo\": true", "\"duration\": \"10ms\"", "", 0,
                                           "{\"id\": \"w\", \"target\": \"q\", \"rate\": \"10/s\", \"stop\": \"2h\", \"message_groups\": 20}",
                                           "", "", "2h", FALSE);
  g_autoptr(LfTestRun) run = run_sqs ("\"fifo\": true", "", "", 0, ONE_MSG, "", "", "1s");
  LfRtNode *q = _lf_sim_node (run->sim, "q");
  LfMessageCounts counts;
  guint32 early, late;
  guint size = _lf_sqs_dedup_size (_lf_sim_node (big->sim, "q"));

  lf_sim_count_messages (big->sim, &counts);
  g_assert_cmpuint (counts.published, ==, 72000);
  g_assert_cmpuint (size, >, 0);
  g_assert_cmpuint (size, <=, 3000);

  /* m1 was sent at t = 0 */
  lf_sim_run_until (run->sim, LF_SEC (299), 0);
  early = _lf_sim_copy (run->sim, q, 1, "duplicate");
  _lf_sim_msg (run->sim, early)->is_duplicate = TRUE;
  _lf_sim_deliver (run->sim, q, early, NULL, LF_ACCEPT_PUBLISH);
  lf_sim_run_until (run->sim, LF_SEC (300), 0);
  late = _lf_sim_copy (run->sim, q, 1, "duplicate");
  _lf_sim_msg (run->sim, late)->is_duplicate = TRUE;
  _lf_sim_deliver (run->sim, q, late, NULL, LF_ACCEPT_PUBLISH);
  lf_sim_run_until (run->sim, LF_MINUTE (10), 0);
  lf_test_assert_conserved (run->sim);
  g_assert_cmpuint (lf_test_count (run, "discard", "q"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (lf_test_nth (run, "discard", "q", 0), "reason"), ==, "Deduplicated");
  lf_assert_near (lf_test_time_s (lf_test_nth (run, "discard", "q", 0)), 299.0, 0.001);
  g_assert_cmpuint (lf_test_count (run, "enqueue", "q"), ==, 2);
  g_assert_cmpuint (lf_test_count (run, "delete", "q"), ==, 2);
}

/* SQS-1, SQS-9: without RBIF a function error returns the whole batch: 7 messages, the
 * first attempt fails, all 7 visible again when the VT (25 s) ends, received together
 * with receive count 2 and deleted; SQS-13: 25 messages in a 5 s window make one batch,
 * more than one ReceiveMessage call (10) returns */
static void
test_batch_error_returns_all (void)
{
  g_autoptr(LfTestRun) run = run_sqs ("\"visibility_timeout\": \"25s\"", "", "\"batch_size\": 7", 0,
                                      "{\"id\": \"w\", \"target\": \"q\", \"count\": 7, \"arrival\": \"burst\"}",
                                      "{\"id\": \"boom\", \"target\": \"fn\", \"kind\": \"error\", \"attempts\": [1]}", "", "2m");
  g_autoptr(LfTestRun) big = run_sqs ("", "", "\"batch_size\": 40, \"batching_window\": \"5s\"", 0,
                                      "{\"id\": \"w\", \"target\": \"q\", \"count\": 25, \"rate\": \"10/s\"}", "", "", "1m");
  g_autoptr(GPtrArray) visible = lf_test_select (run, "visible", "q");
  JsonObject *second = lf_test_nth (run, "invoke.start", "fn", 1);

  g_assert_cmpuint (lf_test_count (run, "invoke.start", "fn"), ==, 2);
  g_assert_cmpuint (msgs_len (lf_test_nth (run, "invoke.start", "fn", 0)), ==, 7);
  g_assert_cmpuint (visible->len, ==, 7);
  for (guint i = 0; i < visible->len; i++)
    {
      JsonObject *v = g_ptr_array_index (visible, i);
      lf_assert_near (lf_test_time_s (v), 25.0, 0.001);
      g_assert_cmpint (json_object_get_int_member (v, "receive_count"), ==, 1);
    }
  lf_assert_near (lf_test_time_s (second), 25.0, 0.001);
  g_assert_cmpuint (msgs_len (second), ==, 7);
  g_assert_cmpint (attempt_of (second), ==, 2);
  g_assert_cmpuint (lf_test_count (run, "delete", "q"), ==, 7);

  g_assert_cmpuint (lf_test_count (big, "invoke.start", "fn"), ==, 1);
  g_assert_cmpuint (msgs_len (lf_test_nth (big, "invoke.start", "fn", 0)), ==, 25);
  lf_assert_near (lf_test_time_s (lf_test_nth (big, "invoke.start", "fn", 0)), 5.0, 0.001);
}

/* ESM-1: an SQS mapping's batch size is 10 by default: 27 messages sent at once make
 * batches of 10, 10 and 7 */
static void
test_default_batch_size (void)
{
  g_autoptr(LfTestRun) run = run_sqs ("", "", "", 0, "{\"id\": \"w\", \"target\": \"q\", \"count\": 27, \"arrival\": \"burst\"}",
                                      "", "", "1m");
  static const guint sizes[] = { 10, 10, 7 };

  g_assert_cmpuint (lf_test_count (run, "invoke.start", "fn"), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (msgs_len (lf_test_nth (run, "invoke.start", "fn", i)), ==, sizes[i]);
}

/* FIFO-2: without RBIF a failing batch blocks its group until it succeeds (VT 40 s, two
 * failed attempts: group 1 resumes at 80 s, in order) while groups 2–4 go on at once;
 * FIFO-4: 4 active groups, at most 4 invocations at a time */
static void
test_fifo_group_blocked (void)
{
  g_autoptr(LfTestRun) run = run_sqs ("\"fifo\": true, \"visibility_timeout\": \"40s\"", "\"duration\": \"2s\"",
                                      "\"batch_size\": 3", 0,
                                      "{\"id\": \"w\", \"target\": \"q\", \"count\": 24, \"message_groups\": 4, \"arrival\": \"burst\"}",
                                      "{\"id\": \"g1\", \"target\": \"fn\", \"kind\": \"poison\", \"match\": {\"message_group\": \"group-1\"}, \"attempts\": [1, 2]}",
                                      "", "5m");
  g_autoptr(GPtrArray) starts = lf_test_select (run, "invoke.start", "fn");
  gint64 last[4] = { 0, 0, 0, 0 };
  double group1_resumes = -1, others_done = 0;

  g_assert_cmpint (lf_test_report_int (run, "nodes", "fn", "max_concurrency"), ==, 4);
  for (guint i = 0; i < starts->len; i++)
    {
      JsonObject *s = g_ptr_array_index (starts, i);
      gint64 first = g_ascii_strtoll (json_array_get_string_element (json_object_get_array_member (s, "msgs"), 0) + 1, NULL, 10);
      guint group = (guint) ((first - 1) % 4);
      if (group == 0 && attempt_of (s) == 3 && group1_resumes < 0)
        group1_resumes = lf_test_time_s (s);
      if (group != 0)
        others_done = MAX (others_done, lf_test_time_s (s));
      for (guint j = 0; j < msgs_len (s); j++)
        {
          gint64 n = g_ascii_strtoll (json_array_get_string_element (json_object_get_array_member (s, "msgs"), j) + 1, NULL, 10);
          g_assert_cmpuint ((guint) ((n - 1) % 4), ==, group);   /* deep groups: one per batch [FIFO-3] */
          if (attempt_of (s) == 1)
            {
              g_assert_cmpint (n, >, last[group]);
              last[group] = n;
            }
        }
    }
  lf_assert_near (group1_resumes, 80.0, 0.001);
  g_assert_cmpfloat (others_done, <, 10.0);
  g_assert_cmpuint (lf_test_count (run, "delete", "q"), ==, 24);
}

/* SQS-4: with a batching window the effective visibility timeout is window + function
 * timeout + 30 s when window + timeout passes the queue's VT: VT 30 s, timeout 25 s,
 * window 10 s: the failed message (received at 0 s) is visible again at 65 s; with a 4 s
 * window (4 + 25 ≤ 30) at 30 s */
static void
test_effective_visibility (void)
{
  g_autoptr(LfTestRun) wide = run_sqs ("\"visibility_timeout\": \"30s\"", "\"timeout\": \"25s\"",
                                       "\"batch_size\": 5, \"batching_window\": \"10s\"", 0, ONE_MSG,
                                       "{\"id\": \"boom\", \"target\": \"fn\", \"kind\": \"error\", \"attempts\": [1]}", "", "3m");
  g_autoptr(LfTestRun) narrow = run_sqs ("\"visibility_timeout\": \"30s\"", "\"timeout\": \"25s\"",
                                         "\"batch_size\": 5, \"batching_window\": \"4s\"", 0, ONE_MSG,
                                         "{\"id\": \"boom\", \"target\": \"fn\", \"kind\": \"error\", \"attempts\": [1]}", "", "3m");

  lf_assert_near (lf_test_time_s (lf_test_nth (wide, "invoke.start", "fn", 0)), 10.0, 0.001);
  lf_assert_near (lf_test_time_s (lf_test_nth (wide, "visible", "q", 0)), 65.0, 0.001);
  lf_assert_near (lf_test_time_s (lf_test_nth (wide, "invoke.start", "fn", 1)), 75.0, 0.001);
  lf_assert_near (lf_test_time_s (lf_test_nth (narrow, "visible", "q", 0)), 30.0, 0.001);
  lf_assert_near (lf_test_time_s (lf_test_nth (narrow, "invoke.start", "fn", 1)), 34.0, 0.001);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sqs/redrive/SQS-9/SQS-11/ASYNC-14", test_redrive);
  g_test_add_func ("/sqs/partial-batch/SQS-12/ESM-6", test_partial_batch);
  g_test_add_func ("/sqs/partial-without-rbif/ESM-6", test_partial_without_rbif);
  g_test_add_func ("/sqs/rbif-classification/ESM-7", test_rbif_classification);
  g_test_add_func ("/sqs/validation/ESM-2/FIFO-1/SQS-4/SQS-6", test_esm_validation);
  g_test_add_func ("/sqs/scaling/SQS-5", test_scaling);
  g_test_add_func ("/sqs/maximum-concurrency/SQS-6", test_maximum_concurrency);
  g_test_add_func ("/sqs/throttles-burn-receives/SQS-8/SQS-10/SQS-11", test_throttles_burn_receives);
  g_test_add_func ("/sqs/batching-window/ESM-3/SQS-3", test_batching_window);
  g_test_add_func ("/sqs/fifo-partial/FIFO-2/FIFO-3/FIFO-5", test_fifo_partial);
  g_test_add_func ("/sqs/fifo-groups/FIFO-2/FIFO-3/FIFO-4", test_fifo_groups);
  g_test_add_func ("/sqs/fifo-mixed-batch/FIFO-3/FIFO-2/FIFO-4", test_fifo_mixed_batch);
  g_test_add_func ("/sqs/fifo-mixed-partial/FIFO-3/FIFO-5/FIFO-2", test_fifo_mixed_partial);
  g_test_add_func ("/sqs/fifo-mixed-batch-fails/FIFO-3/FIFO-2/SQS-9", test_fifo_mixed_batch_fails);
  g_test_add_func ("/sqs/fifo-mixed-throttled/FIFO-3/SQS-10", test_fifo_mixed_throttled);
  g_test_add_func ("/sqs/retention/SQS-11", test_retention);
  g_test_add_func ("/sqs/filters/ESM-8", test_filters);
  g_test_add_func ("/sqs/role-cannot-read", test_role_cannot_read);
  g_test_add_func ("/sqs/enable-live/ESM-5", test_enable_live);
  g_test_add_func ("/sqs/duplicates/FIFO-6/ESM-4", test_duplicates);
  g_test_add_func ("/sqs/recursion/ASYNC-15", test_sqs_recursion);
  g_test_add_func ("/sqs/review-regressions/SQS-10/ESM-3/SQS-3/FIFO-3", test_review_regressions);
  g_test_add_func ("/sqs/deny-window", test_deny_window);
  g_test_add_func ("/sqs/live-visibility/SQS-4", test_live_visibility);
  g_test_add_func ("/sqs/live-max-receive/SQS-11", test_live_max_receive);
  g_test_add_func ("/sqs/live-retention/SQS-11", test_live_retention);
  g_test_add_func ("/sqs/retention-in-flight/SQS-11", test_retention_in_flight);
  g_test_add_func ("/sqs/retention-ends-in-flight/SQS-11/FIFO-2", test_retention_ends_in_flight);
  g_test_add_func ("/sqs/partial-with-expired/SQS-11/SQS-12/FIFO-5", test_partial_with_expired);
  g_test_add_func ("/sqs/throttled-batch-expires/SQS-10/SQS-11", test_throttled_batch_expires);
  g_test_add_func ("/sqs/age-of-oldest/SQS-11", test_age_of_oldest);
  g_test_add_func ("/sqs/redrive-keeps-enqueue-time/SQS-11", test_redrive_keeps_enqueue_time);
  g_test_add_func ("/sqs/fifo-dedup-bounded/FIFO-6", test_fifo_dedup_bounded);
  g_test_add_func ("/sqs/batch-error-returns-all/SQS-1/SQS-9/SQS-13", test_batch_error_returns_all);
  g_test_add_func ("/sqs/default-batch-size/ESM-1", test_default_batch_size);
  g_test_add_func ("/sqs/fifo-group-blocked/FIFO-2/FIFO-4", test_fifo_group_blocked);
  g_test_add_func ("/sqs/effective-visibility/SQS-4", test_effective_visibility);
  return g_test_run ();
}
