/* Inspection of the machinery inside nodes (lf-inspect.h): FIFO groups and their
 * head-of-line block, stream shards with checkpoints, bisected halves and
 * parallelization lanes, a function's async queue with retry due times and its
 * executions — at known times of the bundled scenarios, checked against the trace. */
#include "lf-test-util.h"

#include "lf-inspect.h"

static LfTestRun *
bundled (const char *name, LfTime until)
{
  g_autofree char *path = g_build_filename (LF_TEST_SRCDIR, "..", "..", "data", "scenarios", name, NULL);
  g_autoptr(LfScenario) s = lf_scenario_load_from_file (path, NULL, NULL);

  g_assert_nonnull (s);
  return lf_test_run_scenario (s, until);
}

static guint32
msg_of (const char *id)
{
  return (guint32) g_ascii_strtoull (id + 1, NULL, 10);
}

/* The first record of kind at `at` at or after t (seconds). */
static JsonObject *
first_after (LfTestRun *run, const char *kind, const char *at, double t)
{
  g_autoptr(GPtrArray) recs = lf_test_select (run, kind, at);

  for (guint i = 0; i < recs->len; i++)
    if (lf_test_time_s (g_ptr_array_index (recs, i)) >= t)
      return g_ptr_array_index (recs, i);
  g_error ("no %s at %s after %g s", kind, at, t);
  return NULL;
}

/* Scenario 15: group-2's batch fails at 10 s and waits out its 20 s visibility timeout;
 * the group is blocked, its failed head first in line, while group-1 and group-3 flow.
 * Received again at 30.4 s (receive count 2), it fails again; at 50.4 s it succeeds. */
static void
test_fifo_head_of_line (void)
{
  g_autoptr(LfTestRun) run = bundled ("15-sqs-fifo-groups.lflow.json", LF_SEC (12));
  LfQueueSnapshot q;
  LfNodeStats st;
  JsonObject *visible;
  double back;

  g_assert_true (lf_sim_inspect_queue (run->sim, "ledger-fifo", &q));
  g_assert_true (q.fifo);
  g_assert_cmpint (q.n_groups, ==, 3);
  g_assert_cmpuint (q.n_lanes, ==, 3);
  g_assert_cmpint (q.n_blocked, ==, 3);         /* each group has a batch out [FIFO-2] */
  g_assert_cmpint (q.n_failed, ==, 1);
  g_assert_true (lf_sim_get_node_stats (run->sim, "ledger-fifo", &st));
  g_assert_cmpint (q.visible, ==, st.visible);
  g_assert_cmpint (q.in_flight, ==, st.in_flight);
  g_assert_cmpint (q.visible, ==, 8);
  g_assert_cmpint (q.in_flight, ==, 7);
  for (guint i = 0; i < q.n_lanes; i++)
    {
      const LfQueueLane *l = &q.lanes[i];
      g_assert_cmpint (l->group, ==, (gint32) i);
      g_assert_true (l->blocked);
      g_assert_cmpint (l->head_failed, ==, i == 1);
      /* head first: what is out of the queue, then the visible messages in order */
      g_assert_cmpuint (l->n_cells, ==, MIN (l->visible + l->in_flight, LF_INSPECT_MAX_CELLS));
      for (guint c = 0; c < l->n_cells; c++)
        g_assert_cmpint (l->cells[c].state == LF_CELL_VISIBLE, ==, c >= (guint) l->in_flight);
      for (guint c = 1; c < l->n_cells; c++)
        g_assert_cmpuint (l->cells[c].msg, >, l->cells[c - 1].msg);
    }
  /* group-2: A1 A2 (m101, m104) returning, received once, visible again at 30.438 s */
  g_assert_cmpint (q.lanes[1].in_flight, ==, 2);
  g_assert_cmpint (q.lanes[1].visible, ==, 5);
  g_assert_cmpuint (q.lanes[1].cells[0].msg, ==, 101);
  g_assert_cmpuint (q.lanes[1].cells[1].msg, ==, 104);
  g_assert_cmpint (q.lanes[1].cells[0].state, ==, LF_CELL_RETURNING);
  g_assert_cmpuint (q.lanes[1].head_receives, ==, 1);
  lf_sim_run_until (run->sim, LF_SEC (31), 0);
  visible = first_after (run, "visible", "ledger-fifo", 12);
  back = lf_test_time_s (visible);
  lf_assert_near (back, 30.438, 0.001);
  /* put back at the head of the group last first: m104, then m101 */
  g_assert_cmpuint (msg_of (json_object_get_string_member (visible, "msg")), ==, 104);
  g_assert_cmpint (q.lanes[1].due, ==, json_object_get_int_member (visible, "t"));
  g_assert_cmpint (q.lanes[1].cells[0].due, ==, q.lanes[1].due);
  /* received again with the next group-2 messages: in flight, receive count 2 */
  g_assert_true (lf_sim_inspect_queue (run->sim, "ledger-fifo", &q));
  g_assert_false (q.lanes[1].head_failed);
  g_assert_cmpint (q.lanes[1].due, ==, -1);
  g_assert_cmpuint (q.lanes[1].cells[0].msg, ==, 101);
  g_assert_cmpint (q.lanes[1].cells[0].state, ==, LF_CELL_IN_FLIGHT);
  g_assert_cmpuint (q.lanes[1].head_receives, ==, 2);
  g_assert_cmpint (q.lanes[1].in_flight, ==, 5);
  /* fails again: back at 50.438 s; received a third time, then the group moves on */
  lf_sim_run_until (run->sim, LF_SEC (45), 0);
  g_assert_true (lf_sim_inspect_queue (run->sim, "ledger-fifo", &q));
  g_assert_true (q.lanes[1].head_failed);
  lf_assert_near (lf_time_to_seconds (q.lanes[1].due), 50.438, 0.001);
  g_assert_false (q.lanes[0].head_failed);
  g_assert_false (q.lanes[2].head_failed);
  lf_sim_run_until (run->sim, LF_SEC (52), 0);
  g_assert_true (lf_sim_inspect_queue (run->sim, "ledger-fifo", &q));
  g_assert_cmpint (q.n_failed, ==, 0);
  g_assert_cmpuint (q.lanes[1].cells[0].msg, >, 104);
  g_assert_cmpuint (q.lanes[1].head_receives, ==, 1);
  /* not a queue, not a node */
  g_assert_false (lf_sim_inspect_queue (run->sim, "post-ledger-entry", &q));
  g_assert_cmpuint (q.n_lanes, ==, 0);
  g_assert_false (lf_sim_inspect_queue (run->sim, "nope", &q));
}

/* A standard queue: one lane, out-of-queue cells first in message order. */
static void
test_standard_queue (void)
{
  g_autoptr(LfTestRun) run = bundled ("13-sqs-standard-batches.lflow.json", LF_SEC (20));
  GPtrArray *nodes = lf_scenario_get_nodes (lf_sim_get_scenario (run->sim));
  guint checked = 0;

  for (guint i = 0; i < nodes->len; i++)
    {
      LfNode *n = g_ptr_array_index (nodes, i);
      LfQueueSnapshot q;
      LfNodeStats st;
      if (n->type != LF_NODE_SQS_QUEUE)
        continue;
      g_assert_true (lf_sim_inspect_queue (run->sim, n->id, &q));
      g_assert_true (lf_sim_get_node_stats (run->sim, n->id, &st));
      g_assert_false (q.fifo);
      g_assert_cmpuint (q.n_lanes, ==, 1);
      g_assert_cmpint (q.lanes[0].group, ==, -1);
      g_assert_cmpint (q.lanes[0].visible, ==, st.visible);
      g_assert_cmpint (q.lanes[0].in_flight, ==, st.in_flight);
      for (guint c = 0; c < q.lanes[0].n_cells; c++)
        g_assert_cmpint (q.lanes[0].cells[c].state == LF_CELL_VISIBLE, ==, c >= (guint) st.in_flight);
      checked++;
    }
  g_assert_cmpuint (checked, >=, 1);
}

/* Scenario 11: the poison record blocks shard 1 of the default mapping: its checkpoint
 * stays at 12 and the same batch [13, 15] is retried ever later, while shard 0 keeps up
 * [STREAM-1, STREAM-3]. The tuned mapping bisects [STREAM-5] and moves on. */
static void
test_stream_blocked_shard (void)
{
  g_autoptr(LfTestRun) run = bundled ("11-kinesis-poison-record.lflow.json", LF_SEC (12));
  LfStreamSnapshot s, f;
  const LfStreamIterator *it;
  JsonObject *retry;

  g_assert_true (lf_sim_inspect_stream (run->sim, "orders-stream", &s));
  g_assert_false (s.ddb);
  g_assert_cmpuint (s.n_shards_total, ==, 2);
  g_assert_cmpuint (s.n_shards, ==, 2);
  g_assert_cmpuint (s.n_mappings, ==, 1);
  g_assert_cmpuint (s.pf, ==, 1);
  g_assert_cmpstr (s.shards[1].id, ==, "shardId-000000000001");
  g_assert_false (s.shards[0].blocked);
  g_assert_true (s.shards[1].blocked);
  it = &s.shards[1].iterators[0];
  g_assert_cmpstr (it->edge, ==, "index-esm");
  g_assert_cmpint (it->checkpoint, ==, 12);
  g_assert_cmpint (it->batch_first, ==, 13);
  g_assert_cmpint (it->batch_last, ==, 15);
  g_assert_cmpuint (it->batch_size, ==, 3);
  g_assert_true (it->blocked);
  g_assert_false (it->in_flight);
  g_assert_cmpint (it->retries, ==, 1);
  retry = first_after (run, "retry", "index-esm", 11);
  g_assert_cmpint (it->retry_at, ==, json_object_get_int_member (retry, "due"));
  lf_assert_near (lf_time_to_seconds (it->retry_at), 12.954, 0.001);

  lf_sim_run_until (run->sim, LF_SEC (14), 0);
  g_assert_true (lf_sim_inspect_stream (run->sim, "orders-stream-fixed", &f));
  it = &f.shards[1].iterators[0];
  g_assert_true (f.shards[1].blocked);
  g_assert_cmpint (it->batch_first, ==, 14);     /* a bisected half of one, the other waits */
  g_assert_cmpuint (it->batch_size, ==, 1);
  g_assert_cmpuint (it->waiting, ==, 1);
  g_assert_cmpint (it->checkpoint, ==, 13);
  g_assert_cmpuint (lf_test_count (run, "bisect", "index-esm-fixed"), >=, 1);

  lf_sim_run_until (run->sim, LF_SEC (120), 0);
  g_assert_true (lf_sim_inspect_stream (run->sim, "orders-stream", &s));
  it = &s.shards[1].iterators[0];
  g_assert_cmpint (it->checkpoint, ==, 12);      /* held for 108 s */
  g_assert_cmpint (it->batch_first, ==, 13);
  g_assert_cmpint (it->retries, ==, 8);
  g_assert_cmpint (s.shards[1].first, ==, 13);  /* records are kept behind it */
  g_assert_cmpint (s.shards[1].end, ==, 169);
  g_assert_cmpint (s.shards[0].iterators[0].checkpoint, ==, 69);
  g_assert_false (s.shards[0].blocked);
  g_assert_true (lf_sim_inspect_stream (run->sim, "orders-stream-fixed", &f));
  g_assert_false (f.shards[1].blocked);
  g_assert_cmpint (f.shards[1].iterators[0].checkpoint, ==, 166);
  g_assert_false (lf_sim_inspect_stream (run->sim, "index-order", &s));
}

/* Scenario 10: parallelization factor 10 gives the one shard ten lanes, most of them with
 * a batch in flight at once; per lane the batch follows the checkpoint [KIN-3]. */
static void
test_stream_parallelization (void)
{
  g_autoptr(LfTestRun) run = bundled ("10-kinesis-parallelization.lflow.json", LF_SEC (30));
  LfStreamSnapshot s;
  LfFunctionSnapshot fn;
  guint busy = 0;

  g_assert_true (lf_sim_inspect_stream (run->sim, "payments-stream-pf10", &s));
  g_assert_cmpuint (s.pf, ==, 10);
  g_assert_cmpuint (s.shards[0].n_iterators, ==, 10);
  for (guint k = 0; k < 10; k++)
    {
      const LfStreamIterator *it = &s.shards[0].iterators[k];
      g_assert_cmpuint (it->lane, ==, k);
      g_assert_false (it->blocked);
      if (it->in_flight)
        {
          busy++;
          g_assert_cmpint (it->batch_first, >, it->checkpoint);
          g_assert_cmpint (it->batch_last, <, s.shards[0].end);
        }
    }
  g_assert_true (lf_sim_inspect_function (run->sim, "score-payment-pf10", &fn));
  g_assert_cmpuint (busy, ==, 8);
  g_assert_cmpint (fn.running, ==, 8);
  g_assert_cmpint (fn.running, ==, lf_sim_node_running (run->sim, "score-payment-pf10"));
  g_assert_cmpuint (fn.n_executions, ==, 8);
  g_assert_cmpstr (fn.executions[0].path, ==, "esm");
  g_assert_true (lf_sim_inspect_stream (run->sim, "payments-stream", &s));
  g_assert_cmpuint (s.shards[0].n_iterators, ==, 1);
}

/* Scenario 4: the corrupt object's event fails at 3.8 s; its first retry is due 60 s
 * after that attempt ended, the second 120 s after the next one ended [ASYNC-2, ASYNC-3]. */
static void
test_async_retry_due (void)
{
  g_autoptr(LfTestRun) run = bundled ("04-s3-async-retries.lflow.json", LF_SEC (10));
  LfFunctionSnapshot fn;
  JsonObject *retry;

  g_assert_true (lf_sim_inspect_function (run->sim, "make-thumbnail", &fn));
  g_assert_cmpint (fn.waiting, ==, 1);
  g_assert_cmpint (fn.waiting, ==, lf_sim_node_depth (run->sim, "make-thumbnail"));
  g_assert_cmpint (fn.retrying, ==, 1);
  g_assert_cmpint (fn.backing_off, ==, 0);
  g_assert_cmpuint (fn.n_waiting, ==, 1);
  g_assert_cmpint (fn.waits[0].retries, ==, 1);
  retry = lf_test_nth (run, "retry", "make-thumbnail", 0);
  g_assert_cmpint (fn.waits[0].due, ==, json_object_get_int_member (retry, "due"));
  lf_assert_near (lf_time_to_seconds (fn.waits[0].due - json_object_get_int_member (retry, "t")), 60.0, 1e-6);
  lf_assert_near (lf_time_to_seconds (fn.waits[0].due), 63.796, 0.001);
  g_assert_cmpint (fn.running, ==, 0);
  g_assert_cmpint (fn.reserved, ==, -1);

  lf_sim_run_until (run->sim, LF_SEC (100), 0);
  g_assert_true (lf_sim_inspect_function (run->sim, "make-thumbnail", &fn));
  g_assert_cmpint (fn.waiting, ==, 1);
  g_assert_cmpint (fn.waits[0].retries, ==, 2);
  retry = lf_test_nth (run, "retry", "make-thumbnail", 1);
  lf_assert_near (lf_time_to_seconds (fn.waits[0].due - json_object_get_int_member (retry, "t")), 120.0, 1e-6);
  lf_assert_near (lf_time_to_seconds (fn.waits[0].due), 184.865, 0.001);

  lf_sim_run_until (run->sim, LF_SEC (200), 0);
  g_assert_true (lf_sim_inspect_function (run->sim, "make-thumbnail", &fn));
  g_assert_cmpint (fn.waiting, ==, 0);
  g_assert_cmpuint (fn.n_waiting, ==, 0);
  g_assert_false (lf_sim_inspect_function (run->sim, "photo-uploads", &fn));
}

/* Executions: the first invocations of a function are cold starts, in their init for
 * cold_start after they begin. */
static void
test_cold_starts (void)
{
  static const char json[] =
    "{\"format\": \"lambdaflow/1\", \"seed\": 3, \"duration\": \"10s\","
    " \"nodes\": [{\"id\": \"c\", \"type\": \"client\"},"
    "  {\"id\": \"fn\", \"type\": \"lambda_function\","
    "   \"props\": {\"duration\": \"2s\", \"cold_start\": \"500ms\", \"reserved_concurrency\": 4}}],"
    " \"edges\": [{\"id\": \"e\", \"type\": \"invoke\", \"from\": \"c\", \"to\": \"fn\","
    "   \"props\": {\"invocation_type\": \"Event\"}}],"
    " \"workload\": [{\"id\": \"w\", \"target\": \"c\", \"rate\": \"10/s\", \"count\": 6}]}";
  g_autoptr(LfTestRun) run = lf_test_run (json, LF_MSEC (250));
  LfFunctionSnapshot fn;

  g_assert_true (lf_sim_inspect_function (run->sim, "fn", &fn));
  g_assert_cmpint (fn.reserved, ==, 4);
  g_assert_cmpint (fn.running, ==, 3);              /* sent at 0, 0.1, 0.2 s */
  g_assert_cmpint (fn.cold_starting, ==, 3);
  g_assert_cmpuint (fn.n_executions, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (fn.executions[i].cold);
      g_assert_cmpint (fn.executions[i].start, ==, LF_MSEC (100) * i);
      g_assert_cmpint (fn.executions[i].ready, ==, LF_MSEC (100) * i + LF_MSEC (500));
      g_assert_cmpstr (fn.executions[i].path, ==, "async");
    }
  lf_sim_run_until (run->sim, LF_MSEC (650), 0);
  g_assert_true (lf_sim_inspect_function (run->sim, "fn", &fn));
  g_assert_cmpint (fn.running, ==, 4);              /* the reserved 4; two wait, throttled */
  g_assert_cmpint (fn.cold_starting, ==, 2);        /* the ones started at 0.2 and 0.3 s */
  g_assert_cmpint (fn.waiting, ==, 2);
  g_assert_cmpint (fn.backing_off, ==, 2);
  g_assert_cmpint (fn.waits[0].throttles, ==, 1);
  g_assert_cmpint (fn.waits[0].due, <=, fn.waits[1].due);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/inspect-machinery/fifo-head-of-line/FIFO-2/SQS-9", test_fifo_head_of_line);
  g_test_add_func ("/inspect-machinery/standard-queue/SQS-1", test_standard_queue);
  g_test_add_func ("/inspect-machinery/stream-blocked-shard/STREAM-1/STREAM-5", test_stream_blocked_shard);
  g_test_add_func ("/inspect-machinery/stream-parallelization/KIN-3", test_stream_parallelization);
  g_test_add_func ("/inspect-machinery/async-retry-due/ASYNC-2/ASYNC-3", test_async_retry_due);
  g_test_add_func ("/inspect-machinery/cold-starts/ASYNC-5", test_cold_starts);
  return g_test_run ();
}
