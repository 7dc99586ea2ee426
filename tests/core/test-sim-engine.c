/* The engine: determinism, stepping, bounded runs, reset, live changes, the trace's
 * invariants and the conservation of messages (DESIGN.md, spec/cli.md) */
#include "lf-test-util.h"

#include <string.h>

static LfScenario *
load_fixture (const char *name)
{
  g_autofree char *path = g_build_filename (LF_TEST_SRCDIR, "..", "scenarios", "run", name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  LfScenario *s = lf_scenario_load_from_file (path, &problems, &error);

  g_assert_no_error (error);
  g_assert_false (lf_problems_have_errors (problems));
  return s;
}

static void
append_line (const LfRecord *rec, gpointer data)
{
  lf_record_to_json (rec, data);
  g_string_append_c (data, '\n');
}

static GString *
trace_of (LfScenario *scenario, guint64 seed)
{
  g_autoptr(LfSim) sim = NULL;
  GString *out = g_string_new (NULL);

  lf_scenario_set_seed (scenario, seed);
  sim = lf_sim_new (scenario, NULL);
  lf_sim_add_trace_func (sim, append_line, out);
  lf_sim_run_until (sim, lf_scenario_get_duration (scenario), 0);
  lf_test_assert_conserved (sim);
  return out;
}

/* Same scenario + same seed ⇒ the same trace, byte for byte, on a scenario with every
 * service of the core; another seed ⇒ another trace */
static void
test_determinism (void)
{
  g_autoptr(LfScenario) s = load_fixture ("every-service.lflow.json");
  g_autoptr(GString) a = trace_of (s, 42);
  g_autoptr(GString) b = trace_of (s, 42);
  g_autoptr(GString) c = trace_of (s, 43);
  const char *kinds[] = { "\"kind\":\"publish\"", "\"kind\":\"notify\"", "\"kind\":\"copy\"",
                          "\"kind\":\"enqueue\"", "\"kind\":\"invoke.start\"", "\"kind\":\"invoke.end\"",
                          "\"kind\":\"throttle\"", "\"kind\":\"retry\"", "\"kind\":\"dlq\"",
                          "\"kind\":\"destination\"", "\"kind\":\"discard\"", "\"kind\":\"http\"",
                          "\"kind\":\"denied\"", "\"kind\":\"fault\"" };

  g_assert_cmpuint (a->len, >, 1000000);
  g_assert_true (g_string_equal (a, b));
  g_assert_false (g_string_equal (a, c));
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (strstr (a->str, kinds[i]) == NULL)
      g_error ("the every-service trace has no %s record", kinds[i]);
}

/* The same with all four event sources polled */
static void
test_determinism_sources (void)
{
  g_autoptr(LfScenario) s = load_fixture ("all-sources.lflow.json");
  g_autoptr(GString) a = trace_of (s, 5);
  g_autoptr(GString) b = trace_of (s, 5);
  g_autoptr(GString) c = trace_of (s, 6);
  const char *kinds[] = { "\"kind\":\"poll\"", "\"kind\":\"delete\"", "\"kind\":\"visible\"",
                          "\"kind\":\"redrive\"" };

  g_assert_true (g_string_equal (a, b));
  g_assert_false (g_string_equal (a, c));
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (strstr (a->str, kinds[i]) == NULL)
      g_error ("the all-sources trace has no %s record", kinds[i]);
}

/* spec/cli.md: seq strictly increasing from 1, t never decreasing, node or edge set */
static void
test_trace_invariants (void)
{
  g_autoptr(LfScenario) s = load_fixture ("every-service.lflow.json");
  g_autoptr(LfTestRun) run = lf_test_run_scenario (s, LF_MINUTE (3));
  gint64 last_t = 0;

  for (guint i = 0; i < run->records->len; i++)
    {
      JsonObject *r = g_ptr_array_index (run->records, i);
      g_assert_cmpint (json_object_get_int_member (r, "seq"), ==, (gint64) i + 1);
      g_assert_cmpint (json_object_get_int_member (r, "t"), >=, last_t);
      last_t = json_object_get_int_member (r, "t");
      g_assert_true (json_object_has_member (r, "node") || json_object_has_member (r, "edge"));
      g_assert_nonnull (json_object_get_string_member (r, "kind"));
    }
}

/* run_until bounds a frame's work; stepping reaches the same state */
static void
test_bounded_and_stepped (void)
{
  g_autoptr(LfScenario) s = load_fixture ("every-service.lflow.json");
  g_autoptr(LfSim) bounded = lf_sim_new (s, NULL);
  g_autoptr(LfSim) stepped = lf_sim_new (s, NULL);
  g_autoptr(LfSim) whole = lf_sim_new (s, NULL);
  g_autoptr(GString) tb = g_string_new (NULL), ts = g_string_new (NULL), tw = g_string_new (NULL);
  LfTime end = LF_MINUTE (2);
  guint64 n;

  lf_sim_add_trace_func (bounded, append_line, tb);
  lf_sim_add_trace_func (stepped, append_line, ts);
  lf_sim_add_trace_func (whole, append_line, tw);
  n = lf_sim_run_until (bounded, end, 100);
  g_assert_cmpuint (n, ==, 100);
  g_assert_cmpint (lf_sim_get_now (bounded), <, end);
  while (lf_sim_run_until (bounded, end, 100) == 100)
    ;
  g_assert_cmpint (lf_sim_get_now (bounded), ==, end);
  while (lf_sim_next_event_time (stepped) <= end)
    g_assert_true (lf_sim_step (stepped));
  lf_sim_run_until (whole, end, 0);
  g_assert_true (g_string_equal (tb, tw));
  g_assert_true (g_string_equal (ts, tw));
  g_assert_cmpuint (lf_sim_get_events (bounded), ==, lf_sim_get_events (whole));
}

/* reset: back to t = 0, the same run again */
static void
test_reset (void)
{
  g_autoptr(LfScenario) s = load_fixture ("every-service.lflow.json");
  g_autoptr(LfSim) sim = lf_sim_new (s, NULL);
  g_autoptr(GString) first = g_string_new (NULL);
  g_autoptr(GString) second = g_string_new (NULL);
  LfMessageCounts c;

  lf_sim_add_trace_func (sim, append_line, first);
  lf_sim_add_trace_func (sim, append_line, second);
  lf_sim_remove_trace_func (sim, append_line, second);     /* a removed sink sees nothing */
  lf_sim_run_until (sim, LF_MINUTE (4), 0);
  g_assert_cmpuint (second->len, ==, 0);
  lf_sim_reset (sim);
  g_assert_cmpint (lf_sim_get_now (sim), ==, 0);
  lf_sim_count_messages (sim, &c);
  g_assert_cmpuint (c.published, ==, 0);
  lf_sim_run_until (sim, LF_MINUTE (4), 0);
  /* the sink saw the first run, then the second: the halves must be equal */
  g_assert_cmpuint (first->len % 2, ==, 0);
  g_string_append_len (second, first->str + first->len / 2, (gssize) (first->len / 2));
  g_string_truncate (first, first->len / 2);
  g_assert_true (g_string_equal (first, second));
}

/* A live change at the current simulated time, as the app's sliders make */
static void
test_live_set (void)
{
  const char *json =
    "{\"format\": \"lambdaflow/1\", \"duration\": \"4m\","
    " \"nodes\": [{\"id\": \"c\", \"type\": \"client\", \"props\": {\"retry_mode\": \"none\"}}, {\"id\": \"fn\", \"type\": \"lambda_function\"}],"
    " \"edges\": [{\"id\": \"i\", \"type\": \"invoke\", \"from\": \"c\", \"to\": \"fn\"}],"
    " \"workload\": [{\"id\": \"w\", \"target\": \"c\", \"rate\": \"1/s\"}],"
    " \"faults\": [{\"id\": \"f\", \"target\": \"fn\", \"kind\": \"error\", \"probability\": 0.0}]}";
  g_autoptr(LfScenario) s = lf_scenario_load_from_data (json, -1, NULL, NULL, NULL);
  g_autoptr(LfSim) sim = lf_sim_new (s, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) report = NULL;
  JsonObject *fn;

  lf_sim_run_until (sim, LF_MINUTE (1), 0);
  g_assert_true (lf_sim_set (sim, "f.probability", "1", &error));
  g_assert_no_error (error);
  lf_sim_run_until (sim, LF_MINUTE (2), 0);
  g_assert_true (lf_sim_set (sim, "f.probability", "0", &error));
  g_assert_true (lf_sim_set (sim, "fn.reserved_concurrency", "0", &error));
  lf_sim_run_until (sim, LF_MINUTE (3), 0);
  g_assert_false (lf_sim_set (sim, "fn.timeout", "\"2000s\"", &error));   /* LIM-1: refused */
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (lf_sim_set (sim, "nope.timeout", "1", &error));
  g_clear_error (&error);
  report = lf_sim_build_report (sim, 0);
  fn = json_object_get_object_member (json_object_get_object_member (json_node_get_object (report), "nodes"), "fn");
  /* 0–60 s fine (61 calls), 61–120 s all errors, 121–180 s all throttled */
  g_assert_cmpint (json_object_get_int_member (fn, "errors"), ==, 60);
  g_assert_cmpint (json_object_get_int_member (fn, "invocations"), ==, 121);
  g_assert_cmpint (json_object_get_int_member (fn, "throttles"), ==, 60);
  lf_test_assert_conserved (sim);
}

/* Metrics: per-node series sampled every second */
static void
test_series (void)
{
  const char *json =
    "{\"format\": \"lambdaflow/1\", \"duration\": \"1m\","
    " \"nodes\": [{\"id\": \"c\", \"type\": \"client\"}, {\"id\": \"fn\", \"type\": \"lambda_function\", \"props\": {\"duration\": \"2s\", \"cold_start\": \"0s\"}},"
    "             {\"id\": \"q\", \"type\": \"sqs_queue\"}],"
    " \"edges\": [{\"id\": \"i\", \"type\": \"invoke\", \"from\": \"c\", \"to\": \"fn\"}],"
    " \"workload\": [{\"id\": \"w\", \"target\": \"c\", \"rate\": \"5/s\", \"stop\": \"30s\"},"
    "              {\"id\": \"x\", \"target\": \"q\", \"rate\": \"1/s\"}]}";
  g_autoptr(LfTestRun) run = lf_test_run (json, -1);
  const GArray *conc = lf_sim_get_series (run->sim, "fn", "concurrency");
  const GArray *depth = lf_sim_get_series (run->sim, "q", "depth");
  const LfSample *s;

  g_assert_nonnull (conc);
  g_assert_nonnull (depth);
  g_assert_null (lf_sim_get_series (run->sim, "fn", "nope"));
  g_assert_cmpuint (conc->len, ==, 61);
  s = &g_array_index (conc, LfSample, 20);
  g_assert_cmpint (s->t, ==, LF_SEC (20));
  g_assert_cmpint (s->value, ==, 10);     /* 5/s × 2 s */
  g_assert_cmpint (g_array_index (conc, LfSample, 45).value, ==, 0);
  g_assert_cmpint (g_array_index (depth, LfSample, 30).value, ==, 30);
  g_assert_cmpint (lf_sim_node_depth (run->sim, "q"), ==, 61);   /* 0 s … 60 s inclusive */
  g_assert_cmpint (lf_sim_node_running (run->sim, "fn"), ==, 0);
}

/* The report (spec/cli.md) */
static void
test_report (void)
{
  g_autoptr(LfScenario) s = load_fixture ("every-service.lflow.json");
  g_autoptr(LfTestRun) run = lf_test_run_scenario (s, -1);
  g_autoptr(JsonNode) report = lf_sim_build_report (run->sim, 1.5);
  JsonObject *r = json_node_get_object (report);
  JsonObject *m = json_object_get_object_member (r, "messages");
  g_autofree char *text = lf_sim_report_to_text (run->sim, report);
  const char *keys[] = { "published", "copies", "succeeded", "discarded", "forwarded", "queued",
                         "in_flight", "lost", "dlq", "destination_success", "destination_failure" };
  gint64 total = 0;

  g_assert_cmpstr (json_object_get_string_member (r, "format"), ==, "lambdaflow-report/1");
  g_assert_cmpint (json_object_get_int_member (r, "seed"), ==, 42);
  g_assert_cmpint (json_object_get_int_member (r, "sim_time_us"), ==, LF_MINUTE (15));
  g_assert_cmpint (json_object_get_int_member (r, "events"), ==, (gint64) lf_sim_get_events (run->sim));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (json_object_has_member (m, keys[i]));
  for (guint i = 2; i < 8; i++)
    total += json_object_get_int_member (m, keys[i]);
  g_assert_cmpint (total, ==, json_object_get_int_member (m, "published") + json_object_get_int_member (m, "copies"));
  g_assert_cmpint (json_object_get_int_member (m, "lost"), ==, 0);
  g_assert_true (json_object_has_member (json_object_get_object_member (json_object_get_object_member (r, "nodes"), "api"),
                                         "duration_p99_ms"));
  g_assert_nonnull (strstr (text, "Every service at once"));
  g_assert_true (json_object_has_member (r, "problems"));
}

/* A refused live change leaves the run as it was; a zero rate publishes nothing */
static void
test_refused_set_and_zero_rate (void)
{
  const char *json =
    "{\"format\": \"lambdaflow/1\", \"duration\": \"1m\","
    " \"nodes\": [{\"id\": \"c\", \"type\": \"client\", \"props\": {\"retry_mode\": \"none\"}},"
    "   {\"id\": \"fn\", \"type\": \"lambda_function\", \"props\": {\"timeout\": \"3s\", \"duration\": \"5s\", \"cold_start\": \"0s\"}}],"
    " \"edges\": [{\"id\": \"i\", \"type\": \"invoke\", \"from\": \"c\", \"to\": \"fn\"}],"
    " \"workload\": [{\"id\": \"w\", \"target\": \"c\", \"rate\": \"1/m\"},"
    "              {\"id\": \"z\", \"target\": \"c\", \"rate\": \"0/s\"}]}";
  g_autoptr(LfScenario) s = lf_scenario_load_from_data (json, -1, NULL, NULL, NULL);
  g_autoptr(LfSim) sim = lf_sim_new (s, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) report = NULL;
  JsonObject *fn;

  g_assert_false (lf_sim_set (sim, "fn.timeout", "\"2000s\"", &error));
  g_assert_nonnull (error);
  g_assert_false (lf_sim_set (sim, "fn.duration", "\"-1s\"", NULL));
  lf_sim_run_until (sim, LF_SEC (30), 0);
  report = lf_sim_build_report (sim, 0);
  fn = json_object_get_object_member (json_object_get_object_member (json_node_get_object (report), "nodes"), "fn");
  /* still a 3 s timeout on a 5 s handler; the zero-rate workload sent nothing */
  g_assert_cmpint (json_object_get_int_member (fn, "timeouts"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (fn, "invocations"), ==, 1);
  g_assert_cmpint (lf_sim_run_until (sim, LF_MINUTE (10), 0), <, 100);
  lf_test_assert_conserved (sim);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/determinism", test_determinism);
  g_test_add_func ("/engine/determinism-sources", test_determinism_sources);
  g_test_add_func ("/engine/trace-invariants", test_trace_invariants);
  g_test_add_func ("/engine/bounded-and-stepped", test_bounded_and_stepped);
  g_test_add_func ("/engine/reset", test_reset);
  g_test_add_func ("/engine/live-set", test_live_set);
  g_test_add_func ("/engine/series", test_series);
  g_test_add_func ("/engine/report", test_report);
  g_test_add_func ("/engine/refused-set-and-zero-rate", test_refused_set_and_zero_rate);
  return g_test_run ();
}
