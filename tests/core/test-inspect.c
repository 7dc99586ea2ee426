/* Inspection: node counters, lineage and the AWS-shaped event of a message */
#include "lf-test-util.h"

#include <string.h>

static LfScenario *
fixture (const char *name)
{
  g_autofree char *path = g_build_filename (LF_TEST_SRCDIR, "..", "scenarios", "run", name, NULL);
  LfScenario *s = lf_scenario_load_from_file (path, NULL, NULL);
  g_assert_nonnull (s);
  return s;
}

static guint32
msg_id (JsonObject *record)
{
  JsonArray *msgs = json_object_get_array_member (record, "msgs");
  return (guint32) g_ascii_strtoull (json_array_get_string_element (msgs, 0) + 1, NULL, 10);
}

static JsonObject *
first_record_of (JsonNode *event)
{
  return json_array_get_object_element (json_object_get_array_member (json_node_get_object (event), "Records"), 0);
}

/* the event a function received: by the service that handed the message over */
static void
test_events_by_source (void)
{
  g_autoptr(LfScenario) s = fixture ("every-service.lflow.json");
  g_autoptr(LfTestRun) run = lf_test_run_scenario (s, LF_MINUTE (2));
  g_autoptr(JsonNode) s3 = lf_sim_message_event (run->sim, msg_id (lf_test_nth (run, "invoke.start", "thumbs", 0)));
  g_autoptr(JsonNode) rest = NULL, sns = NULL, client = NULL;
  g_autoptr(GPtrArray) worker = lf_test_select (run, "invoke.start", "worker");
  JsonObject *r;

  r = first_record_of (s3);
  g_assert_cmpstr (json_object_get_string_member (r, "eventSource"), ==, "aws:s3");
  g_assert_cmpstr (json_object_get_string_member (r, "eventName"), ==, "ObjectCreated:Put");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_object_get_object_member (r, "s3"), "bucket"), "name"),
                   ==, "photos");
  for (guint i = 0; i < worker->len && (sns == NULL || client == NULL); i++)
    {
      JsonObject *st = g_ptr_array_index (worker, i);
      const char *edge = json_object_get_string_member_with_default (st, "edge", "");
      if (g_str_equal (edge, "alert-worker") && sns == NULL)
        sns = lf_sim_message_event (run->sim, msg_id (st));
      else if (g_str_equal (edge, "m-async") && client == NULL)
        client = lf_sim_message_event (run->sim, msg_id (st));
    }
  g_assert_nonnull (sns);
  g_assert_cmpstr (json_object_get_string_member (first_record_of (sns), "EventSource"), ==, "aws:sns");
  g_assert_nonnull (client);
  g_assert_true (json_object_has_member (json_node_get_object (client), "publish"));
  {
    g_autoptr(GPtrArray) api = lf_test_select (run, "invoke.start", "api");
    for (guint i = 0; i < api->len && rest == NULL; i++)
      if (g_strcmp0 (json_object_get_string_member (g_ptr_array_index (api, i), "edge"), "rest-int") == 0)
        rest = lf_sim_message_event (run->sim, msg_id (g_ptr_array_index (api, i)));
  }
  g_assert_nonnull (rest);
  g_assert_true (json_object_has_member (json_node_get_object (rest), "httpMethod"));
  g_assert_null (lf_sim_message_event (run->sim, 0));
  g_assert_null (lf_sim_message_event (run->sim, lf_sim_message_count (run->sim) + 1));
}

static void
test_queue_records_and_stats (void)
{
  g_autoptr(LfScenario) s = fixture ("all-sources.lflow.json");
  g_autoptr(LfTestRun) run = lf_test_run_scenario (s, LF_MINUTE (1));
  g_autoptr(JsonNode) fifo = lf_sim_message_event (run->sim, msg_id (lf_test_nth (run, "invoke.start", "payment-worker", 0)));
  JsonObject *r = first_record_of (fifo);
  LfNodeStats q, fn;

  g_assert_cmpstr (json_object_get_string_member (r, "eventSource"), ==, "aws:sqs");
  g_assert_true (json_object_has_member (json_object_get_object_member (r, "attributes"), "MessageGroupId"));
  g_assert_true (lf_sim_get_node_stats (run->sim, "orders", &q));
  g_assert_cmpint (q.type, ==, LF_NODE_SQS_QUEUE);
  g_assert_cmpint (q.visible + q.in_flight, ==, q.depth);
  g_assert_cmpint (q.depth, ==, lf_sim_node_depth (run->sim, "orders"));
  g_assert_true (lf_sim_get_node_stats (run->sim, "order-worker", &fn));
  g_assert_cmpint (fn.invocations, ==, lf_test_count (run, "invoke.end", "order-worker"));
  g_assert_cmpint (fn.running, ==, lf_test_count (run, "invoke.start", "order-worker") - fn.invocations);
  g_assert_false (lf_sim_get_node_stats (run->sim, "nope", &fn));
}

/* lineage: a destination record descends from the event it describes */
static void
test_lineage (void)
{
  g_autoptr(LfScenario) s = fixture ("every-service.lflow.json");
  g_autoptr(LfTestRun) run = lf_test_run_scenario (s, LF_MINUTE (5));
  JsonObject *d = lf_test_nth (run, "destination", "failures", 0);
  guint32 record = (guint32) g_ascii_strtoull (json_object_get_string_member (d, "msg") + 1, NULL, 10);

  g_assert_cmpuint (lf_sim_message_parent (run->sim, record), ==, msg_id (d));
  g_assert_cmpint (lf_sim_message_born (run->sim, record), ==, json_object_get_int_member (d, "t"));
  g_assert_cmpint (lf_sim_message_fate (run->sim, record), ==, LF_FATE_QUEUED);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/inspect/events-by-source/S3-1/SNS-1/APIGW-1", test_events_by_source);
  g_test_add_func ("/inspect/queue-records-and-stats/SQS-1/FIFO-6", test_queue_records_and_stats);
  g_test_add_func ("/inspect/lineage", test_lineage);
  return g_test_run ();
}
