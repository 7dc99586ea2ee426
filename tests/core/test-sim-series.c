/* Chart series beyond gauges: an SQS queue's age of oldest message, a stream mapping's
 * iterator age [STREAM-10], and dead letters sent and received [ASYNC-13, SQS-11, KIN-7],
 * sampled every second like the others (lf_sim_get_series) */
#include "lf-test-util.h"

static gint64
sample_at (LfSim *sim, const char *id, const char *metric, int second)
{
  const GArray *a = lf_sim_get_series (sim, id, metric);
  const LfSample *s;

  g_assert_nonnull (a);
  g_assert_cmpuint (a->len, >, (guint) second);
  s = &g_array_index (a, LfSample, second);
  g_assert_cmpint (s->t, ==, LF_SEC (second));
  return s->value;
}

/* No consumer, 10 msg/s from t = 0: the oldest message is as old as the run */
static void
test_age_of_oldest_no_consumer (void)
{
  const char *json =
    "{\"format\": \"lambdaflow/1\", \"duration\": \"2m\","
    " \"nodes\": [{\"id\": \"q\", \"type\": \"sqs_queue\"}],"
    " \"edges\": [],"
    " \"workload\": [{\"id\": \"w\", \"target\": \"q\", \"rate\": \"10/s\"}]}";
  g_autoptr(LfTestRun) run = lf_test_run_untraced (json, -1);

  g_assert_cmpint (sample_at (run->sim, "q", "age_of_oldest", 0), ==, 0);
  lf_assert_near (sample_at (run->sim, "q", "age_of_oldest", 60) / 1e6, 60.0, 0.2);
  lf_assert_near (sample_at (run->sim, "q", "age_of_oldest", 120) / 1e6, 120.0, 0.2);
  /* the depth at the same instant: 10 a second */
  lf_assert_near ((double) sample_at (run->sim, "q", "depth", 60), 600.0, 10.0);
  /* no function reads a stream here, and an edge-less node has no iterator age */
  g_assert_null (lf_sim_get_series (run->sim, "q", "iterator_age"));
  /* nothing points at q as a DLQ */
  g_assert_null (lf_sim_get_series (run->sim, "q", "dlq_received"));
  g_assert_cmpint (sample_at (run->sim, "q", "dlq", 60), ==, 0);
}

/* A consumer that keeps up (100 ms a batch, 10 msg/s): messages wait at most for a poll */
static void
test_age_of_oldest_consumed (void)
{
  const char *json =
    "{\"format\": \"lambdaflow/1\", \"duration\": \"2m\","
    " \"nodes\": [{\"id\": \"q\", \"type\": \"sqs_queue\"},"
    "             {\"id\": \"fn\", \"type\": \"lambda_function\", \"props\": {\"duration\": \"100ms\"}}],"
    " \"edges\": [{\"id\": \"esm\", \"type\": \"event_source_mapping\", \"from\": \"q\", \"to\": \"fn\"}],"
    " \"workload\": [{\"id\": \"w\", \"target\": \"q\", \"rate\": \"10/s\"}]}";
  g_autoptr(LfTestRun) run = lf_test_run_untraced (json, -1);
  const GArray *age = lf_sim_get_series (run->sim, "q", "age_of_oldest");

  g_assert_nonnull (age);
  g_assert_cmpuint (age->len, ==, 121);
  for (guint i = 10; i < age->len; i++)
    g_assert_cmpint (g_array_index (age, LfSample, i).value, <, LF_SEC (1));
  g_assert_null (lf_sim_get_series (run->sim, "fn", "iterator_age"));
}

/* Messages back after a visibility timeout sit behind newer ones; the oldest is still
 * found (the ring is walked): every receive fails, VT 30 s, no redrive */
static void
test_age_of_oldest_returned (void)
{
  const char *json =
    "{\"format\": \"lambdaflow/1\", \"duration\": \"5m\","
    " \"nodes\": [{\"id\": \"q\", \"type\": \"sqs_queue\", \"props\": {\"visibility_timeout\": \"30s\"}},"
    "             {\"id\": \"fn\", \"type\": \"lambda_function\", \"props\": {\"duration\": \"100ms\"}}],"
    " \"edges\": [{\"id\": \"esm\", \"type\": \"event_source_mapping\", \"from\": \"q\", \"to\": \"fn\", \"props\": {\"batch_size\": 1}}],"
    " \"workload\": [{\"id\": \"w\", \"target\": \"q\", \"rate\": \"1/s\", \"stop\": \"1s\"}],"
    " \"faults\": [{\"id\": \"e\", \"target\": \"fn\", \"kind\": \"error\"}]}";
  g_autoptr(LfTestRun) run = lf_test_run_untraced (json, -1);
  const GArray *age = lf_sim_get_series (run->sim, "q", "age_of_oldest");
  gint64 max = 0;

  /* two messages (t = 0 s, 1 s), received at once, visible again 30 s later, and so on:
   * while they are visible the age is that of the first */
  for (guint i = 0; i < age->len; i++)
    {
      const LfSample *s = &g_array_index (age, LfSample, i);
      g_assert_cmpint (s->value, <=, s->t);
      max = MAX (max, s->value);
    }
  g_assert_cmpint (max, >, LF_SEC (30));
}

/* Scenario 38 shortened: a poisoned record blocks shard 0 of 1; the iterator age, read
 * when each retry finishes, grows with the run [STREAM-10] */
static void
test_iterator_age_blocked_shard (void)
{
  const char *json =
    "{\"format\": \"lambdaflow/1\", \"duration\": \"20m\","
    " \"nodes\": [{\"id\": \"s\", \"type\": \"kinesis_stream\", \"props\": {\"shards\": 1}},"
    "             {\"id\": \"fn\", \"type\": \"lambda_function\", \"props\": {\"duration\": \"100ms\"}}],"
    " \"edges\": [{\"id\": \"esm\", \"type\": \"event_source_mapping\", \"from\": \"s\", \"to\": \"fn\","
    "              \"props\": {\"starting_position\": \"TRIM_HORIZON\", \"batch_size\": 10}}],"
    " \"workload\": [{\"id\": \"w\", \"target\": \"s\", \"rate\": \"1/s\"}],"
    " \"faults\": [{\"id\": \"p\", \"target\": \"fn\", \"kind\": \"poison\", \"match\": {\"index\": 5}}]}";
  g_autoptr(LfTestRun) run = lf_test_run_untraced (json, -1);
  double at[3] = { 300, 600, 1200 };

  /* healthy before the poison: the last record of a batch is at most a second or two old */
  g_assert_cmpint (sample_at (run->sim, "esm", "iterator_age", 4), <, LF_SEC (2));
  for (guint i = 0; i < G_N_ELEMENTS (at); i++)
    {
      /* the batch holding record 5 (put at ≈ 5 s, the batch's last a few seconds later)
       * is retried at most 30 s apart: age ≈ t − 5 s, within a retry interval */
      double edge = sample_at (run->sim, "esm", "iterator_age", (int) at[i]) / 1e6;
      double fn = sample_at (run->sim, "fn", "iterator_age", (int) at[i]) / 1e6;
      lf_assert_near (edge, at[i] - 5 - 15, 16);
      g_assert_cmpfloat (fn, ==, edge);
    }
  /* linear: the slope between 10 and 20 minutes is about 1 s per s */
  lf_assert_near ((sample_at (run->sim, "esm", "iterator_age", 1200) -
                   sample_at (run->sim, "esm", "iterator_age", 600)) / 1e6, 600, 31);
}

/* ASYNC-13 and the on-failure destination: 4 events that always fail go to the function's
 * DLQ and on-failure queue once they have had their 3 attempts (≈ 0, 60, 180 s) */
static void
test_dlq_async (void)
{
  const char *json =
    "{\"format\": \"lambdaflow/1\", \"duration\": \"10m\","
    " \"nodes\": [{\"id\": \"c\", \"type\": \"client\"},"
    "             {\"id\": \"fn\", \"type\": \"lambda_function\"},"
    "             {\"id\": \"dlq\", \"type\": \"sqs_queue\"}, {\"id\": \"failed\", \"type\": \"sqs_queue\"}],"
    " \"edges\": [{\"id\": \"i\", \"type\": \"invoke\", \"from\": \"c\", \"to\": \"fn\", \"props\": {\"invocation_type\": \"Event\"}},"
    "             {\"id\": \"d\", \"type\": \"dlq\", \"from\": \"fn\", \"to\": \"dlq\"},"
    "             {\"id\": \"f\", \"type\": \"on_failure\", \"from\": \"fn\", \"to\": \"failed\"}],"
    " \"workload\": [{\"id\": \"w\", \"target\": \"c\", \"count\": 4, \"arrival\": \"burst\"}],"
    " \"faults\": [{\"id\": \"e\", \"target\": \"fn\", \"kind\": \"error\"}]}";
  g_autoptr(LfTestRun) run = lf_test_run_untraced (json, -1);

  g_assert_cmpint (sample_at (run->sim, "fn", "dlq", 60), ==, 0);
  g_assert_cmpint (sample_at (run->sim, "dlq", "dlq_received", 60), ==, 0);
  /* afterwards: 4 events in the DLQ and 4 records at the destination, 8 from fn */
  g_assert_cmpint (sample_at (run->sim, "fn", "dlq", 600), ==, 8);
  g_assert_cmpint (sample_at (run->sim, "dlq", "dlq_received", 600), ==, 4);
  g_assert_cmpint (sample_at (run->sim, "failed", "dlq_received", 600), ==, 4);
  g_assert_cmpint (sample_at (run->sim, "dlq", "depth", 600), ==, 4);
  g_assert_null (lf_sim_get_series (run->sim, "c", "dlq"));
}

/* SQS-11: a queue whose consumer always fails redrives every message on the receive after
 * max_receive_count (2): the source queue counts them as sent, the DLQ queue as received */
static void
test_dlq_redrive (void)
{
  const char *json =
    "{\"format\": \"lambdaflow/1\", \"duration\": \"5m\","
    " \"nodes\": [{\"id\": \"q\", \"type\": \"sqs_queue\", \"props\": {\"visibility_timeout\": \"10s\"}},"
    "             {\"id\": \"dead\", \"type\": \"sqs_queue\"},"
    "             {\"id\": \"fn\", \"type\": \"lambda_function\", \"props\": {\"duration\": \"100ms\"}}],"
    " \"edges\": [{\"id\": \"esm\", \"type\": \"event_source_mapping\", \"from\": \"q\", \"to\": \"fn\", \"props\": {\"batch_size\": 1}},"
    "             {\"id\": \"rd\", \"type\": \"redrive\", \"from\": \"q\", \"to\": \"dead\", \"props\": {\"max_receive_count\": 2}}],"
    " \"workload\": [{\"id\": \"w\", \"target\": \"q\", \"count\": 5, \"arrival\": \"burst\"}],"
    " \"faults\": [{\"id\": \"e\", \"target\": \"fn\", \"kind\": \"error\"}]}";
  g_autoptr(LfTestRun) run = lf_test_run_untraced (json, -1);

  g_assert_cmpint (sample_at (run->sim, "q", "dlq", 5), ==, 0);
  g_assert_cmpint (sample_at (run->sim, "q", "dlq", 299), ==, 5);
  g_assert_cmpint (sample_at (run->sim, "dead", "dlq_received", 299), ==, 5);
  g_assert_cmpint (sample_at (run->sim, "dead", "depth", 299), ==, 5);
  g_assert_cmpint (sample_at (run->sim, "fn", "dlq", 299), ==, 0);
  /* the redriven messages were about 20 s old when they left (2 receives, VT 10 s) and
   * the dead-letter queue keeps their first send time (they keep their ids) */
  g_assert_cmpint (sample_at (run->sim, "q", "age_of_oldest", 299), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/series/age-of-oldest/no-consumer", test_age_of_oldest_no_consumer);
  g_test_add_func ("/series/age-of-oldest/consumed", test_age_of_oldest_consumed);
  g_test_add_func ("/series/age-of-oldest/returned", test_age_of_oldest_returned);
  g_test_add_func ("/series/iterator-age/STREAM-10-blocked-shard", test_iterator_age_blocked_shard);
  g_test_add_func ("/series/dlq/ASYNC-13-async", test_dlq_async);
  g_test_add_func ("/series/dlq/SQS-11-redrive", test_dlq_redrive);
  return g_test_run ();
}
