/* test-scenario.c: the scenario file `lambdaflow/1`: load, validate, save, --set */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "lf-aws-limits.h"
#include "lf-error.h"
#include "lf-scenario.h"
#include "lf-sim.h"

#ifndef LF_TEST_SRCDIR
#define LF_TEST_SRCDIR "."
#endif

/* ---------------------------------------------------------------------------------------
 * Helpers
 */

static char *
fixture (const char *dir, const char *name)
{
  g_autofree char *file = g_strconcat (name, ".lflow.json", NULL);

  return g_build_filename (LF_TEST_SRCDIR, "..", "scenarios", dir, file, NULL);
}

/* Loads a fixture that must parse; returns the scenario and its problems */
static LfScenario *
load_fixture (const char *dir, const char *name, GPtrArray **problems)
{
  g_autofree char *path = fixture (dir, name);
  g_autoptr(GError) error = NULL;
  LfScenario *scenario = lf_scenario_load_from_file (path, problems, &error);

  g_assert_no_error (error);
  g_assert_nonnull (scenario);
  g_assert_nonnull (*problems);
  return scenario;
}

static LfScenario *
load_text (const char *json, GPtrArray **problems)
{
  g_autoptr(GError) error = NULL;
  LfScenario *scenario = lf_scenario_load_from_data (json, -1, "inline.lflow.json", problems, &error);

  g_assert_no_error (error);
  g_assert_nonnull (scenario);
  return scenario;
}

static LfScenario *
every_type (void)
{
  g_autoptr(GPtrArray) problems = NULL;

  return load_fixture ("valid", "every-node-and-edge", &problems);
}

static void
dump_problems (GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++)
    {
      LfProblem *p = g_ptr_array_index (problems, i);

      g_test_message ("  %s %s: %s", p->severity == LF_SEVERITY_ERROR ? "error" : "warning",
                      p->path, p->message);
    }
}

static guint
count_severity (GPtrArray *problems, LfSeverity severity)
{
  guint n = 0;

  for (guint i = 0; i < problems->len; i++)
    n += ((LfProblem *) g_ptr_array_index (problems, i))->severity == severity;
  return n;
}

static LfProblem *
find_problem (GPtrArray *problems, const char *path)
{
  for (guint i = 0; i < problems->len; i++)
    {
      LfProblem *p = g_ptr_array_index (problems, i);

      if (g_str_equal (p->path, path))
        return p;
    }
  return NULL;
}

static void
assert_problem (GPtrArray *problems, LfSeverity severity, const char *path, const char *text)
{
  LfProblem *p = find_problem (problems, path);

  if (p == NULL)
    {
      dump_problems (problems);
      g_error ("no problem at `%s` (expected “%s”)", path, text);
    }
  g_assert_cmpint (p->severity, ==, severity);
  if (strstr (p->message, text) == NULL)
    g_error ("problem at `%s` says “%s”, expected it to contain “%s”", path, p->message, text);
}

static void
assert_no_errors (GPtrArray *problems)
{
  if (lf_problems_have_errors (problems))
    {
      dump_problems (problems);
      g_error ("unexpected errors");
    }
}

static void
assert_no_problems (GPtrArray *problems)
{
  if (problems->len > 0)
    {
      dump_problems (problems);
      g_error ("unexpected problems");
    }
}

static GPtrArray *
set_and_validate (LfScenario *scenario, const char *path, const char *value)
{
  g_autoptr(GError) error = NULL;

  lf_scenario_set (scenario, path, value, &error);
  g_assert_no_error (error);
  return lf_scenario_validate (scenario);
}

/* ---------------------------------------------------------------------------------------
 * One fixture per class of problem: the exact path and the range text
 */

typedef struct {
  const char *test;      /* test path, with the rule id */
  const char *file;      /* tests/scenarios/invalid/FILE.lflow.json */
  LfSeverity  severity;
  const char *path;
  const char *text;
} ProblemCase;

#define E LF_SEVERITY_ERROR
#define W LF_SEVERITY_WARNING

static const ProblemCase problem_cases[] = {
  { "/scenario/validate/duplicate-id", "duplicate-id", E, "edges[0].id",
    "duplicate id `orders`: already used by nodes[0].id" },
  { "/scenario/validate/malformed-id", "malformed-id", E, "nodes[0].id",
    "`my.queue` is not a valid id" },
  { "/scenario/validate/missing-required-key", "missing-required-key", E, "edges[0].to",
    "missing required key `to`" },
  { "/scenario/validate/unknown-node-type", "unknown-node-type", E, "nodes[1].type",
    "unknown node type `sqs`; expected one of client" },
  { "/scenario/validate/unknown-edge-type", "unknown-edge-type", E, "edges[0].type",
    "unknown edge type `esm`" },
  { "/scenario/validate/unknown-fault-kind", "unknown-fault-kind", E, "faults[0].kind",
    "unknown fault kind `crash`" },
  { "/scenario/validate/unknown-arrival", "unknown-arrival", E, "workload[0].arrival",
    "unknown arrival `bursty`; expected one of constant, poisson, burst; did you mean `burst`?" },
  { "/scenario/validate/dangling/edge-to", "dangling-edge-to", E, "edges[0].to",
    "no node has id `wrker`; did you mean `worker`?" },
  { "/scenario/validate/dangling/on-failure-from/KIN-8", "dangling-on-failure-from", E,
    "edges[1].from", "no node or event source mapping edge has id `esm9`" },
  { "/scenario/validate/dangling/workload-target", "dangling-workload-target", E,
    "workload[0].target", "no node has id `queue`" },
  { "/scenario/validate/dangling/fault-target", "dangling-fault-target", E, "faults[0].target",
    "no node has id `wroker`; did you mean `worker`?" },
  { "/scenario/validate/dangling/role", "dangling-role", E, "nodes[0].props.role",
    "no role has id `worker-rol`" },
  { "/scenario/validate/illegal-edge/SNS-1", "illegal-edge", E, "edges[0]",
    "a `subscription` edge cannot join s3_bucket `photos` to lambda_function `worker`" },
  { "/scenario/validate/notification-to-fifo/S3-5", "notification-to-fifo", E, "edges[0].to",
    "an S3 notification cannot target the FIFO sqs_queue `orders`; route it through EventBridge [S3-5]" },
  { "/scenario/validate/dlq-to-fifo/ASYNC-13", "dlq-to-fifo", E, "edges[0].to",
    "must be a standard SQS queue or standard SNS topic; `alerts` is FIFO [ASYNC-13]" },
  { "/scenario/validate/esm-on-success/KIN-8", "esm-on-success", E, "edges[1].from",
    "Unsupported DestinationConfig parameter for given event source mapping type. [KIN-8]" },
  { "/scenario/validate/sqs-esm-on-failure/SQS-11", "sqs-esm-on-failure", E, "edges[1].from",
    "give queue `orders` a `redrive` edge" },
  { "/scenario/validate/redrive-fifo-mismatch/SQS-11", "redrive-fifo-mismatch", E, "edges[0].to",
    "the dead-letter queue of a FIFO queue must be a FIFO queue; `dlq` is standard [SQS-11]" },
  { "/scenario/validate/function-timeout/LIM-1", "function-timeout", E, "nodes[0].props.timeout",
    "timeout 901s is out of range (1s–900s) [LIM-1]" },
  { "/scenario/validate/function-memory/LIM-4", "function-memory", E, "nodes[0].props.memory_mb",
    "memory_mb 64 is out of range (128–10240) [LIM-4]" },
  { "/scenario/validate/async-retry-attempts/ASYNC-4", "async-retry-attempts", E,
    "nodes[0].props.max_retry_attempts", "max_retry_attempts 3 is out of range (0–2) [ASYNC-4]" },
  { "/scenario/validate/async-event-age/ASYNC-4", "async-event-age", E,
    "nodes[0].props.max_event_age", "max_event_age 30s is out of range (60s–6h) [ASYNC-4]" },
  { "/scenario/validate/reserved-concurrency/CONC-2", "reserved-concurrency-unreserved", E,
    "nodes[1].props.reserved_concurrency",
    "Specified ReservedConcurrentExecutions for function decreases account's "
    "UnreservedConcurrentExecution below its minimum value of [100]" },
  { "/scenario/validate/reserved-concurrency-negative/CONC-2", "reserved-concurrency-negative", E,
    "nodes[0].props.reserved_concurrency", "reserved_concurrency -1 is out of range (≥ 0) [CONC-2]" },
  { "/scenario/validate/fifo-batch-size/FIFO-1", "fifo-batch-size", E, "edges[0].props.batch_size",
    "11 is out of range for an SQS FIFO queue (1–10) [FIFO-1]" },
  { "/scenario/validate/stream-batch-size/ESM-1", "stream-batch-size", E, "edges[0].props.batch_size",
    "10001 is out of range for a Kinesis stream (1–10000) [ESM-1]" },
  { "/scenario/validate/sqs-batch-window/ESM-2", "sqs-batch-window", E, "edges[0].props.batch_size",
    "batch_size 20 needs batching_window ≥ 1s" },
  { "/scenario/validate/batching-window/ESM-1", "batching-window", E,
    "edges[0].props.batching_window", "batching_window 301s is out of range (0s–300s) [ESM-1]" },
  { "/scenario/validate/visibility-vs-timeout/SQS-4", "visibility-vs-timeout", E, "edges[0]",
    "the timeout 60s of function `worker` exceeds the visibility timeout 30s of queue `orders`" },
  { "/scenario/validate/visibility-range/SQS-4", "visibility-range", E,
    "nodes[0].props.visibility_timeout",
    "visibility_timeout 43201 is out of range (0s–43200s) [SQS-4]" },
  { "/scenario/validate/sqs-retention/SQS-11", "sqs-retention", E, "nodes[0].props.retention",
    "retention 30s is out of range (60s–14d) [SQS-11]" },
  { "/scenario/validate/kinesis-retention/KIN-5", "kinesis-retention", E, "nodes[0].props.retention",
    "retention 12h is out of range (24h–8760h) [KIN-5]" },
  { "/scenario/validate/parallelization-factor/KIN-3", "parallelization-factor", E,
    "edges[0].props.parallelization_factor",
    "parallelization_factor 11 is out of range (1–10) [KIN-3]" },
  { "/scenario/validate/stream-max-retry/STREAM-2", "stream-max-retry", E,
    "edges[0].props.max_retry_attempts",
    "max_retry_attempts 10001 is out of range (-1 or 0–10000) [STREAM-2]" },
  { "/scenario/validate/stream-max-record-age/STREAM-2", "stream-max-record-age", E,
    "edges[0].props.max_record_age",
    "max_record_age 30 is out of range (-1 or 60s–604800s) [STREAM-2]" },
  { "/scenario/validate/maximum-concurrency/SQS-6", "maximum-concurrency", E,
    "edges[0].props.maximum_concurrency",
    "maximum_concurrency 1 is out of range (2–1000) [SQS-6]" },
  { "/scenario/validate/starting-position-missing/KIN-4", "starting-position-missing", E,
    "edges[0].props.starting_position",
    "missing required key `starting_position` for a stream source" },
  { "/scenario/validate/dynamodb-at-timestamp/DDB-1", "dynamodb-at-timestamp", E,
    "edges[0].props.starting_position", "Unsupported starting position for arn type [DDB-1]" },
  { "/scenario/validate/tumbling-window/STREAM-8", "tumbling-window", E,
    "edges[0].props.tumbling_window", "tumbling_window 901s is out of range (0s–900s) [STREAM-8]" },
  { "/scenario/validate/max-receive-count/SQS-11", "max-receive-count", E,
    "edges[0].props.max_receive_count",
    "max_receive_count 0 is out of range (1–1000) [SQS-11]" },
  { "/scenario/validate/too-many-filters/ESM-8", "too-many-filters", E, "edges[0].props.filters",
    "6 filters is out of range (at most 5) [ESM-8]" },
  { "/scenario/validate/fault-probability", "fault-probability", E, "faults[0].probability",
    "probability 1.5 is out of range (0–1)" },
  { "/scenario/validate/settings-jitter", "settings-jitter", E, "settings.jitter",
    "jitter 2 is out of range (0–1)" },
  { "/scenario/validate/http-api-timeout/APIGW-4", "http-api-timeout", E,
    "nodes[0].props.integration_timeout",
    "integration_timeout 31s is out of range for an HTTP API (50ms–30s) [APIGW-4]" },
  { "/scenario/validate/account-concurrency/CONC-1", "account-concurrency", E,
    "settings.account_concurrency", "account_concurrency 0 is out of range (≥ 1) [CONC-1]" },
  { "/scenario/validate/scaling-model/SQS-5", "scaling-model", E, "settings.sqs_scaling_model",
    "unknown sqs_scaling_model `fast`; expected one of current, classic [SQS-5]" },
  { "/scenario/validate/retry-mode/SYNC-1", "retry-mode", E, "nodes[0].props.retry_mode",
    "unknown retry_mode `aggressive`; expected one of standard, legacy, none" },
  { "/scenario/validate/invocation-type/INV-1", "invocation-type", E,
    "edges[0].props.invocation_type",
    "unknown invocation_type `Async`; expected one of RequestResponse, Event" },
  { "/scenario/validate/bad-duration", "bad-duration", E, "nodes[0].props.timeout",
    "`3 seconds` is not a duration" },
  { "/scenario/validate/bad-rate", "bad-rate", E, "workload[0].rate", "`5 per second` is not a rate" },
  { "/scenario/validate/bad-size/LIM-3", "bad-size", E, "settings.async_payload_limit",
    "`1 megabyte` is not a size" },
  { "/scenario/validate/bad-distribution", "bad-distribution", E, "nodes[0].props.duration",
    "not a duration or distribution: unknown distribution" },
  { "/scenario/validate/wrong-json-type", "wrong-json-type", E, "nodes[0].props.memory_mb",
    "expected an integer, got a string `lots`" },
};

static void
test_problem_case (gconstpointer data)
{
  const ProblemCase *c = data;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(LfScenario) scenario = load_fixture ("invalid", c->file, &problems);

  assert_problem (problems, c->severity, c->path, c->text);
  if (problems->len != 1)
    {
      dump_problems (problems);
      g_error ("%s: expected exactly one problem, got %u", c->file, problems->len);
    }
  g_assert_true (lf_problems_have_errors (problems) == (c->severity == E));
}

/* Every invalid fixture that parses has errors; every valid one has none */
static void
test_fixture_dirs (void)
{
  const char *dirs[] = { "valid", "invalid" };

  for (guint d = 0; d < G_N_ELEMENTS (dirs); d++)
    {
      g_autofree char *path = g_build_filename (LF_TEST_SRCDIR, "..", "scenarios", dirs[d], NULL);
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;
      guint seen = 0;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *file = g_build_filename (path, name, NULL);
          g_autoptr(GPtrArray) problems = NULL;
          g_autoptr(GError) error = NULL;
          g_autoptr(LfScenario) scenario = NULL;

          if (!g_str_has_suffix (name, ".lflow.json"))
            continue;
          seen++;
          scenario = lf_scenario_load_from_file (file, &problems, &error);
          g_assert_nonnull (problems);
          if (d == 0)
            {
              g_assert_no_error (error);
              assert_no_errors (problems);
            }
          else
            g_assert_true (error != NULL || lf_problems_have_errors (problems));
        }
      g_assert_cmpuint (seen, >=, d == 0 ? 5 : 50);
    }
}

/* ---------------------------------------------------------------------------------------
 * Valid scenarios
 */

static void
test_every_type (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(LfScenario) scenario = load_fixture ("valid", "every-node-and-edge", &problems);
  gboolean node_seen[LF_N_NODE_TYPES] = { FALSE };
  gboolean edge_seen[LF_N_EDGE_TYPES] = { FALSE };
  GPtrArray *nodes = lf_scenario_get_nodes (scenario);
  GPtrArray *edges = lf_scenario_get_edges (scenario);
  LfNode *worker;
  LfRole *role;

  assert_no_problems (problems);
  for (guint i = 0; i < nodes->len; i++)
    node_seen[((LfNode *) g_ptr_array_index (nodes, i))->type] = TRUE;
  for (guint i = 0; i < edges->len; i++)
    edge_seen[((LfEdge *) g_ptr_array_index (edges, i))->type] = TRUE;
  for (guint t = 1; t < LF_N_NODE_TYPES; t++)
    g_assert_true (node_seen[t]);
  for (guint t = 1; t < LF_N_EDGE_TYPES; t++)
    g_assert_true (edge_seen[t]);

  g_assert_cmpstr (lf_scenario_get_title (scenario), ==, "Every node and edge type");
  g_assert_cmpuint (lf_scenario_get_seed (scenario), ==, 7);
  g_assert_cmpint (lf_scenario_get_duration (scenario), ==, LF_MINUTE (5));
  g_assert_cmpstr (lf_props_get_string (lf_scenario_get_settings (scenario), "region", NULL), ==,
                   "us-east-1");
  g_assert_cmpuint (json_array_get_length (lf_scenario_get_workload (scenario)), ==, 5);
  g_assert_cmpuint (json_array_get_length (lf_scenario_get_faults (scenario)), ==, 4);
  g_assert_nonnull (lf_scenario_get_walkthrough (scenario));

  worker = lf_scenario_find_node (scenario, "worker");
  g_assert_nonnull (worker);
  g_assert_cmpint (worker->type, ==, LF_NODE_LAMBDA_FUNCTION);
  g_assert_cmpstr (worker->label, ==, "Worker");
  g_assert_cmpfloat (worker->x, ==, 640);
  g_assert_cmpint (lf_props_get_duration (worker->props, "timeout", 0), ==, LF_SEC (30));
  g_assert_cmpstr (lf_scenario_find_edge (scenario, "e-esm-fail")->from, ==, "esm-clicks");
  role = lf_scenario_find_role (scenario, "worker-role");
  g_assert_nonnull (role);
  g_assert_cmpuint (g_strv_length (role->managed_policies), ==, 2);
  g_assert_cmpuint (role->allow->len, ==, 3);
  g_assert_cmpstr (((LfAllow *) g_ptr_array_index (role->allow, 0))->action, ==, "events:PutEvents");
  g_assert_null (lf_scenario_find_node (scenario, "nobody"));
}

static void
test_defaults (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(LfScenario) scenario = load_fixture ("valid", "minimal", &problems);

  assert_no_problems (problems);
  g_assert_cmpstr (lf_scenario_get_title (scenario), ==, "");
  g_assert_cmpuint (lf_scenario_get_seed (scenario), ==, 1);
  g_assert_cmpint (lf_scenario_get_duration (scenario), ==, LF_SCENARIO_DURATION_DEFAULT);
  g_assert_null (lf_scenario_get_walkthrough (scenario));
  g_assert_cmpuint (lf_scenario_get_edges (scenario)->len, ==, 0);
  g_assert_cmpuint (json_array_get_length (lf_scenario_get_workload (scenario)), ==, 0);
}

static void
test_boundaries (void)
{
  /* scenario 17: 850 + 50 leaves exactly 100 */
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(LfScenario) scenario = load_fixture ("valid", "reserved-concurrency-boundary", &problems);

  assert_no_problems (problems);
}

/* ---------------------------------------------------------------------------------------
 * Several problems at once, syntax, size, depth, version
 */

static void
test_five_errors (void)
{
  const char *paths[] = { "nodes[1].props.timeout", "edges[0].props.batch_size", "edges[1].to",
                          "workload[0].target", "faults[0].probability" };
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(LfScenario) scenario = load_fixture ("invalid", "five-errors", &problems);

  g_assert_cmpuint (count_severity (problems, E), ==, 5);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    assert_problem (problems, E, paths[i], "");
  assert_problem (problems, E, "edges[0].props.batch_size", "(1–10) [FIFO-1]");
  assert_problem (problems, E, "edges[1].to", "[S3-5]");
}

static void
test_syntax_error (void)
{
  g_autofree char *path = fixture ("invalid", "syntax-error");
  g_autofree char *where = g_strdup_printf ("%s:4:47:", path);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LfScenario) scenario = lf_scenario_load_from_file (path, &problems, &error);

  g_assert_null (scenario);
  g_assert_error (error, LF_ERROR, LF_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, where));
  g_assert_nonnull (problems);
  g_assert_cmpuint (problems->len, ==, 1);
  assert_problem (problems, E, "line 4:47", "unexpected character");
}

static void
test_syntax_error_data (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LfScenario) scenario =
    lf_scenario_load_from_data ("{\n\"format\": \"lambdaflow/1\",\n  \"nodes\": ]}", -1,
                                "mine.json", NULL, &error);

  g_assert_null (scenario);
  g_assert_error (error, LF_ERROR, LF_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "mine.json:3:"));
  g_clear_error (&error);
  g_clear_object (&scenario);

  scenario = lf_scenario_load_from_data ("", 0, "empty.json", NULL, &error);
  g_assert_null (scenario);
  g_assert_error (error, LF_ERROR, LF_ERROR_PARSE);
}

static void
test_too_deep (void)
{
  g_autofree char *path = fixture ("invalid", "too-deep");
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LfScenario) scenario = lf_scenario_load_from_file (path, &problems, &error);
  g_autoptr(LfScenario) ok = NULL;
  GString *deep;

  g_assert_null (scenario);
  g_assert_error (error, LF_ERROR, LF_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "nested deeper than 64 levels"));
  g_clear_error (&error);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* exactly 64 levels load */
  ok = load_fixture ("valid", "deep-64", &problems);
  assert_no_problems (problems);

  /* a million brackets are refused before any parser recurses */
  deep = g_string_new ("{\"format\": \"lambdaflow/1\", \"nodes\": [], \"x\": ");
  for (guint i = 0; i < 1000000; i++)
    g_string_append_c (deep, '[');
  scenario = lf_scenario_load_from_data (deep->str, (gssize) deep->len, NULL, NULL, &error);
  g_assert_null (scenario);
  g_assert_error (error, LF_ERROR, LF_ERROR_TOO_LARGE);
  g_string_free (deep, TRUE);
  g_clear_error (&error);

  /* brackets inside strings do not count */
  deep = g_string_new ("{\"format\": \"lambdaflow/1\", \"nodes\": [], \"title\": \"");
  for (guint i = 0; i < 100; i++)
    g_string_append (deep, "[{\\\"");
  g_string_append (deep, "\"}");
  scenario = lf_scenario_load_from_data (deep->str, (gssize) deep->len, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (scenario);
  g_string_free (deep, TRUE);
}

static void
test_too_large (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lf-scenario-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(LfScenario) scenario = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  int fd;

  g_assert_no_error (error);
  path = g_build_filename (dir, "huge.lflow.json", NULL);
  fd = g_open (path, O_CREAT | O_WRONLY, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, LF_SCENARIO_MAX_BYTES + 1), ==, 0);   /* sparse: cheap */
  close (fd);

  scenario = lf_scenario_load_from_file (path, &problems, &error);
  g_assert_null (scenario);
  g_assert_error (error, LF_ERROR, LF_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "64 MiB"));
  g_assert_nonnull (strstr (error->message, path));
  g_assert_cmpuint (problems->len, ==, 1);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_version (void)
{
  const char *files[] = { "unsupported-format", "missing-format" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = fixture ("invalid", files[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(LfScenario) scenario = lf_scenario_load_from_file (path, NULL, &error);

      g_assert_null (scenario);
      g_assert_error (error, LF_ERROR, LF_ERROR_VERSION);
      g_assert_nonnull (strstr (error->message, "lambdaflow/1"));
    }
}

static void
test_io_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LfScenario) scenario =
    lf_scenario_load_from_file ("/nonexistent/nothing.lflow.json", NULL, &error);

  g_assert_null (scenario);
  g_assert_error (error, LF_ERROR, LF_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "/nonexistent/nothing.lflow.json"));
}

/* ---------------------------------------------------------------------------------------
 * Warnings
 */

static void
test_unknown_key_suggestion (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(LfScenario) scenario = load_fixture ("valid", "unknown-key-warning", &problems);

  g_assert_cmpuint (problems->len, ==, 1);
  assert_problem (problems, W, "edges[0].props.batchsize",
                  "unknown key `batchsize`; did you mean `batch_size`?");
  assert_no_errors (problems);
}

static void
test_unknown_keys_elsewhere (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(LfScenario) scenario = load_text (
    "{\"format\": \"lambdaflow/1\", \"workloads\": [], \"x-mine\": 1,"
    " \"settings\": {\"scalingModel\": \"classic\"},"
    " \"nodes\": [{\"id\": \"s\", \"type\": \"kinesis_stream\", \"lable\": \"S\"},"
    "             {\"id\": \"f\", \"type\": \"lambda_function\", \"props\": {\"Timeout\": 3, \"own_note\": 1}}],"
    " \"edges\": [{\"id\": \"e\", \"type\": \"event_source_mapping\", \"from\": \"s\", \"to\": \"f\","
    "              \"props\": {\"starting_position\": \"LATEST\", \"maximum_concurrency\": 5}}],"
    " \"faults\": [{\"id\": \"x\", \"target\": \"f\", \"kind\": \"error\", \"factor\": 2}]}",
    &problems);

  assert_problem (problems, W, "workloads", "did you mean `workload`?");
  assert_problem (problems, W, "settings.scalingModel", "did you mean `scaling_model`?");
  assert_problem (problems, W, "nodes[0].lable", "did you mean `label`?");
  assert_problem (problems, W, "nodes[1].props.Timeout", "did you mean `timeout`?");
  assert_problem (problems, W, "edges[0].props.maximum_concurrency", "applies only to SQS sources");
  assert_problem (problems, W, "faults[0].factor", "applies only to slow");
  g_assert_null (find_problem (problems, "x-mine"));
  g_assert_null (find_problem (problems, "nodes[1].props.own_note"));
  g_assert_cmpuint (problems->len, ==, 6);
}

static void
test_fifo_destination_warning (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(LfScenario) scenario = load_fixture ("valid", "fifo-destination-warning", &problems);

  g_assert_cmpuint (problems->len, ==, 1);
  assert_problem (problems, W, "edges[0].to", "DestinationDeliveryFailures) [ASYNC-10]");
}

static void
test_rest_timeout_quota (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(LfScenario) scenario = load_text (
    "{\"format\": \"lambdaflow/1\", \"nodes\": ["
    " {\"id\": \"a\", \"type\": \"api_gateway\", \"props\": {\"integration_timeout\": \"60s\"}},"
    " {\"id\": \"b\", \"type\": \"api_gateway\", \"props\": {\"integration_timeout\": \"301s\"}},"
    " {\"id\": \"c\", \"type\": \"api_gateway\", \"props\": {\"api_type\": \"http\", \"integration_timeout\": \"30s\"}}]}",
    &problems);

  assert_problem (problems, W, "nodes[0].props.integration_timeout", "Service Quotas increase [APIGW-4]");
  assert_problem (problems, E, "nodes[1].props.integration_timeout",
                  "out of range for a REST API (50ms–300s");
  g_assert_cmpuint (problems->len, ==, 2);
}

static void
test_permissions (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(LfScenario) scenario = load_text (
    "{\"format\": \"lambdaflow/1\","
    " \"nodes\": [{\"id\": \"q\", \"type\": \"sqs_queue\"}, {\"id\": \"dead\", \"type\": \"sqs_queue\"},"
    "           {\"id\": \"f\", \"type\": \"lambda_function\", \"props\": {\"role\": \"r\"}}],"
    " \"edges\": [{\"id\": \"e1\", \"type\": \"event_source_mapping\", \"from\": \"q\", \"to\": \"f\"},"
    "           {\"id\": \"e2\", \"type\": \"dlq\", \"from\": \"f\", \"to\": \"dead\"}],"
    " \"roles\": [{\"id\": \"r\", \"managed_policies\": [\"AWSLambdaBasicExecutionRol\"],"
    "            \"allow\": [{\"action\": \"sqs:ReceiveMessage\", \"resource\": \"q\"}]}]}",
    &problems);

  assert_problem (problems, W, "edges[0]",
                  "role `r` of function `f` lacks sqs:DeleteMessage, sqs:GetQueueAttributes on `q`");
  assert_problem (problems, W, "edges[1]", "lacks sqs:SendMessage on `dead`");
  assert_problem (problems, W, "roles[0].managed_policies[0]",
                  "did you mean `AWSLambdaBasicExecutionRole`?");
  assert_no_errors (problems);
}

static void
test_single_dlq (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(LfScenario) scenario = load_text (
    "{\"format\": \"lambdaflow/1\","
    " \"nodes\": [{\"id\": \"a\", \"type\": \"sqs_queue\"}, {\"id\": \"b\", \"type\": \"sns_topic\"},"
    "           {\"id\": \"f\", \"type\": \"lambda_function\"}],"
    " \"edges\": [{\"id\": \"e1\", \"type\": \"dlq\", \"from\": \"f\", \"to\": \"a\"},"
    "           {\"id\": \"e2\", \"type\": \"dlq\", \"from\": \"f\", \"to\": \"b\"}]}",
    &problems);

  assert_problem (problems, E, "edges[1]", "`f` already has a `dlq` edge (edges[0])");
  g_assert_cmpuint (problems->len, ==, 1);
}

/* Node-level values of the wrong type, an element that is not an object, missing `nodes` */
static void
test_wrong_shapes (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(LfScenario) scenario = load_text (
    "{\"format\": \"lambdaflow/1\", \"seed\": \"seven\", \"edges\": {},"
    " \"nodes\": [{\"id\": 5, \"type\": \"lambda_function\", \"x\": \"left\", \"props\": []}, 42],"
    " \"workload\": [\"w\"]}",
    &problems);
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(LfScenario) empty = load_text ("{\"format\": \"lambdaflow/1\"}", &none);

  assert_problem (problems, E, "seed", "expected an integer, got a string `seven`");
  assert_problem (problems, E, "edges", "expected an array, got an object");
  assert_problem (problems, E, "nodes[0].id", "expected a string, got a number `5`");
  assert_problem (problems, E, "nodes[0].x", "expected a number, got a string `left`");
  assert_problem (problems, E, "nodes[0].props", "expected an object, got an array");
  assert_problem (problems, E, "nodes[1]", "expected an object, got a number `42`");
  assert_problem (problems, E, "workload[0]", "expected an object");
  g_assert_cmpuint (lf_scenario_get_seed (scenario), ==, 1);
  assert_problem (none, E, "nodes", "missing required key `nodes`");
}

/* ---------------------------------------------------------------------------------------
 * Round trips
 */

static void
assert_round_trip (LfScenario *scenario)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) problems_again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(LfScenario) reloaded = NULL;
  gsize length;

  first = lf_scenario_to_data (scenario, &length);
  g_assert_cmpuint (length, ==, strlen (first));
  reloaded = lf_scenario_load_from_data (first, (gssize) length, "saved", &problems, &error);
  g_assert_no_error (error);
  g_assert_true (lf_scenario_equal (scenario, reloaded));
  second = lf_scenario_to_data (reloaded, NULL);
  g_assert_cmpstr (first, ==, second);
  problems_again = lf_scenario_validate (scenario);
  g_assert_cmpuint (problems->len, ==, problems_again->len);
}

static void
test_round_trip_fixtures (void)
{
  const char *dirs[] = { "valid", "invalid" };

  for (guint d = 0; d < G_N_ELEMENTS (dirs); d++)
    {
      g_autofree char *path = g_build_filename (LF_TEST_SRCDIR, "..", "scenarios", dirs[d], NULL);
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *file = g_build_filename (path, name, NULL);
          g_autoptr(LfScenario) scenario = lf_scenario_load_from_file (file, NULL, NULL);

          if (scenario != NULL)
            assert_round_trip (scenario);
        }
    }
}

static void
test_round_trip_file (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(LfScenario) scenario = load_fixture ("valid", "every-node-and-edge", &problems);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lf-scenario-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "saved.lflow.json", NULL);
  g_autoptr(LfScenario) reloaded = NULL;
  g_autoptr(LfScenario) original = every_type ();
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_true (lf_scenario_save_to_file (scenario, path, &error));
  g_assert_no_error (error);
  g_clear_pointer (&problems, g_ptr_array_unref);
  reloaded = lf_scenario_load_from_file (path, &problems, &error);
  g_assert_no_error (error);
  assert_no_problems (problems);
  g_assert_true (lf_scenario_equal (scenario, reloaded));

  /* unknown keys at every level survive */
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "\n  \"x-editor\": {\n    \"zoom\": 1.25\n  }\n"));
  g_assert_nonnull (strstr (text, "\"color\": \"#3584e4\""));
  g_assert_nonnull (strstr (text, "\"notes\": \"free-form keys are kept\""));
  /* 2-space indent, the fixed key order, scalar arrays inline, doubles as written */
  g_assert_true (g_str_has_prefix (text, "{\n  \"format\": \"lambdaflow/1\",\n  \"title\": "));
  g_assert_nonnull (strstr (text, "\n    {\n      \"id\": \"cli\",\n      \"type\": \"client\",\n"
                                  "      \"label\": \"CLI\",\n      \"x\": 40,\n      \"y\": 40,\n"));
  g_assert_nonnull (strstr (text, "\"events\": [\"s3:ObjectCreated:*\"]"));
  g_assert_nonnull (strstr (text, "\"jitter\": 0.1,"));
  g_assert_nonnull (strstr (text, "\"speed\": 2.0,"));
  g_assert_true (g_str_has_suffix (text, "}\n"));

  /* saving over an existing file replaces it */
  lf_scenario_set_seed (scenario, 99);
  g_assert_true (lf_scenario_save_to_file (scenario, path, &error));
  g_clear_object (&reloaded);
  reloaded = lf_scenario_load_from_file (path, NULL, &error);
  g_assert_cmpuint (lf_scenario_get_seed (reloaded), ==, 99);
  g_assert_false (lf_scenario_equal (reloaded, original));

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_round_trip_odd_values (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(LfScenario) scenario = load_text (
    "{\"format\": \"lambdaflow/1\", \"title\": \"tab\\t quote\\\" nl\\n \\u00e9 \\u0001\","
    " \"nodes\": [{\"id\": \"f\", \"type\": \"lambda_function\", \"x\": 0.5, \"y\": -3,"
    "  \"props\": {\"big\": 1e400, \"tiny\": 5e-324, \"third\": 0.3333333333333333, \"int\": 9007199254740993}}],"
    " \"edges\": []}", &problems);
  g_autofree char *text = lf_scenario_to_data (scenario, NULL);

  assert_round_trip (scenario);
  g_assert_nonnull (strstr (text, "\"title\": \"tab\\t quote\\\" nl\\n \xc3\xa9 \\u0001\""));
  g_assert_nonnull (strstr (text, "\"x\": 0.5,"));
  g_assert_nonnull (strstr (text, "\"y\": -3,"));
  g_assert_nonnull (strstr (text, "\"big\": 1e999"));
  g_assert_nonnull (strstr (text, "\"third\": 0.3333333333333333"));
  g_assert_nonnull (strstr (text, "\"int\": 9007199254740993"));
}

/* ---------------------------------------------------------------------------------------
 * Model building
 */

static void
test_build (void)
{
  g_autoptr(LfScenario) scenario = lf_scenario_new ();
  g_autoptr(GPtrArray) problems = NULL;
  LfNode *queue;
  LfEdge *edge;

  queue = lf_scenario_add_node (scenario, "orders", LF_NODE_SQS_QUEUE, 10, 20);
  json_object_set_boolean_member (queue->props, "fifo", TRUE);
  lf_scenario_add_node (scenario, "worker", LF_NODE_LAMBDA_FUNCTION, 200.5, 20);
  edge = lf_scenario_add_edge (scenario, "e1", LF_EDGE_EVENT_SOURCE_MAPPING, "orders", "worker");
  json_object_set_int_member (edge->props, "batch_size", 10);
  lf_scenario_set_duration (scenario, LF_MINUTE (2));
  lf_scenario_set_seed (scenario, 42);

  problems = lf_scenario_validate (scenario);
  assert_no_problems (problems);
  g_assert_cmpint (lf_scenario_get_duration (scenario), ==, LF_MINUTE (2));
  g_assert_cmpuint (lf_scenario_get_seed (scenario), ==, 42);
  assert_round_trip (scenario);

  json_object_set_int_member (edge->props, "batch_size", 11);
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = lf_scenario_validate (scenario);
  assert_problem (problems, E, "edges[0].props.batch_size", "(1–10) [FIFO-1]");
}

static void
test_type_names (void)
{
  for (guint t = 1; t < LF_N_NODE_TYPES; t++)
    g_assert_cmpint (lf_node_type_from_string (lf_node_type_to_string (t)), ==, t);
  for (guint t = 1; t < LF_N_EDGE_TYPES; t++)
    g_assert_cmpint (lf_edge_type_from_string (lf_edge_type_to_string (t)), ==, t);
  g_assert_cmpstr (lf_node_type_to_string (LF_NODE_SQS_QUEUE), ==, "sqs_queue");
  g_assert_cmpstr (lf_edge_type_to_string (LF_EDGE_EVENT_SOURCE_MAPPING), ==, "event_source_mapping");
  g_assert_cmpint (lf_node_type_from_string ("sqs"), ==, LF_NODE_UNKNOWN);
  g_assert_cmpint (lf_node_type_from_string (NULL), ==, LF_NODE_UNKNOWN);
  g_assert_cmpint (lf_edge_type_from_string ("esm"), ==, LF_EDGE_UNKNOWN);
}

/* ---------------------------------------------------------------------------------------
 * Typed readers
 */

static void
test_props_readers (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *p;

  g_assert_true (json_parser_load_from_data (parser,
    "{\"d1\": \"1.5s\", \"d2\": 90, \"d3\": 0.25, \"bad\": \"soon\", \"n\": null,"
    " \"i\": 7, \"i2\": 3.0, \"f\": 0.5, \"b\": true, \"s\": \"x\", \"r\": \"30/m\", \"r2\": 4,"
    " \"z\": \"1MB\", \"z2\": 2048, \"o\": {}}", -1, NULL));
  p = json_node_get_object (json_parser_get_root (parser));

  g_assert_cmpint (lf_props_get_duration (p, "d1", 0), ==, LF_MSEC (1500));
  g_assert_cmpint (lf_props_get_duration (p, "d2", 0), ==, LF_SEC (90));
  g_assert_cmpint (lf_props_get_duration (p, "d3", 0), ==, LF_MSEC (250));
  g_assert_cmpint (lf_props_get_duration (p, "bad", 7), ==, 7);
  g_assert_cmpint (lf_props_get_duration (p, "n", 7), ==, 7);
  g_assert_cmpint (lf_props_get_duration (p, "missing", 7), ==, 7);
  g_assert_cmpint (lf_props_get_duration (NULL, "d1", 7), ==, 7);
  g_assert_cmpint (lf_props_get_int (p, "i", 0), ==, 7);
  g_assert_cmpint (lf_props_get_int (p, "i2", 0), ==, 3);
  g_assert_cmpint (lf_props_get_int (p, "f", -1), ==, -1);
  g_assert_cmpint (lf_props_get_int (p, "s", -1), ==, -1);
  g_assert_cmpfloat (lf_props_get_double (p, "f", 0), ==, 0.5);
  g_assert_cmpfloat (lf_props_get_double (p, "i", 0), ==, 7.0);
  g_assert_true (lf_props_get_bool (p, "b", FALSE));
  g_assert_true (lf_props_get_bool (p, "i", TRUE));
  g_assert_cmpstr (lf_props_get_string (p, "s", NULL), ==, "x");
  g_assert_cmpstr (lf_props_get_string (p, "i", "def"), ==, "def");
  g_assert_null (lf_props_get_string (p, "o", NULL));
  g_assert_cmpfloat_with_epsilon (lf_props_get_rate (p, "r", 0), 0.5, 1e-12);
  g_assert_cmpfloat (lf_props_get_rate (p, "r2", 0), ==, 4.0);
  g_assert_cmpint (lf_props_get_size (p, "z", 0), ==, 1048576);
  g_assert_cmpint (lf_props_get_size (p, "z2", 0), ==, 2048);
  g_assert_cmpint (lf_props_get_size (p, "s", 5), ==, 5);
  g_assert_true (lf_props_has (p, "o"));
  g_assert_false (lf_props_has (p, "n"));
  g_assert_false (lf_props_has (p, "missing"));
}

/* ---------------------------------------------------------------------------------------
 * --set
 */

static void
test_set_paths (void)
{
  g_autoptr(LfScenario) scenario = every_type ();
  g_autoptr(GPtrArray) problems = NULL;
  LfNode *worker = lf_scenario_find_node (scenario, "worker");
  LfEdge *esm = lf_scenario_find_edge (scenario, "esm-orders");
  JsonObject *f1 = json_array_get_object_element (lf_scenario_get_faults (scenario), 0);
  JsonObject *uploads = json_array_get_object_element (lf_scenario_get_workload (scenario), 0);
  g_autoptr(GError) error = NULL;

  g_assert_true (lf_scenario_set (scenario, "worker.timeout", "10s", &error));
  g_assert_cmpint (lf_props_get_duration (worker->props, "timeout", 0), ==, LF_SEC (10));
  g_assert_true (lf_scenario_set (scenario, "esm-orders.batch_size", "5", &error));
  g_assert_cmpint (lf_props_get_int (esm->props, "batch_size", 0), ==, 5);
  g_assert_true (lf_scenario_set (scenario, "settings.sqs_scaling_model", "classic", &error));
  g_assert_cmpstr (lf_props_get_string (lf_scenario_get_settings (scenario), "sqs_scaling_model", NULL),
                   ==, "classic");
  g_assert_true (lf_scenario_set (scenario, "seed", "7", &error));
  g_assert_cmpuint (lf_scenario_get_seed (scenario), ==, 7);
  g_assert_true (lf_scenario_set (scenario, "duration", "5m", &error));
  g_assert_cmpint (lf_scenario_get_duration (scenario), ==, LF_MINUTE (5));
  g_assert_true (lf_scenario_set (scenario, "f1.probability", "0.5", &error));
  g_assert_cmpfloat (lf_props_get_double (f1, "probability", 0), ==, 0.5);
  g_assert_true (lf_scenario_set (scenario, "uploads.rate", "20/s", &error));
  g_assert_cmpfloat (lf_props_get_rate (uploads, "rate", 0), ==, 20.0);

  /* JSON when it parses: booleans, quoted strings, objects; else the text itself */
  g_assert_true (lf_scenario_set (scenario, "esm-orders.enabled", "false", &error));
  g_assert_false (lf_props_get_bool (esm->props, "enabled", TRUE));
  g_assert_true (lf_scenario_set (scenario, "worker.role", "\"worker-role\"", &error));
  g_assert_cmpstr (lf_props_get_string (worker->props, "role", NULL), ==, "worker-role");
  g_assert_true (lf_scenario_set (scenario, "worker.duration",
                                  "{\"dist\": \"exponential\", \"mean\": \"1s\"}", &error));
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (worker->props, "duration")));
  /* null takes the key away, so the default applies */
  g_assert_true (lf_scenario_set (scenario, "worker.memory_mb", "null", &error));
  g_assert_false (lf_props_has (worker->props, "memory_mb"));
  g_assert_no_error (error);

  problems = lf_scenario_validate (scenario);
  assert_no_problems (problems);
}

static void
test_set_revalidate (void)
{
  g_autoptr(LfScenario) scenario = every_type ();
  g_autoptr(GPtrArray) p1 = set_and_validate (scenario, "worker.timeout", "901s");
  g_autoptr(GPtrArray) p2 = NULL;
  g_autoptr(GPtrArray) p3 = NULL;

  assert_problem (p1, E, "nodes[11].props.timeout", "timeout 901s is out of range (1s–900s) [LIM-1]");
  /* SQS-4: 901 s also exceeds the queue's 60 s visibility timeout */
  assert_problem (p1, E, "edges[6]", "[SQS-4]");
  p2 = set_and_validate (scenario, "worker.timeout", "61");
  assert_problem (p2, E, "edges[6]", "the timeout 61s of function `worker` exceeds the visibility timeout 60s");
  p3 = set_and_validate (scenario, "worker.timeout", "60");
  assert_no_problems (p3);
}

typedef struct {
  const char *path;
  const char *value;
  gboolean    ok;
  const char *at;     /* the problem's path when not ok */
  const char *text;
} RangeCase;

#define ACCEPTED(path, value) { path, value, TRUE, NULL, NULL }

/* Scenarios 30, 32, 37, 42, 43: AWS's accepted and refused values */
static void
test_set_ranges (void)
{
  static const RangeCase cases[] = {
    /* STREAM-2, scenario 42 */
    { "esm-clicks.max_record_age", "30", FALSE, "edges[7].props.max_record_age", "[STREAM-2]" },
    { "esm-clicks.max_record_age", "59", FALSE, "edges[7].props.max_record_age", "[STREAM-2]" },
    ACCEPTED ("esm-clicks.max_record_age", "-1"),
    ACCEPTED ("esm-clicks.max_record_age", "60"),
    ACCEPTED ("esm-clicks.max_record_age", "604800"),
    ACCEPTED ("esm-clicks.max_record_age", "7d"),
    { "esm-clicks.max_record_age", "604801", FALSE, "edges[7].props.max_record_age", "[STREAM-2]" },
    { "esm-clicks.max_retry_attempts", "-2", FALSE, "edges[7].props.max_retry_attempts", "[STREAM-2]" },
    ACCEPTED ("esm-clicks.max_retry_attempts", "0"),
    /* KIN-3, scenario 37 */
    { "esm-clicks.parallelization_factor", "11", FALSE, "edges[7].props.parallelization_factor",
      "(1–10) [KIN-3]" },
    { "esm-clicks.parallelization_factor", "0", FALSE, "edges[7].props.parallelization_factor",
      "(1–10) [KIN-3]" },
    ACCEPTED ("esm-clicks.parallelization_factor", "1"),
    /* SQS-6, scenario 32 */
    { "esm-orders.maximum_concurrency", "1", FALSE, "edges[6].props.maximum_concurrency",
      "(2–1000) [SQS-6]" },
    ACCEPTED ("esm-orders.maximum_concurrency", "2"),
    { "esm-orders.maximum_concurrency", "1001", FALSE, "edges[6].props.maximum_concurrency",
      "(2–1000) [SQS-6]" },
    /* ESM-2, scenario 30 (a) and (b) */
    { "esm-orders.batching_window", "0s", FALSE, "edges[6].props.batch_size", "[ESM-2]" },
    ACCEPTED ("esm-orders.batching_window", "1"),
    ACCEPTED ("esm-orders.batch_size", "10000"),
    { "esm-orders.batch_size", "0", FALSE, "edges[6].props.batch_size",
      "0 is out of range for an SQS queue (1–10000) [ESM-1]" },
    /* KIN-4, DDB-1, scenario 43 */
    { "esm-table.starting_position", "AT_TIMESTAMP", FALSE, "edges[8].props.starting_position",
      "[DDB-1]" },
    { "esm-table.starting_position", "null", FALSE, "edges[8].props.starting_position",
      "missing required key `starting_position`" },
    ACCEPTED ("esm-table.starting_position", "LATEST"),
    { "esm-clicks.starting_position_timestamp", "null", FALSE,
      "edges[7].props.starting_position_timestamp", "[KIN-4]" },
    /* ASYNC-4, LIM-1, LIM-4 at their edges */
    ACCEPTED ("worker.max_event_age", "60"),
    ACCEPTED ("worker.max_event_age", "6h"),
    { "worker.max_event_age", "21601", FALSE, "nodes[11].props.max_event_age", "(60s–6h) [ASYNC-4]" },
    { "worker.max_retry_attempts", "-1", FALSE, "nodes[11].props.max_retry_attempts", "(0–2)" },
    ACCEPTED ("audit.timeout", "1s"),
    { "audit.timeout", "0.5s", FALSE, "nodes[13].props.timeout", "(1s–900s) [LIM-1]" },
    ACCEPTED ("thumbs.memory_mb", "10240"),
    { "thumbs.memory_mb", "10241", FALSE, "nodes[12].props.memory_mb", "(128–10240) [LIM-4]" },
    ACCEPTED ("clicks.retention", "8760h"),
    { "clicks.retention", "8761h", FALSE, "nodes[6].props.retention", "(24h–8760h) [KIN-5]" },
    ACCEPTED ("orders.visibility_timeout", "12h"),
    { "orders-dlq.retention", "15d", FALSE, "nodes[9].props.retention", "(60s–14d) [SQS-11]" },
    ACCEPTED ("e-redrive.max_receive_count", "1000"),
    { "e-redrive.max_receive_count", "1001", FALSE, "edges[13].props.max_receive_count",
      "(1–1000) [SQS-11]" },
    { "e-rule.max_retry_attempts", "186", FALSE, "edges[5].props.max_retry_attempts", "[EB-1]" },
    ACCEPTED ("esm-clicks.tumbling_window", "0"),
    ACCEPTED ("api.integration_timeout", "30s"),
    ACCEPTED ("f1.probability", "0"),
    { "f1.probability", "-0.1", FALSE, "faults[0].probability", "(0–1)" },
    ACCEPTED ("settings.scaling_model", "classic"),
    { "settings.scaling_model", "burst", FALSE, "settings.scaling_model", "current, classic [CONC-5]" },
    { "settings.account_concurrency", "1", FALSE, "nodes[11].props.reserved_concurrency", "[CONC-2]" },
    ACCEPTED ("settings.jitter", "1"),
    ACCEPTED ("cli.retry_mode", "none"),
    ACCEPTED ("e-invoke.invocation_type", "RequestResponse"),
    ACCEPTED ("e-sends.invocation_type", "Event"),
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LfScenario) scenario = every_type ();
      g_autoptr(GPtrArray) problems = set_and_validate (scenario, cases[i].path, cases[i].value);

      g_test_message ("%s=%s", cases[i].path, cases[i].value);
      if (cases[i].ok)
        assert_no_problems (problems);
      else
        {
          assert_problem (problems, E, cases[i].at, cases[i].text);
          g_assert_cmpuint (count_severity (problems, E), ==, 1);
        }
    }
}

static void
test_set_errors (void)
{
  g_autoptr(LfScenario) scenario = every_type ();
  g_autoptr(GError) error = NULL;

  g_assert_false (lf_scenario_set (scenario, "nobody.timeout", "1s", &error));
  g_assert_error (error, LF_ERROR, LF_ERROR_UNKNOWN_PATH);
  g_assert_nonnull (strstr (error->message, "`nobody`"));
  g_clear_error (&error);

  g_assert_false (lf_scenario_set (scenario, "worker.timout", "1s", &error));
  g_assert_error (error, LF_ERROR, LF_ERROR_UNKNOWN_PATH);
  g_assert_nonnull (strstr (error->message, "unknown property `timout` for lambda_function `worker`"));
  g_assert_nonnull (strstr (error->message, "did you mean `timeout`?"));
  g_assert_nonnull (strstr (error->message, "known: timeout, memory_mb, reserved_concurrency"));
  g_clear_error (&error);

  /* a stream-only prop on an SQS mapping, a fault key of another kind */
  g_assert_false (lf_scenario_set (scenario, "esm-orders.parallelization_factor", "2", &error));
  g_assert_error (error, LF_ERROR, LF_ERROR_UNKNOWN_PATH);
  g_clear_error (&error);
  g_assert_false (lf_scenario_set (scenario, "f1.factor", "2", &error));
  g_assert_error (error, LF_ERROR, LF_ERROR_UNKNOWN_PATH);
  g_clear_error (&error);

  g_assert_false (lf_scenario_set (scenario, "settings.nonsense", "1", &error));
  g_assert_error (error, LF_ERROR, LF_ERROR_UNKNOWN_PATH);
  g_assert_nonnull (strstr (error->message, "known: account_concurrency"));
  g_clear_error (&error);

  g_assert_false (lf_scenario_set (scenario, "speed", "2", &error));
  g_assert_error (error, LF_ERROR, LF_ERROR_UNKNOWN_PATH);
  g_clear_error (&error);

  g_assert_false (lf_scenario_set (scenario, "worker-role.allow", "[]", &error));
  g_assert_error (error, LF_ERROR, LF_ERROR_UNKNOWN_PATH);
  g_clear_error (&error);

  g_assert_false (lf_scenario_set (scenario, "seed", "-3", &error));
  g_assert_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (lf_scenario_set (scenario, "duration", "soon", &error));
  g_assert_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_true (lf_scenario_set (scenario, "seed", "null", &error));
  g_assert_cmpuint (lf_scenario_get_seed (scenario), ==, 1);
  g_assert_true (lf_scenario_set (scenario, "title", "Renamed", &error));
  g_assert_cmpstr (lf_scenario_get_title (scenario), ==, "Renamed");
  g_assert_false (lf_scenario_set (scenario, "worker.", "1", &error));
  g_assert_error (error, LF_ERROR, LF_ERROR_UNKNOWN_PATH);
  g_clear_error (&error);

  /* the id is split on the first dot */
  g_assert_true (lf_scenario_set (scenario, "esm-orders.filters", "[{\"body\": {\"a.b\": [1]}}]",
                                  &error));
  g_assert_no_error (error);
  g_assert_false (lf_scenario_set (scenario, "worker.duration.median", "1s", &error));
  g_assert_error (error, LF_ERROR, LF_ERROR_UNKNOWN_PATH);
  g_assert_nonnull (strstr (error->message, "`duration.median`"));
}

/* ---------------------------------------------------------------------------------------
 */

/* Issue #5 review: a node far off the canvas or at a non-finite position (1e999 parses as
 * infinity) loaded and left the canvas empty. Positions are a format extension:
 * ±LF_SCENARIO_COORDINATE_MAX canvas units, an error naming the JSON path otherwise. */
static void
test_coordinates (void)
{
  struct { const char *x, *y; const char *path, *text; } cases[] = {
    { "10000000", "0", "nodes[0].x", "x 10000000 is out of range (−1,000,000–1,000,000 canvas units)" },
    { "0", "-1000001", "nodes[0].y", "y -1000001 is out of range (−1,000,000–1,000,000 canvas units)" },
    { "1e999", "0", "nodes[0].x", "x is not a finite number" },
    { "0", "-1e999", "nodes[0].y", "y is not a finite number" },
    { "1e308", "1e308", "nodes[0].x", "x 1e+308 is out of range" },
  };
  const char *ok[][2] = { { "1000000", "-1000000" }, { "-999999.5", "0.25" }, { "0", "0" } };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf (
        "{\"format\": \"lambdaflow/1\", \"duration\": \"1m\","
        " \"nodes\": [{\"id\": \"q\", \"type\": \"sqs_queue\", \"x\": %s, \"y\": %s}], \"edges\": []}",
        cases[i].x, cases[i].y);
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(LfScenario) scenario = load_text (json, &problems);
      g_autoptr(LfSim) sim = NULL;
      g_autoptr(GError) error = NULL;

      assert_problem (problems, E, cases[i].path, cases[i].text);
      /* and a simulation refuses it */
      sim = lf_sim_new (scenario, &error);
      g_assert_null (sim);
      g_assert_error (error, LF_ERROR, LF_ERROR_INVALID_SCENARIO);
    }
  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autofree char *json = g_strdup_printf (
        "{\"format\": \"lambdaflow/1\", \"duration\": \"1m\","
        " \"nodes\": [{\"id\": \"q\", \"type\": \"sqs_queue\", \"x\": %s, \"y\": %s}], \"edges\": []}",
        ok[i][0], ok[i][1]);
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(LfScenario) scenario = load_text (json, &problems);

      assert_no_problems (problems);
    }
  /* a move made in the designer is checked the same way */
  {
    g_autoptr(GPtrArray) problems = NULL;
    g_autoptr(LfScenario) scenario = load_text (
      "{\"format\": \"lambdaflow/1\", \"duration\": \"1m\","
      " \"nodes\": [{\"id\": \"q\", \"type\": \"sqs_queue\"}], \"edges\": []}", &problems);
    g_autoptr(GPtrArray) after = NULL;

    assert_no_problems (problems);
    g_assert_true (lf_scenario_move_node (scenario, "q", 2e6, 5));
    after = lf_scenario_validate (scenario);
    assert_problem (after, E, "nodes[0].x", "x 2000000 is out of range");
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (problem_cases); i++)
    g_test_add_data_func (problem_cases[i].test, &problem_cases[i], test_problem_case);
  g_test_add_func ("/scenario/validate/coordinates", test_coordinates);
  g_test_add_func ("/scenario/validate/fixture-dirs", test_fixture_dirs);
  g_test_add_func ("/scenario/validate/five-errors", test_five_errors);
  g_test_add_func ("/scenario/validate/unknown-key-suggestion", test_unknown_key_suggestion);
  g_test_add_func ("/scenario/validate/unknown-keys-elsewhere/ESM-8", test_unknown_keys_elsewhere);
  g_test_add_func ("/scenario/validate/fifo-destination-warning/ASYNC-10", test_fifo_destination_warning);
  g_test_add_func ("/scenario/validate/rest-timeout-quota/APIGW-4", test_rest_timeout_quota);
  g_test_add_func ("/scenario/validate/permissions/ASYNC-13", test_permissions);
  g_test_add_func ("/scenario/validate/single-dlq/ASYNC-13", test_single_dlq);
  g_test_add_func ("/scenario/validate/wrong-shapes", test_wrong_shapes);
  g_test_add_func ("/scenario/validate/reserved-boundary/CONC-2", test_boundaries);
  g_test_add_func ("/scenario/load/every-type", test_every_type);
  g_test_add_func ("/scenario/load/defaults", test_defaults);
  g_test_add_func ("/scenario/load/syntax-error", test_syntax_error);
  g_test_add_func ("/scenario/load/syntax-error-data", test_syntax_error_data);
  g_test_add_func ("/scenario/load/too-deep", test_too_deep);
  g_test_add_func ("/scenario/load/too-large", test_too_large);
  g_test_add_func ("/scenario/load/version", test_version);
  g_test_add_func ("/scenario/load/io-error", test_io_error);
  g_test_add_func ("/scenario/save/round-trip-fixtures", test_round_trip_fixtures);
  g_test_add_func ("/scenario/save/round-trip-file", test_round_trip_file);
  g_test_add_func ("/scenario/save/odd-values", test_round_trip_odd_values);
  g_test_add_func ("/scenario/model/build", test_build);
  g_test_add_func ("/scenario/model/type-names", test_type_names);
  g_test_add_func ("/scenario/props/readers", test_props_readers);
  g_test_add_func ("/scenario/set/paths", test_set_paths);
  g_test_add_func ("/scenario/set/revalidate/SQS-4", test_set_revalidate);
  g_test_add_func ("/scenario/set/ranges", test_set_ranges);
  g_test_add_func ("/scenario/set/errors", test_set_errors);

  return g_test_run ();
}
