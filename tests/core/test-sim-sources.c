/* S3, SNS, EventBridge, streams and `sends`: semantics.md scenario 45 and the
 * asynchronous sources [S3-1…5, SNS-1, EB-1, KIN-6, ASYNC-2] */
#include "lf-test-util.h"

static LfTestRun *
run_s3 (const char *bucket_props, const char *faults)
{
  g_autofree char *json = g_strdup_printf (
    "{\"format\": \"lambdaflow/1\", \"duration\": \"10m\","
    " \"nodes\": [{\"id\": \"bucket\", \"type\": \"s3_bucket\", \"props\": {\"notification_delay\": \"0s\" %s}},"
    "             {\"id\": \"fn\", \"type\": \"lambda_function\", \"props\": {\"cold_start\": \"0s\"}}],"
    " \"edges\": [{\"id\": \"n\", \"type\": \"notification\", \"from\": \"bucket\", \"to\": \"fn\"}],"
    " \"workload\": [{\"id\": \"puts\", \"target\": \"bucket\", \"count\": 2, \"rate\": \"100/s\", \"object_keys\": 1}],"
    " \"faults\": [{\"id\": \"boom\", \"target\": \"fn\", \"kind\": \"error\"} %s]}",
    bucket_props, faults);
  return lf_test_run (json, -1);
}

/* Scenario 45: two PUTs to one key 10 ms apart, a function that always fails */
static void
test_s3_two_puts (void)
{
  g_autoptr(LfTestRun) versioned = run_s3 (", \"versioning\": true", "");
  g_autoptr(LfTestRun) coalesced = run_s3 (", \"legacy_coalescing\": true", "");
  g_autoptr(LfTestRun) plain = run_s3 ("", "");
  g_autoptr(LfTestRun) versioned_coalescing = run_s3 (", \"versioning\": true, \"legacy_coalescing\": true", "");
  g_autoptr(GPtrArray) discards = lf_test_select (versioned, "discard", "fn");
  JsonObject *merged;

  /* versioned: two notifications, each its own async event with 3 attempts */
  g_assert_cmpuint (lf_test_count (versioned, "notify", "n"), ==, 2);
  g_assert_cmpuint (lf_test_count (versioned, "invoke.start", "fn"), ==, 6);
  g_assert_cmpuint (discards->len, ==, 2);
  for (guint i = 0; i < discards->len; i++)
    g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (discards, i), "reason"), ==, "RetriesExhausted");
  lf_assert_near (lf_test_time_s (lf_test_nth (versioned, "invoke.start", "fn", 2)), 60.1, 0.01);
  lf_assert_near (lf_test_time_s (lf_test_nth (versioned, "invoke.start", "fn", 4)), 180.2, 0.05);
  /* legacy coalescing on a non-versioned bucket: one notification, 3 attempts */
  g_assert_cmpuint (lf_test_count (coalesced, "notify", "n"), ==, 1);
  merged = lf_test_nth (coalesced, "notify", "n", 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (merged, "coalesced")), ==, 1);
  g_assert_cmpuint (lf_test_count (coalesced, "invoke.start", "fn"), ==, 3);
  /* default: two notifications; versioning wins over coalescing */
  g_assert_cmpuint (lf_test_count (plain, "notify", "n"), ==, 2);
  g_assert_cmpuint (lf_test_count (plain, "invoke.start", "fn"), ==, 6);
  g_assert_cmpuint (lf_test_count (versioned_coalescing, "notify", "n"), ==, 2);
}

/* S3-2: at-least-once: a duplicate fault delivers extra copies */
static void
test_s3_duplicates (void)
{
  g_autoptr(LfTestRun) run = run_s3 ("", ", {\"id\": \"dup\", \"target\": \"bucket\", \"kind\": \"duplicate\"}");
  JsonObject *copy = lf_test_nth (run, "copy", "bucket", 0);

  g_assert_cmpstr (json_object_get_string_member (copy, "why"), ==, "duplicate");
  g_assert_cmpuint (lf_test_count (run, "copy", "bucket"), ==, 2);
  g_assert_cmpuint (lf_test_count (run, "notify", "n"), ==, 4);
}

/* S3-2: the notification delay follows its distribution */
static void
test_s3_delay (void)
{
  const char *json =
    "{\"format\": \"lambdaflow/1\", \"duration\": \"10m\","
    " \"nodes\": [{\"id\": \"bucket\", \"type\": \"s3_bucket\", \"props\": {\"notification_delay\": {\"dist\": \"uniform\", \"min\": \"2s\", \"max\": \"4s\"}}},"
    "             {\"id\": \"q\", \"type\": \"sqs_queue\"}],"
    " \"edges\": [{\"id\": \"n\", \"type\": \"notification\", \"from\": \"bucket\", \"to\": \"q\"}],"
    " \"workload\": [{\"id\": \"puts\", \"target\": \"bucket\", \"count\": 200, \"rate\": \"1/s\"}]}";
  g_autoptr(LfTestRun) run = lf_test_run (json, -1);
  g_autoptr(GPtrArray) notes = lf_test_select (run, "notify", "n");
  g_autoptr(GPtrArray) puts = lf_test_select (run, "publish", "bucket");
  g_autoptr(GHashTable) put_time = g_hash_table_new (g_str_hash, g_str_equal);
  double sum = 0;

  for (guint i = 0; i < puts->len; i++)
    g_hash_table_insert (put_time, (char *) json_object_get_string_member (g_ptr_array_index (puts, i), "msg"),
                         g_ptr_array_index (puts, i));
  g_assert_cmpuint (notes->len, ==, 200);
  for (guint i = 0; i < notes->len; i++)
    {
      JsonObject *n = g_ptr_array_index (notes, i);
      JsonObject *p = g_hash_table_lookup (put_time, json_object_get_string_member (n, "parent"));
      double d = lf_test_time_s (n) - lf_test_time_s (p);
      g_assert_cmpfloat (d, >=, 2.0);
      g_assert_cmpfloat (d, <=, 4.0);
      sum += d;
    }
  lf_assert_near (sum / notes->len, 3.0, 0.2);
  g_assert_cmpint (lf_test_report_int (run, "nodes", "q", "depth_at_end"), ==, 200);
}

/* SNS-1: fan-out, one child per subscription; the parent is forwarded */
static void
test_sns_fanout (void)
{
  const char *json =
    "{\"format\": \"lambdaflow/1\", \"duration\": \"1m\","
    " \"nodes\": [{\"id\": \"topic\", \"type\": \"sns_topic\"}, {\"id\": \"fn\", \"type\": \"lambda_function\"},"
    "             {\"id\": \"q\", \"type\": \"sqs_queue\"}, {\"id\": \"lonely\", \"type\": \"sns_topic\"}],"
    " \"edges\": [{\"id\": \"s1\", \"type\": \"subscription\", \"from\": \"topic\", \"to\": \"fn\"},"
    "             {\"id\": \"s2\", \"type\": \"subscription\", \"from\": \"topic\", \"to\": \"q\"}],"
    " \"workload\": [{\"id\": \"w\", \"target\": \"topic\", \"count\": 5},"
    "              {\"id\": \"x\", \"target\": \"lonely\", \"count\": 1}]}";
  g_autoptr(LfTestRun) run = lf_test_run (json, -1);

  g_assert_cmpuint (lf_test_count (run, "notify", "s1"), ==, 5);
  g_assert_cmpuint (lf_test_count (run, "notify", "s2"), ==, 5);
  g_assert_cmpuint (lf_test_count (run, "invoke.start", "fn"), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (lf_test_nth (run, "invoke.start", "fn", 0), "path"), ==, "async");
  g_assert_cmpuint (lf_test_count (run, "enqueue", "q"), ==, 5);
  g_assert_cmpint (lf_test_report_int (run, "messages", NULL, "forwarded"), ==, 5);
  g_assert_cmpint (lf_test_report_int (run, "messages", NULL, "succeeded"), ==, 5);
  g_assert_cmpint (lf_test_report_int (run, "messages", NULL, "queued"), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (lf_test_nth (run, "discard", "lonely", 0), "reason"), ==, "NoSubscribers");
}

/* EB-1: rules with patterns: source lists, prefix, anything-but, detail fields */
static void
test_eventbridge_rules (void)
{
  const char *json =
    "{\"format\": \"lambdaflow/1\", \"duration\": \"1m\","
    " \"nodes\": [{\"id\": \"bus\", \"type\": \"eventbridge_bus\"}, {\"id\": \"a\", \"type\": \"sqs_queue\"},"
    "             {\"id\": \"b\", \"type\": \"sqs_queue\"}, {\"id\": \"c\", \"type\": \"sqs_queue\"}],"
    " \"edges\": [{\"id\": \"exact\", \"type\": \"rule\", \"from\": \"bus\", \"to\": \"a\", \"props\": {\"pattern\": {\"source\": [\"shop\"], \"detail-type\": [\"OrderPlaced\"]}}},"
    "             {\"id\": \"prefix\", \"type\": \"rule\", \"from\": \"bus\", \"to\": \"b\", \"props\": {\"pattern\": {\"source\": [{\"prefix\": \"sh\"}]}}},"
    "             {\"id\": \"but\", \"type\": \"rule\", \"from\": \"bus\", \"to\": \"c\", \"props\": {\"pattern\": {\"source\": [{\"anything-but\": [\"shop\"]}]}}}],"
    " \"workload\": [{\"id\": \"orders\", \"target\": \"bus\", \"count\": 3, \"source\": \"shop\", \"detail_type\": \"OrderPlaced\"},"
    "              {\"id\": \"refunds\", \"target\": \"bus\", \"count\": 2, \"source\": \"shop\", \"detail_type\": \"Refund\"},"
    "              {\"id\": \"crm\", \"target\": \"bus\", \"count\": 4, \"source\": \"crm\"}]}";
  g_autoptr(LfTestRun) run = lf_test_run (json, -1);

  g_assert_cmpuint (lf_test_count (run, "enqueue", "a"), ==, 3);
  g_assert_cmpuint (lf_test_count (run, "enqueue", "b"), ==, 5);
  g_assert_cmpuint (lf_test_count (run, "enqueue", "c"), ==, 4);
  g_assert_cmpuint (lf_test_count (run, "discard", "bus"), ==, 0);
}

/* KIN-6: the partition key picks the shard; sequences grow per shard */
static void
test_stream_store (void)
{
  const char *json =
    "{\"format\": \"lambdaflow/1\", \"duration\": \"1m\","
    " \"nodes\": [{\"id\": \"s\", \"type\": \"kinesis_stream\", \"props\": {\"shards\": 4}}],"
    " \"workload\": [{\"id\": \"w\", \"target\": \"s\", \"count\": 200, \"rate\": \"10/s\", \"partition_keys\": 16}]}";
  g_autoptr(LfTestRun) run = lf_test_run (json, -1);
  g_autoptr(GPtrArray) recs = lf_test_select (run, "enqueue", "s");
  g_autoptr(GHashTable) shard_of_key = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) last_seq = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  guint shards_used;

  g_assert_cmpuint (recs->len, ==, 200);
  for (guint i = 0; i < recs->len; i++)
    {
      JsonObject *r = g_ptr_array_index (recs, i);
      const char *key = json_object_get_string_member (r, "partition_key");
      const char *shard = json_object_get_string_member (r, "shard");
      const char *seq = json_object_get_string_member (r, "sequence");
      const char *prev_shard = g_hash_table_lookup (shard_of_key, key);
      const char *prev_seq = g_hash_table_lookup (last_seq, shard);
      if (prev_shard)
        g_assert_cmpstr (prev_shard, ==, shard);
      g_hash_table_insert (shard_of_key, (char *) key, (char *) shard);
      if (prev_seq)
        g_assert_cmpint (strcmp (prev_seq, seq), <, 0);
      g_hash_table_insert (last_seq, (char *) shard, g_strdup (seq));
      g_assert_true (g_str_has_prefix (shard, "shardId-00000000000"));
    }
  shards_used = g_hash_table_size (last_seq);
  g_assert_cmpuint (shards_used, >=, 3);
  g_assert_cmpuint (g_hash_table_size (shard_of_key), ==, 16);
  g_assert_cmpint (lf_test_report_int (run, "nodes", "s", "depth_at_end"), ==, 200);
}

/* `sends`: a function's code writes per_invocation messages; a role without the
 * permission is denied */
static void
test_sends_and_roles (void)
{
  const char *json =
    "{\"format\": \"lambdaflow/1\", \"duration\": \"1m\","
    " \"roles\": [{\"id\": \"r\", \"managed_policies\": [\"AWSLambdaBasicExecutionRole\"],"
    "              \"allow\": [{\"action\": \"sqs:SendMessage\", \"resource\": \"out\"}]}],"
    " \"nodes\": [{\"id\": \"c\", \"type\": \"client\"},"
    "   {\"id\": \"fn\", \"type\": \"lambda_function\", \"props\": {\"role\": \"r\"}},"
    "   {\"id\": \"out\", \"type\": \"sqs_queue\"}, {\"id\": \"other\", \"type\": \"sqs_queue\"}],"
    " \"edges\": [{\"id\": \"i\", \"type\": \"invoke\", \"from\": \"c\", \"to\": \"fn\"},"
    "   {\"id\": \"w1\", \"type\": \"sends\", \"from\": \"fn\", \"to\": \"out\", \"props\": {\"per_invocation\": 3}},"
    "   {\"id\": \"w2\", \"type\": \"sends\", \"from\": \"fn\", \"to\": \"other\"}],"
    " \"workload\": [{\"id\": \"w\", \"target\": \"c\", \"count\": 4, \"rate\": \"1/s\"}],"
    " \"faults\": [{\"id\": \"cut\", \"target\": \"fn\", \"kind\": \"deny\", \"action\": \"sqs:SendMessage\", \"start\": \"2.5s\", \"stop\": \"3.5s\"}]}";
  g_autoptr(LfTestRun) run = lf_test_run (json, -1);

  /* invocations at 0, 1, 2 s write 3 each; the one at 3 s is denied by the fault */
  g_assert_cmpuint (lf_test_count (run, "enqueue", "out"), ==, 9);
  g_assert_cmpuint (lf_test_count (run, "enqueue", "other"), ==, 0);
  g_assert_cmpuint (lf_test_count (run, "denied", "fn"), ==, 4 + 3);
  g_assert_cmpstr (json_object_get_string_member (lf_test_nth (run, "copy", "fn", 0), "why"), ==, "sends");
}

/* Faults bounded in time and by attempt */
static void
test_fault_window (void)
{
  const char *json =
    "{\"format\": \"lambdaflow/1\", \"duration\": \"5m\","
    " \"nodes\": [{\"id\": \"c\", \"type\": \"client\", \"props\": {\"retry_mode\": \"none\"}}, {\"id\": \"fn\", \"type\": \"lambda_function\"}],"
    " \"edges\": [{\"id\": \"i\", \"type\": \"invoke\", \"from\": \"c\", \"to\": \"fn\"}],"
    " \"workload\": [{\"id\": \"w\", \"target\": \"c\", \"rate\": \"1/s\", \"stop\": \"3m\"}],"
    " \"faults\": [{\"id\": \"f\", \"target\": \"fn\", \"kind\": \"error\", \"start\": \"1m\", \"stop\": \"2m\"}]}";
  g_autoptr(LfTestRun) run = lf_test_run (json, -1);

  g_assert_cmpint (lf_test_report_int (run, "nodes", "fn", "invocations"), ==, 180);
  g_assert_cmpint (lf_test_report_int (run, "nodes", "fn", "errors"), ==, 60);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sources/s3-two-puts/S3-1/S3-4/ASYNC-2", test_s3_two_puts);
  g_test_add_func ("/sources/s3-duplicates/S3-2", test_s3_duplicates);
  g_test_add_func ("/sources/s3-delay/S3-2", test_s3_delay);
  g_test_add_func ("/sources/sns-fanout/SNS-1", test_sns_fanout);
  g_test_add_func ("/sources/eventbridge-rules/EB-1", test_eventbridge_rules);
  g_test_add_func ("/sources/stream-store/KIN-6", test_stream_store);
  g_test_add_func ("/sources/sends-and-roles/ASYNC-13", test_sends_and_roles);
  g_test_add_func ("/sources/fault-window", test_fault_window);
  return g_test_run ();
}
