/* The designer's commands in core: connection rules against the spec's edge table
 * (spec/scenario-format.md "Edges"), connect's AWS defaults and role policies, cascading
 * removal, undo groups, and a property test over 1,000 seeds of random command sequences
 * with random undo/redo. */
#include "lf-test-util.h"

#include <gio/gio.h>
#include <string.h>

#include "lf-error.h"
#include "lf-history.h"

#define NT(t) (1u << (t))

/* ---------------------------------------------------------------------------------------
 * Helpers
 */

static LfScenario *
load (const char *json)
{
  g_autoptr(GError) error = NULL;
  LfScenario *scenario = lf_scenario_load_from_data (json, -1, NULL, NULL, &error);

  g_assert_no_error (error);
  return scenario;
}

static char *
errors_text (LfScenario *scenario)
{
  g_autoptr(GPtrArray) problems = lf_scenario_validate (scenario);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      LfProblem *problem = g_ptr_array_index (problems, i);

      if (problem->severity == LF_SEVERITY_ERROR)
        g_string_append_printf (text, "%s: %s\n", problem->path, problem->message);
    }
  return g_string_free (text, FALSE);
}

static gboolean
has_type (GArray *types, LfEdgeType type)
{
  for (guint i = 0; i < types->len; i++)
    if (g_array_index (types, LfEdgeType, i) == type)
      return TRUE;
  return FALSE;
}

static void
assert_refused (LfScenario *scenario, const char *from, const char *to, const char *reason)
{
  g_autofree char *why = NULL;
  g_autoptr(GArray) types = lf_scenario_edge_types_between (scenario, from, to, &why);

  g_assert_cmpuint (types->len, ==, 0);
  g_assert_nonnull (why);
  if (strstr (why, reason) == NULL)
    g_error ("%s → %s: expected a reason with “%s”, got “%s”", from, to, reason, why);
}

/* ---------------------------------------------------------------------------------------
 * Connection rules: every node-type pair against the spec's table
 */

#define FN NT (LF_NODE_LAMBDA_FUNCTION)
#define QT (NT (LF_NODE_SQS_QUEUE) | NT (LF_NODE_SNS_TOPIC))
#define SERVICES ((1u << LF_N_NODE_TYPES) - 2u - NT (LF_NODE_CLIENT))

/* Transcribed from the spec, not from the validator */
static const struct {
  LfEdgeType type;
  guint      from, to;
} spec_edges[] = {
  { LF_EDGE_INVOKE, NT (LF_NODE_CLIENT), FN },
  { LF_EDGE_INTEGRATION, NT (LF_NODE_API_GATEWAY) | NT (LF_NODE_ALB), FN },
  { LF_EDGE_NOTIFICATION, NT (LF_NODE_S3_BUCKET), FN | QT },
  { LF_EDGE_SUBSCRIPTION, NT (LF_NODE_SNS_TOPIC), FN | NT (LF_NODE_SQS_QUEUE) },
  { LF_EDGE_RULE, NT (LF_NODE_EVENTBRIDGE_BUS), FN | QT },
  { LF_EDGE_EVENT_SOURCE_MAPPING,
    NT (LF_NODE_KINESIS_STREAM) | NT (LF_NODE_DYNAMODB_TABLE) | NT (LF_NODE_SQS_QUEUE), FN },
  { LF_EDGE_DLQ, FN, QT },
  { LF_EDGE_ON_SUCCESS, FN, QT | FN | NT (LF_NODE_EVENTBRIDGE_BUS) },
  { LF_EDGE_ON_FAILURE, FN, QT | FN | NT (LF_NODE_EVENTBRIDGE_BUS) | NT (LF_NODE_S3_BUCKET) },
  { LF_EDGE_REDRIVE, NT (LF_NODE_SQS_QUEUE), NT (LF_NODE_SQS_QUEUE) },
  { LF_EDGE_SENDS, FN, SERVICES },
};

static void
test_rules_table (void)
{
  guint pairs = 0, legal = 0;

  for (LfNodeType a = 1; a < LF_N_NODE_TYPES; a++)
    for (LfNodeType b = 1; b < LF_N_NODE_TYPES; b++)
      {
        g_autoptr(LfScenario) scenario = lf_scenario_new ();
        g_autoptr(GArray) types = NULL;
        g_autofree char *why = NULL;
        guint expected = 0;

        lf_scenario_add_node (scenario, "a", a, 0, 0);
        lf_scenario_add_node (scenario, "b", b, 200, 0);
        for (guint i = 0; i < G_N_ELEMENTS (spec_edges); i++)
          if ((spec_edges[i].from & NT (a)) && (spec_edges[i].to & NT (b)))
            expected |= 1u << spec_edges[i].type;
        types = lf_scenario_edge_types_between (scenario, "a", "b", &why);
        pairs++;
        for (LfEdgeType t = 1; t < LF_N_EDGE_TYPES; t++)
          {
            if (has_type (types, t) != ((expected & (1u << t)) != 0))
              g_error ("%s → %s: %s is %s by the spec", lf_node_type_to_string (a),
                       lf_node_type_to_string (b), lf_edge_type_to_string (t),
                       (expected & (1u << t)) ? "legal" : "illegal");
          }
        /* in the spec's table order */
        for (guint i = 1; i < types->len; i++)
          g_assert_cmpint (g_array_index (types, LfEdgeType, i - 1), <,
                           g_array_index (types, LfEdgeType, i));
        if (types->len == 0)
          {
            g_assert_nonnull (why);
            g_assert_nonnull (strstr (why, "["));   /* names a rule */
          }
        else
          g_assert_null (why);

        /* every legal type connects, with a valid result */
        for (guint i = 0; i < types->len; i++)
          {
            g_autofree char *text = lf_scenario_to_data (scenario, NULL);
            g_autoptr(LfScenario) copy = load (text);
            g_autoptr(GError) error = NULL;
            LfEdge *edge = lf_scenario_connect (copy, "a", "b",
                                                g_array_index (types, LfEdgeType, i), &error);
            g_autofree char *errors = NULL;

            g_assert_no_error (error);
            g_assert_nonnull (edge);
            errors = errors_text (copy);
            if (*errors != '\0')
              g_error ("%s → %s by %s: %s", lf_node_type_to_string (a), lf_node_type_to_string (b),
                       lf_edge_type_to_string (edge->type), errors);
            legal++;
          }
        /* and every other type is refused with a reason */
        for (LfEdgeType t = 1; t < LF_N_EDGE_TYPES; t++)
          if (!has_type (types, t))
            {
              g_autoptr(GError) error = NULL;

              g_assert_null (lf_scenario_connect (scenario, "a", "b", t, &error));
              g_assert_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE);
            }
        g_assert_cmpuint (lf_scenario_get_edges (scenario)->len, ==, 0);
      }
  g_assert_cmpuint (pairs, ==, 100);
  g_assert_cmpuint (legal, >, 30);
}

/* the examples of issue 6 */
static void
test_rules_fifo (void)
{
  g_autoptr(LfScenario) scenario = load (
    "{\"format\": \"lambdaflow/1\", \"nodes\": ["
    " {\"id\": \"photos\", \"type\": \"s3_bucket\"},"
    " {\"id\": \"jobs\", \"type\": \"sqs_queue\", \"props\": {\"fifo\": true}},"
    " {\"id\": \"news\", \"type\": \"sns_topic\", \"props\": {\"fifo\": true}},"
    " {\"id\": \"worker\", \"type\": \"lambda_function\"}]}");
  g_autoptr(GArray) types = NULL;
  g_autoptr(GError) error = NULL;

  /* S3-5 */
  assert_refused (scenario, "photos", "jobs", "an SQS FIFO queue cannot receive S3 notifications");
  assert_refused (scenario, "photos", "jobs", "[S3-5]");
  assert_refused (scenario, "photos", "news", "an SNS FIFO topic cannot receive S3 notifications");

  /* ASYNC-13: no DLQ to a FIFO queue; destinations and sends stay (AWS accepts them) */
  types = lf_scenario_edge_types_between (scenario, "worker", "jobs", NULL);
  g_assert_false (has_type (types, LF_EDGE_DLQ));
  g_assert_true (has_type (types, LF_EDGE_ON_FAILURE));
  g_assert_true (has_type (types, LF_EDGE_SENDS));
  g_assert_null (lf_scenario_connect (scenario, "worker", "jobs", LF_EDGE_DLQ, &error));
  g_assert_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "a DLQ must be a standard queue or topic"));
  g_assert_nonnull (strstr (error->message, "[ASYNC-13]"));
}

static void
test_rules_single_dlq (void)
{
  g_autoptr(LfScenario) scenario = load (
    "{\"format\": \"lambdaflow/1\", \"nodes\": ["
    " {\"id\": \"worker\", \"type\": \"lambda_function\"},"
    " {\"id\": \"a\", \"type\": \"sqs_queue\"}, {\"id\": \"b\", \"type\": \"sqs_queue\"}]}");
  g_autoptr(GArray) types = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (lf_scenario_connect (scenario, "worker", "a", LF_EDGE_DLQ, &error));
  types = lf_scenario_edge_types_between (scenario, "worker", "b", NULL);
  g_assert_false (has_type (types, LF_EDGE_DLQ));
  g_assert_true (has_type (types, LF_EDGE_ON_FAILURE));
  g_assert_null (lf_scenario_connect (scenario, "worker", "b", LF_EDGE_DLQ, &error));
  g_assert_nonnull (strstr (error->message, "already has a `dlq` edge; AWS keeps one [ASYNC-13]"));
}

static void
test_rules_redrive (void)
{
  g_autoptr(LfScenario) scenario = load (
    "{\"format\": \"lambdaflow/1\", \"nodes\": ["
    " {\"id\": \"orders\", \"type\": \"sqs_queue\", \"props\": {\"fifo\": true}},"
    " {\"id\": \"dead\", \"type\": \"sqs_queue\"}]}");

  assert_refused (scenario, "orders", "dead", "must be a FIFO queue; `dead` is standard [SQS-11]");
  assert_refused (scenario, "orders", "nowhere", "no node has id `nowhere`");

  /* a pair no edge type joins: what the source does connect to, with the rules */
  lf_scenario_add_node (scenario, "shop", LF_NODE_CLIENT, 0, 0);
  assert_refused (scenario, "shop", "dead", "no edge joins a client to an sqs_queue: a client "
                  "connects to lambda_function by `invoke` [INV-1]");
  assert_refused (scenario, "dead", "shop", "an sqs_queue connects to lambda_function by "
                  "`event_source_mapping` [INV-2]; to sqs_queue by `redrive` [SQS-11]");
}

static void
test_rules_esm_on_failure (void)
{
  g_autoptr(LfScenario) scenario = load (
    "{\"format\": \"lambdaflow/1\", \"nodes\": ["
    " {\"id\": \"clicks\", \"type\": \"kinesis_stream\"},"
    " {\"id\": \"orders\", \"type\": \"sqs_queue\"},"
    " {\"id\": \"worker\", \"type\": \"lambda_function\"},"
    " {\"id\": \"failed\", \"type\": \"sqs_queue\"},"
    " {\"id\": \"other\", \"type\": \"lambda_function\"}]}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) types = NULL;
  g_autofree char *errors = NULL;
  LfEdge *esm, *sqs_esm, *edge;

  esm = lf_scenario_connect (scenario, "clicks", "worker", LF_EDGE_EVENT_SOURCE_MAPPING, &error);
  g_assert_no_error (error);
  sqs_esm = lf_scenario_connect (scenario, "orders", "worker", LF_EDGE_EVENT_SOURCE_MAPPING, &error);
  g_assert_no_error (error);

  types = lf_scenario_edge_types_between (scenario, esm->id, "failed", NULL);
  g_assert_cmpuint (types->len, ==, 1);
  g_assert_cmpint (g_array_index (types, LfEdgeType, 0), ==, LF_EDGE_ON_FAILURE);
  assert_refused (scenario, esm->id, "other", "[KIN-8]");
  assert_refused (scenario, sqs_esm->id, "failed", "[SQS-11, ASYNC-14]");
  edge = lf_scenario_connect (scenario, esm->id, "failed", LF_EDGE_ON_FAILURE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (edge->from, ==, esm->id);
  assert_refused (scenario, esm->id, "failed", "AWS keeps one [KIN-8]");
  errors = errors_text (scenario);
  g_assert_cmpstr (errors, ==, "");
}

static void
test_rules_visibility (void)
{
  g_autoptr(LfScenario) scenario = load (
    "{\"format\": \"lambdaflow/1\", \"nodes\": ["
    " {\"id\": \"orders\", \"type\": \"sqs_queue\"},"
    " {\"id\": \"worker\", \"type\": \"lambda_function\", \"props\": {\"timeout\": \"60s\"}}]}");

  assert_refused (scenario, "orders", "worker", "[SQS-4]");
}

/* ---------------------------------------------------------------------------------------
 * connect: AWS's defaults and the role's policies, undoably
 */

static void
test_connect_defaults (void)
{
  g_autoptr(LfScenario) scenario = load (
    "{\"format\": \"lambdaflow/1\", \"nodes\": ["
    " {\"id\": \"clicks\", \"type\": \"kinesis_stream\"},"
    " {\"id\": \"table\", \"type\": \"dynamodb_table\"},"
    " {\"id\": \"orders\", \"type\": \"sqs_queue\"},"
    " {\"id\": \"worker\", \"type\": \"lambda_function\"}]}");
  g_autoptr(GError) error = NULL;
  LfEdge *k, *d, *q;

  k = lf_scenario_connect (scenario, "clicks", "worker", LF_EDGE_EVENT_SOURCE_MAPPING, &error);
  d = lf_scenario_connect (scenario, "table", "worker", LF_EDGE_EVENT_SOURCE_MAPPING, &error);
  q = lf_scenario_connect (scenario, "orders", "worker", LF_EDGE_EVENT_SOURCE_MAPPING, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (k->id, ==, "clicks-worker");
  g_assert_cmpint (lf_props_get_int (k->props, "batch_size", 0), ==, 100);
  g_assert_cmpstr (lf_props_get_string (k->props, "starting_position", NULL), ==, "TRIM_HORIZON");
  g_assert_cmpint (lf_props_get_int (d->props, "batch_size", 0), ==, 100);
  g_assert_cmpstr (lf_props_get_string (d->props, "starting_position", NULL), ==, "TRIM_HORIZON");
  g_assert_cmpint (lf_props_get_int (q->props, "batch_size", 0), ==, 10);
  g_assert_false (lf_props_has (q->props, "starting_position"));
}

static const char *role_scenario =
  "{\"format\": \"lambdaflow/1\", \"nodes\": ["
  " {\"id\": \"orders\", \"type\": \"sqs_queue\"},"
  " {\"id\": \"worker\", \"type\": \"lambda_function\", \"props\": {\"role\": \"worker-role\"}},"
  " {\"id\": \"failed\", \"type\": \"sqs_queue\"},"
  " {\"id\": \"alerts\", \"type\": \"sns_topic\"}],"
  " \"roles\": [{\"id\": \"worker-role\", \"managed_policies\": [\"AWSLambdaBasicExecutionRole\"]}]}";

static guint
count_lacks (LfScenario *scenario)
{
  g_autoptr(GPtrArray) problems = lf_scenario_validate (scenario);
  guint n = 0;

  for (guint i = 0; i < problems->len; i++)
    n += strstr (((LfProblem *) g_ptr_array_index (problems, i))->message, " lacks ") != NULL;
  return n;
}

static void
connect_cb (LfScenario *scenario, gpointer data)
{
  const char *const *args = data;
  g_autoptr(GError) error = NULL;

  lf_scenario_connect (scenario, args[0], args[1], lf_edge_type_from_string (args[2]), &error);
  g_assert_no_error (error);
}

/* ASYNC-13: the role gains the ESM's managed policy and an allow for the DLQ; undo removes them */
static void
test_connect_role (void)
{
  g_autoptr(LfScenario) scenario = load (role_scenario);
  g_autoptr(LfHistory) history = lf_history_new (scenario);
  g_autofree char *original = lf_scenario_to_data (scenario, NULL);
  g_autofree char *now = NULL;
  LfRole *role;
  LfAllow *allow;

  g_assert_true (lf_history_apply (history, "Connect", connect_cb,
                                   (const char *[]) { "orders", "worker", "event_source_mapping" }));
  g_assert_true (lf_history_apply (history, "Connect", connect_cb,
                                   (const char *[]) { "worker", "failed", "dlq" }));
  g_assert_true (lf_history_apply (history, "Connect", connect_cb,
                                   (const char *[]) { "worker", "alerts", "sends" }));
  role = lf_scenario_find_role (scenario, "worker-role");
  g_assert_true (g_strv_contains ((const char *const *) role->managed_policies,
                                  "AWSLambdaSQSQueueExecutionRole"));
  g_assert_cmpuint (g_strv_length (role->managed_policies), ==, 2);
  g_assert_cmpuint (role->allow->len, ==, 2);
  allow = g_ptr_array_index (role->allow, 0);
  g_assert_cmpstr (allow->action, ==, "sqs:SendMessage");
  g_assert_cmpstr (allow->resource, ==, "failed");
  allow = g_ptr_array_index (role->allow, 1);
  g_assert_cmpstr (allow->action, ==, "sns:Publish");
  g_assert_cmpstr (allow->resource, ==, "alerts");
  g_assert_cmpuint (count_lacks (scenario), ==, 0);

  /* a second ESM from a queue needs nothing more */
  lf_scenario_add_node (scenario, "more", LF_NODE_SQS_QUEUE, 0, 0);
  g_assert_nonnull (lf_scenario_connect (scenario, "more", "worker", LF_EDGE_EVENT_SOURCE_MAPPING, NULL));
  role = lf_scenario_find_role (scenario, "worker-role");
  g_assert_cmpuint (g_strv_length (role->managed_policies), ==, 2);

  /* undo: each command is one step, the policy goes with its edge */
  for (guint i = 0; i < 5; i++)
    g_assert_true (lf_history_undo (history));
  g_assert_false (lf_history_can_undo (history));
  now = lf_scenario_to_data (scenario, NULL);
  g_assert_cmpstr (now, ==, original);
  role = lf_scenario_find_role (scenario, "worker-role");
  g_assert_cmpuint (g_strv_length (role->managed_policies), ==, 1);
  g_assert_cmpuint (role->allow->len, ==, 0);
}

/* an automatic role (no role prop) is left alone: it grants what the edges need */
static void
test_connect_automatic_role (void)
{
  g_autoptr(LfScenario) scenario = load (
    "{\"format\": \"lambdaflow/1\", \"nodes\": ["
    " {\"id\": \"orders\", \"type\": \"sqs_queue\"},"
    " {\"id\": \"worker\", \"type\": \"lambda_function\"}]}");

  g_assert_nonnull (lf_scenario_connect (scenario, "orders", "worker", LF_EDGE_EVENT_SOURCE_MAPPING, NULL));
  g_assert_cmpuint (lf_scenario_get_roles (scenario)->len, ==, 0);
}

/* ---------------------------------------------------------------------------------------
 * remove_node, remove_edge
 */

static const char *cascade_scenario =
  "{\"format\": \"lambdaflow/1\", \"nodes\": ["
  " {\"id\": \"clicks\", \"type\": \"kinesis_stream\"},"
  " {\"id\": \"worker\", \"type\": \"lambda_function\", \"props\": {\"role\": \"r\"}},"
  " {\"id\": \"failed\", \"type\": \"sqs_queue\"},"
  " {\"id\": \"spill\", \"type\": \"s3_bucket\"}],"
  " \"edges\": ["
  " {\"id\": \"esm\", \"type\": \"event_source_mapping\", \"from\": \"clicks\", \"to\": \"worker\","
  "  \"props\": {\"starting_position\": \"LATEST\"}},"
  " {\"id\": \"esm-fail\", \"type\": \"on_failure\", \"from\": \"esm\", \"to\": \"spill\"},"
  " {\"id\": \"dlq\", \"type\": \"dlq\", \"from\": \"worker\", \"to\": \"failed\"}],"
  " \"roles\": [{\"id\": \"r\", \"managed_policies\": [\"AWSLambdaKinesisExecutionRole\"],"
  "  \"allow\": [{\"action\": \"sqs:SendMessage\", \"resource\": \"failed\"},"
  "             {\"action\": \"s3:PutObject\", \"resource\": \"spill\"}]}],"
  " \"workload\": [{\"id\": \"load\", \"target\": \"clicks\", \"rate\": \"5/s\"}],"
  " \"faults\": [{\"id\": \"boom\", \"target\": \"worker\", \"kind\": \"error\"},"
  "             {\"id\": \"slow\", \"target\": \"failed\", \"kind\": \"duplicate\", \"probability\": 0.1}],"
  " \"walkthrough\": {\"steps\": [{\"title\": \"t\", \"highlight\": [\"clicks\", \"worker\", \"esm-fail\"],"
  "  \"focus\": \"worker\", \"until\": {\"kind\": \"invoke.end\", \"node\": \"worker\"}}]}}";

static void
count_changed (LfScenario *scenario, guint flags, guint *count)
{
  (*count)++;
}

static void
test_remove_node_cascade (void)
{
  g_autoptr(LfScenario) scenario = load (cascade_scenario);
  g_autofree char *errors = errors_text (scenario);
  g_autofree char *data = NULL;
  JsonObject *step;
  LfRole *role;
  guint changes = 0;

  g_assert_cmpstr (errors, ==, "");
  g_signal_connect (scenario, "changed", G_CALLBACK (count_changed), &changes);

  /* the function: its ESM, the ESM's on_failure, its DLQ edge, its fault, walkthrough refs */
  g_assert_true (lf_scenario_remove_node (scenario, "worker"));
  g_assert_cmpuint (changes, ==, 1);
  g_assert_null (lf_scenario_find_node (scenario, "worker"));
  g_assert_cmpuint (lf_scenario_get_edges (scenario)->len, ==, 0);
  g_assert_cmpuint (json_array_get_length (lf_scenario_get_faults (scenario)), ==, 1);
  g_assert_cmpuint (json_array_get_length (lf_scenario_get_workload (scenario)), ==, 1);
  step = json_array_get_object_element (json_object_get_array_member (
           json_node_get_object (lf_scenario_get_walkthrough (scenario)), "steps"), 0);
  g_assert_false (json_object_has_member (step, "focus"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (step, "highlight")), ==, 1);
  g_assert_false (json_object_has_member (json_object_get_object_member (step, "until"), "node"));
  g_assert_cmpstr (lf_props_get_string (json_object_get_object_member (step, "until"), "kind", NULL),
                   ==, "invoke.end");

  /* a queue: its fault and the role's allow on it */
  g_assert_true (lf_scenario_remove_node (scenario, "failed"));
  g_assert_cmpuint (json_array_get_length (lf_scenario_get_faults (scenario)), ==, 0);
  role = lf_scenario_find_role (scenario, "r");
  g_assert_cmpuint (role->allow->len, ==, 1);
  g_assert_true (lf_scenario_remove_node (scenario, "clicks"));
  g_assert_cmpuint (json_array_get_length (lf_scenario_get_workload (scenario)), ==, 0);
  g_assert_false (lf_scenario_remove_node (scenario, "clicks"));
  g_assert_cmpuint (changes, ==, 3);

  g_clear_pointer (&errors, g_free);
  errors = errors_text (scenario);
  g_assert_cmpstr (errors, ==, "");
  data = lf_scenario_to_data (scenario, NULL);
  g_assert_null (strstr (data, "worker"));
  g_assert_null (strstr (data, "failed"));
}

/* KIN-8: removing an ESM edge removes its on-failure destination edge */
static void
test_remove_edge_cascade (void)
{
  g_autoptr(LfScenario) scenario = load (cascade_scenario);
  g_autofree char *errors = NULL;

  g_assert_true (lf_scenario_remove_edge (scenario, "esm"));
  g_assert_null (lf_scenario_find_edge (scenario, "esm-fail"));
  g_assert_nonnull (lf_scenario_find_edge (scenario, "dlq"));
  g_assert_false (lf_scenario_remove_edge (scenario, "esm"));
  errors = errors_text (scenario);
  g_assert_cmpstr (errors, ==, "");
}

static void
test_unique_id (void)
{
  g_autoptr(LfScenario) scenario = load (cascade_scenario);
  g_autofree char *a = lf_scenario_unique_id (scenario, "worker");
  g_autofree char *b = lf_scenario_unique_id (scenario, "queue");
  g_autofree char *c = lf_scenario_unique_id (scenario, "boom");   /* a fault */
  g_autofree char *d = lf_scenario_unique_id (scenario, "r");      /* a role */
  g_autofree char *e = NULL;

  g_assert_cmpstr (a, ==, "worker-2");
  g_assert_cmpstr (b, ==, "queue");
  g_assert_cmpstr (c, ==, "boom-2");
  g_assert_cmpstr (d, ==, "r-2");
  lf_scenario_add_node (scenario, "worker-2", LF_NODE_LAMBDA_FUNCTION, 0, 0);
  e = lf_scenario_unique_id (scenario, "worker");
  g_assert_cmpstr (e, ==, "worker-3");
}

/* rename in place: every reference follows */
static void
test_rename (void)
{
  g_autoptr(LfScenario) scenario = load (cascade_scenario);
  g_autoptr(GError) error = NULL;
  g_autofree char *errors = NULL;
  g_autofree char *data = NULL;

  g_assert_true (lf_scenario_rename_id (scenario, "worker", "handler", &error));
  g_assert_true (lf_scenario_rename_id (scenario, "esm", "clicks-map", &error));
  g_assert_true (lf_scenario_rename_id (scenario, "failed", "dead", &error));
  g_assert_true (lf_scenario_rename_id (scenario, "r", "handler-role", &error));
  g_assert_no_error (error);
  g_assert_false (lf_scenario_rename_id (scenario, "handler", "dead", &error));
  g_assert_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (lf_scenario_rename_id (scenario, "handler", "has.dot", &error));
  g_assert_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (lf_scenario_rename_id (scenario, "nobody", "x", &error));
  g_assert_error (error, LF_ERROR, LF_ERROR_UNKNOWN_PATH);

  errors = errors_text (scenario);
  g_assert_cmpstr (errors, ==, "");
  data = lf_scenario_to_data (scenario, NULL);
  g_assert_null (strstr (data, "\"worker\""));
  g_assert_null (strstr (data, "\"esm\""));
  g_assert_null (strstr (data, "\"failed\""));
  g_assert_null (strstr (data, "\"r\""));
  g_assert_cmpstr (lf_scenario_find_edge (scenario, "esm-fail")->from, ==, "clicks-map");
  g_assert_cmpstr (lf_props_get_string (lf_scenario_find_node (scenario, "handler")->props, "role",
                                        NULL), ==, "handler-role");
}

/* duplicate within a scenario, and paste into another (another window) */
static void
test_copy_paste (void)
{
  g_autoptr(LfScenario) scenario = load (cascade_scenario);
  g_autoptr(LfScenario) other = lf_scenario_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *clip = NULL;
  g_autofree char *clip2 = NULL;
  g_autofree char *errors = NULL;
  g_auto(GStrv) ids = NULL;
  g_auto(GStrv) ids2 = NULL;
  LfNode *node;
  LfEdge *edge;

  /* duplicate: fresh ids, offset, the edge between them, the role kept */
  clip = lf_scenario_copy (scenario, (const char *[]) { "worker", "failed", NULL });
  g_assert_true (lf_scenario_paste (scenario, clip, strlen (clip), 20, 10, &ids, &error));
  g_assert_no_error (error);
  g_assert_cmpstrv (ids, ((const char *[]) { "worker-2", "failed-2", NULL }));
  node = lf_scenario_find_node (scenario, "worker-2");
  g_assert_cmpfloat (node->x, ==, lf_scenario_find_node (scenario, "worker")->x + 20);
  g_assert_cmpstr (lf_props_get_string (node->props, "role", NULL), ==, "r");
  edge = lf_scenario_find_edge (scenario, "dlq-2");
  g_assert_nonnull (edge);
  g_assert_cmpstr (edge->from, ==, "worker-2");
  g_assert_cmpstr (edge->to, ==, "failed-2");
  g_assert_cmpuint (lf_scenario_get_edges (scenario)->len, ==, 4);
  /* props are copies, not shared */
  json_object_set_string_member (node->props, "timeout", "9s");
  g_assert_false (lf_props_has (lf_scenario_find_node (scenario, "worker")->props, "timeout"));
  errors = errors_text (scenario);
  g_assert_cmpstr (errors, ==, "");

  /* into another scenario: an ESM and its on_failure [KIN-8]; the unknown role is dropped */
  clip2 = lf_scenario_copy (scenario, (const char *[]) { "spill", "clicks", "worker", NULL });
  g_assert_true (lf_scenario_paste (other, clip2, strlen (clip2), 0, 0, &ids2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (ids2), ==, 3);
  g_assert_nonnull (lf_scenario_find_edge (other, "esm"));
  g_assert_cmpstr (lf_scenario_find_edge (other, "esm-fail")->from, ==, "esm");
  g_assert_false (lf_props_has (lf_scenario_find_node (other, "worker")->props, "role"));
  g_clear_pointer (&errors, g_free);
  errors = errors_text (other);
  g_assert_cmpstr (errors, ==, "");

  g_assert_false (lf_scenario_paste (other, "not json", 8, 0, 0, NULL, &error));
  g_assert_nonnull (error);
}

/* restore keeps the object: views keep their pointer */
static void
test_restore (void)
{
  g_autoptr(LfScenario) scenario = load (cascade_scenario);
  g_autoptr(LfScenario) other = load (role_scenario);
  g_autofree char *text = lf_scenario_to_data (other, NULL);
  g_autofree char *now = NULL;
  g_autoptr(GError) error = NULL;
  guint changes = 0;

  g_signal_connect (scenario, "changed", G_CALLBACK (count_changed), &changes);
  g_assert_true (lf_scenario_restore (scenario, text, strlen (text), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes, ==, 1);
  now = lf_scenario_to_data (scenario, NULL);
  g_assert_cmpstr (now, ==, text);
  g_assert_false (lf_scenario_restore (scenario, "{", 1, &error));
  g_assert_nonnull (error);
  g_clear_pointer (&now, g_free);
  now = lf_scenario_to_data (scenario, NULL);
  g_assert_cmpstr (now, ==, text);
  g_assert_cmpuint (changes, ==, 1);
}

/* ---------------------------------------------------------------------------------------
 * History: groups, rollback, dirty, labels, notifications
 */

static void
count_notify (GObject *object, GParamSpec *pspec, GHashTable *counts)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, pspec->name));

  g_hash_table_insert (counts, (gpointer) pspec->name, GUINT_TO_POINTER (n + 1));
}

static guint
notified (GHashTable *counts, const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (counts, name));
}

static void
test_history_groups (void)
{
  g_autoptr(LfScenario) scenario = load (role_scenario);
  g_autoptr(LfHistory) history = lf_history_new (scenario);
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autofree char *original = lf_scenario_to_data (scenario, NULL);
  g_autofree char *moved = NULL;
  g_autofree char *now = NULL;

  g_signal_connect (history, "notify", G_CALLBACK (count_notify), counts);
  g_assert_false (lf_history_is_dirty (history));
  g_assert_false (lf_history_can_undo (history));

  /* a drag: many moves, one step */
  g_assert_true (lf_history_begin (history, "Move", &error));
  g_assert_true (lf_history_in_group (history));
  g_assert_false (lf_history_begin (history, "Connect", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_clear_error (&error);
  for (int i = 1; i <= 20; i++)
    lf_scenario_move_node (scenario, "worker", 10 * i, 5 * i);
  g_assert_true (lf_history_is_dirty (history));
  g_assert_false (lf_history_undo (history));   /* refused inside a group */
  g_assert_true (lf_history_commit (history));
  g_assert_cmpuint (lf_history_get_n_undo (history), ==, 1);
  g_assert_cmpstr (lf_history_get_undo_label (history), ==, "Move");
  g_assert_true (lf_history_is_dirty (history));
  g_assert_cmpuint (notified (counts, "can-undo"), ==, 1);
  g_assert_cmpuint (notified (counts, "dirty"), ==, 1);
  g_assert_cmpuint (notified (counts, "in-group"), ==, 2);
  moved = lf_scenario_to_data (scenario, NULL);

  /* a drag that ends where it began records nothing */
  g_assert_true (lf_history_begin (history, "Move", NULL));
  lf_scenario_move_node (scenario, "worker", 0, 0);
  lf_scenario_move_node (scenario, "worker", 200, 100);
  g_assert_false (lf_history_commit (history));
  g_assert_cmpuint (lf_history_get_n_undo (history), ==, 1);

  /* Escape: rollback restores the state at begin */
  g_assert_true (lf_history_begin (history, "Connect", NULL));
  g_assert_nonnull (lf_scenario_connect (scenario, "worker", "failed", LF_EDGE_DLQ, NULL));
  lf_history_rollback (history);
  now = lf_scenario_to_data (scenario, NULL);
  g_assert_cmpstr (now, ==, moved);
  g_assert_cmpuint (lf_history_get_n_undo (history), ==, 1);

  /* a command outside a group is its own step */
  g_assert_true (lf_scenario_set_label (scenario, "worker", "Wörker ✓"));
  g_assert_cmpuint (lf_history_get_n_undo (history), ==, 2);
  g_assert_cmpstr (lf_history_get_undo_label (history), ==, "Change");

  /* save, undo (dirty), redo (clean again) */
  lf_history_mark_saved (history);
  g_assert_false (lf_history_is_dirty (history));
  g_assert_true (lf_history_undo (history));
  g_assert_true (lf_history_is_dirty (history));
  g_assert_cmpstr (lf_history_get_redo_label (history), ==, "Change");
  g_assert_true (lf_history_redo (history));
  g_assert_false (lf_history_is_dirty (history));
  g_assert_false (lf_history_can_redo (history));

  /* an edit made without a signal is caught before undo, as its own step */
  json_object_set_string_member (lf_scenario_find_node (scenario, "worker")->props, "timeout", "5s");
  g_assert_true (lf_history_undo (history));
  g_assert_cmpuint (lf_history_get_n_undo (history), ==, 2);
  g_assert_cmpstr (lf_props_get_string (lf_scenario_find_node (scenario, "worker")->props,
                                        "timeout", "3s"), ==, "3s");
  while (lf_history_undo (history))
    ;
  g_clear_pointer (&now, g_free);
  now = lf_scenario_to_data (scenario, NULL);
  g_assert_cmpstr (now, ==, original);
  g_assert_true (lf_history_is_dirty (history));

  lf_history_clear (history);
  g_assert_false (lf_history_can_undo (history));
  g_assert_false (lf_history_can_redo (history));
  g_assert_false (lf_history_is_dirty (history));
}

static void
test_history_bounded (void)
{
  g_autoptr(LfScenario) scenario = load (role_scenario);
  g_autoptr(LfHistory) history = lf_history_new (scenario);
  guint n = 0;

  for (int i = 0; i < LF_HISTORY_MAX_STEPS + 50; i++)
    lf_scenario_move_node (scenario, "worker", i + 1, 0);
  g_assert_cmpuint (lf_history_get_n_undo (history), ==, LF_HISTORY_MAX_STEPS);
  while (lf_history_undo (history))
    n++;
  g_assert_cmpuint (n, ==, LF_HISTORY_MAX_STEPS);
  g_assert_cmpfloat (lf_scenario_find_node (scenario, "worker")->x, ==, 50);
}

/* ---------------------------------------------------------------------------------------
 * Property: random command sequences with random undo/redo, 1,000 seeds
 */

static const char *const dangling[] = {
  "no node has id", "no node or event source mapping edge has id", "no role has id", NULL
};

static void
add_id (GHashTable *seen, const char *id)
{
  if (id == NULL)
    return;
  if (!g_hash_table_add (seen, (gpointer) id))
    g_error ("id `%s` is used twice", id);
}

static void
add_item_ids (GHashTable *seen, JsonArray *array)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    add_id (seen, lf_props_get_string (json_array_get_object_element (array, i), "id", NULL));
}

static void
check_invariants (LfScenario *scenario, guint32 seed, guint step)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) problems = lf_scenario_validate (scenario);
  g_autofree char *data = lf_scenario_to_data (scenario, NULL);
  g_autoptr(LfScenario) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *again = NULL;

  /* ids unique across nodes, edges, roles, workload and faults */
  for (guint i = 0; i < lf_scenario_get_nodes (scenario)->len; i++)
    add_id (seen, ((LfNode *) g_ptr_array_index (lf_scenario_get_nodes (scenario), i))->id);
  for (guint i = 0; i < lf_scenario_get_edges (scenario)->len; i++)
    add_id (seen, ((LfEdge *) g_ptr_array_index (lf_scenario_get_edges (scenario), i))->id);
  for (guint i = 0; i < lf_scenario_get_roles (scenario)->len; i++)
    add_id (seen, ((LfRole *) g_ptr_array_index (lf_scenario_get_roles (scenario), i))->id);
  add_item_ids (seen, lf_scenario_get_workload (scenario));
  add_item_ids (seen, lf_scenario_get_faults (scenario));

  /* references valid */
  for (guint i = 0; i < problems->len; i++)
    {
      LfProblem *problem = g_ptr_array_index (problems, i);

      for (guint d = 0; dangling[d] != NULL; d++)
        if (strstr (problem->message, dangling[d]) != NULL)
          g_error ("seed %u step %u: %s: %s\n%s", seed, step, problem->path, problem->message, data);
    }

  /* save / load round trip (lf_scenario_equal compares these texts) */
  reloaded = lf_scenario_load_from_data (data, -1, NULL, NULL, &error);
  g_assert_no_error (error);
  again = lf_scenario_to_data (reloaded, NULL);
  if (strcmp (data, again) != 0)
    g_error ("seed %u step %u: the round trip differs", seed, step);
}

static const char *const type_prefix[LF_N_NODE_TYPES] = {
  NULL, "client", "api", "alb", "bucket", "topic", "bus", "stream", "table", "queue", "fn"
};

static const struct {
  LfNodeType  type;
  const char *key;
  const char *values[4];
} prop_choices[] = {
  { LF_NODE_LAMBDA_FUNCTION, "timeout", { "1s", "3s", "40s", NULL } },
  { LF_NODE_LAMBDA_FUNCTION, "memory_mb", { "128", "1024", NULL } },
  { LF_NODE_LAMBDA_FUNCTION, "reserved_concurrency", { "0", "5", "null", NULL } },
  { LF_NODE_SQS_QUEUE, "visibility_timeout", { "30s", "5s", "null", NULL } },
  { LF_NODE_SQS_QUEUE, "fifo", { "true", "false", NULL } },
  { LF_NODE_SNS_TOPIC, "fifo", { "true", "false", NULL } },
  { LF_NODE_S3_BUCKET, "versioning", { "true", "false", NULL } },
  { LF_NODE_KINESIS_STREAM, "shards", { "1", "4", NULL } },
  { LF_NODE_DYNAMODB_TABLE, "stream_shards", { "1", "2", NULL } },
  { LF_NODE_API_GATEWAY, "api_type", { "rest", "http", NULL } },
  { LF_NODE_ALB, "multi_value_headers", { "true", "false", NULL } },
  { LF_NODE_CLIENT, "retry_mode", { "standard", "none", NULL } },
};

static const char *const labels[] = { "Orders", "Wörker ✓", "", "a \"quoted\" label", NULL };

static LfNode *
random_node (LfScenario *scenario, GRand *rand)
{
  GPtrArray *nodes = lf_scenario_get_nodes (scenario);

  return nodes->len > 0 ? g_ptr_array_index (nodes, g_rand_int_range (rand, 0, (gint32) nodes->len))
                        : NULL;
}

static void
random_connect (LfScenario *scenario, GRand *rand, LfHistory *history)
{
  GPtrArray *edges = lf_scenario_get_edges (scenario);
  LfNode *to = random_node (scenario, rand);
  g_autofree char *from_id = NULL;
  g_autofree char *to_id = NULL;
  g_autofree char *why = NULL;
  g_autoptr(GArray) types = NULL;
  g_autoptr(GError) error = NULL;

  if (to == NULL)
    return;
  to_id = g_strdup (to->id);
  if (edges->len > 0 && g_rand_int_range (rand, 0, 5) == 0)
    from_id = g_strdup (((LfEdge *) g_ptr_array_index (edges, g_rand_int_range (rand, 0, (gint32) edges->len)))->id);
  else
    from_id = g_strdup (random_node (scenario, rand)->id);
  types = lf_scenario_edge_types_between (scenario, from_id, to_id, &why);
  if (types->len == 0)
    {
      g_autofree char *before = lf_scenario_to_data (scenario, NULL);
      g_autofree char *after = NULL;
      LfEdgeType type = g_rand_int_range (rand, 1, LF_N_EDGE_TYPES);

      g_assert_nonnull (why);
      g_assert_null (lf_scenario_connect (scenario, from_id, to_id, type, &error));
      g_assert_nonnull (error);
      after = lf_scenario_to_data (scenario, NULL);
      g_assert_cmpstr (before, ==, after);
      return;
    }
  g_assert_true (lf_history_begin (history, "Connect", NULL));
  g_assert_nonnull (lf_scenario_connect (scenario, from_id, to_id,
                                         g_array_index (types, LfEdgeType,
                                                        g_rand_int_range (rand, 0, (gint32) types->len)),
                                         &error));
  g_assert_no_error (error);
  g_assert_true (lf_history_commit (history));
}

static void
random_step (LfScenario *scenario, LfHistory *history, GRand *rand)
{
  LfNode *node = random_node (scenario, rand);
  GPtrArray *edges = lf_scenario_get_edges (scenario);

  switch (g_rand_int_range (rand, 0, 13))
    {
    case 0:
      {
        LfNodeType type = g_rand_int_range (rand, 1, LF_N_NODE_TYPES);
        g_autofree char *id = lf_scenario_unique_id (scenario, type_prefix[type]);

        g_assert_true (lf_history_begin (history, "Add", NULL));
        lf_scenario_add_node (scenario, id, type, g_rand_int_range (rand, 0, 800),
                              g_rand_double_range (rand, 0, 600));
        g_assert_true (lf_history_commit (history));
        break;
      }
    case 1:
      if (node != NULL)
        {
          g_autofree char *id = g_strdup (node->id);

          g_assert_true (lf_history_begin (history, "Delete", NULL));
          g_assert_true (lf_scenario_remove_node (scenario, id));
          g_assert_true (lf_history_commit (history));
        }
      break;
    case 2:
      if (edges->len > 0)
        {
          LfEdge *edge = g_ptr_array_index (edges, g_rand_int_range (rand, 0, (gint32) edges->len));
          g_autofree char *id = g_strdup (edge->id);

          g_assert_true (lf_scenario_remove_edge (scenario, id));
        }
      break;
    case 3:
      if (node != NULL)
        {
          g_autofree char *id = g_strdup (node->id);
          g_autofree char *before = lf_scenario_to_data (scenario, NULL);
          gboolean cancel = g_rand_int_range (rand, 0, 4) == 0;

          g_assert_true (lf_history_begin (history, "Move", NULL));
          for (int i = 0; i < 5; i++)
            lf_scenario_move_node (scenario, id, node->x + g_rand_int_range (rand, -50, 50),
                                   node->y + g_rand_int_range (rand, -50, 50));
          if (cancel)
            {
              g_autofree char *after = NULL;

              lf_history_rollback (history);
              after = lf_scenario_to_data (scenario, NULL);
              g_assert_cmpstr (before, ==, after);
            }
          else
            lf_history_commit (history);
        }
      break;
    case 4:
    case 5:
      random_connect (scenario, rand, history);
      break;
    case 6:
      if (node != NULL)
        {
          guint start = g_rand_int_range (rand, 0, G_N_ELEMENTS (prop_choices));

          for (guint k = 0; k < G_N_ELEMENTS (prop_choices); k++)
            {
              guint c = (start + k) % G_N_ELEMENTS (prop_choices);
              g_autofree char *path = NULL;
              guint n = 0;

              if (prop_choices[c].type != node->type)
                continue;
              while (prop_choices[c].values[n] != NULL)
                n++;
              path = g_strdup_printf ("%s.%s", node->id, prop_choices[c].key);
              g_assert_true (lf_scenario_set (scenario, path,
                                              prop_choices[c].values[g_rand_int_range (rand, 0, (gint32) n)],
                                              NULL));
              break;
            }
        }
      break;
    case 7:
      if (node != NULL)
        g_assert_true (lf_scenario_set_label (scenario, node->id,
                                              labels[g_rand_int_range (rand, 0, G_N_ELEMENTS (labels))]));
      break;
    case 11:
      if (node != NULL)
        {
          g_autofree char *old_id = g_strdup (edges->len > 0 && g_rand_boolean (rand)
                                              ? ((LfEdge *) g_ptr_array_index (edges, 0))->id
                                              : node->id);
          g_autofree char *new_id = lf_scenario_unique_id (scenario, "renamed");

          g_assert_true (lf_scenario_rename_id (scenario, old_id, new_id, NULL));
        }
      break;
    case 12:
      if (node != NULL)
        {
          LfNode *second = random_node (scenario, rand);
          g_autofree char *clip = lf_scenario_copy (scenario, (const char *[]) { node->id, second->id, NULL });

          g_assert_true (lf_scenario_paste (scenario, clip, strlen (clip), 30, 30, NULL, NULL));
        }
      break;
    case 8:
    case 9:
      for (int n = g_rand_int_range (rand, 1, 4); n > 0; n--)
        lf_history_undo (history);
      break;
    default:
      for (int n = g_rand_int_range (rand, 1, 4); n > 0; n--)
        lf_history_redo (history);
      break;
    }
}

/* Under AddressSanitizer with fast_unwind_on_malloc=0 (tests/meson.build) a seed costs 0.6 s,
 * so the sanitizer runs take 25 seeds within the suite's timeout; LF_HISTORY_SEEDS=1000 runs
 * them all there too (with a --timeout-multiplier), LF_HISTORY_SEEDS=100000 is a soak. */
#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifdef SANITIZED
#define DEFAULT_SEEDS 25
#else
#define DEFAULT_SEEDS 1000
#endif

static void
test_property (void)
{
  const char *env = g_getenv ("LF_HISTORY_SEEDS");
  guint seeds = env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : DEFAULT_SEEDS;

  for (guint32 seed = 1; seed <= seeds; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(LfScenario) scenario = load (cascade_scenario);
      g_autoptr(LfHistory) history = lf_history_new (scenario);
      g_autofree char *original = lf_scenario_to_data (scenario, NULL);
      g_autofree char *final = NULL;
      g_autofree char *now = NULL;
      guint steps = 40;

      for (guint step = 0; step < steps; step++)
        {
          random_step (scenario, history, rand);
          g_assert_false (lf_history_in_group (history));
          check_invariants (scenario, seed, step);
        }
      /* the newest state: where the last steps left it, or past it on the redo stack */
      while (lf_history_redo (history))
        ;
      final = lf_scenario_to_data (scenario, NULL);
      while (lf_history_undo (history))
        ;
      now = lf_scenario_to_data (scenario, NULL);
      if (strcmp (now, original) != 0)
        g_error ("seed %u: undo-all does not return the original", seed);
      g_assert_false (lf_history_is_dirty (history));
      while (lf_history_redo (history))
        ;
      g_clear_pointer (&now, g_free);
      now = lf_scenario_to_data (scenario, NULL);
      if (strcmp (now, final) != 0)
        g_error ("seed %u: redo-all does not return the final state", seed);
    }
  g_test_message ("%u seeds of 40 random commands", seeds);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/history/rules/every-pair", test_rules_table);
  g_test_add_func ("/history/rules/fifo/S3-5/ASYNC-13", test_rules_fifo);
  g_test_add_func ("/history/rules/one-dlq/ASYNC-13", test_rules_single_dlq);
  g_test_add_func ("/history/rules/redrive/SQS-11", test_rules_redrive);
  g_test_add_func ("/history/rules/esm-on-failure/KIN-8", test_rules_esm_on_failure);
  g_test_add_func ("/history/rules/visibility/SQS-4", test_rules_visibility);
  g_test_add_func ("/history/connect/defaults/ESM-1/KIN-4", test_connect_defaults);
  g_test_add_func ("/history/connect/role/ASYNC-13", test_connect_role);
  g_test_add_func ("/history/connect/automatic-role", test_connect_automatic_role);
  g_test_add_func ("/history/remove-node/cascade", test_remove_node_cascade);
  g_test_add_func ("/history/remove-edge/cascade/KIN-8", test_remove_edge_cascade);
  g_test_add_func ("/history/unique-id", test_unique_id);
  g_test_add_func ("/history/rename", test_rename);
  g_test_add_func ("/history/restore", test_restore);
  g_test_add_func ("/history/copy-paste/KIN-8", test_copy_paste);
  g_test_add_func ("/history/groups", test_history_groups);
  g_test_add_func ("/history/bounded", test_history_bounded);
  g_test_add_func ("/history/property", test_property);
  return g_test_run ();
}
