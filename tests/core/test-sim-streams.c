/* Kinesis and DynamoDB Streams event source mappings: semantics.md scenarios 37–44, the
 * store (retention, reads that do not remove), DynamoDB polling, filters, enabling,
 * roles, starting positions, throttles, batching windows, and a property over 200 seeds
 * [KIN-*, DDB-*, STREAM-*, ESM-*] */
#include "lf-test-util.h"

#include <string.h>

#include "lf-aws-limits.h"

/* A stream `s` (type, props), a function `fn`, an ESM `esm`, an SQS queue `failed` as the
 * ESM's on-failure destination (`of`), a workload and faults. */
static char *
scenario_json (const char *stream_type, const char *stream_props, const char *fn_props,
               const char *esm_props, const char *workload, const char *faults,
               const char *settings, const char *duration)
{
  return g_strdup_printf (
    "{\"format\": \"lambdaflow/1\", \"duration\": \"%s\", \"settings\": {%s},"
    " \"nodes\": [{\"id\": \"s\", \"type\": \"%s\", \"props\": {%s}},"
    "             {\"id\": \"fn\", \"type\": \"lambda_function\", \"props\": {%s}},"
    "             {\"id\": \"failed\", \"type\": \"sqs_queue\"}],"
    " \"edges\": [{\"id\": \"esm\", \"type\": \"event_source_mapping\", \"from\": \"s\", \"to\": \"fn\", \"props\": {%s}},"
    "             {\"id\": \"of\", \"type\": \"on_failure\", \"from\": \"esm\", \"to\": \"failed\"}],"
    " \"workload\": [%s], \"faults\": [%s]}",
    duration, settings, stream_type, stream_props, fn_props, esm_props, workload, faults);
}

static LfTestRun *
run_kinesis (const char *stream_props, const char *fn_props, const char *esm_props,
             const char *workload, const char *faults, const char *duration)
{
  g_autofree char *json = scenario_json ("kinesis_stream", stream_props, fn_props, esm_props,
                                         workload, faults, "", duration);
  return lf_test_run (json, -1);
}

static guint
msgs_len (JsonObject *r)
{
  return json_array_get_length (json_object_get_array_member (r, "msgs"));
}

static const char *
msg_at (JsonObject *r, guint i)
{
  return json_array_get_string_element (json_object_get_array_member (r, "msgs"), i);
}

static gboolean
has_msg (JsonObject *r, const char *msg)
{
  for (guint i = 0; i < msgs_len (r); i++)
    if (g_str_equal (msg_at (r, i), msg))
      return TRUE;
  return FALSE;
}

static guint
msg_num (const char *id)
{
  return (guint) atoi (id + 1);
}

/* msg → its enqueue record (shard, partition_key, sequence) */
static GHashTable *
enqueues (LfTestRun *run)
{
  g_autoptr(GPtrArray) recs = lf_test_select (run, "enqueue", "s");
  GHashTable *by_msg = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < recs->len; i++)
    {
      JsonObject *r = g_ptr_array_index (recs, i);
      g_hash_table_insert (by_msg, (char *) json_object_get_string_member (r, "msg"), r);
    }
  return by_msg;
}

static const char *
field_of (GHashTable *enq, const char *msg, const char *field)
{
  JsonObject *r = g_hash_table_lookup (enq, msg);
  g_assert_nonnull (r);
  return json_object_get_string_member (r, field);
}

static double
report_double (LfTestRun *run, const char *section, const char *id, const char *key)
{
  g_autoptr(JsonNode) report = lf_sim_build_report (run->sim, 0.0);
  JsonObject *o = json_object_get_object_member (json_node_get_object (report), section);

  o = json_object_get_object_member (o, id);
  return json_object_get_double_member (o, key);
}

/* KIN-1, KIN-3: every batch from one shard; per key, first deliveries in sequence order */
static void
assert_shard_and_key_order (LfTestRun *run)
{
  g_autoptr(GHashTable) enq = enqueues (run);
  g_autoptr(GPtrArray) starts = lf_test_select (run, "invoke.start", "fn");
  g_autoptr(GHashTable) last = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (starts->len, >, 0);
  for (guint i = 0; i < starts->len; i++)
    {
      JsonObject *r = g_ptr_array_index (starts, i);
      const char *shard = NULL;
      for (guint j = 0; j < msgs_len (r); j++)
        {
          const char *m = msg_at (r, j);
          const char *key = field_of (enq, m, "partition_key");
          const char *seq = field_of (enq, m, "sequence");
          const char *prev;
          if (shard)
            g_assert_cmpstr (field_of (enq, m, "shard"), ==, shard);
          shard = field_of (enq, m, "shard");
          if (g_hash_table_contains (seen, m))
            continue;
          g_hash_table_add (seen, (char *) m);
          prev = g_hash_table_lookup (last, key);
          if (prev)
            g_assert_cmpint (strcmp (prev, seq), <, 0);   /* same width: string order */
          g_hash_table_insert (last, (char *) key, (char *) seq);
        }
    }
}

/* Scenario 37: 4 shards, PF 1: at most 4 concurrent invocations, each batch from one
 * shard, per-key order; PF 10: 40; PF 11 is refused [KIN-1, KIN-2, KIN-3] */
static void
test_shards_and_parallelization (void)
{
  g_autoptr(LfTestRun) pf1 = run_kinesis ("\"shards\": 4", "\"duration\": \"500ms\", \"cold_start\": \"0s\"",
                                          "\"starting_position\": \"TRIM_HORIZON\"",
                                          "{\"id\": \"w\", \"target\": \"s\", \"rate\": \"40/s\", \"stop\": \"30s\", \"partition_keys\": 100}",
                                          "", "2m");
  g_autoptr(LfTestRun) pf10 = run_kinesis ("\"shards\": 4", "\"duration\": \"1s\", \"cold_start\": \"0s\"",
                                           "\"starting_position\": \"TRIM_HORIZON\", \"parallelization_factor\": 10",
                                           "{\"id\": \"w\", \"target\": \"s\", \"rate\": \"200/s\", \"stop\": \"15s\", \"partition_keys\": 400}",
                                           "", "1m");
  g_autofree char *bad = scenario_json ("kinesis_stream", "", "", "\"starting_position\": \"LATEST\", \"parallelization_factor\": 11",
                                        "", "", "", "1m");
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LfScenario) s = lf_scenario_load_from_data (bad, -1, "t", &problems, &error);
  gboolean found = FALSE;

  g_assert_cmpint (lf_test_report_int (pf1, "edges", "esm", "max_concurrency"), ==, 4);
  g_assert_cmpint (lf_test_report_int (pf1, "nodes", "fn", "max_concurrency"), ==, 4);
  assert_shard_and_key_order (pf1);
  g_assert_cmpint (lf_test_report_int (pf1, "nodes", "s", "depth_at_end"), ==, 0);
  g_assert_cmpint (lf_test_report_int (pf1, "edges", "esm", "batches"), ==, lf_test_count (pf1, "invoke.start", "fn"));

  g_assert_cmpint (lf_test_report_int (pf10, "edges", "esm", "max_concurrency"), ==, 40);
  assert_shard_and_key_order (pf10);
  g_assert_cmpint (lf_test_report_int (pf10, "nodes", "s", "depth_at_end"), ==, 0);

  for (guint i = 0; problems && i < problems->len; i++)
    {
      LfProblem *p = g_ptr_array_index (problems, i);
      found |= p->severity == LF_SEVERITY_ERROR && strstr (p->path, "parallelization_factor") != NULL;
    }
  g_assert_true (found);
}

/* Scenario 38: a record that always fails blocks its shard for the 24 h retention; the
 * other shards go on; the iterator age grows to ≈ 86,400,000 ms; then the records expire
 * and the shard moves on [STREAM-1, STREAM-3, STREAM-10] */
static void
test_blocked_shard (void)
{
  g_autoptr(LfTestRun) run = run_kinesis ("\"shards\": 4", "",
                                          "\"starting_position\": \"TRIM_HORIZON\", \"batch_size\": 100",
                                          "{\"id\": \"w\", \"target\": \"s\", \"rate\": \"1/m\", \"partition_keys\": 12}",
                                          "{\"id\": \"p\", \"target\": \"fn\", \"kind\": \"poison\", \"match\": {\"index\": 50}}",
                                          "25h");
  g_autoptr(GHashTable) enq = enqueues (run);
  g_autoptr(GPtrArray) starts = lf_test_select (run, "invoke.start", "fn");
  g_autoptr(GPtrArray) expired = lf_test_select (run, "discard", "s");
  const char *blocked = field_of (enq, "m50", "shard");
  double put = lf_test_time_s (g_hash_table_lookup (enq, "m50")), first = -1, expiry;
  guint with_poison = 0, blocked_after = 0;
  g_autoptr(GHashTable) progressing = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObject *gone = NULL;

  for (guint i = 0; i < expired->len; i++)
    {
      JsonObject *d = g_ptr_array_index (expired, i);
      if (g_str_equal (json_object_get_string_member (d, "reason"), "RetentionExpired") && has_msg (d, "m50"))
        gone = d;
    }
  g_assert_nonnull (gone);
  expiry = lf_test_time_s (gone);
  lf_assert_near (expiry, put + 86400, 0.001);
  for (guint i = 0; i < starts->len; i++)
    {
      JsonObject *r = g_ptr_array_index (starts, i);
      double t = lf_test_time_s (r);
      const char *shard = msgs_len (r) ? field_of (enq, msg_at (r, 0), "shard") : NULL;
      if (has_msg (r, "m50"))
        {
          with_poison++;
          first = first < 0 ? t : first;
          continue;
        }
      if (first >= 0 && t < expiry)
        {
          /* no progress on the blocked shard; the others keep going */
          g_assert_cmpstr (shard, !=, blocked);
          g_hash_table_add (progressing, (char *) shard);
        }
      if (t >= expiry && g_strcmp0 (shard, blocked) == 0)
        blocked_after++;
    }
  g_assert_cmpuint (g_hash_table_size (progressing), ==, 3);
  /* retried every 30 s (after 1, 2, 4, 8, 16 s) for a day */
  g_assert_cmpuint (with_poison, >, 2850);
  g_assert_cmpuint (with_poison, <, 2900);
  g_assert_cmpuint (blocked_after, >, 0);
  lf_assert_near (report_double (run, "edges", "esm", "max_iterator_age_ms"), 86400000.0, 86400000.0 * 0.01);
  /* caught up at the end */
  g_assert_cmpint (lf_test_report_int (run, "nodes", "s", "depth_at_end"), <=, 2);
}

/* Scenario 39: BatchSize 1, MaximumRetryAttempts 2: 3 invocations, then the on-failure
 * record (RetryAttemptsExhausted, approximateInvokeCount 3, batch of 1, no record data);
 * the next record follows. With 1 retry the count is 2 [KIN-7, STREAM-4] */
static void
test_retry_attempts (void)
{
  for (int retries = 1; retries <= 2; retries++)
    {
      g_autofree char *esm = g_strdup_printf ("\"starting_position\": \"TRIM_HORIZON\", \"batch_size\": 1,"
                                              " \"max_retry_attempts\": %d", retries);
      g_autoptr(LfTestRun) run = run_kinesis ("", "", esm, "{\"id\": \"w\", \"target\": \"s\", \"count\": 2, \"partition_keys\": 1}",
                                              "{\"id\": \"boom\", \"target\": \"fn\", \"kind\": \"error\"}", "2m");
      g_autoptr(GPtrArray) starts = lf_test_select (run, "invoke.start", "fn");
      JsonObject *dest = lf_test_nth (run, "destination", "failed", 0);
      JsonObject *discard = lf_test_nth (run, "discard", "esm", 0);
      guint first_of_m2 = 0;

      g_assert_cmpuint (starts->len, ==, 2 * (retries + 1));
      for (int k = 0; k <= retries; k++)
        {
          JsonObject *r = g_ptr_array_index (starts, k);
          g_assert_cmpuint (msgs_len (r), ==, 1);
          g_assert_cmpstr (msg_at (r, 0), ==, "m1");
          g_assert_cmpint (json_object_get_int_member (r, "attempt"), ==, k + 1);
        }
      /* retries 1 s, then 2 s after the failed attempt ends */
      lf_assert_near (lf_test_time_s (g_ptr_array_index (starts, 0)), 1.0, 1e-6);
      lf_assert_near (lf_test_time_s (g_ptr_array_index (starts, 1)), 2.35, 1e-6);
      if (retries == 2)
        lf_assert_near (lf_test_time_s (g_ptr_array_index (starts, 2)), 4.45, 1e-6);
      g_assert_cmpstr (json_object_get_string_member (dest, "condition"), ==, "RetryAttemptsExhausted");
      g_assert_cmpint (json_object_get_int_member (dest, "approximate_invoke_count"), ==, retries + 1);
      g_assert_cmpuint (msgs_len (dest), ==, 1);                    /* batchSize 1 */
      g_assert_cmpstr (msg_at (dest, 0), ==, "m1");
      g_assert_cmpstr (json_object_get_string_member (dest, "from"), ==, "esm");
      g_assert_cmpstr (json_object_get_string_member (dest, "msg"), !=, "m1");   /* a record, not the data */
      g_assert_cmpstr (json_object_get_string_member (discard, "reason"), ==, "RetryAttemptsExhausted");
      g_assert_cmpstr (msg_at (discard, 0), ==, "m1");
      /* the next record is processed afterwards */
      first_of_m2 = retries + 1;
      g_assert_cmpstr (msg_at (g_ptr_array_index (starts, first_of_m2), 0), ==, "m2");
      g_assert_cmpfloat (lf_test_time_s (g_ptr_array_index (starts, first_of_m2)), >=, lf_test_time_s (dest));
      g_assert_cmpint (json_object_get_int_member (g_ptr_array_index (starts, first_of_m2), "attempt"), ==, 1);
      g_assert_cmpuint (lf_test_count (run, "destination", "failed"), ==, 2);
      g_assert_cmpint (lf_test_report_int (run, "nodes", "failed", "depth_at_end"), ==, 2);
      g_assert_cmpint (lf_test_report_int (run, "nodes", "s", "depth_at_end"), ==, 0);
    }
}

/* Scenario 40: bisect on error, no retries, BatchSize 8, poison at r6:
 * 8 ✗ → 4 ✓ → 4 ✗ → 2 ✗ → 1 ✓ → 1 ✗ (RetryAttemptsExhausted, batchSize 1) → 2 ✓ [STREAM-5] */
static void
test_bisect (void)
{
  g_autoptr(LfTestRun) run = run_kinesis ("", "",
                                          "\"starting_position\": \"TRIM_HORIZON\", \"batch_size\": 8,"
                                          " \"bisect_on_error\": true, \"max_retry_attempts\": 0",
                                          "{\"id\": \"w\", \"target\": \"s\", \"count\": 8, \"partition_keys\": 1}",
                                          "{\"id\": \"p\", \"target\": \"fn\", \"kind\": \"poison\", \"match\": {\"index\": 6}}",
                                          "2m");
  g_autoptr(GPtrArray) starts = lf_test_select (run, "invoke.start", "fn");
  g_autoptr(GPtrArray) ends = lf_test_select (run, "invoke.end", "fn");
  g_autoptr(GPtrArray) bisects = lf_test_select (run, "bisect", "esm");
  static const char *expect[7][8] = {
    { "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8" }, { "m1", "m2", "m3", "m4" },
    { "m5", "m6", "m7", "m8" }, { "m5", "m6" }, { "m5" }, { "m6" }, { "m7", "m8" },
  };
  static const char *status[7] = { "error", "ok", "error", "error", "ok", "error", "ok" };
  static const gint64 sizes[3][2] = { { 4, 4 }, { 2, 2 }, { 1, 1 } };
  JsonObject *dest = lf_test_nth (run, "destination", "failed", 0);
  JsonObject *discard;

  g_assert_cmpuint (starts->len, ==, 7);
  for (guint i = 0; i < 7; i++)
    {
      JsonObject *r = g_ptr_array_index (starts, i);
      guint n = 0;
      while (n < 8 && expect[i][n])
        n++;
      g_assert_cmpuint (msgs_len (r), ==, n);
      for (guint j = 0; j < n; j++)
        g_assert_cmpstr (msg_at (r, j), ==, expect[i][j]);
      g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (ends, i), "status"), ==, status[i]);
    }
  /* the splits did not use the retry budget: each half starts at its parent's count */
  g_assert_cmpint (json_object_get_int_member (g_ptr_array_index (starts, 1), "attempt"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (g_ptr_array_index (starts, 2), "attempt"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (g_ptr_array_index (starts, 3), "attempt"), ==, 3);
  g_assert_cmpuint (bisects->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonArray *sz = json_object_get_array_member (g_ptr_array_index (bisects, i), "sizes");
      g_assert_cmpint (json_array_get_int_element (sz, 0), ==, sizes[i][0]);
      g_assert_cmpint (json_array_get_int_element (sz, 1), ==, sizes[i][1]);
      g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (bisects, i), "shard"), ==, "shardId-000000000000");
    }
  /* only r6 is discarded */
  g_assert_cmpuint (lf_test_count (run, "discard", NULL), ==, 1);
  discard = lf_test_nth (run, "discard", "esm", 0);
  g_assert_cmpuint (msgs_len (discard), ==, 1);
  g_assert_cmpstr (msg_at (discard, 0), ==, "m6");
  g_assert_cmpstr (json_object_get_string_member (discard, "reason"), ==, "RetryAttemptsExhausted");
  g_assert_cmpstr (json_object_get_string_member (dest, "condition"), ==, "RetryAttemptsExhausted");
  g_assert_cmpuint (msgs_len (dest), ==, 1);
  g_assert_cmpint (lf_test_report_int (run, "nodes", "fn", "invocations"), ==, 7);
  g_assert_cmpint (lf_test_report_int (run, "nodes", "s", "depth_at_end"), ==, 0);
  /* the last checkpoint is past r8 */
  g_assert_cmpstr (json_object_get_string_member (lf_test_nth (run, "checkpoint", "esm", lf_test_count (run, "checkpoint", "esm") - 1),
                                                  "sequence"), ==, "4959000000000000000000000000000008");
}

/* Scenario 41: RBIF: (a) [s3] → s1, s2 checkpointed, the retry starts at s3 with newer
 * records; (b) [s4, s2] → the checkpoint is before s2 and the retry covers s2..s5 [STREAM-6] */
static void
test_rbif (void)
{
  const char *esm = "\"starting_position\": \"TRIM_HORIZON\", \"report_batch_item_failures\": true";
  g_autoptr(LfTestRun) a = run_kinesis ("", "", esm,
                                        "{\"id\": \"w\", \"target\": \"s\", \"count\": 5, \"partition_keys\": 1},"
                                        "{\"id\": \"later\", \"target\": \"s\", \"count\": 3, \"start\": \"1200ms\", \"partition_keys\": 1}",
                                        "{\"id\": \"f3\", \"target\": \"fn\", \"kind\": \"partial\", \"match\": {\"index\": 3}, \"attempts\": [1]}",
                                        "1m");
  g_autoptr(LfTestRun) b = run_kinesis ("", "", esm, "{\"id\": \"w\", \"target\": \"s\", \"count\": 5, \"partition_keys\": 1}",
                                        "{\"id\": \"f4\", \"target\": \"fn\", \"kind\": \"partial\", \"match\": {\"index\": 4}, \"attempts\": [1]},"
                                        "{\"id\": \"f2\", \"target\": \"fn\", \"kind\": \"partial\", \"match\": {\"index\": 2}, \"attempts\": [1]}",
                                        "1m");
  JsonObject *r;
  JsonArray *failed;

  /* (a) */
  g_assert_cmpuint (msgs_len (lf_test_nth (a, "invoke.start", "fn", 0)), ==, 5);
  failed = json_object_get_array_member (lf_test_nth (a, "invoke.end", "fn", 0), "failed");
  g_assert_cmpuint (json_array_get_length (failed), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (failed, 0), ==, "m3");
  g_assert_cmpstr (json_object_get_string_member (lf_test_nth (a, "checkpoint", "esm", 0), "sequence"), ==,
                   "4959000000000000000000000000000002");
  r = lf_test_nth (a, "invoke.start", "fn", 1);
  g_assert_cmpuint (msgs_len (r), ==, 6);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpuint (msg_num (msg_at (r, i)), ==, 3 + i);
  g_assert_cmpint (json_object_get_int_member (r, "attempt"), ==, 2);
  g_assert_cmpuint (lf_test_count (a, "invoke.start", "fn"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (lf_test_nth (a, "checkpoint", "esm", 1), "sequence"), ==,
                   "4959000000000000000000000000000008");
  g_assert_cmpint (lf_test_report_int (a, "nodes", "s", "depth_at_end"), ==, 0);
  /* (b) */
  failed = json_object_get_array_member (lf_test_nth (b, "invoke.end", "fn", 0), "failed");
  g_assert_cmpuint (json_array_get_length (failed), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (lf_test_nth (b, "checkpoint", "esm", 0), "sequence"), ==,
                   "4959000000000000000000000000000001");
  r = lf_test_nth (b, "invoke.start", "fn", 1);
  g_assert_cmpuint (msgs_len (r), ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpuint (msg_num (msg_at (r, i)), ==, 2 + i);
  g_assert_cmpuint (lf_test_count (b, "invoke.start", "fn"), ==, 2);
  g_assert_cmpint (lf_test_report_int (b, "nodes", "s", "depth_at_end"), ==, 0);
}

/* Scenario 42: MaximumRecordAgeInSeconds 60: retried until the record is 60 s old, then
 * discarded RecordAgeExceeded at t ≈ 60 s, and processing continues; 30 is refused; −1,
 * 60 and 604,800 are accepted [STREAM-2, STREAM-7] */
static void
test_record_age (void)
{
  g_autoptr(LfTestRun) run = run_kinesis ("", "", "\"starting_position\": \"TRIM_HORIZON\", \"max_record_age\": 60",
                                          "{\"id\": \"w\", \"target\": \"s\", \"count\": 1, \"partition_keys\": 1},"
                                          "{\"id\": \"w2\", \"target\": \"s\", \"count\": 1, \"start\": \"70s\", \"partition_keys\": 1}",
                                          "{\"id\": \"boom\", \"target\": \"fn\", \"kind\": \"error\", \"stop\": \"65s\"}",
                                          "3m");
  JsonObject *discard = lf_test_nth (run, "discard", "esm", 0);
  JsonObject *dest = lf_test_nth (run, "destination", "failed", 0);
  g_autoptr(GPtrArray) starts = lf_test_select (run, "invoke.start", "fn");
  static const char *values[] = { "-1", "60", "604800", "\"60s\"", "30", "0", "59" };

  g_assert_cmpstr (json_object_get_string_member (discard, "reason"), ==, "RecordAgeExceeded");
  g_assert_cmpstr (msg_at (discard, 0), ==, "m1");
  lf_assert_near (lf_test_time_s (discard), 60.0, 1e-6);
  g_assert_cmpstr (json_object_get_string_member (dest, "condition"), ==, "RecordAgeExceeded");
  g_assert_cmpint (json_object_get_int_member (dest, "approximate_invoke_count"), ==, 6);
  /* 1, 2.35, 4.45, 8.55, 16.65, 32.75 s, then the next record */
  g_assert_cmpuint (starts->len, ==, 7);
  lf_assert_near (lf_test_time_s (g_ptr_array_index (starts, 5)), 32.75, 1e-6);
  g_assert_cmpstr (msg_at (g_ptr_array_index (starts, 6), 0), ==, "m3");
  g_assert_cmpstr (json_object_get_string_member (lf_test_nth (run, "invoke.end", "fn", 6), "status"), ==, "ok");
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *esm = g_strdup_printf ("\"starting_position\": \"LATEST\", \"max_record_age\": %s", values[i]);
      g_autofree char *json = scenario_json ("kinesis_stream", "", "", esm, "", "", "", "1m");
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(LfScenario) s = lf_scenario_load_from_data (json, -1, "t", &problems, NULL);
      g_assert_nonnull (s);
      g_assert_cmpint (lf_problems_have_errors (problems), ==, i >= 4);
    }
}

static gboolean
problem_says (GPtrArray *problems, const char *path_part, const char *text)
{
  for (guint i = 0; problems && i < problems->len; i++)
    {
      LfProblem *p = g_ptr_array_index (problems, i);
      if (p->severity == LF_SEVERITY_ERROR && strstr (p->path, path_part) && strstr (p->message, text))
        return TRUE;
    }
  return FALSE;
}

/* Scenario 43: a DynamoDB stream refuses AT_TIMESTAMP, a missing starting position and an
 * on-success destination [DDB-1, KIN-8] */
static void
test_dynamodb_validation (void)
{
#define DDB_BASE \
    "{\"format\": \"lambdaflow/1\"," \
    " \"nodes\": [{\"id\": \"t\", \"type\": \"dynamodb_table\"}, {\"id\": \"fn\", \"type\": \"lambda_function\"}," \
    "             {\"id\": \"q\", \"type\": \"sqs_queue\"}]," \
    " \"edges\": [{\"id\": \"esm\", \"type\": \"event_source_mapping\", \"from\": \"t\", \"to\": \"fn\", \"props\": {%s}} %s]}"
  g_autofree char *a = g_strdup_printf (DDB_BASE, "\"starting_position\": \"AT_TIMESTAMP\", \"starting_position_timestamp\": \"1s\"", "");
  g_autofree char *b = g_strdup_printf (DDB_BASE, "", "");
  g_autofree char *c = g_strdup_printf (DDB_BASE, "\"starting_position\": \"LATEST\"",
                                        ", {\"id\": \"ok\", \"type\": \"on_success\", \"from\": \"esm\", \"to\": \"q\"}");
  g_autofree char *fine = g_strdup_printf (DDB_BASE, "\"starting_position\": \"TRIM_HORIZON\"",
                                           ", {\"id\": \"bad\", \"type\": \"on_failure\", \"from\": \"esm\", \"to\": \"q\"}");
  g_autoptr(GPtrArray) pa = NULL;
  g_autoptr(GPtrArray) pb = NULL;
  g_autoptr(GPtrArray) pc = NULL;
  g_autoptr(GPtrArray) pf = NULL;
  g_autoptr(LfScenario) sa = lf_scenario_load_from_data (a, -1, "a", &pa, NULL);
  g_autoptr(LfScenario) sb = lf_scenario_load_from_data (b, -1, "b", &pb, NULL);
  g_autoptr(LfScenario) sc = lf_scenario_load_from_data (c, -1, "c", &pc, NULL);
  g_autoptr(LfScenario) sf = lf_scenario_load_from_data (fine, -1, "f", &pf, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LfSim) sim = NULL;

  g_assert_true (problem_says (pa, "starting_position", "Unsupported starting position for arn type"));
  g_assert_true (problem_says (pb, "starting_position", "starting_position"));
  g_assert_true (problem_says (pc, "edges[1]", "Unsupported DestinationConfig parameter for given event source mapping type"));
  g_assert_false (lf_problems_have_errors (pf));
  /* a simulation refuses to start on (a) */
  sim = lf_sim_new (sa, &error);
  g_assert_null (sim);
  g_assert_nonnull (error);
}

/* The invocations of a tumbling-window mapping, split into the window's own batches and
 * the final invocations: those carry no records [STREAM-8]. */
typedef struct {
  GPtrArray *batches;   /* invoke.start */
  GPtrArray *finals;    /* invoke.start */
  GPtrArray *final_ok;  /* invoke.start of finals that succeeded */
} Windows;

static void
split_windows (LfTestRun *run, Windows *w)
{
  g_autoptr(GHashTable) start_of = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) is_final = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) no_state = g_hash_table_new (NULL, NULL);
  JsonObject *last_start = NULL;

  w->batches = g_ptr_array_new ();
  w->finals = g_ptr_array_new ();
  w->final_ok = g_ptr_array_new ();
  for (guint i = 0; i < run->records->len; i++)
    {
      JsonObject *r = g_ptr_array_index (run->records, i);
      const char *kind = json_object_get_string_member (r, "kind");
      if (g_str_equal (kind, "invoke.start"))
        {
          gboolean done = msgs_len (r) == 0;
          g_ptr_array_add (done ? w->finals : w->batches, r);
          if (done)
            g_hash_table_add (is_final, r);
          g_hash_table_insert (start_of, (char *) json_object_get_string_member (r, "request"), r);
          last_start = r;
        }
      else if (g_str_equal (kind, "fault") && g_str_equal (json_object_get_string_member (r, "fault"), "no_state"))
        g_hash_table_add (no_state, last_start);   /* written right after its invoke.start */
      else if (g_str_equal (kind, "invoke.end") && g_str_equal (json_object_get_string_member (r, "status"), "ok"))
        {
          JsonObject *s = g_hash_table_lookup (start_of, json_object_get_string_member (r, "request"));
          if (g_hash_table_contains (no_state, s))
            continue;                                /* no state: a failure [STREAM-8] */
          if (g_hash_table_contains (is_final, s))
            g_ptr_array_add (w->final_ok, s);
        }
    }
}

static void
windows_clear (Windows *w)
{
  g_ptr_array_unref (w->batches);
  g_ptr_array_unref (w->finals);
  g_ptr_array_unref (w->final_ok);
}

/* Scenario 44: tumbling windows of 120 s: batches stay inside a window, one final
 * invocation closes each window once its records are done, the next window starts
 * afresh, and a function that returns no state fails and is retried [STREAM-8] */
static void
test_tumbling_window (void)
{
  const char *esm = "\"starting_position\": \"TRIM_HORIZON\", \"tumbling_window\": \"120s\"";
  const char *load = "{\"id\": \"w\", \"target\": \"s\", \"rate\": \"1/s\", \"count\": 180, \"partition_keys\": 3}";
  g_autoptr(LfTestRun) run = run_kinesis ("", "", esm, load, "", "5m");
  g_autoptr(LfTestRun) nostate = run_kinesis ("", "", esm, load,
                                              "{\"id\": \"ns\", \"target\": \"fn\", \"kind\": \"no_state\", \"attempts\": [1]}", "5m");
  g_autoptr(GHashTable) enq = enqueues (run);
  g_autoptr(GHashTable) ns_ok = g_hash_table_new (g_str_hash, g_str_equal);
  guint in_window[2] = { 0, 0 }, next_final = 0;
  Windows w, ns;

  split_windows (run, &w);
  g_assert_cmpuint (w.finals->len, ==, 2);
  g_assert_cmpuint (w.final_ok->len, ==, 2);
  lf_assert_near (lf_test_time_s (g_ptr_array_index (w.finals, 0)), 120.0, 1.0);
  lf_assert_near (lf_test_time_s (g_ptr_array_index (w.finals, 1)), 240.0, 1.0);
  for (guint i = 0; i < w.batches->len; i++)
    {
      JsonObject *r = g_ptr_array_index (w.batches, i);
      int win = -1;
      for (guint j = 0; j < msgs_len (r); j++)
        {
          int wj = (int) (lf_test_time_s (g_hash_table_lookup (enq, msg_at (r, j))) / 120.0);
          if (win >= 0)
            g_assert_cmpint (wj, ==, win);    /* one window per batch */
          win = wj;
          in_window[wj]++;
        }
      /* a window's batches come before its final invocation, the next window's after */
      while (next_final < 2 && lf_test_time_s (g_ptr_array_index (w.finals, next_final)) < lf_test_time_s (r))
        next_final++;
      g_assert_cmpint (next_final, ==, win);
    }
  g_assert_cmpuint (in_window[0], ==, 120);
  g_assert_cmpuint (in_window[1], ==, 60);
  g_assert_cmpuint (lf_test_count (run, "retry", "esm"), ==, 0);
  g_assert_cmpint (lf_test_report_int (run, "nodes", "s", "depth_at_end"), ==, 0);
  windows_clear (&w);

  /* no state: every first attempt fails and is retried; all records still get through,
   * and each window still ends with one successful final invocation */
  split_windows (nostate, &ns);
  g_assert_cmpuint (lf_test_count (nostate, "retry", "esm"), ==, (ns.batches->len + ns.finals->len) / 2);
  for (guint i = 0; i < ns.batches->len; i++)
    {
      JsonObject *r = g_ptr_array_index (ns.batches, i);
      if (json_object_get_int_member (r, "attempt") == 2)
        for (guint j = 0; j < msgs_len (r); j++)
          g_hash_table_add (ns_ok, (char *) msg_at (r, j));
    }
  g_assert_cmpuint (g_hash_table_size (ns_ok), ==, 180);
  g_assert_cmpuint (ns.finals->len, ==, 4);
  g_assert_cmpuint (ns.final_ok->len, ==, 2);
  g_assert_cmpint (lf_test_report_int (nostate, "nodes", "s", "depth_at_end"), ==, 0);
  windows_clear (&ns);
}

/* STREAM-8, STREAM-1, STREAM-7: a final invocation that keeps failing carries no records
 * and ends on the mapping's retry and age policy like any batch: with 2 retries, 3 final
 * invocations and the state dropped (RetryAttemptsExhausted); with retries −1 and
 * max_record_age 70 s, dropped once the window's last record (t = 14 s) is 70 s old */
static void
test_tumbling_final_fails (void)
{
  const char *load = "{\"id\": \"w\", \"target\": \"s\", \"rate\": \"1/s\", \"count\": 15, \"partition_keys\": 2},"
                     "{\"id\": \"w2\", \"target\": \"s\", \"count\": 1, \"start\": \"110s\", \"partition_keys\": 2}";
  const char *fault = "{\"id\": \"boom\", \"target\": \"fn\", \"kind\": \"error\", \"start\": \"40s\", \"stop\": \"100s\"}";
  g_autoptr(LfTestRun) retries = run_kinesis ("", "", "\"starting_position\": \"TRIM_HORIZON\", \"tumbling_window\": \"45s\","
                                              " \"max_retry_attempts\": 2", load, fault, "4m");
  g_autoptr(LfTestRun) aged = run_kinesis ("", "", "\"starting_position\": \"TRIM_HORIZON\", \"tumbling_window\": \"45s\","
                                           " \"max_record_age\": \"70s\"", load, fault, "4m");
  LfTestRun *runs[2] = { retries, aged };
  static const guint n_finals[2] = { 3, 6 };
  static const char *reasons[2] = { "RetryAttemptsExhausted", "RecordAgeExceeded" };
  static const double dropped_at[2] = { 48.3, 84.0 };

  for (guint k = 0; k < 2; k++)
    {
      LfTestRun *run = runs[k];
      g_autoptr(GPtrArray) discards = lf_test_select (run, "discard", "esm");
      Windows w;
      LfMessageCounts counts;
      JsonObject *d;

      split_windows (run, &w);
      /* the first window's failing finals, then the window of w2's record and its final */
      g_assert_cmpuint (w.finals->len, ==, n_finals[k] + 1);
      g_assert_cmpuint (w.final_ok->len, ==, 1);
      lf_assert_near (lf_test_time_s (g_ptr_array_index (w.finals, 0)), 45.0, 1e-6);
      for (guint i = 0; i < w.finals->len; i++)
        g_assert_cmpuint (msgs_len (g_ptr_array_index (w.finals, i)), ==, 0);
      /* the window's records ran once each, in their own batches, and succeeded */
      lf_sim_count_messages (run->sim, &counts);
      g_assert_cmpuint (counts.fates[LF_FATE_SUCCEEDED], ==, 16);
      g_assert_cmpuint (counts.fates[LF_FATE_DISCARDED], ==, 0);
      /* the state is dropped once, with a discard of no records and no on-failure record */
      g_assert_cmpuint (discards->len, ==, 1);
      d = g_ptr_array_index (discards, 0);
      g_assert_cmpstr (json_object_get_string_member (d, "reason"), ==, reasons[k]);
      g_assert_cmpuint (msgs_len (d), ==, 0);
      lf_assert_near (lf_test_time_s (d), dropped_at[k], 1e-6);
      g_assert_cmpuint (lf_test_count (run, "destination", "failed"), ==, 0);
      /* STREAM-4: the lane goes on: w2's record at 110 s */
      g_assert_cmpstr (msg_at (g_ptr_array_index (w.batches, w.batches->len - 1), 0), ==, "m16");
      lf_assert_near (lf_test_time_s (g_ptr_array_index (w.batches, w.batches->len - 1)), 110.0, 1.0);
      windows_clear (&w);
    }
}

/* STREAM-8, KIN-4: two mappings read one stream; the tumbling mapping's final invocation
 * runs (5 s) while the other mapping passes the window's last record: every record ends
 * succeeded, none left queued by a fate restored from before */
static void
test_tumbling_two_mappings (void)
{
  const char *json =
    "{\"format\": \"lambdaflow/1\", \"duration\": \"2m\","
    " \"nodes\": [{\"id\": \"s\", \"type\": \"kinesis_stream\"},"
    "             {\"id\": \"fa\", \"type\": \"lambda_function\", \"props\": {\"duration\": \"5s\", \"timeout\": \"10s\"}},"
    "             {\"id\": \"fb\", \"type\": \"lambda_function\"}],"
    " \"edges\": [{\"id\": \"ea\", \"type\": \"event_source_mapping\", \"from\": \"s\", \"to\": \"fa\","
    "              \"props\": {\"starting_position\": \"TRIM_HORIZON\", \"tumbling_window\": \"30s\"}},"
    "             {\"id\": \"eb\", \"type\": \"event_source_mapping\", \"from\": \"s\", \"to\": \"fb\","
    "              \"props\": {\"starting_position\": \"TRIM_HORIZON\", \"batching_window\": \"31s\"}}],"
    " \"workload\": [{\"id\": \"w\", \"target\": \"s\", \"rate\": \"1/s\", \"count\": 5}]}";
  g_autoptr(LfTestRun) run = lf_test_run (json, -1);
  JsonObject *final = NULL;
  JsonObject *fb_start = lf_test_nth (run, "invoke.start", "fb", 0);
  g_autoptr(GPtrArray) fa = lf_test_select (run, "invoke.start", "fa");
  LfMessageCounts counts;

  for (guint i = 0; i < fa->len; i++)
    if (msgs_len (g_ptr_array_index (fa, i)) == 0)
      final = g_ptr_array_index (fa, i);
  g_assert_nonnull (final);
  lf_assert_near (lf_test_time_s (final), 30.0, 1e-6);
  /* fb takes all 5 records in one batch while fa's final runs (30–35 s) */
  g_assert_cmpuint (msgs_len (fb_start), ==, 5);
  g_assert_cmpfloat (lf_test_time_s (fb_start), >, 30.0);
  g_assert_cmpfloat (lf_test_time_s (fb_start), <, 35.0);
  lf_sim_count_messages (run->sim, &counts);
  g_assert_cmpuint (counts.fates[LF_FATE_SUCCEEDED], ==, 5);
  g_assert_cmpuint (counts.fates[LF_FATE_QUEUED], ==, 0);
  g_assert_cmpint (lf_test_report_int (run, "nodes", "s", "depth_at_end"), ==, 0);
}

/* STREAM-7: a batch of 4 records that arrived 0.25 s apart fails forever with
 * max_record_age 90 s; the retry at t = 90 s (the oldest record's limit) ages out all 4,
 * since none would be young enough for the retry after it: one RecordAgeExceeded
 * discard and one on-failure record, not one record and one attempt each */
static void
test_record_age_together (void)
{
  g_autoptr(LfTestRun) run = run_kinesis ("", "", "\"starting_position\": \"TRIM_HORIZON\", \"max_record_age\": \"90s\","
                                          " \"batching_window\": \"2s\"",
                                          "{\"id\": \"w\", \"target\": \"s\", \"rate\": \"4/s\", \"count\": 4, \"partition_keys\": 1}",
                                          "{\"id\": \"boom\", \"target\": \"fn\", \"kind\": \"error\"}", "3m");
  g_autoptr(GPtrArray) discards = lf_test_select (run, "discard", "esm");
  g_autoptr(GPtrArray) starts = lf_test_select (run, "invoke.start", "fn");
  JsonObject *d, *dest, *last;

  g_assert_cmpuint (discards->len, ==, 1);
  d = g_ptr_array_index (discards, 0);
  g_assert_cmpstr (json_object_get_string_member (d, "reason"), ==, "RecordAgeExceeded");
  g_assert_cmpuint (msgs_len (d), ==, 4);
  lf_assert_near (lf_test_time_s (d), 90.0, 1e-6);
  g_assert_cmpuint (lf_test_count (run, "destination", "failed"), ==, 1);
  dest = lf_test_nth (run, "destination", "failed", 0);
  g_assert_cmpstr (json_object_get_string_member (dest, "condition"), ==, "RecordAgeExceeded");
  /* every invocation held all 4; the last began before t = 90 s */
  for (guint i = 0; i < starts->len; i++)
    g_assert_cmpuint (msgs_len (g_ptr_array_index (starts, i)), ==, 4);
  last = g_ptr_array_index (starts, starts->len - 1);
  g_assert_cmpfloat (lf_test_time_s (last), <, 90.0);
  g_assert_cmpint (json_object_get_int_member (dest, "approximate_invoke_count"), ==, (gint64) starts->len);
}

/* The most invocations of fn running at once within [from, to) s, from the trace */
static gint
max_running (LfTestRun *run, double from, double to)
{
  gint cur = 0, best = 0;

  for (guint i = 0; i < run->records->len; i++)
    {
      JsonObject *r = g_ptr_array_index (run->records, i);
      const char *kind = json_object_get_string_member (r, "kind");
      if (g_strcmp0 (json_object_get_string_member_with_default (r, "node", ""), "fn") != 0)
        continue;
      if (g_str_equal (kind, "invoke.start"))
        cur++;
      else if (g_str_equal (kind, "invoke.end"))
        cur--;
      else
        continue;
      if (lf_test_time_s (r) >= from && lf_test_time_s (r) < to)
        best = MAX (best, cur);
    }
  return best;
}

/* KIN-3, lf_sim_set: ParallelizationFactor 1 → 4 at t = 20 s, then 4 → 2 at t = 40 s on
 * one shard with 20 keys at 20 records/s and 1 s invocations: 1 invocation at a time
 * before, 4 after the first change, at most 2 after the second; every record is
 * processed exactly once and each key's records in sequence order */
static void
test_live_parallelization (void)
{
  g_autoptr(LfTestRun) run = run_kinesis ("", "\"duration\": \"1s\", \"cold_start\": \"0s\"",
                                          "\"starting_position\": \"TRIM_HORIZON\", \"batch_size\": 10",
                                          "{\"id\": \"w\", \"target\": \"s\", \"rate\": \"20/s\", \"stop\": \"60s\", \"partition_keys\": 20}",
                                          "", "20s");
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) starts = NULL;

  g_assert_true (lf_sim_set (run->sim, "esm.parallelization_factor", "4", &error));
  g_assert_no_error (error);
  lf_sim_run_until (run->sim, LF_SEC (40), 0);
  g_assert_true (lf_sim_set (run->sim, "esm.parallelization_factor", "2", &error));
  g_assert_no_error (error);
  lf_sim_run_until (run->sim, LF_MINUTE (3), 0);
  lf_test_assert_conserved (run->sim);

  g_assert_cmpint (max_running (run, 0, 20), ==, 1);
  g_assert_cmpint (max_running (run, 22, 40), ==, 4);
  g_assert_cmpint (max_running (run, 43, 180), ==, 2);
  assert_shard_and_key_order (run);
  starts = lf_test_select (run, "invoke.start", "fn");
  for (guint i = 0; i < starts->len; i++)
    {
      JsonObject *r = g_ptr_array_index (starts, i);
      for (guint j = 0; j < msgs_len (r); j++)
        {
          g_assert_false (g_hash_table_contains (seen, msg_at (r, j)));
          g_hash_table_add (seen, (char *) msg_at (r, j));
        }
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 1200);
  g_assert_cmpint (lf_sim_node_depth (run->sim, "s"), ==, 0);
}

/* STREAM-8, lf_sim_set: tumbling_window 60 s → 30 s at t = 90 s: the open window keeps
 * its end (120 s), the next ones are 30 s long: finals at 60, 120, 150 and 180 s */
static void
test_live_tumbling (void)
{
  g_autoptr(LfTestRun) run = run_kinesis ("", "", "\"starting_position\": \"TRIM_HORIZON\", \"tumbling_window\": \"60s\"",
                                          "{\"id\": \"w\", \"target\": \"s\", \"rate\": \"1/s\", \"count\": 180, \"partition_keys\": 3}",
                                          "", "90s");
  g_autoptr(GError) error = NULL;
  static const double ends[] = { 60, 120, 150, 180 };
  Windows w;

  g_assert_true (lf_sim_set (run->sim, "esm.tumbling_window", "\"30s\"", &error));
  g_assert_no_error (error);
  lf_sim_run_until (run->sim, LF_MINUTE (4), 0);
  lf_test_assert_conserved (run->sim);
  split_windows (run, &w);
  g_assert_cmpuint (w.finals->len, ==, G_N_ELEMENTS (ends));
  for (guint i = 0; i < G_N_ELEMENTS (ends); i++)
    lf_assert_near (lf_test_time_s (g_ptr_array_index (w.finals, i)), ends[i], 1e-6);
  g_assert_cmpuint (w.final_ok->len, ==, G_N_ELEMENTS (ends));
  windows_clear (&w);
  g_assert_cmpint (lf_sim_node_depth (run->sim, "s"), ==, 0);
}

/* STREAM-8: the state is limited to 1 MB per shard; a function whose state grows by
 * 100 KB per record passes it with the 11th record (1,126,400 bytes): the window ends
 * early with a final invocation right after that batch, and the window's later records
 * start a new state; 30 records in a 60 s window: early finals after records 11 and 22,
 * the last at the window's end */
static void
test_tumbling_state_cap (void)
{
  g_autoptr(LfTestRun) run = run_kinesis ("", "\"state_bytes_per_record\": \"100KB\", \"cold_start\": \"0s\"",
                                          "\"starting_position\": \"TRIM_HORIZON\", \"tumbling_window\": \"60s\"",
                                          "{\"id\": \"w\", \"target\": \"s\", \"rate\": \"1/s\", \"count\": 30, \"partition_keys\": 2}",
                                          "", "2m");
  g_autoptr(GHashTable) enq = enqueues (run);
  static const double at[] = { 10.1, 21.3, 60.0 };   /* the early final moves the poll clock */
  Windows w;

  split_windows (run, &w);
  g_assert_cmpuint (w.finals->len, ==, G_N_ELEMENTS (at));
  g_assert_cmpuint (w.final_ok->len, ==, G_N_ELEMENTS (at));
  for (guint i = 0; i < G_N_ELEMENTS (at); i++)
    lf_assert_near (lf_test_time_s (g_ptr_array_index (w.finals, i)), at[i], 1e-6);
  /* each early final comes right after the batch with the 11th record of its state */
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *f = g_ptr_array_index (w.finals, i);
      guint n = 0;
      for (guint j = 0; j < w.batches->len; j++)
        {
          JsonObject *b = g_ptr_array_index (w.batches, j);
          if (lf_test_time_s (b) < lf_test_time_s (f))
            n += msgs_len (b);
        }
      g_assert_cmpuint (n, ==, 11 * (i + 1));
    }
  g_assert_cmpuint (g_hash_table_size (enq), ==, 30);
  g_assert_cmpint (lf_test_report_int (run, "nodes", "s", "depth_at_end"), ==, 0);
  windows_clear (&w);
}

/* STREAM-3, DDB-1: with default settings a poison record blocks its DynamoDB shard until
 * the stream's fixed 24 h retention drops it; the record written at 2 h is processed
 * right after; DDB-3: max_retry_attempts 1 on a table: 2 invocations, then one on-failure
 * record for the 3 records; ESM-1: a stream mapping's batch size is 100 by default */
static void
test_dynamodb_blocked_and_failure_record (void)
{
  g_autofree char *blocked_json = scenario_json ("dynamodb_table", "", "", "\"starting_position\": \"TRIM_HORIZON\", \"batch_size\": 10",
                                                 "{\"id\": \"w\", \"target\": \"s\", \"count\": 1, \"items\": 1},"
                                                 "{\"id\": \"w2\", \"target\": \"s\", \"count\": 1, \"items\": 1, \"start\": \"2h\"}",
                                                 "{\"id\": \"p\", \"target\": \"fn\", \"kind\": \"poison\", \"match\": {\"index\": 1}}", "", "25h");
  g_autofree char *failure_json = scenario_json ("dynamodb_table", "", "", "\"starting_position\": \"TRIM_HORIZON\", \"batch_size\": 3,"
                                                 " \"max_retry_attempts\": 1, \"batching_window\": \"1s\"",
                                                 "{\"id\": \"w\", \"target\": \"s\", \"count\": 3, \"items\": 1, \"rate\": \"10/s\"}",
                                                 "{\"id\": \"b\", \"target\": \"fn\", \"kind\": \"error\"}", "", "2m");
  g_autofree char *defaults_json = scenario_json ("kinesis_stream", "", "", "\"starting_position\": \"TRIM_HORIZON\"",
                                                  "{\"id\": \"w\", \"target\": \"s\", \"count\": 230, \"arrival\": \"burst\", \"partition_keys\": 5}",
                                                  "", "", "1m");
  g_autoptr(LfTestRun) blocked = lf_test_run_untraced (blocked_json, -1);
  g_autoptr(LfTestRun) failure = lf_test_run (failure_json, -1);
  g_autoptr(LfTestRun) defaults = lf_test_run (defaults_json, -1);
  JsonObject *dest = lf_test_nth (failure, "destination", "failed", 0);
  LfMessageCounts counts;
  static const guint sizes[] = { 100, 100, 30 };

  lf_sim_count_messages (blocked->sim, &counts);
  g_assert_cmpuint (counts.fates[LF_FATE_DISCARDED], ==, 1);
  g_assert_cmpuint (counts.fates[LF_FATE_SUCCEEDED], ==, 1);
  g_assert_cmpint (lf_sim_node_depth (blocked->sim, "s"), ==, 0);
  /* the iterator waited the whole day behind the poison record [STREAM-10] */
  g_assert_cmpfloat (report_double (blocked, "edges", "esm", "max_iterator_age_ms"), >=, 22.0 * 3600 * 1000);

  g_assert_cmpuint (lf_test_count (failure, "invoke.start", "fn"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (dest, "condition"), ==, "RetryAttemptsExhausted");
  g_assert_cmpint (json_object_get_int_member (dest, "approximate_invoke_count"), ==, 2);
  g_assert_cmpuint (msgs_len (dest), ==, 3);

  g_assert_cmpuint (lf_test_count (defaults, "invoke.start", "fn"), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (msgs_len (lf_test_nth (defaults, "invoke.start", "fn", i)), ==, sizes[i]);
}

/* ESM-6, ESM-7, STREAM-6 on a stream, 7 records s1…s7, the 5th reported failed once:
 * without RBIF the report is ignored (1 invocation); with RBIF and bisect the retry is
 * only s5…s7 (the batch is bisected at the returned sequence number); an identifier not
 * in the batch fails the whole batch (s1…s7 again) */
static void
test_stream_partial_responses (void)
{
  const char *load = "{\"id\": \"w\", \"target\": \"s\", \"count\": 7, \"partition_keys\": 1, \"rate\": \"10/s\"}";
  const char *partial = "{\"id\": \"p\", \"target\": \"fn\", \"kind\": \"partial\", \"match\": {\"index\": 5}, \"attempts\": [1]}";
  const char *unknown = "{\"id\": \"p\", \"target\": \"fn\", \"kind\": \"partial\", \"identifier\": \"unknown\","
                        " \"match\": {\"index\": 5}, \"attempts\": [1]}";
  g_autoptr(LfTestRun) ignored = run_kinesis ("", "", "\"starting_position\": \"TRIM_HORIZON\", \"batch_size\": 7,"
                                              " \"batching_window\": \"2s\"", load, partial, "2m");
  g_autoptr(LfTestRun) bisected = run_kinesis ("", "", "\"starting_position\": \"TRIM_HORIZON\", \"batch_size\": 7,"
                                               " \"batching_window\": \"2s\", \"report_batch_item_failures\": true,"
                                               " \"bisect_on_error\": true", load, partial, "2m");
  g_autoptr(LfTestRun) whole = run_kinesis ("", "", "\"starting_position\": \"TRIM_HORIZON\", \"batch_size\": 7,"
                                            " \"batching_window\": \"2s\", \"report_batch_item_failures\": true", load, unknown, "2m");
  JsonObject *retry;

  g_assert_cmpuint (lf_test_count (ignored, "invoke.start", "fn"), ==, 1);
  g_assert_cmpuint (msgs_len (lf_test_nth (ignored, "invoke.start", "fn", 0)), ==, 7);
  g_assert_cmpuint (lf_test_count (ignored, "retry", "esm"), ==, 0);

  g_assert_cmpuint (lf_test_count (bisected, "invoke.start", "fn"), ==, 2);
  retry = lf_test_nth (bisected, "invoke.start", "fn", 1);
  g_assert_cmpuint (msgs_len (retry), ==, 3);
  g_assert_cmpstr (msg_at (retry, 0), ==, "m5");
  g_assert_cmpuint (lf_test_count (bisected, "bisect", "esm"), ==, 0);

  g_assert_cmpuint (lf_test_count (whole, "invoke.start", "fn"), ==, 2);
  g_assert_cmpuint (msgs_len (lf_test_nth (whole, "invoke.start", "fn", 1)), ==, 7);
}

/* Scenarios 37, 39 and 40 with other numbers: 3 shards with PF 4 run at most 12
 * invocations at once [KIN-3]; max_retry_attempts 4: 5 invocations, then one
 * RetryAttemptsExhausted record with approximate_invoke_count 5, and the next record
 * [KIN-7, STREAM-4]; bisect with no retries, batch of 5, poison 4th: 5 → 2 (ok) → 3 →
 * 1 (ok) → 2 → 1 (fails: given up, counted 4) → 1 (ok) [STREAM-5] */
static void
test_scenario_variants (void)
{
  g_autoptr(LfTestRun) pf = run_kinesis ("\"shards\": 3", "\"duration\": \"3s\", \"cold_start\": \"0s\", \"timeout\": \"5s\"",
                                         "\"starting_position\": \"TRIM_HORIZON\", \"parallelization_factor\": 4",
                                         "{\"id\": \"w\", \"target\": \"s\", \"rate\": \"60/s\", \"stop\": \"30s\", \"partition_keys\": 90}",
                                         "", "2m");
  g_autoptr(LfTestRun) retries = run_kinesis ("", "", "\"starting_position\": \"TRIM_HORIZON\", \"batch_size\": 1, \"max_retry_attempts\": 4",
                                              "{\"id\": \"w\", \"target\": \"s\", \"count\": 2, \"partition_keys\": 1}",
                                              "{\"id\": \"p\", \"target\": \"fn\", \"kind\": \"poison\", \"match\": {\"index\": 1}}", "2m");
  g_autoptr(LfTestRun) bisect = run_kinesis ("", "", "\"starting_position\": \"TRIM_HORIZON\", \"batch_size\": 5, \"bisect_on_error\": true,"
                                             " \"max_retry_attempts\": 0, \"batching_window\": \"2s\"",
                                             "{\"id\": \"w\", \"target\": \"s\", \"count\": 5, \"partition_keys\": 1, \"rate\": \"10/s\"}",
                                             "{\"id\": \"p\", \"target\": \"fn\", \"kind\": \"poison\", \"match\": {\"index\": 4}}", "2m");
  static const guint sizes[] = { 5, 2, 3, 1, 2, 1, 1 };
  JsonObject *dest;

  g_assert_cmpint (max_running (pf, 0, 120), ==, 12);
  assert_shard_and_key_order (pf);

  g_assert_cmpuint (lf_test_count (retries, "invoke.start", "fn"), ==, 6);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpstr (msg_at (lf_test_nth (retries, "invoke.start", "fn", i), 0), ==, "m1");
  g_assert_cmpstr (msg_at (lf_test_nth (retries, "invoke.start", "fn", 5), 0), ==, "m2");
  dest = lf_test_nth (retries, "destination", "failed", 0);
  g_assert_cmpstr (json_object_get_string_member (dest, "condition"), ==, "RetryAttemptsExhausted");
  g_assert_cmpint (json_object_get_int_member (dest, "approximate_invoke_count"), ==, 5);

  g_assert_cmpuint (lf_test_count (bisect, "invoke.start", "fn"), ==, G_N_ELEMENTS (sizes));
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    g_assert_cmpuint (msgs_len (lf_test_nth (bisect, "invoke.start", "fn", i)), ==, sizes[i]);
  dest = lf_test_nth (bisect, "destination", "failed", 0);
  g_assert_cmpuint (lf_test_count (bisect, "destination", "failed"), ==, 1);
  g_assert_cmpstr (msg_at (dest, 0), ==, "m4");
  g_assert_cmpuint (msgs_len (dest), ==, 1);
  g_assert_cmpint (json_object_get_int_member (dest, "approximate_invoke_count"), ==, 4);
}

/* DDB-1: DynamoDB polls 4 times a second, Kinesis once; DDB-2: an item's records in order */
static void
test_dynamodb_polling (void)
{
  const char *fn = "\"duration\": \"1ms\", \"cold_start\": \"0s\"";
  const char *esm = "\"starting_position\": \"TRIM_HORIZON\"";
  g_autofree char *ddb_json = scenario_json ("dynamodb_table", "\"stream_shards\": 2", fn, esm,
                                             "{\"id\": \"w\", \"target\": \"s\", \"rate\": \"10/s\", \"stop\": \"10s\", \"items\": 5}",
                                             "", "", "1m");
  g_autofree char *one_json = scenario_json ("dynamodb_table", "", fn, esm,
                                             "{\"id\": \"w\", \"target\": \"s\", \"count\": 1, \"start\": \"300ms\"}", "", "", "1m");
  g_autoptr(LfTestRun) ddb = lf_test_run (ddb_json, -1);
  g_autoptr(LfTestRun) one = lf_test_run (one_json, -1);
  g_autoptr(LfTestRun) kin = run_kinesis ("", fn, esm, "{\"id\": \"w\", \"target\": \"s\", \"rate\": \"10/s\", \"stop\": \"10s\", \"partition_keys\": 5}",
                                          "", "1m");
  g_autoptr(LfTestRun) kin_one = run_kinesis ("", fn, esm, "{\"id\": \"w\", \"target\": \"s\", \"count\": 1, \"start\": \"300ms\"}", "", "1m");
  g_autoptr(GHashTable) enq = enqueues (ddb);
  guint ddb_polls_shard0 = 0;
  g_autoptr(GPtrArray) polls = lf_test_select (ddb, "poll", "esm");

  for (guint i = 0; i < polls->len; i++)
    if (g_str_equal (json_object_get_string_member (g_ptr_array_index (polls, i), "shard"), "shardId-000000000000"))
      ddb_polls_shard0++;
  /* 10 s of input: ≈ 40 polls that find records per DynamoDB shard, ≈ 10 on Kinesis */
  g_assert_cmpuint (ddb_polls_shard0, >=, 36);
  g_assert_cmpuint (ddb_polls_shard0, <=, 41);
  g_assert_cmpuint (lf_test_count (kin, "poll", "esm"), >=, 9);
  g_assert_cmpuint (lf_test_count (kin, "poll", "esm"), <=, 11);
  lf_assert_near (lf_test_time_s (lf_test_nth (one, "poll", "esm", 0)), 0.5, 1e-6);
  lf_assert_near (lf_test_time_s (lf_test_nth (kin_one, "poll", "esm", 0)), 1.0, 1e-6);
  /* records per item in modification order, each exactly once */
  {
    g_autoptr(GPtrArray) starts = lf_test_select (ddb, "invoke.start", "fn");
    g_autoptr(GHashTable) last = g_hash_table_new (g_str_hash, g_str_equal);
    guint n = 0;
    for (guint i = 0; i < starts->len; i++)
      {
        JsonObject *r = g_ptr_array_index (starts, i);
        for (guint j = 0; j < msgs_len (r); j++)
          {
            const char *item = field_of (enq, msg_at (r, j), "partition_key");
            guint m = msg_num (msg_at (r, j));
            g_assert_true (g_str_has_prefix (item, "item-"));
            g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (last, item)), <, m);
            g_hash_table_insert (last, (char *) item, GUINT_TO_POINTER (m));
            n++;
          }
      }
    g_assert_cmpuint (n, ==, 100);
  }
}

/* KIN-5: records nobody passes expire after the retention, counted; KIN-4: reading does
 * not remove records — two mappings each read all of them */
static void
test_retention_and_two_readers (void)
{
  g_autoptr(LfTestRun) idle = run_kinesis ("\"retention\": \"24h\"", "", "\"starting_position\": \"TRIM_HORIZON\", \"enabled\": false",
                                           "{\"id\": \"w\", \"target\": \"s\", \"rate\": \"1/s\", \"count\": 10}", "", "25h");
  g_autoptr(LfTestRun) longer = run_kinesis ("\"retention\": \"48h\"", "", "\"starting_position\": \"TRIM_HORIZON\", \"enabled\": false",
                                             "{\"id\": \"w\", \"target\": \"s\", \"rate\": \"1/s\", \"count\": 10}", "", "25h");
  const char *two =
    "{\"format\": \"lambdaflow/1\", \"duration\": \"1m\","
    " \"nodes\": [{\"id\": \"s\", \"type\": \"kinesis_stream\", \"props\": {\"shards\": 2}},"
    "             {\"id\": \"a\", \"type\": \"lambda_function\"}, {\"id\": \"b\", \"type\": \"lambda_function\"}],"
    " \"edges\": [{\"id\": \"ea\", \"type\": \"event_source_mapping\", \"from\": \"s\", \"to\": \"a\", \"props\": {\"starting_position\": \"TRIM_HORIZON\"}},"
    "             {\"id\": \"eb\", \"type\": \"event_source_mapping\", \"from\": \"s\", \"to\": \"b\", \"props\": {\"starting_position\": \"TRIM_HORIZON\", \"batch_size\": 3}}],"
    " \"workload\": [{\"id\": \"w\", \"target\": \"s\", \"rate\": \"5/s\", \"count\": 50}]}";
  g_autoptr(LfTestRun) both = lf_test_run (two, -1);
  g_autoptr(GPtrArray) discards = lf_test_select (idle, "discard", "s");
  guint expired = 0;

  for (guint i = 0; i < discards->len; i++)
    {
      JsonObject *d = g_ptr_array_index (discards, i);
      g_assert_cmpstr (json_object_get_string_member (d, "reason"), ==, "RetentionExpired");
      lf_assert_near (lf_test_time_s (d), 86400.0 + expired, 1e-6);
      expired += msgs_len (d);
    }
  g_assert_cmpuint (expired, ==, 10);
  g_assert_cmpint (lf_test_report_int (idle, "nodes", "s", "max_depth"), ==, 10);
  g_assert_cmpint (lf_test_report_int (idle, "nodes", "s", "depth_at_end"), ==, 0);
  g_assert_cmpint (lf_test_report_int (idle, "nodes", "fn", "invocations"), ==, 0);
  /* a longer retention keeps them: still queued, depth 10, the oldest 25 h old */
  g_assert_cmpuint (lf_test_count (longer, "discard", NULL), ==, 0);
  g_assert_cmpint (lf_test_report_int (longer, "nodes", "s", "depth_at_end"), ==, 10);
  lf_assert_near (report_double (longer, "nodes", "s", "max_age_of_oldest_s"), 25 * 3600.0, 1.0);
  /* both mappings see all 50 */
  {
    g_autoptr(GPtrArray) sa = lf_test_select (both, "invoke.start", "a");
    g_autoptr(GPtrArray) sb = lf_test_select (both, "invoke.start", "b");
    guint na = 0, nb = 0;
    for (guint i = 0; i < sa->len; i++)
      na += msgs_len (g_ptr_array_index (sa, i));
    for (guint i = 0; i < sb->len; i++)
      nb += msgs_len (g_ptr_array_index (sb, i));
    g_assert_cmpuint (na, ==, 50);
    g_assert_cmpuint (nb, ==, 50);
    g_assert_cmpint (lf_test_report_int (both, "nodes", "s", "depth_at_end"), ==, 0);
  }
}

/* ESM-8: records no filter matches are discarded Filtered and the iterator moves past them */
static void
test_filters (void)
{
  g_autoptr(LfTestRun) run = run_kinesis ("", "", "\"starting_position\": \"TRIM_HORIZON\", \"filters\": [{\"pattern\": {\"partitionKey\": [\"pk-1\"]}}]",
                                          "{\"id\": \"w\", \"target\": \"s\", \"rate\": \"2/s\", \"count\": 10, \"partition_keys\": 2}",
                                          "", "1m");
  g_autoptr(GPtrArray) starts = lf_test_select (run, "invoke.start", "fn");
  g_autoptr(GPtrArray) discards = lf_test_select (run, "discard", "esm");
  guint invoked = 0, filtered = 0;

  for (guint i = 0; i < starts->len; i++)
    for (guint j = 0; j < msgs_len (g_ptr_array_index (starts, i)); j++)
      {
        g_assert_cmpuint (msg_num (msg_at (g_ptr_array_index (starts, i), j)) % 2, ==, 1);
        invoked++;
      }
  for (guint i = 0; i < discards->len; i++)
    {
      JsonObject *d = g_ptr_array_index (discards, i);
      g_assert_cmpstr (json_object_get_string_member (d, "reason"), ==, "Filtered");
      for (guint j = 0; j < msgs_len (d); j++)
        g_assert_cmpuint (msg_num (msg_at (d, j)) % 2, ==, 0);
      filtered += msgs_len (d);
    }
  g_assert_cmpuint (invoked, ==, 5);
  g_assert_cmpuint (filtered, ==, 5);
  g_assert_cmpint (lf_test_report_int (run, "nodes", "s", "depth_at_end"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (lf_test_nth (run, "checkpoint", "esm", lf_test_count (run, "checkpoint", "esm") - 1),
                                                  "sequence"), ==, "4959000000000000000000000000000010");
}

typedef struct {
  GArray *first;       /* guint32 msgs in order of their first invoke.start */
  GHashTable *seen;
  guint starts;
} Starts;

static void
collect_starts (const LfRecord *r, gpointer data)
{
  Starts *s = data;

  if (r->kind != LF_REC_INVOKE_START)
    return;
  s->starts++;
  for (guint i = 0; i < r->n_msgs; i++)
    if (!g_hash_table_contains (s->seen, GUINT_TO_POINTER (r->msgs[i])))
      {
        g_hash_table_add (s->seen, GUINT_TO_POINTER (r->msgs[i]));
        g_array_append_val (s->first, r->msgs[i]);
      }
}

/* ESM-5: disabled, a mapping polls nothing; enabled again live it resumes from its
 * checkpoint: every record once, in order */
static void
test_enable_live (void)
{
  g_autofree char *json = scenario_json ("kinesis_stream", "", "", "\"starting_position\": \"TRIM_HORIZON\", \"enabled\": false",
                                         "{\"id\": \"w\", \"target\": \"s\", \"rate\": \"1/s\", \"count\": 120, \"partition_keys\": 1}",
                                         "", "", "5m");
  g_autoptr(LfScenario) sc = lf_scenario_load_from_data (json, -1, NULL, NULL, NULL);
  g_autoptr(LfSim) sim = lf_sim_new (sc, NULL);
  g_autoptr(GError) error = NULL;
  Starts st = { g_array_new (FALSE, FALSE, sizeof (guint32)), g_hash_table_new (NULL, NULL), 0 };
  guint at_60;

  lf_sim_add_trace_func (sim, collect_starts, &st);
  lf_sim_run_until (sim, LF_MSEC (29500), 0);
  g_assert_cmpuint (st.starts, ==, 0);
  g_assert_cmpint (lf_sim_node_depth (sim, "s"), ==, 30);
  g_assert_true (lf_sim_set (sim, "esm.enabled", "true", &error));
  g_assert_no_error (error);
  lf_sim_run_until (sim, LF_SEC (60), 0);
  g_assert_cmpint (lf_sim_node_depth (sim, "s"), <=, 1);
  g_assert_true (lf_sim_set (sim, "esm.enabled", "false", &error));
  at_60 = st.starts;
  lf_sim_run_until (sim, LF_SEC (90), 0);
  g_assert_cmpuint (st.starts, <=, at_60 + 1);     /* one in flight may finish starting */
  g_assert_cmpint (lf_sim_node_depth (sim, "s"), >=, 28);
  g_assert_true (lf_sim_set (sim, "esm.enabled", "true", &error));
  lf_sim_run_until (sim, LF_SEC (300), 0);
  g_assert_cmpint (lf_sim_node_depth (sim, "s"), ==, 0);
  g_assert_cmpuint (st.first->len, ==, 120);
  for (guint i = 0; i < st.first->len; i++)
    g_assert_cmpuint (g_array_index (st.first, guint32, i), ==, i + 1);
  lf_test_assert_conserved (sim);
  g_array_unref (st.first);
  g_hash_table_unref (st.seen);
}

/* A role without read permissions: a `denied` record, no invocations, records stay */
static void
test_role_cannot_read (void)
{
#define ROLE_FMT \
    "{\"format\": \"lambdaflow/1\", \"duration\": \"1m\"," \
    " \"roles\": [{\"id\": \"r\", \"managed_policies\": [\"AWSLambdaBasicExecutionRole\" %s]}]," \
    " \"nodes\": [{\"id\": \"s\", \"type\": \"%s\"}, {\"id\": \"fn\", \"type\": \"lambda_function\", \"props\": {\"role\": \"r\"}}]," \
    " \"edges\": [{\"id\": \"esm\", \"type\": \"event_source_mapping\", \"from\": \"s\", \"to\": \"fn\", \"props\": {\"starting_position\": \"TRIM_HORIZON\"}}]," \
    " \"workload\": [{\"id\": \"w\", \"target\": \"s\", \"count\": 5}]}"
  g_autofree char *kin_bad = g_strdup_printf (ROLE_FMT, "", "kinesis_stream");
  g_autofree char *ddb_bad = g_strdup_printf (ROLE_FMT, "", "dynamodb_table");
  g_autofree char *kin_ok = g_strdup_printf (ROLE_FMT, ", \"AWSLambdaKinesisExecutionRole\"", "kinesis_stream");
  g_autofree char *ddb_ok = g_strdup_printf (ROLE_FMT, ", \"AWSLambdaDynamoDBExecutionRole\"", "dynamodb_table");
  g_autoptr(LfTestRun) kb = lf_test_run (kin_bad, -1);
  g_autoptr(LfTestRun) db = lf_test_run (ddb_bad, -1);
  g_autoptr(LfTestRun) ko = lf_test_run (kin_ok, -1);
  g_autoptr(LfTestRun) dok = lf_test_run (ddb_ok, -1);

  g_assert_cmpuint (lf_test_count (kb, "denied", "esm"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (lf_test_nth (kb, "denied", "esm", 0), "action"), ==, "kinesis:GetRecords");
  g_assert_cmpstr (json_object_get_string_member (lf_test_nth (db, "denied", "esm", 0), "action"), ==, "dynamodb:GetRecords");
  g_assert_cmpuint (lf_test_count (kb, "invoke.start", NULL), ==, 0);
  g_assert_cmpuint (lf_test_count (db, "invoke.start", NULL), ==, 0);
  g_assert_cmpint (lf_test_report_int (kb, "nodes", "s", "depth_at_end"), ==, 5);
  g_assert_cmpuint (lf_test_count (ko, "denied", NULL), ==, 0);
  g_assert_cmpint (lf_test_report_int (ko, "nodes", "s", "depth_at_end"), ==, 0);
  g_assert_cmpint (lf_test_report_int (dok, "nodes", "s", "depth_at_end"), ==, 0);
}

/* KIN-4: LATEST reads what arrives after the mapping starts, TRIM_HORIZON everything
 * retained, AT_TIMESTAMP from its timestamp */
static void
test_starting_position (void)
{
  static const struct { const char *esm; guint first, count; } cases[] = {
    { "\"starting_position\": \"LATEST\", \"enabled\": false", 31, 30 },
    { "\"starting_position\": \"TRIM_HORIZON\", \"enabled\": false", 1, 60 },
    { "\"starting_position\": \"AT_TIMESTAMP\", \"starting_position_timestamp\": \"10s\", \"enabled\": false", 11, 50 },
    { "\"starting_position\": \"AT_TIMESTAMP\", \"starting_position_timestamp\": \"10s\"", 11, 50 },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *json = scenario_json ("kinesis_stream", "", "", cases[c].esm,
                                             "{\"id\": \"w\", \"target\": \"s\", \"rate\": \"1/s\", \"count\": 60, \"partition_keys\": 1}",
                                             "", "", "3m");
      g_autoptr(LfScenario) sc = lf_scenario_load_from_data (json, -1, NULL, NULL, NULL);
      g_autoptr(LfSim) sim = lf_sim_new (sc, NULL);
      Starts st = { g_array_new (FALSE, FALSE, sizeof (guint32)), g_hash_table_new (NULL, NULL), 0 };

      lf_sim_add_trace_func (sim, collect_starts, &st);
      lf_sim_run_until (sim, LF_MSEC (29500), 0);
      g_assert_true (lf_sim_set (sim, "esm.enabled", "true", NULL));
      lf_sim_run_until (sim, LF_SEC (180), 0);
      g_assert_cmpuint (st.first->len, ==, cases[c].count);
      for (guint i = 0; i < st.first->len; i++)
        g_assert_cmpuint (g_array_index (st.first, guint32, i), ==, cases[c].first + i);
      /* records the mapping never reads stay in the stream */
      g_assert_cmpint (lf_sim_node_depth (sim, "s"), ==, 60 - cases[c].count);
      lf_test_assert_conserved (sim);
      g_array_unref (st.first);
      g_hash_table_unref (st.seen);
    }
}

/* STREAM-9: throttles are retried without spending max_retry_attempts */
static void
test_throttles (void)
{
  g_autoptr(LfTestRun) run = run_kinesis ("", "", "\"starting_position\": \"TRIM_HORIZON\", \"max_retry_attempts\": 0",
                                          "{\"id\": \"w\", \"target\": \"s\", \"count\": 3, \"partition_keys\": 1}",
                                          "{\"id\": \"t\", \"target\": \"fn\", \"kind\": \"throttle\", \"stop\": \"20s\"}", "2m");
  g_autoptr(GPtrArray) retries = lf_test_select (run, "retry", "esm");

  g_assert_cmpuint (lf_test_count (run, "throttle", "fn"), >=, 5);
  g_assert_cmpuint (retries->len, ==, lf_test_count (run, "throttle", "fn"));
  for (guint i = 0; i < retries->len; i++)
    g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (retries, i), "reason"), ==, "throttle");
  g_assert_cmpuint (lf_test_count (run, "invoke.start", "fn"), ==, 1);
  g_assert_cmpfloat (lf_test_time_s (lf_test_nth (run, "invoke.start", "fn", 0)), >=, 20.0);
  g_assert_cmpuint (lf_test_count (run, "discard", NULL), ==, 0);
  g_assert_cmpint (lf_test_report_int (run, "nodes", "s", "depth_at_end"), ==, 0);
}

/* ESM-3: a batch goes when its window ends, or sooner when it is full; the 6 MB cap */
static void
test_batching_window (void)
{
  const char *esm = "\"starting_position\": \"TRIM_HORIZON\", \"batching_window\": \"10s\", \"batch_size\": 100";
  g_autoptr(LfTestRun) few = run_kinesis ("", "", esm, "{\"id\": \"w\", \"target\": \"s\", \"count\": 3, \"partition_keys\": 1}", "", "1m");
  g_autoptr(LfTestRun) many = run_kinesis ("", "", esm, "{\"id\": \"w\", \"target\": \"s\", \"rate\": \"50/s\", \"count\": 100, \"start\": \"2s\", \"partition_keys\": 1}", "", "1m");
  g_autoptr(LfTestRun) big = run_kinesis ("", "", "\"starting_position\": \"TRIM_HORIZON\"",
                                          "{\"id\": \"w\", \"target\": \"s\", \"count\": 10, \"partition_keys\": 1, \"payload_bytes\": \"1MB\"}", "", "1m");
  JsonObject *r;

  g_assert_cmpuint (lf_test_count (few, "invoke.start", "fn"), ==, 1);
  r = lf_test_nth (few, "invoke.start", "fn", 0);
  g_assert_cmpuint (msgs_len (r), ==, 3);
  lf_assert_near (lf_test_time_s (r), 11.0, 1e-6);      /* the first poll (1 s) + the window */
  r = lf_test_nth (many, "invoke.start", "fn", 0);
  g_assert_cmpuint (msgs_len (r), ==, 100);
  g_assert_cmpfloat (lf_test_time_s (r), <, 4.1);        /* full before the window ends */
  /* 1 MB records: at most 6 per batch */
  g_assert_cmpuint (msgs_len (lf_test_nth (big, "invoke.start", "fn", 0)), ==, 6);
  g_assert_cmpuint (msgs_len (lf_test_nth (big, "invoke.start", "fn", 1)), ==, 4);
}

/* ---- property: order per partition key, nothing lost, over 200 seeds --------------- */

typedef struct {
  GHashTable *key_of;        /* msg → key + 1 */
  GHashTable *request_msgs;  /* request → GArray of msgs */
  GHashTable *done;          /* msg → 1 succeeded, 2 discarded */
  guint32     last_ok[64];
  guint32     last_first[64];
  GHashTable *started;
  guint       successes, discards;
  char       *failure;
} Prop;

static void
prop_fail (Prop *p, char *text)
{
  if (p->failure == NULL)
    p->failure = text;
  else
    g_free (text);
}

static void
prop_record (const LfRecord *r, gpointer data)
{
  Prop *p = data;

  switch (r->kind)
    {
    case LF_REC_ENQUEUE:
      if (r->partition_key)
        g_hash_table_insert (p->key_of, GUINT_TO_POINTER (r->msg), GINT_TO_POINTER (atoi (r->partition_key + 3)));
      break;
    case LF_REC_INVOKE_START:
      {
        GArray *msgs = g_array_new (FALSE, FALSE, sizeof (guint32));
        guint32 last_in_batch[64] = { 0 };
        g_array_append_vals (msgs, r->msgs, r->n_msgs);
        g_hash_table_insert (p->request_msgs, GUINT_TO_POINTER (r->request), msgs);
        for (guint i = 0; i < r->n_msgs; i++)
          {
            guint k = GPOINTER_TO_UINT (g_hash_table_lookup (p->key_of, GUINT_TO_POINTER (r->msgs[i])));
            g_assert (k > 0 && k < 64);
            if (r->msgs[i] <= last_in_batch[k])
              prop_fail (p, g_strdup_printf ("batch with m%u after m%u of key %u", r->msgs[i], last_in_batch[k], k));
            last_in_batch[k] = r->msgs[i];
            if (!g_hash_table_contains (p->started, GUINT_TO_POINTER (r->msgs[i])))
              {
                /* first deliveries never go backwards per key */
                if (r->msgs[i] < p->last_first[k])
                  prop_fail (p, g_strdup_printf ("m%u of key %u first invoked after m%u", r->msgs[i], k, p->last_first[k]));
                p->last_first[k] = MAX (p->last_first[k], r->msgs[i]);
                g_hash_table_add (p->started, GUINT_TO_POINTER (r->msgs[i]));
              }
          }
      }
      break;
    case LF_REC_INVOKE_END:
      {
        GArray *msgs = g_hash_table_lookup (p->request_msgs, GUINT_TO_POINTER (r->request));
        if (msgs == NULL || g_strcmp0 (r->status, "ok") != 0)
          break;
        for (guint i = 0; i < msgs->len; i++)
          {
            guint32 m = g_array_index (msgs, guint32, i);
            guint k = GPOINTER_TO_UINT (g_hash_table_lookup (p->key_of, GUINT_TO_POINTER (m)));
            if (g_hash_table_contains (p->done, GUINT_TO_POINTER (m)))
              prop_fail (p, g_strdup_printf ("m%u processed twice", m));
            g_hash_table_insert (p->done, GUINT_TO_POINTER (m), GUINT_TO_POINTER (1));
            if (m <= p->last_ok[k])
              prop_fail (p, g_strdup_printf ("m%u of key %u succeeded after m%u", m, k, p->last_ok[k]));
            p->last_ok[k] = m;
            p->successes++;
          }
      }
      break;
    case LF_REC_DISCARD:
      if (g_strcmp0 (r->edge, "esm") == 0)
        for (guint i = 0; i < r->n_msgs; i++)
          {
            if (g_hash_table_contains (p->done, GUINT_TO_POINTER (r->msgs[i])))
              prop_fail (p, g_strdup_printf ("m%u discarded after it was done", r->msgs[i]));
            g_hash_table_insert (p->done, GUINT_TO_POINTER (r->msgs[i]), GUINT_TO_POINTER (2));
            p->discards++;
          }
      break;
    default:
      break;
    }
}

static void
test_property (void)
{
  for (guint seed = 1; seed <= 200; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      double error_p = g_rand_double_range (rand, 0.0, 0.4);
      double throttle_p = g_rand_double_range (rand, 0.0, 0.3);
      gint64 retries = g_rand_boolean (rand) ? -1 : g_rand_int_range (rand, 0, 4);
      gboolean bisect = g_rand_boolean (rand);
      gint64 batch = g_rand_int_range (rand, 1, 25);
      g_autofree char *esm = g_strdup_printf ("\"starting_position\": \"TRIM_HORIZON\", \"parallelization_factor\": 3,"
                                              " \"batch_size\": %" G_GINT64_FORMAT ", \"bisect_on_error\": %s,"
                                              " \"max_retry_attempts\": %" G_GINT64_FORMAT,
                                              batch, bisect ? "true" : "false", retries);
      g_autofree char *faults = g_strdup_printf ("{\"id\": \"e\", \"target\": \"fn\", \"kind\": \"error\", \"probability\": %.3f},"
                                                 "{\"id\": \"t\", \"target\": \"fn\", \"kind\": \"throttle\", \"probability\": %.3f}",
                                                 error_p, throttle_p);
      g_autofree char *settings = g_strdup_printf ("\"stream_retry_backoff\": \"%ums\"", 100 + seed);
      g_autofree char *body = scenario_json ("kinesis_stream", "\"shards\": 4", "\"duration\": \"50ms\", \"cold_start\": \"10ms\"",
                                             esm, "{\"id\": \"w\", \"target\": \"s\", \"rate\": \"30/s\", \"stop\": \"20s\", \"arrival\": \"poisson\", \"partition_keys\": 40}",
                                             faults, settings, "30m");
      g_autofree char *json = g_strdup_printf ("{\"seed\": %u, %s", seed, body + 1);
      g_autoptr(LfScenario) sc = lf_scenario_load_from_data (json, -1, NULL, NULL, NULL);
      g_autoptr(LfSim) sim = lf_sim_new (sc, NULL);
      Prop p = { 0 };
      LfMessageCounts counts;
      guint published;

      g_assert_nonnull (sim);
      p.key_of = g_hash_table_new (NULL, NULL);
      p.request_msgs = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
      p.done = g_hash_table_new (NULL, NULL);
      p.started = g_hash_table_new (NULL, NULL);
      lf_sim_add_trace_func (sim, prop_record, &p);
      lf_sim_run_until (sim, lf_scenario_get_duration (sc), 0);
      lf_test_assert_conserved (sim);
      lf_sim_count_messages (sim, &counts);
      published = (guint) counts.published;
      if (p.failure)
        g_error ("seed %u: %s", seed, p.failure);
      /* every record succeeded or was given up, exactly once */
      g_assert_cmpuint (g_hash_table_size (p.done), ==, published);
      g_assert_cmpuint (p.successes + p.discards, ==, published);
      if (retries < 0)
        g_assert_cmpuint (p.discards, ==, 0);
      g_assert_cmpint (lf_sim_node_depth (sim, "s"), ==, 0);
      g_test_message ("seed %u: %u records, %u discarded, %" G_GUINT64_FORMAT " events", seed, published,
                      p.discards, lf_sim_get_events (sim));
      g_hash_table_unref (p.key_of);
      g_hash_table_unref (p.request_msgs);
      g_hash_table_unref (p.done);
      g_hash_table_unref (p.started);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/streams/shards/KIN-1/KIN-2/KIN-3", test_shards_and_parallelization);
  g_test_add_func ("/streams/blocked-shard/STREAM-1/STREAM-3/STREAM-10", test_blocked_shard);
  g_test_add_func ("/streams/retry-attempts/KIN-7/STREAM-4", test_retry_attempts);
  g_test_add_func ("/streams/bisect/STREAM-5", test_bisect);
  g_test_add_func ("/streams/rbif/STREAM-6", test_rbif);
  g_test_add_func ("/streams/record-age/STREAM-2/STREAM-7", test_record_age);
  g_test_add_func ("/streams/dynamodb-validation/DDB-1/KIN-8", test_dynamodb_validation);
  g_test_add_func ("/streams/tumbling-window/STREAM-8", test_tumbling_window);
  g_test_add_func ("/streams/tumbling-final-fails/STREAM-8/STREAM-7", test_tumbling_final_fails);
  g_test_add_func ("/streams/tumbling-two-mappings/STREAM-8/KIN-4", test_tumbling_two_mappings);
  g_test_add_func ("/streams/record-age-together/STREAM-7", test_record_age_together);
  g_test_add_func ("/streams/live-parallelization/KIN-3", test_live_parallelization);
  g_test_add_func ("/streams/live-tumbling/STREAM-8", test_live_tumbling);
  g_test_add_func ("/streams/tumbling-state-cap/STREAM-8", test_tumbling_state_cap);
  g_test_add_func ("/streams/dynamodb-blocked/STREAM-3/DDB-1/DDB-3/ESM-1", test_dynamodb_blocked_and_failure_record);
  g_test_add_func ("/streams/partial-responses/ESM-6/ESM-7/STREAM-6", test_stream_partial_responses);
  g_test_add_func ("/streams/scenario-variants/KIN-3/KIN-7/STREAM-4/STREAM-5", test_scenario_variants);
  g_test_add_func ("/streams/dynamodb-polling/DDB-1/DDB-2", test_dynamodb_polling);
  g_test_add_func ("/streams/retention/KIN-4/KIN-5", test_retention_and_two_readers);
  g_test_add_func ("/streams/filters/ESM-8", test_filters);
  g_test_add_func ("/streams/enable-live/ESM-5", test_enable_live);
  g_test_add_func ("/streams/role-cannot-read", test_role_cannot_read);
  g_test_add_func ("/streams/starting-position/KIN-4", test_starting_position);
  g_test_add_func ("/streams/throttles/STREAM-9", test_throttles);
  g_test_add_func ("/streams/batching-window/ESM-3", test_batching_window);
  g_test_add_func ("/streams/property/KIN-3/STREAM-1", test_property);
  return g_test_run ();
}
