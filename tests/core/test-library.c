/* The bundled scenario library, data/scenarios (issue 7): every scenario loads with no
 * errors (and only the warnings it is about), lays out on a 1280×800 canvas without
 * overlaps, has a 4–8 step walkthrough that names its rules (run times: bench-library.sh),
 * and does what its walkthrough says, in numbers. */
#include "lf-test-util.h"

#include <string.h>

#include "lf-events.h"

#define CANVAS_WIDTH         1280.0
#define CANVAS_HEIGHT        800.0
#define CARD_WIDTH           192.0   /* LF_PAINTER_NODE_WIDTH */
#define CARD_HEIGHT          72.0    /* LF_PAINTER_NODE_HEIGHT */
#define CARD_GAP             60.0

static const char * const library[] = {
  "async-retries.lflow.json",
  "01-sync-sdk-retries.lflow.json",
  "02-api-gateway-errors.lflow.json",
  "03-alb-multi-value-headers.lflow.json",
  "04-s3-async-retries.lflow.json",
  "05-s3-notifications.lflow.json",
  "06-sns-fanout-eventbridge.lflow.json",
  "07-destinations-vs-dlq.lflow.json",
  "08-max-event-age-retries.lflow.json",
  "09-kinesis-shards.lflow.json",
  "10-kinesis-parallelization.lflow.json",
  "11-kinesis-poison-record.lflow.json",
  "12-dynamodb-streams.lflow.json",
  "13-sqs-standard-batches.lflow.json",
  "14-sqs-partial-batch.lflow.json",
  "15-sqs-fifo-groups.lflow.json",
  "16-sqs-scaling-reserved.lflow.json",
  "17-execution-role.lflow.json",
  "18-recursive-loop.lflow.json",
};

/* ---- loading and running ----------------------------------------------------------- */

static char *
library_path (const char *file)
{
  return g_build_filename (LF_TEST_SRCDIR, "..", "..", "data", "scenarios", file, NULL);
}

static char *
library_text (const char *file)
{
  g_autofree char *path = library_path (file);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* Loads a scenario from JSON text, asserting no errors and exactly the warnings whose
 * paths are listed (NULL-terminated; NULL: none). */
static LfScenario *
load_text (const char *text, const char *name, const char * const *warnings)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(LfScenario) scenario = lf_scenario_load_from_data (text, -1, name, &problems, &error);
  guint n_warnings = 0, expected = warnings ? g_strv_length ((char **) warnings) : 0;

  g_assert_no_error (error);
  g_assert_nonnull (scenario);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      LfProblem *p = g_ptr_array_index (problems, i);
      if (p->severity == LF_SEVERITY_ERROR)
        g_error ("%s: error: %s: %s", name, p->path, p->message);
      if (warnings == NULL || !g_strv_contains (warnings, p->path))
        g_error ("%s: unexpected warning: %s: %s", name, p->path, p->message);
      n_warnings++;
    }
  g_assert_cmpuint (n_warnings, ==, expected);
  return g_steal_pointer (&scenario);
}

static LfScenario *
load_library (const char *file, const char * const *warnings)
{
  g_autofree char *text = library_text (file);

  return load_text (text, file, warnings);
}

/* Which records a run keeps (all when NULL): big runs keep what they assert on. */
typedef gboolean (*KeepFunc) (const LfRecord *record);

typedef struct {
  LfTestRun *run;
  KeepFunc   keep;
} Collector;

static void
collect (const LfRecord *record, gpointer user_data)
{
  Collector *c = user_data;
  gsize start = c->run->jsonl->len;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;

  if (c->keep != NULL && !c->keep (record))
    return;
  parser = json_parser_new ();
  lf_record_to_json (record, c->run->jsonl);
  if (!json_parser_load_from_data (parser, c->run->jsonl->str + start,
                                   (gssize) (c->run->jsonl->len - start), &error))
    g_error ("a trace record is not JSON: %s", error->message);
  g_string_append_c (c->run->jsonl, '\n');
  g_ptr_array_add (c->run->records,
                   json_object_ref (json_node_get_object (json_parser_get_root (parser))));
}

/* Runs the whole scenario, keeping the records `keep` wants. Records lost == 0 and the
 * fates add up (lf_test_assert_conserved). How long a run takes is measured by
 * tests/bench/bench-library.sh, not here: unit tests are not timed. */
static LfTestRun *
run_library_keeping (LfScenario *scenario, KeepFunc keep)
{
  LfTestRun *run = g_new0 (LfTestRun, 1);
  Collector c = { run, keep };
  g_autoptr(GError) error = NULL;

  run->scenario = g_object_ref (scenario);
  run->records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  run->jsonl = g_string_new (NULL);
  run->sim = lf_sim_new (scenario, &error);
  g_assert_no_error (error);
  lf_sim_add_trace_func (run->sim, collect, &c);
  lf_sim_run_until (run->sim, lf_scenario_get_duration (scenario), 0);
  lf_test_assert_conserved (run->sim);
  return run;
}

static LfTestRun *
run_library (LfScenario *scenario)
{
  return run_library_keeping (scenario, NULL);
}

/* ---- trace queries ------------------------------------------------------------------ */

static const char *
str_of (JsonObject *r, const char *key)
{
  return json_object_get_string_member_with_default (r, key, NULL);
}

static gint64
int_of (JsonObject *r, const char *key)
{
  g_assert_true (json_object_has_member (r, key));
  return json_object_get_int_member (r, key);
}

static JsonArray *
msgs_of (JsonObject *r)
{
  return json_object_get_array_member (r, "msgs");
}

static guint
n_msgs (JsonObject *r)
{
  return json_array_get_length (msgs_of (r));
}

static gboolean
has_msg (JsonObject *r, const char *msg)
{
  JsonArray *msgs;

  if (g_strcmp0 (str_of (r, "msg"), msg) == 0)
    return TRUE;
  if (!json_object_has_member (r, "msgs"))
    return FALSE;
  msgs = msgs_of (r);
  for (guint i = 0; i < json_array_get_length (msgs); i++)
    if (g_strcmp0 (json_array_get_string_element (msgs, i), msg) == 0)
      return TRUE;
  return FALSE;
}

/* Records of a kind at a node or edge (NULL: any) whose string `key` is `value`. */
static GPtrArray *
select_where (LfTestRun *run, const char *kind, const char *at, const char *key, const char *value)
{
  g_autoptr(GPtrArray) all = lf_test_select (run, kind, at);
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < all->len; i++)
    if (g_strcmp0 (str_of (g_ptr_array_index (all, i), key), value) == 0)
      g_ptr_array_add (out, g_ptr_array_index (all, i));
  return out;
}

static guint
count_where (LfTestRun *run, const char *kind, const char *at, const char *key, const char *value)
{
  g_autoptr(GPtrArray) sel = select_where (run, kind, at, key, value);
  return sel->len;
}

/* Records of a kind at a node or edge that carry msg (in msg or msgs). */
static GPtrArray *select_msg (LfTestRun *run, const char *kind, const char *at, const char *msg);

static guint
count_msg (LfTestRun *run, const char *kind, const char *at, const char *msg)
{
  g_autoptr(GPtrArray) sel = select_msg (run, kind, at, msg);
  return sel->len;
}

static GPtrArray *
select_msg (LfTestRun *run, const char *kind, const char *at, const char *msg)
{
  g_autoptr(GPtrArray) all = lf_test_select (run, kind, at);
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < all->len; i++)
    if (has_msg (g_ptr_array_index (all, i), msg))
      g_ptr_array_add (out, g_ptr_array_index (all, i));
  return out;
}

static JsonObject *
end_of (LfTestRun *run, const char *fn, const char *request)
{
  g_autoptr(GPtrArray) ends = select_where (run, "invoke.end", fn, "request", request);

  g_assert_cmpuint (ends->len, >=, 1);
  return g_ptr_array_index (ends, 0);
}

/* The msg id of the n-th (from 0) publish of a workload item. */
static const char *
published (LfTestRun *run, const char *workload, guint n)
{
  g_autoptr(GPtrArray) pubs = select_where (run, "publish", NULL, "workload", workload);

  g_assert_cmpuint (n, <, pubs->len);
  return str_of (g_ptr_array_index (pubs, n), "msg");
}

static gint64
node_report (LfTestRun *run, const char *id, const char *key)
{
  return lf_test_report_int (run, "nodes", id, key);
}

static gint64
messages_report (LfTestRun *run, const char *key)
{
  return lf_test_report_int (run, "messages", NULL, key);
}

/* Max of a number in the edges section of the report. */
static double
edge_report (LfTestRun *run, const char *id, const char *key)
{
  g_autoptr(JsonNode) report = lf_sim_build_report (run->sim, 0.0);
  JsonObject *edges = json_object_get_object_member (json_node_get_object (report), "edges");
  JsonObject *e = json_object_get_object_member (edges, id);

  g_assert_nonnull (e);
  return json_object_get_double_member (e, key);
}

/* Within each key (enqueue's `key_field`), msgs reach the function in enqueue order: the
 * invocations that succeeded, in start order, see increasing enqueue positions. Returns the
 * number of records checked. */
static guint
assert_in_order_per_key (LfTestRun *run, const char *queue, const char *fn, const char *key_field)
{
  g_autoptr(GPtrArray) enq = lf_test_select (run, "enqueue", queue);
  g_autoptr(GPtrArray) starts = lf_test_select (run, "invoke.start", fn);
  g_autoptr(GHashTable) pos = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) key_of = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) last = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) ok = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) ends = lf_test_select (run, "invoke.end", fn);
  guint checked = 0;

  for (guint i = 0; i < enq->len; i++)
    {
      JsonObject *r = g_ptr_array_index (enq, i);
      if (!g_hash_table_contains (pos, str_of (r, "msg")))
        g_hash_table_insert (pos, (gpointer) str_of (r, "msg"), GUINT_TO_POINTER (i + 1));
      g_hash_table_insert (key_of, (gpointer) str_of (r, "msg"), (gpointer) str_of (r, key_field));
    }
  for (guint i = 0; i < ends->len; i++)
    if (g_strcmp0 (str_of (g_ptr_array_index (ends, i), "status"), "ok") == 0)
      g_hash_table_add (ok, (gpointer) str_of (g_ptr_array_index (ends, i), "request"));
  for (guint i = 0; i < starts->len; i++)
    {
      JsonObject *s = g_ptr_array_index (starts, i);
      JsonArray *msgs = msgs_of (s);
      if (!g_hash_table_contains (ok, str_of (s, "request")))
        continue;
      for (guint j = 0; j < json_array_get_length (msgs); j++)
        {
          const char *m = json_array_get_string_element (msgs, j);
          const char *key = g_hash_table_lookup (key_of, m);
          guint p = GPOINTER_TO_UINT (g_hash_table_lookup (pos, m));
          g_assert_nonnull (key);
          if (p <= GPOINTER_TO_UINT (g_hash_table_lookup (last, key)))
            g_error ("%s: %s of %s overtook an earlier record of its key", fn, m, key);
          g_hash_table_insert (last, (gpointer) key, GUINT_TO_POINTER (p));
          checked++;
        }
    }
  return checked;
}

/* ---- every scenario: layout and walkthrough ----------------------------------------- */

static void
assert_layout (LfScenario *scenario, const char *file)
{
  GPtrArray *nodes = lf_scenario_get_nodes (scenario);

  for (guint i = 0; i < nodes->len; i++)
    {
      LfNode *a = g_ptr_array_index (nodes, i);
      if (a->x < 0 || a->y < 0 || a->x + CARD_WIDTH > CANVAS_WIDTH || a->y + CARD_HEIGHT > CANVAS_HEIGHT)
        g_error ("%s: node %s at (%g, %g) leaves the 1280×800 canvas", file, a->id, a->x, a->y);
      for (guint j = i + 1; j < nodes->len; j++)
        {
          LfNode *b = g_ptr_array_index (nodes, j);
          double dx = MAX (b->x - (a->x + CARD_WIDTH), a->x - (b->x + CARD_WIDTH));
          double dy = MAX (b->y - (a->y + CARD_HEIGHT), a->y - (b->y + CARD_HEIGHT));
          if (dx < CARD_GAP && dy < CARD_GAP)
            g_error ("%s: nodes %s and %s are closer than %g px", file, a->id, b->id, CARD_GAP);
        }
    }
}

static void
assert_walkthrough (LfScenario *scenario, const char *file)
{
  JsonNode *wt = lf_scenario_get_walkthrough (scenario);
  g_autoptr(GRegex) rule = g_regex_new ("\\[[A-Z0-9]+-[0-9]+", 0, 0, NULL);
  JsonArray *steps;
  LfTime last_at = 0;

  g_assert_nonnull (wt);
  steps = json_object_get_array_member (json_node_get_object (wt), "steps");
  g_assert_cmpuint (json_array_get_length (steps), >=, 4);
  g_assert_cmpuint (json_array_get_length (steps), <=, 8);
  for (guint i = 0; i < json_array_get_length (steps); i++)
    {
      JsonObject *step = json_array_get_object_element (steps, i);
      const char *title = str_of (step, "title"), *text = str_of (step, "text");
      g_assert_nonnull (title);
      g_assert_nonnull (text);
      g_assert_cmpuint (strlen (title), <=, 48);
      if (!g_regex_match (rule, text, 0, NULL))
        g_error ("%s: walkthrough step %u (\"%s\") names no rule id", file, i, title);
      if (json_object_has_member (step, "at"))
        {
          LfTime at = lf_props_get_duration (step, "at", -1);
          g_assert_cmpint (at, >=, last_at);
          g_assert_cmpint (at, <=, lf_scenario_get_duration (scenario));
          last_at = at;
        }
    }
}

static void
test_all_layout_walkthrough (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (library); i++)
    {
      const char *warnings_17[] = { "edges[1]", "edges[3]", NULL };
      g_autoptr(LfScenario) s = load_library (library[i], g_str_has_prefix (library[i], "17-") ?
                                              warnings_17 : NULL);
      g_assert_cmpstr (lf_scenario_get_title (s), !=, "");
      g_assert_cmpuint (strlen (lf_scenario_get_description (s)), >, 100);
      assert_layout (s, library[i]);
      assert_walkthrough (s, library[i]);
    }
}

/* ---- the quick start: async-retries --------------------------------------------------- */

/* Attempts of a request: start times (s) and end times (s). */
static guint
attempts_of (LfTestRun *run, const char *fn, const char *request, double *starts, double *ends, guint max)
{
  g_autoptr(GPtrArray) s = select_where (run, "invoke.start", fn, "request", request);
  g_autoptr(GPtrArray) e = select_where (run, "invoke.end", fn, "request", request);

  for (guint i = 0; i < s->len && i < max; i++)
    starts[i] = lf_test_time_s (g_ptr_array_index (s, i));
  for (guint i = 0; i < e->len && i < max; i++)
    ends[i] = lf_test_time_s (g_ptr_array_index (e, i));
  return s->len;
}

/* The quick start: 604 uploads, 35 % of tries fail; retries 1 min then 2 min after each
 * failure; 159 events need 2 tries, 80 need 3; 33 fail all 3 and each is in the DLQ and
 * has a RetriesExhausted record with approximateInvokeCount 3 [ASYNC-2, ASYNC-3, ASYNC-13] */
static void
test_quick_start (void)
{
  g_autoptr(LfScenario) s = load_library ("async-retries.lflow.json", NULL);
  g_autoptr(LfTestRun) run = run_library (s);
  g_autoptr(GPtrArray) starts = lf_test_select (run, "invoke.start", "thumbnailer");
  g_autoptr(GPtrArray) records = lf_test_select (run, "destination", "failure-records");
  g_autoptr(GHashTable) tries = g_hash_table_new (g_str_hash, g_str_equal);
  guint two = 0, three = 0;

  for (guint i = 0; i < starts->len; i++)
    {
      const char *req = str_of (g_ptr_array_index (starts, i), "request");
      g_hash_table_insert (tries, (gpointer) req,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (tries, req)) + 1));
    }
  GHashTableIter it;
  gpointer key, value;
  g_hash_table_iter_init (&it, tries);
  while (g_hash_table_iter_next (&it, &key, &value))
    {
      double st[3], en[3];
      guint n = attempts_of (run, "thumbnailer", key, st, en, 3);
      two += n == 2;
      three += n == 3;
      if (n >= 2)
        lf_assert_near (st[1] - en[0], 60.0, 0.001);
      if (n >= 3)
        lf_assert_near (st[2] - en[1], 120.0, 0.001);
    }
  g_assert_cmpuint (g_hash_table_size (tries), ==, 604);
  g_assert_cmpuint (two, ==, 159);
  g_assert_cmpuint (three, ==, 80);
  g_assert_cmpuint (lf_test_count (run, "dlq", "failed-thumbnails"), ==, 33);
  g_assert_cmpuint (records->len, ==, 33);
  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *r = g_ptr_array_index (records, i);
      g_autoptr(GPtrArray) dlq = select_msg (run, "dlq", "failed-thumbnails",
                                             json_array_get_string_element (msgs_of (r), 0));
      g_assert_cmpstr (str_of (r, "condition"), ==, "RetriesExhausted");
      g_assert_cmpint (int_of (r, "approximate_invoke_count"), ==, 3);
      g_assert_cmpuint (dlq->len, ==, 1);
    }
  g_assert_cmpint (messages_report (run, "dlq"), ==, 33);
  g_assert_cmpint (messages_report (run, "destination_failure"), ==, 33);
}

/* ---- 01 sync SDK retries ------------------------------------------------------------ */

/* The highest attempt a client made, the calls that succeeded and those it gave up on. */
static void
client_outcome (LfTestRun *run, const char *client, const char *fn, const char *edge,
                gint64 *max_attempt, guint *succeeded, guint *rejected)
{
  g_autoptr(GPtrArray) starts = select_where (run, "invoke.start", fn, "edge", edge);
  g_autoptr(GPtrArray) ends = lf_test_select (run, "invoke.end", fn);
  g_autoptr(GPtrArray) throttles = lf_test_select (run, "throttle", fn);
  g_autoptr(GHashTable) tries = g_hash_table_new (g_str_hash, g_str_equal);

  /* every request the client made, started or throttled, counts as one try of its msg */
  for (guint i = 0; i < starts->len; i++)
    {
      JsonObject *r = g_ptr_array_index (starts, i);
      *max_attempt = MAX (*max_attempt, int_of (r, "attempt"));
    }
  for (guint i = 0; i < throttles->len; i++)
    {
      const char *m = json_array_get_string_element (msgs_of (g_ptr_array_index (throttles, i)), 0);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (tries, m)) + 1;
      g_hash_table_insert (tries, (gpointer) m, GUINT_TO_POINTER (n));
      *max_attempt = MAX (*max_attempt, (gint64) n);
    }
  *succeeded = 0;
  for (guint i = 0; i < ends->len; i++)
    *succeeded += g_strcmp0 (str_of (g_ptr_array_index (ends, i), "status"), "ok") == 0;
  *rejected = count_where (run, "discard", client, "reason", "Rejected");
}

/* A burst of 10 against reserved concurrency 2: standard tries 3 times (4 of 10 succeed),
 * legacy 5 times (9 of 10), none once (2 of 10); waits U(0,1) × min(20 s, 2^(n−1) s); a
 * function error at 60 s: one run, HTTP 200 + error, not retried [SYNC-1, SYNC-2, SYNC-5] */
static void
test_01_sync_sdk_retries (void)
{
  g_autoptr(LfScenario) s = load_library ("01-sync-sdk-retries.lflow.json", NULL);
  g_autoptr(LfTestRun) run = run_library (s);
  g_autoptr(GPtrArray) retries = lf_test_select (run, "retry", NULL);
  g_autoptr(GHashTable) waits = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 max_std = 0, max_legacy = 0, max_none = 0;
  guint ok_std, ok_legacy, ok_none, rej_std, rej_legacy, rej_none;
  const char *bad_card;
  g_autoptr(GPtrArray) bad_starts = NULL;

  client_outcome (run, "cart-service", "checkout", "cart-calls", &max_std, &ok_std, &rej_std);
  client_outcome (run, "mobile-backend", "checkout-mobile", "mobile-calls", &max_legacy, &ok_legacy, &rej_legacy);
  client_outcome (run, "batch-job", "checkout-batch", "batch-calls", &max_none, &ok_none, &rej_none);
  g_assert_cmpint (max_std, ==, 3);
  g_assert_cmpint (max_legacy, ==, 5);
  g_assert_cmpint (max_none, ==, 1);
  g_assert_cmpuint (ok_std, ==, 4);
  g_assert_cmpuint (ok_legacy, ==, 9);
  g_assert_cmpuint (ok_none, ==, 2);
  g_assert_cmpuint (rej_std, ==, 6 + 1);   /* + the declined card */
  g_assert_cmpuint (rej_legacy, ==, 1);
  g_assert_cmpuint (rej_none, ==, 8);
  g_assert_cmpint (node_report (run, "checkout", "max_concurrency"), ==, 2);
  g_assert_cmpstr (str_of (lf_test_nth (run, "throttle", "checkout", 0), "reason"), ==,
                   "ReservedFunctionConcurrentInvocationLimitExceeded");
  /* backoff: the n-th retry of a call waits U(0,1) × min(20 s, 2^(n−1) s) */
  for (guint i = 0; i < retries->len; i++)
    {
      JsonObject *r = g_ptr_array_index (retries, i);
      const char *m = json_array_get_string_element (msgs_of (r), 0);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (waits, m)) + 1;
      double wait = (double) (int_of (r, "due") - int_of (r, "t")) / 1e6;
      g_hash_table_insert (waits, (gpointer) m, GUINT_TO_POINTER (n));
      g_assert_cmpstr (str_of (r, "reason"), ==, "throttle");
      g_assert_cmpfloat (wait, >=, 0.0);
      g_assert_cmpfloat (wait, <=, MIN (20.0, (double) (1u << (n - 1))));
    }
  /* the declined card: one run, an error, no retry, given back to the caller */
  bad_card = published (run, "bad-card", 0);
  bad_starts = select_msg (run, "invoke.start", "checkout", bad_card);
  g_assert_cmpuint (bad_starts->len, ==, 1);
  lf_assert_near (lf_test_time_s (g_ptr_array_index (bad_starts, 0)), 60.0, 0.001);
  g_assert_cmpstr (str_of (end_of (run, "checkout", str_of (g_ptr_array_index (bad_starts, 0), "request")),
                           "error_type"), ==, "CardDeclinedError");
  {
    g_autoptr(GPtrArray) r = select_msg (run, "retry", NULL, bad_card);
    g_autoptr(GPtrArray) d = select_msg (run, "discard", "cart-service", bad_card);
    g_assert_cmpuint (r->len, ==, 0);
    g_assert_cmpuint (d->len, ==, 1);
  }
}

/* ---- 02 API Gateway ------------------------------------------------------------------ */

static void
assert_statuses (LfTestRun *run, const char *api, const int *expected, guint n)
{
  g_autoptr(GPtrArray) http = lf_test_select (run, "http", api);

  g_assert_cmpuint (http->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (int_of (g_ptr_array_index (http, i), "status"), ==, expected[i]);
}

/* 502 for a function error (the DB outage 15–35 s), 500 for a throttle (reserved 0, never
 * run), 504 at 29 s after the call while the 40 s function runs on to 41 s; no retries
 * [APIGW-3, APIGW-4] */
static void
test_02_api_gateway (void)
{
  g_autoptr(LfScenario) s = load_library ("02-api-gateway-errors.lflow.json", NULL);
  g_autoptr(LfTestRun) run = run_library (s);
  static const int orders[] = { 200, 200, 502, 502, 200, 200 };
  static const int payments[] = { 500, 500, 500, 500, 500, 500 };
  static const int reports[] = { 504 };
  JsonObject *timeout;

  assert_statuses (run, "orders-api", orders, G_N_ELEMENTS (orders));
  assert_statuses (run, "payments-api", payments, G_N_ELEMENTS (payments));
  assert_statuses (run, "reports-api", reports, G_N_ELEMENTS (reports));
  g_assert_cmpuint (lf_test_count (run, "invoke.start", "create-order"), ==, 6);
  g_assert_cmpuint (lf_test_count (run, "invoke.start", "charge-card"), ==, 0);
  g_assert_cmpuint (lf_test_count (run, "throttle", "charge-card"), ==, 6);
  timeout = lf_test_nth (run, "http", "reports-api", 0);
  lf_assert_near (lf_test_time_s (timeout), 30.0, 0.001);    /* called at 1 s */
  lf_assert_near (lf_test_time_s (lf_test_nth (run, "invoke.end", "monthly-report", 0)), 41.0, 0.001);
  g_assert_cmpstr (str_of (lf_test_nth (run, "invoke.end", "monthly-report", 0), "status"), ==, "ok");
  g_assert_cmpuint (lf_test_count (run, "retry", NULL), ==, 0);
  for (guint i = 2; i < 4; i++)
    {
      JsonObject *h = lf_test_nth (run, "http", "orders-api", i);
      g_assert_cmpfloat (lf_test_time_s (h), >, 15.0);
      g_assert_cmpfloat (lf_test_time_s (h), <, 35.5);
    }
}

/* ---- 03 ALB multi-value headers ------------------------------------------------------ */

static JsonObject *
workload_item (LfScenario *s, const char *id)
{
  JsonArray *w = lf_scenario_get_workload (s);

  for (guint i = 0; i < json_array_get_length (w); i++)
    if (g_strcmp0 (str_of (json_array_get_object_element (w, i), "id"), id) == 0)
      return json_array_get_object_element (w, i);
  g_error ("no workload item %s", id);
}

static JsonNode *
alb_event_for (LfScenario *s, const char *workload, const char *alb)
{
  g_autoptr(GError) error = NULL;
  JsonObject *request = json_object_get_object_member (workload_item (s, workload), "request");
  LfHttpRequest *req = lf_http_request_from_json (request, &error);
  gboolean mv = lf_props_get_bool (lf_scenario_find_node (s, alb)->props, "multi_value_headers", FALSE);
  JsonNode *ev;

  g_assert_no_error (error);
  ev = lf_event_alb (req, mv, NULL, "r1", 0);
  lf_http_request_free (req);
  return ev;
}

static void
assert_strings (JsonArray *a, const char *first, const char *second)
{
  g_assert_cmpuint (json_array_get_length (a), ==, second ? 2 : 1);
  g_assert_cmpstr (json_array_get_string_element (a, 0), ==, first);
  if (second)
    g_assert_cmpstr (json_array_get_string_element (a, 1), ==, second);
}

/* The walkthrough's event shapes for ?color=red&color=blue&page=2 with two cookies: off ⇒
 * last values in queryStringParameters/headers; on ⇒ arrays in multiValue*; never both.
 * Every call answered 200, except 502 while the function errs (20–25 s); no retries
 * [ALB-2, ALB-4] */
static void
test_03_alb_multi_value (void)
{
  g_autoptr(LfScenario) s = load_library ("03-alb-multi-value-headers.lflow.json", NULL);
  g_autoptr(LfTestRun) run = run_library (s);
  g_autoptr(JsonNode) off = alb_event_for (s, "shoppers", "shop-alb");
  g_autoptr(JsonNode) on = alb_event_for (s, "shoppers-mv", "shop-alb-mv");
  JsonObject *o = json_node_get_object (off), *m = json_node_get_object (on);
  g_autoptr(GPtrArray) mv_http = lf_test_select (run, "http", "shop-alb-mv");
  g_autoptr(GPtrArray) http = lf_test_select (run, "http", "shop-alb");
  guint bad = 0;

  g_assert_cmpstr (str_of (json_object_get_object_member (o, "queryStringParameters"), "color"), ==, "blue");
  g_assert_cmpstr (str_of (json_object_get_object_member (o, "queryStringParameters"), "page"), ==, "2");
  g_assert_cmpstr (str_of (json_object_get_object_member (o, "headers"), "cookie"), ==, "theme=dark");
  g_assert_false (json_object_has_member (o, "multiValueQueryStringParameters"));
  g_assert_false (json_object_has_member (o, "multiValueHeaders"));
  assert_strings (json_object_get_array_member (json_object_get_object_member (m, "multiValueQueryStringParameters"),
                                                "color"), "red", "blue");
  assert_strings (json_object_get_array_member (json_object_get_object_member (m, "multiValueQueryStringParameters"),
                                                "page"), "2", NULL);
  assert_strings (json_object_get_array_member (json_object_get_object_member (m, "multiValueHeaders"), "cookie"),
                  "session=abc123", "theme=dark");
  g_assert_false (json_object_has_member (m, "queryStringParameters"));
  g_assert_false (json_object_has_member (m, "headers"));

  g_assert_cmpuint (http->len, ==, 30);
  for (guint i = 0; i < http->len; i++)
    g_assert_cmpint (int_of (g_ptr_array_index (http, i), "status"), ==, 200);
  g_assert_cmpuint (mv_http->len, ==, 30);
  for (guint i = 0; i < mv_http->len; i++)
    {
      JsonObject *h = g_ptr_array_index (mv_http, i);
      if (int_of (h, "status") == 200)
        continue;
      g_assert_cmpint (int_of (h, "status"), ==, 502);
      g_assert_cmpfloat (lf_test_time_s (h), >=, 20.0);
      g_assert_cmpfloat (lf_test_time_s (h), <, 25.2);
      bad++;
    }
  g_assert_cmpuint (bad, ==, 5);
  g_assert_cmpuint (lf_test_count (run, "invoke.start", "product-search-mv"), ==, 30);
  g_assert_cmpuint (lf_test_count (run, "retry", NULL), ==, 0);
}

/* ---- 04 S3 → async function --------------------------------------------------------- */

/* object-3: tries at 0, ≈60 and ≈180 s (60 s after the 1st failure ends, 120 s after the
 * 2nd), one request id, then the DLQ holds exactly 1 message; the 5 others ran once
 * [ASYNC-2, ASYNC-3, ASYNC-8, ASYNC-13] */
static void
test_04_s3_async_retries (void)
{
  g_autoptr(LfScenario) s = load_library ("04-s3-async-retries.lflow.json", NULL);
  g_autoptr(LfTestRun) run = run_library (s);
  JsonObject *dlq;
  g_autoptr(GPtrArray) tries = NULL;
  double st[3], en[3];
  const char *request;

  g_assert_cmpuint (lf_test_count (run, "dlq", "thumbnail-dlq"), ==, 1);
  dlq = lf_test_nth (run, "dlq", "thumbnail-dlq", 0);
  g_assert_cmpstr (str_of (dlq, "from"), ==, "make-thumbnail");
  tries = select_msg (run, "invoke.start", "make-thumbnail", str_of (dlq, "msg"));
  g_assert_cmpuint (tries->len, ==, 3);
  request = str_of (g_ptr_array_index (tries, 0), "request");
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpstr (str_of (g_ptr_array_index (tries, i), "request"), ==, request);
      g_assert_cmpint (int_of (g_ptr_array_index (tries, i), "attempt"), ==, i + 1);
    }
  g_assert_cmpuint (attempts_of (run, "make-thumbnail", request, st, en, 3), ==, 3);
  lf_assert_near (st[1] - en[0], 60.0, 0.001);
  lf_assert_near (st[2] - en[1], 120.0, 0.001);
  lf_assert_near (st[1] - st[0], 60.0, 2.0);
  lf_assert_near (st[2] - st[0], 180.0, 3.0);
  lf_assert_near (lf_test_time_s (dlq), en[2], 0.0);
  g_assert_cmpuint (lf_test_count (run, "invoke.start", "make-thumbnail"), ==, 5 + 3);
  g_assert_cmpuint (count_where (run, "invoke.end", "make-thumbnail", "status", "ok"), ==, 5);
  g_assert_cmpint (node_report (run, "thumbnail-dlq", "depth_at_end"), ==, 1);
  g_assert_cmpint (messages_report (run, "dlq"), ==, 1);
}

/* ---- 05 S3 notifications ------------------------------------------------------------- */

/* Delay: median ≈1 s, 20 of 243 over 10 s, the slowest ≈105 s, order not kept [S3-2];
 * the legacy bucket coalesces the two simultaneous PUTs into 1 notification, the versioned
 * one sends 2, the second write's first [S3-4]; 3 duplicates on the versioned bucket, each
 * delivered [S3-2] */
static void
test_05_s3_notifications (void)
{
  g_autoptr(LfScenario) s = load_library ("05-s3-notifications.lflow.json", NULL);
  g_autoptr(LfTestRun) run = run_library (s);
  g_autoptr(GPtrArray) notifies = lf_test_select (run, "notify", NULL);
  g_autoptr(GPtrArray) pubs = lf_test_select (run, "publish", NULL);
  g_autoptr(GPtrArray) dups = select_where (run, "copy", NULL, "why", "duplicate");
  g_autoptr(GHashTable) published_at = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GArray) delays = g_array_new (FALSE, FALSE, sizeof (double));
  const char *a = published (run, "double-save", 0), *b = published (run, "double-save", 1);
  const char *va = published (run, "double-save-v", 0), *vb = published (run, "double-save-v", 1);
  g_autoptr(GPtrArray) a_notes = NULL, b_notes = NULL, va_notes = NULL, vb_notes = NULL;
  guint slow = 0, inversions = 0;
  double last_sent = -1;

  for (guint i = 0; i < pubs->len; i++)
    {
      JsonObject *p = g_ptr_array_index (pubs, i);
      double *t = g_new (double, 1);
      *t = lf_test_time_s (p);
      g_hash_table_insert (published_at, (gpointer) str_of (p, "msg"), t);
    }
  for (guint i = 0; i < notifies->len; i++)
    {
      JsonObject *n = g_ptr_array_index (notifies, i);
      double *sent = g_hash_table_lookup (published_at, str_of (n, "parent"));
      double d;
      if (sent == NULL)
        continue;    /* a duplicate's notification */
      d = lf_test_time_s (n) - *sent;
      g_array_append_val (delays, d);
      slow += d > 10.0;
      inversions += *sent < last_sent;
      last_sent = MAX (last_sent, *sent);
    }
  {
    double max = 0;
    guint under_2 = 0;
    for (guint i = 0; i < delays->len; i++)
      {
        max = MAX (max, g_array_index (delays, double, i));
        under_2 += g_array_index (delays, double, i) < 2.0;
      }
    g_assert_cmpuint (delays->len, ==, 243);
    g_assert_cmpuint (slow, ==, 20);
    g_assert_cmpuint (under_2, >, delays->len / 2);     /* the median is about 1 s */
    lf_assert_near (max, 104.66, 0.01);
  }
  g_assert_cmpuint (inversions, >, 0);

  /* coalescing vs versioning */
  a_notes = select_where (run, "notify", "legacy-created", "parent", a);
  b_notes = select_where (run, "notify", "legacy-created", "parent", b);
  g_assert_cmpuint (a_notes->len + b_notes->len, ==, 1);
  {
    JsonObject *n = g_ptr_array_index (a_notes->len ? a_notes : b_notes, 0);
    JsonArray *coalesced = json_object_get_array_member (n, "coalesced");
    g_assert_cmpuint (json_array_get_length (coalesced), ==, 1);
    g_assert_cmpstr (json_array_get_string_element (coalesced, 0), ==, a_notes->len ? b : a);
  }
  va_notes = select_where (run, "notify", "versioned-created", "parent", va);
  vb_notes = select_where (run, "notify", "versioned-created", "parent", vb);
  g_assert_cmpuint (va_notes->len, ==, 1);
  g_assert_cmpuint (vb_notes->len, ==, 1);
  lf_assert_near (lf_test_time_s (g_ptr_array_index (vb_notes, 0)), 30.08, 0.01);
  lf_assert_near (lf_test_time_s (g_ptr_array_index (va_notes, 0)), 31.88, 0.01);

  /* at least once: 3 duplicates on the versioned bucket, none set up on the other */
  g_assert_cmpuint (dups->len, ==, 3);
  lf_assert_near (lf_test_time_s (g_ptr_array_index (dups, 0)), 26.0, 0.5);
  for (guint i = 0; i < dups->len; i++)
    {
      JsonObject *d = g_ptr_array_index (dups, i);
      g_autoptr(GPtrArray) n = select_where (run, "notify", "versioned-created", "parent", str_of (d, "msg"));
      g_assert_cmpstr (str_of (d, "node"), ==, "invoices-versioned");
      g_assert_cmpuint (n->len, ==, 1);
    }
  g_assert_cmpint (node_report (run, "index-invoice", "invocations"), ==, 121);
  g_assert_cmpint (node_report (run, "index-invoice-v", "invocations"), ==, 125);
}

/* ---- 06 SNS fan-out and EventBridge --------------------------------------------------- */

/* 12 orders ⇒ 12 receipts, 12 analytics messages, 16 loyalty runs (4 first tries failed,
 * each retried once 60 s later and succeeded); the rules route 6 OrderPlaced events to
 * ship-order and 6 payments to fraud-check [SNS-1, SNS-2, ASYNC-2, EB-1] */
static void
test_06_sns_eventbridge (void)
{
  g_autoptr(LfScenario) s = load_library ("06-sns-fanout-eventbridge.lflow.json", NULL);
  g_autoptr(LfTestRun) run = run_library (s);
  g_autoptr(GPtrArray) retries = lf_test_select (run, "retry", "add-loyalty-points");

  g_assert_cmpuint (lf_test_count (run, "publish", "order-placed"), ==, 12);
  g_assert_cmpuint (lf_test_count (run, "notify", "receipt-sub"), ==, 12);
  g_assert_cmpuint (lf_test_count (run, "notify", "loyalty-sub"), ==, 12);
  g_assert_cmpuint (lf_test_count (run, "notify", "analytics-sub"), ==, 12);
  g_assert_cmpint (node_report (run, "send-receipt", "invocations"), ==, 12);
  g_assert_cmpint (node_report (run, "send-receipt", "errors"), ==, 0);
  g_assert_cmpint (node_report (run, "order-analytics", "depth_at_end"), ==, 12);
  g_assert_cmpint (node_report (run, "add-loyalty-points", "invocations"), ==, 16);
  g_assert_cmpint (node_report (run, "add-loyalty-points", "errors"), ==, 4);
  g_assert_cmpuint (retries->len, ==, 4);
  lf_assert_near (lf_test_time_s (g_ptr_array_index (retries, 0)), 5.19, 0.01);
  for (guint i = 0; i < retries->len; i++)
    {
      JsonObject *r = g_ptr_array_index (retries, i);
      g_autoptr(GPtrArray) tries = select_where (run, "invoke.start", "add-loyalty-points", "request",
                                                 str_of (r, "request"));
      g_assert_cmpstr (str_of (r, "reason"), ==, "error");
      lf_assert_near ((double) (int_of (r, "due") - int_of (r, "t")) / 1e6, 60.0, 0.001);
      g_assert_cmpuint (tries->len, ==, 2);
      g_assert_cmpstr (str_of (end_of (run, "add-loyalty-points", str_of (r, "request")), "status"), ==, "error");
      g_assert_cmpint (int_of (g_ptr_array_index (tries, 1), "attempt"), ==, 2);
    }
  g_assert_cmpuint (count_where (run, "invoke.end", "add-loyalty-points", "status", "ok"), ==, 12);
  g_assert_cmpuint (lf_test_count (run, "notify", "orders-rule"), ==, 6);
  g_assert_cmpuint (lf_test_count (run, "notify", "payments-rule"), ==, 6);
  g_assert_cmpint (node_report (run, "ship-order", "invocations"), ==, 6);
  g_assert_cmpint (node_report (run, "fraud-check", "invocations"), ==, 6);
  g_assert_cmpint (messages_report (run, "discarded"), ==, 0);
}

/* ---- 07 destinations vs DLQ ----------------------------------------------------------- */

static void
assert_destinations (LfTestRun *run, const char *node, const char *condition, guint n)
{
  g_autoptr(GPtrArray) recs = lf_test_select (run, "destination", node);

  g_assert_cmpuint (recs->len, ==, n);
  for (guint i = 0; i < recs->len; i++)
    {
      JsonObject *r = g_ptr_array_index (recs, i);
      g_assert_cmpstr (str_of (r, "condition"), ==, condition);
      g_assert_cmpint (int_of (r, "approximate_invoke_count"), ==, 1);
      g_assert_cmpuint (n_msgs (r), ==, 1);
    }
}

/* Refunds: 9 Success records to SNS (→ email-customer), 3 RetriesExhausted records to SQS
 * and the same 3 original events in the DLQ; videos: 4 Success records to the bus (→ a rule
 * → publish-video), 2 failure records invoke page-on-call, and with no DLQ the 2 original
 * events are discarded [ASYNC-10, ASYNC-11, ASYNC-12, ASYNC-13] */
static void
test_07_destinations_dlq (void)
{
  g_autoptr(LfScenario) s = load_library ("07-destinations-vs-dlq.lflow.json", NULL);
  g_autoptr(LfTestRun) run = run_library (s);
  g_autoptr(GPtrArray) failures = lf_test_select (run, "destination", "refund-failures");
  g_autoptr(GPtrArray) dlq = lf_test_select (run, "dlq", "refund-dlq");

  assert_destinations (run, "refund-succeeded", "Success", 9);
  assert_destinations (run, "refund-failures", "RetriesExhausted", 3);
  assert_destinations (run, "media-bus", "Success", 4);
  assert_destinations (run, "page-on-call", "RetriesExhausted", 2);
  g_assert_cmpuint (dlq->len, ==, 3);
  for (guint i = 0; i < dlq->len; i++)
    {
      /* the DLQ holds the original event itself; the destination a new record about it */
      JsonObject *record = g_ptr_array_index (failures, i);
      JsonObject *d = g_ptr_array_index (dlq, i);
      g_assert_cmpstr (str_of (d, "msg"), ==, json_array_get_string_element (msgs_of (record), 0));
      g_assert_cmpstr (str_of (d, "msg"), !=, str_of (record, "msg"));
    }
  g_assert_cmpuint (count_where (run, "discard", "transcode-video", "reason", "RetriesExhausted"), ==, 2);
  g_assert_cmpint (node_report (run, "email-customer", "invocations"), ==, 9);
  g_assert_cmpint (node_report (run, "publish-video", "invocations"), ==, 4);
  g_assert_cmpint (node_report (run, "page-on-call", "invocations"), ==, 2);
  g_assert_cmpint (node_report (run, "process-refund", "invocations"), ==, 12);
  g_assert_cmpint (node_report (run, "transcode-video", "invocations"), ==, 6);
  g_assert_cmpuint (lf_test_count (run, "retry", NULL), ==, 0);
  g_assert_cmpint (messages_report (run, "destination_success"), ==, 13);
  g_assert_cmpint (messages_report (run, "destination_failure"), ==, 5);
}

/* ---- 08 max event age and retry attempts ---------------------------------------------- */

static void
assert_failed_job (LfTestRun *run, const char *fn, const char *condition, gint64 tries, double at)
{
  g_autoptr(GPtrArray) recs = select_where (run, "destination", "failed-jobs", "from", fn);

  g_assert_cmpuint (recs->len, ==, 3);
  for (guint i = 0; i < recs->len; i++)
    {
      JsonObject *r = g_ptr_array_index (recs, i);
      g_assert_cmpstr (str_of (r, "condition"), ==, condition);
      g_assert_cmpint (int_of (r, "approximate_invoke_count"), ==, tries);
      lf_assert_near (lf_test_time_s (r), at, 0.001);
    }
  g_assert_cmpint (node_report (run, fn, "invocations"), ==, 3 * tries);
}

/* Failing jobs (2 s each): defaults ⇒ tries at 0, 62.25, 184.25 s, RetriesExhausted ×3;
 * 1 retry ⇒ RetriesExhausted ×2 at 64.25 s; max age 90 s ⇒ EventAgeExceeded ×2 at 64.25 s;
 * max age 60 s ⇒ EventAgeExceeded ×1 at 2.25 s, decided ahead of time. Reserved 1: the
 * throttled events retry after 1, 2, 4 … 32 s; at 63 s one runs, the other, whose next
 * retry would come after its 2 min age, is discarded at once with approximateInvokeCount 0
 * [ASYNC-4, ASYNC-5, ASYNC-6, ASYNC-7] */
static void
test_08_event_age_retries (void)
{
  g_autoptr(LfScenario) s = load_library ("08-max-event-age-retries.lflow.json", NULL);
  g_autoptr(LfTestRun) run = run_library (s);
  g_autoptr(GPtrArray) report_starts = lf_test_select (run, "invoke.start", "build-report");
  g_autoptr(GPtrArray) index = select_where (run, "destination", "failed-jobs", "from", "rebuild-index");
  g_autoptr(GPtrArray) index_starts = lf_test_select (run, "invoke.start", "rebuild-index");
  g_autoptr(GPtrArray) waits = NULL;
  static const double backoff[] = { 1, 2, 4, 8, 16, 32 };

  assert_failed_job (run, "build-report", "RetriesExhausted", 3, 186.25);
  assert_failed_job (run, "sync-crm", "RetriesExhausted", 2, 64.25);
  assert_failed_job (run, "send-reminders", "EventAgeExceeded", 2, 64.25);
  assert_failed_job (run, "expire-sessions", "EventAgeExceeded", 1, 2.25);
  for (guint i = 0; i < report_starts->len; i++)
    {
      static const double at[] = { 0.0, 62.25, 184.25 };
      lf_assert_near (lf_test_time_s (g_ptr_array_index (report_starts, i)), at[i / 3], 0.001);
    }
  /* reserved concurrency 1: throttled, retried, one too old before it ever ran */
  g_assert_cmpuint (index->len, ==, 1);
  g_assert_cmpstr (str_of (g_ptr_array_index (index, 0), "condition"), ==, "EventAgeExceeded");
  g_assert_cmpint (int_of (g_ptr_array_index (index, 0), "approximate_invoke_count"), ==, 0);
  lf_assert_near (lf_test_time_s (g_ptr_array_index (index, 0)), 63.0, 0.001);
  g_assert_cmpuint (index_starts->len, ==, 2);
  lf_assert_near (lf_test_time_s (g_ptr_array_index (index_starts, 1)), 63.0, 0.001);
  waits = select_msg (run, "retry", "rebuild-index",
                      json_array_get_string_element (msgs_of (g_ptr_array_index (index, 0)), 0));
  g_assert_cmpuint (waits->len, ==, G_N_ELEMENTS (backoff));
  for (guint i = 0; i < waits->len; i++)
    {
      JsonObject *r = g_ptr_array_index (waits, i);
      g_assert_cmpstr (str_of (r, "reason"), ==, "throttle");
      lf_assert_near ((double) (int_of (r, "due") - int_of (r, "t")) / 1e6, backoff[i], 0.001);
    }
  g_assert_cmpint (node_report (run, "failed-jobs", "depth_at_end"), ==, 13);
}

/* ---- 09 Kinesis: shards, order, starting positions, batch windows ------------------------ */

/* Each invocation's records come from one shard; a mapping runs at most one batch per
 * shard; each user's clicks arrive in order. Returns the set of msgs the function read. */
static GHashTable *
assert_stream_consumer (LfTestRun *run, const char *stream, const char *fn, gint64 max_concurrency)
{
  g_autoptr(GPtrArray) enq = lf_test_select (run, "enqueue", stream);
  g_autoptr(GPtrArray) starts = lf_test_select (run, "invoke.start", fn);
  g_autoptr(GHashTable) shard_of = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTable *read = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < enq->len; i++)
    g_hash_table_insert (shard_of, (gpointer) str_of (g_ptr_array_index (enq, i), "msg"),
                         (gpointer) str_of (g_ptr_array_index (enq, i), "shard"));
  for (guint i = 0; i < starts->len; i++)
    {
      JsonObject *st = g_ptr_array_index (starts, i);
      JsonArray *msgs = msgs_of (st);
      const char *shard = g_hash_table_lookup (shard_of, json_array_get_string_element (msgs, 0));
      g_assert_cmpstr (str_of (st, "path"), ==, "esm");
      for (guint j = 0; j < json_array_get_length (msgs); j++)
        {
          g_assert_cmpstr (g_hash_table_lookup (shard_of, json_array_get_string_element (msgs, j)), ==, shard);
          g_hash_table_add (read, (gpointer) json_array_get_string_element (msgs, j));
        }
    }
  g_assert_cmpint (node_report (run, fn, "max_concurrency"), <=, max_concurrency);
  g_assert_cmpuint (assert_in_order_per_key (run, stream, fn, "partition_key"), >, 0);
  return read;
}

static gboolean
keep_all (const LfRecord *record)
{
  return TRUE;
}

/* 2 shards, 8 users: each batch from one shard, ≤ 2 in flight, in order per user [KIN-1,
 * KIN-2, KIN-6]; sessionize (TRIM_HORIZON, 5 s window) reads all 610 clicks in about 50
 * batches, the first at 6 s [ESM-3]; replay-from-1m (AT_TIMESTAMP 60 s) reads exactly the
 * 348 clicks from 60 s on, the same records sessionize read [KIN-4]; live-dashboard
 * (LATEST), switched on at 100 s, reads only what arrives after 100 s [KIN-4, ESM-5] */
static void
test_09_kinesis_shards (void)
{
  g_autoptr(LfScenario) s = load_library ("09-kinesis-shards.lflow.json", NULL);
  g_autoptr(LfTestRun) run = run_library (s);
  g_autoptr(GHashTable) all = assert_stream_consumer (run, "clickstream", "sessionize", 2);
  g_autoptr(GHashTable) replay = assert_stream_consumer (run, "clickstream", "replay-from-1m", 2);
  g_autoptr(GPtrArray) enq = lf_test_select (run, "enqueue", "clickstream");
  g_autoptr(GHashTable) shards = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
  guint after_1m = 0;

  for (guint i = 0; i < enq->len; i++)
    {
      JsonObject *e = g_ptr_array_index (enq, i);
      const char *m = str_of (e, "msg");
      g_hash_table_add (shards, (gpointer) str_of (e, "shard"));
      g_hash_table_add (keys, (gpointer) str_of (e, "partition_key"));
      g_assert_true (g_hash_table_contains (all, m));
      /* reading does not remove: replay reads the records sessionize has processed */
      g_assert_true (g_hash_table_contains (replay, m) == (lf_test_time_s (e) >= 60.0));
      after_1m += lf_test_time_s (e) >= 60.0;
    }
  g_assert_cmpuint (enq->len, ==, 610);
  g_assert_cmpuint (g_hash_table_size (shards), ==, 2);
  g_assert_cmpuint (g_hash_table_size (keys), ==, 8);
  g_assert_cmpuint (after_1m, ==, 348);
  g_assert_cmpuint (g_hash_table_size (replay), ==, 348);
  lf_assert_near (lf_test_time_s (lf_test_nth (run, "invoke.start", "sessionize", 0)), 6.0, 0.001);
  g_assert_cmpuint (lf_test_count (run, "invoke.start", "sessionize"), <=, 60);
  g_assert_cmpuint (lf_test_count (run, "invoke.start", "replay-from-1m"), >, 150);
  g_assert_cmpuint (lf_test_count (run, "invoke.start", "live-dashboard"), ==, 0);
  g_assert_cmpint (node_report (run, "sessionize", "max_concurrency"), ==, 2);

  /* LATEST, switched on while it runs: only what arrives from then on */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LfTestRun) live = g_new0 (LfTestRun, 1);
    Collector c = { live, keep_all };
    g_autoptr(GHashTable) dash = NULL;
    guint later = 0;

    live->scenario = g_object_ref (s);
    live->records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
    live->jsonl = g_string_new (NULL);
    live->sim = lf_sim_new (s, &error);
    g_assert_no_error (error);
    lf_sim_add_trace_func (live->sim, collect, &c);
    lf_sim_run_until (live->sim, 100 * G_USEC_PER_SEC, 0);
    g_assert_true (lf_sim_set (live->sim, "dashboard-esm.enabled", "true", &error));
    g_assert_no_error (error);
    lf_sim_run_until (live->sim, lf_scenario_get_duration (s), 0);
    lf_test_assert_conserved (live->sim);
    dash = assert_stream_consumer (live, "clickstream", "live-dashboard", 2);
    g_clear_pointer (&enq, g_ptr_array_unref);
    enq = lf_test_select (live, "enqueue", "clickstream");
    for (guint i = 0; i < enq->len; i++)
      {
        JsonObject *e = g_ptr_array_index (enq, i);
        g_assert_true (g_hash_table_contains (dash, str_of (e, "msg")) == (lf_test_time_s (e) >= 100.0));
        later += lf_test_time_s (e) >= 100.0;
      }
    g_assert_cmpuint (later, >, 150);
  }
}

/* ---- 10 Kinesis parallelization factor ------------------------------------------------ */

/* One shard each, 30 records/s, 1 s per batch of 10: PF 1 ⇒ 1 batch at a time, half the
 * records still waiting at the end, iterator age ≈2 min; PF 10 ⇒ 10 at a time, all
 * processed, iterator age < 2 s; both in order per partition key [KIN-2, KIN-3, STREAM-10] */
static void
test_10_kinesis_parallelization (void)
{
  g_autoptr(LfScenario) s = load_library ("10-kinesis-parallelization.lflow.json", NULL);
  g_autoptr(LfTestRun) run = run_library (s);
  g_autoptr(GHashTable) pf1 = assert_stream_consumer (run, "payments-stream", "score-payment", 1);
  g_autoptr(GHashTable) pf10 = assert_stream_consumer (run, "payments-stream-pf10", "score-payment-pf10", 10);
  guint sent = lf_test_count (run, "publish", "payments-stream");

  g_assert_cmpuint (sent, ==, 3601);
  g_assert_cmpuint (lf_test_count (run, "publish", "payments-stream-pf10"), ==, sent);
  g_assert_cmpint (node_report (run, "score-payment", "max_concurrency"), ==, 1);
  g_assert_cmpint (node_report (run, "score-payment-pf10", "max_concurrency"), ==, 10);
  g_assert_cmpuint (g_hash_table_size (pf10), ==, sent);
  g_assert_cmpuint (g_hash_table_size (pf1), <=, sent * 55 / 100);
  g_assert_cmpuint (g_hash_table_size (pf1), >=, sent * 45 / 100);
  g_assert_cmpint (node_report (run, "payments-stream", "depth_at_end"), >=, (gint64) sent * 45 / 100);
  g_assert_cmpint (node_report (run, "payments-stream-pf10", "depth_at_end"), ==, 0);
  g_assert_cmpfloat (edge_report (run, "score-esm", "max_iterator_age_ms"), >, 110e3);
  g_assert_cmpfloat (edge_report (run, "score-esm-pf10", "max_iterator_age_ms"), <, 2e3);
  for (guint i = 0; i < 150; i++)
    g_assert_cmpuint (n_msgs (lf_test_nth (run, "invoke.start", "score-payment", i)), ==, 10);
}

/* ---- 11 a poison record on Kinesis ------------------------------------------------------ */

/* Defaults: the bad record's batch is retried (waits 1, 2, 4 … 30 s) and shard 1 never gets
 * past it, while shard 0 keeps going; iterator age > 4 min. Tuned (bisect, 2 retries, 1 h,
 * on-failure SQS): the batch is split down to the bad record, which fails 1 + 2 retries,
 * is discarded RetryAttemptsExhausted with a record in SQS, and the shard moves on within
 * 6 s [STREAM-1, STREAM-3, STREAM-4, STREAM-5, KIN-7] */
static void
test_11_kinesis_poison (void)
{
  g_autoptr(LfScenario) s = load_library ("11-kinesis-poison-record.lflow.json", NULL);
  g_autoptr(LfTestRun) run = run_library (s);
  const char *bad = published (run, "orders-in", 20);          /* publish #41 of the run */
  const char *bad_fixed = published (run, "orders-in-fixed", 20);
  g_autoptr(GPtrArray) stuck = select_msg (run, "invoke.start", "index-order", bad);
  g_autoptr(GPtrArray) retries = lf_test_select (run, "retry", "index-esm");
  g_autoptr(GPtrArray) fixed = select_msg (run, "invoke.start", "index-order-fixed", bad_fixed);
  g_autoptr(GPtrArray) bisects = lf_test_select (run, "bisect", "index-esm-fixed");
  g_autoptr(GPtrArray) enq = select_msg (run, "enqueue", "orders-stream", bad);
  g_autoptr(GPtrArray) ckpt = NULL;
  const char *bad_shard;
  JsonObject *record;
  gboolean other_shard_late = FALSE, bad_shard_late = FALSE;

  g_assert_cmpstr (bad, ==, "m41");
  g_assert_cmpstr (bad_fixed, ==, "m42");
  /* stuck: every retry holds the bad record, with growing waits capped at 30 s */
  g_assert_cmpuint (stuck->len, >=, 12);
  g_assert_cmpuint (stuck->len, ==, lf_test_count (run, "invoke.start", "index-order") -
                                    count_where (run, "invoke.end", "index-order", "status", "ok"));
  for (guint i = 0; i < retries->len; i++)
    {
      JsonObject *r = g_ptr_array_index (retries, i);
      double wait = (double) (int_of (r, "due") - int_of (r, "t")) / 1e6;
      g_assert_true (has_msg (r, bad));
      lf_assert_near (wait, MIN (30.0, (double) (1u << MIN (i, 5u))), 0.001);
    }
  g_assert_cmpfloat (edge_report (run, "index-esm", "max_iterator_age_ms"), >, 240e3);
  g_assert_cmpint (node_report (run, "orders-stream", "depth_at_end"), >=, 300);
  /* the other shard keeps being checkpointed to the end; the bad one never passes it */
  bad_shard = str_of (g_ptr_array_index (enq, 0), "shard");
  ckpt = lf_test_select (run, "checkpoint", "index-esm");
  for (guint i = 0; i < ckpt->len; i++)
    {
      JsonObject *c = g_ptr_array_index (ckpt, i);
      if (lf_test_time_s (c) < 200.0)
        continue;
      if (g_strcmp0 (str_of (c, "shard"), bad_shard) == 0)
        bad_shard_late = TRUE;
      else
        other_shard_late = TRUE;
    }
  g_assert_true (other_shard_late);
  g_assert_false (bad_shard_late);
  g_assert_cmpuint (lf_test_count (run, "destination", NULL), ==, 1);

  /* tuned: bisected down to the bad record, 2 retries, then on-failure and onwards */
  g_assert_cmpuint (bisects->len, ==, 2);
  g_assert_cmpuint (fixed->len, ==, 5);
  g_assert_cmpuint (n_msgs (g_ptr_array_index (fixed, 2)), ==, 1);
  g_assert_cmpuint (lf_test_count (run, "destination", "order-failures"), ==, 1);
  record = lf_test_nth (run, "destination", "order-failures", 0);
  g_assert_cmpstr (str_of (record, "condition"), ==, "RetryAttemptsExhausted");
  g_assert_cmpstr (str_of (record, "from"), ==, "index-esm-fixed");
  g_assert_cmpint (int_of (record, "approximate_invoke_count"), ==, 5);
  g_assert_cmpuint (n_msgs (record), ==, 1);
  g_assert_true (has_msg (record, bad_fixed));
  lf_assert_near (lf_test_time_s (record), 16.0, 0.5);
  g_assert_cmpfloat (edge_report (run, "index-esm-fixed", "max_iterator_age_ms"), <, 7e3);
  g_assert_cmpint (node_report (run, "orders-stream-fixed", "depth_at_end"), ==, 0);
  g_assert_cmpuint (count_where (run, "discard", NULL, "reason", "RetryAttemptsExhausted"), ==, 1);
}

/* ---- 12 DynamoDB Streams ------------------------------------------------------------- */

/* Polled 4 times a second: a change reaches the function within ≈0.3 s; one batch at a
 * time, in order per item; the failing batch is tried twice (1 retry), discarded whole
 * (2 records) with one RetryAttemptsExhausted record in SQS, and the shard moves on
 * [DDB-1, DDB-2, DDB-3, STREAM-4] */
static void
test_12_dynamodb_streams (void)
{
  g_autoptr(LfScenario) s = load_library ("12-dynamodb-streams.lflow.json", NULL);
  g_autoptr(LfTestRun) run = run_library (s);
  g_autoptr(GHashTable) read = assert_stream_consumer (run, "orders-table", "search-indexer", 1);
  g_autoptr(GPtrArray) polls = lf_test_select (run, "poll", "orders-stream-esm");
  JsonObject *record;
  g_autoptr(GPtrArray) discards = lf_test_select (run, "discard", "orders-stream-esm");
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (lf_test_count (run, "publish", "orders-table"), ==, 450);
  g_assert_cmpuint (g_hash_table_size (read), ==, 450);
  g_assert_cmpfloat (edge_report (run, "orders-stream-esm", "max_iterator_age_ms"), <, 1500.0);
  /* polled 4 times a second: almost every change is read within a quarter of a second */
  {
    g_autoptr(GPtrArray) enq = lf_test_select (run, "enqueue", "orders-table");
    g_autoptr(GPtrArray) starts = lf_test_select (run, "invoke.start", "search-indexer");
    g_autoptr(GHashTable) first = g_hash_table_new (g_str_hash, g_str_equal);
    guint quick = 0;

    for (guint i = 0; i < starts->len; i++)
      {
        JsonArray *msgs = msgs_of (g_ptr_array_index (starts, i));
        for (guint j = 0; j < json_array_get_length (msgs); j++)
          if (!g_hash_table_contains (first, json_array_get_string_element (msgs, j)))
            g_hash_table_insert (first, (gpointer) json_array_get_string_element (msgs, j),
                                 g_ptr_array_index (starts, i));
      }
    for (guint i = 0; i < enq->len; i++)
      {
        JsonObject *e = g_ptr_array_index (enq, i);
        JsonObject *st = g_hash_table_lookup (first, str_of (e, "msg"));
        g_assert_nonnull (st);
        quick += lf_test_time_s (st) - lf_test_time_s (e) <= 0.25;
      }
    g_assert_cmpuint (quick, >=, 440);
    g_assert_cmpuint (polls->len, >, 300);
  }
  g_assert_cmpuint (lf_test_count (run, "retry", "orders-stream-esm"), ==, 1);
  g_assert_cmpuint (lf_test_count (run, "destination", "index-failures"), ==, 1);
  record = lf_test_nth (run, "destination", "index-failures", 0);
  g_assert_cmpstr (str_of (record, "condition"), ==, "RetryAttemptsExhausted");
  g_assert_cmpint (int_of (record, "approximate_invoke_count"), ==, 2);
  g_assert_cmpuint (n_msgs (record), ==, 2);
  lf_assert_near (lf_test_time_s (record), 21.3, 0.1);
  g_assert_cmpuint (discards->len, ==, 1);
  g_assert_cmpuint (n_msgs (g_ptr_array_index (discards, 0)), ==, 2);
  g_assert_cmpint (node_report (run, "search-indexer", "errors"), ==, 2);
  g_assert_cmpint (messages_report (run, "succeeded"), ==, 448);
  /* AT_TIMESTAMP is refused for a DynamoDB stream [DDB-1] */
  g_assert_true (lf_scenario_set (s, "orders-stream-esm.starting_position", "AT_TIMESTAMP", &error));
  {
    g_autoptr(GPtrArray) problems = lf_scenario_validate (s);
    g_assert_true (lf_problems_have_errors (problems));
  }
}

/* ---- 13 SQS standard ------------------------------------------------------------------ */

/* Batches of 10 within a 2 s window; order 42 fails its batch; the 10 messages come back
 * 60 s (the VT, 6 × the 10 s timeout) after the receive, in a new grouping; the 4th
 * receive moves the 9 received 3 times to the DLQ at ≈190 s; the function's own DLQ is not
 * involved; 591 of 600 succeed [SQS-1, SQS-2, SQS-4, SQS-9, SQS-11, ASYNC-14] */
static void
test_13_sqs_standard (void)
{
  g_autoptr(LfScenario) s = load_library ("13-sqs-standard-batches.lflow.json", NULL);
  g_autoptr(LfTestRun) run = run_library (s);
  const char *bad = published (run, "checkout", 41);
  g_autoptr(GPtrArray) tries = select_msg (run, "invoke.start", "fulfil-order", bad);
  g_autoptr(GPtrArray) redrives = lf_test_select (run, "redrive", "orders-dlq");
  g_autoptr(GPtrArray) starts = lf_test_select (run, "invoke.start", "fulfil-order");
  JsonObject *first, *second;
  g_autoptr(GPtrArray) back = NULL;

  g_assert_cmpstr (bad, ==, "m42");
  for (guint i = 0; i < starts->len; i++)
    g_assert_cmpuint (n_msgs (g_ptr_array_index (starts, i)), <=, 10);
  g_assert_cmpuint (tries->len, ==, 3);
  first = g_ptr_array_index (tries, 0);
  second = g_ptr_array_index (tries, 1);
  g_assert_cmpuint (n_msgs (first), ==, 10);
  g_assert_cmpstr (str_of (end_of (run, "fulfil-order", str_of (first, "request")), "status"), ==, "error");
  /* back after the VT, counted from the receive, all 10 */
  back = select_msg (run, "visible", "orders-queue", bad);
  g_assert_cmpuint (back->len, ==, 3);
  lf_assert_near (lf_test_time_s (g_ptr_array_index (back, 0)) - lf_test_time_s (first), 60.0, 0.001);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (int_of (g_ptr_array_index (back, i), "receive_count"), ==, i + 1);
  {
    g_autoptr(GPtrArray) visible = lf_test_select (run, "visible", "orders-queue");
    guint at_first = 0;
    for (guint i = 0; i < visible->len; i++)
      at_first += lf_test_time_s (g_ptr_array_index (visible, i)) == lf_test_time_s (g_ptr_array_index (back, 0));
    g_assert_cmpuint (at_first, ==, 10);
  }
  /* a new grouping: the first message of the failed batch is not in the next one */
  g_assert_false (has_msg (second, json_array_get_string_element (msgs_of (first), 0)));
  g_assert_cmpint (int_of (second, "attempt"), ==, 2);
  /* redrive on the 4th receive: 9 messages, the bad one among them */
  g_assert_cmpuint (redrives->len, ==, 9);
  for (guint i = 0; i < redrives->len; i++)
    {
      JsonObject *r = g_ptr_array_index (redrives, i);
      lf_assert_near (lf_test_time_s (r), 189.8, 0.05);
      g_assert_cmpstr (str_of (r, "from"), ==, "orders-queue");
    }
  g_assert_cmpuint (count_msg (run, "redrive", "orders-dlq", bad), ==, 1);
  g_assert_cmpuint (lf_test_count (run, "dlq", NULL), ==, 0);
  g_assert_cmpint (node_report (run, "orders-dlq", "depth_at_end"), ==, 9);
  g_assert_cmpint (messages_report (run, "succeeded"), ==, 591);
  g_assert_cmpint (messages_report (run, "published"), ==, 600);
  g_assert_cmpint (node_report (run, "fulfil-order", "errors"), ==, 3);
  g_assert_cmpint (node_report (run, "fulfil-order", "max_concurrency"), <=, 2);
  g_assert_cmpint (node_report (run, "orders-queue", "depth_at_end"), ==, 0);
}

/* ---- 14 SQS partial batch responses ------------------------------------------------------ */

/* RBIF on: of the first batch only the reported payment stays (9 deleted at once); it
 * returns alone with ApproximateReceiveCount 2, then 3, and is moved to the DLQ at ≈94 s.
 * RBIF off: the same answer is ignored and all 10 are deleted; nothing is retried, the DLQ
 * stays empty [ESM-6, SQS-11, SQS-12] */
static void
test_14_sqs_partial_batch (void)
{
  g_autoptr(LfScenario) s = load_library ("14-sqs-partial-batch.lflow.json", NULL);
  g_autoptr(LfTestRun) run = run_library (s);
  const char *bad = published (run, "card-payments", 7);             /* publish #15 */
  const char *bad_legacy = published (run, "card-payments-legacy", 7);  /* publish #16 */
  g_autoptr(GPtrArray) tries = select_msg (run, "invoke.start", "settle-payment", bad);
  JsonObject *first = lf_test_nth (run, "invoke.start", "settle-payment", 0);
  JsonObject *end = end_of (run, "settle-payment", str_of (first, "request"));
  JsonObject *legacy_first = lf_test_nth (run, "invoke.start", "settle-payment-legacy", 0);
  JsonObject *legacy_end = end_of (run, "settle-payment-legacy", str_of (legacy_first, "request"));
  g_autoptr(GPtrArray) deletes = lf_test_select (run, "delete", "payments");
  guint deleted_at_end = 0;

  g_assert_cmpstr (bad, ==, "m15");
  g_assert_cmpstr (bad_legacy, ==, "m16");
  g_assert_cmpuint (n_msgs (first), ==, 10);
  g_assert_true (has_msg (first, bad));
  g_assert_cmpstr (str_of (end, "status"), ==, "partial");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (end, "failed")), ==, 1);
  for (guint i = 0; i < deletes->len; i++)
    deleted_at_end += int_of (g_ptr_array_index (deletes, i), "t") == int_of (end, "t");
  g_assert_cmpuint (deleted_at_end, ==, 9);
  g_assert_cmpuint (count_msg (run, "delete", "payments", bad), ==, 0);
  g_assert_cmpuint (tries->len, ==, 3);
  for (guint i = 1; i < 3; i++)
    {
      g_assert_cmpuint (n_msgs (g_ptr_array_index (tries, i)), ==, 1);
      g_assert_cmpint (int_of (g_ptr_array_index (tries, i), "attempt"), ==, i + 1);
    }
  g_assert_cmpuint (lf_test_count (run, "redrive", "payments-dlq"), ==, 1);
  g_assert_true (has_msg (lf_test_nth (run, "redrive", "payments-dlq", 0), bad));
  lf_assert_near (lf_test_time_s (lf_test_nth (run, "redrive", "payments-dlq", 0)), 93.5, 0.05);
  g_assert_cmpuint (lf_test_count (run, "visible", "payments"), ==, 3);

  /* RBIF off: the same answer, ignored: all 10 deleted */
  g_assert_true (has_msg (legacy_first, bad_legacy));
  g_assert_cmpstr (str_of (legacy_end, "status"), ==, "partial");
  g_assert_cmpuint (count_msg (run, "delete", "payments-legacy", bad_legacy), ==, 1);
  g_assert_cmpuint (lf_test_count (run, "visible", "payments-legacy"), ==, 0);
  g_assert_cmpuint (lf_test_count (run, "redrive", "payments-legacy-dlq"), ==, 0);
  g_assert_cmpuint (lf_test_count (run, "delete", "payments-legacy"), ==, 60);
  g_assert_cmpuint (lf_test_count (run, "delete", "payments"), ==, 59);
  g_assert_cmpint (node_report (run, "settle-payment-legacy", "invocations"), ==, 6);
}

/* ---- 15 SQS FIFO ------------------------------------------------------------------------ */

/* 3 groups: at most 1 batch in flight per group and 3 invocations in all; each group in
 * send order; group-2's batch fails at ≈10.4 s and ≈30.4 s, nothing later of group-2 runs
 * in between, it succeeds at ≈50.4 s; groups 1 and 3 are not held up; all 600 processed,
 * DLQ empty [FIFO-2, FIFO-3, FIFO-4] */
static void
test_15_sqs_fifo (void)
{
  g_autoptr(LfScenario) s = load_library ("15-sqs-fifo-groups.lflow.json", NULL);
  g_autoptr(LfTestRun) run = run_library (s);
  g_autoptr(GPtrArray) enq = lf_test_select (run, "enqueue", "ledger-fifo");
  g_autoptr(GPtrArray) starts = lf_test_select (run, "invoke.start", "post-ledger-entry");
  g_autoptr(GHashTable) group_of = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) in_flight = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) fails = select_where (run, "invoke.end", "post-ledger-entry", "status", "error");
  const char *head = NULL;
  guint others_while_blocked = 0;

  for (guint i = 0; i < enq->len; i++)
    g_hash_table_insert (group_of, (gpointer) str_of (g_ptr_array_index (enq, i), "msg"),
                         (gpointer) str_of (g_ptr_array_index (enq, i), "group"));
  g_assert_cmpuint (assert_in_order_per_key (run, "ledger-fifo", "post-ledger-entry", "group"), ==, 600);
  /* one batch in flight per group: replay starts and ends */
  for (guint i = 0; i < run->records->len; i++)
    {
      JsonObject *r = g_ptr_array_index (run->records, i);
      const char *kind = str_of (r, "kind");
      if (g_strcmp0 (kind, "invoke.start") == 0)
        {
          JsonArray *msgs = msgs_of (r);
          for (guint j = 0; j < json_array_get_length (msgs); j++)
            {
              const char *g = g_hash_table_lookup (group_of, json_array_get_string_element (msgs, j));
              const char *holder = g_hash_table_lookup (in_flight, g);
              if (holder != NULL && g_strcmp0 (holder, str_of (r, "request")) != 0)
                g_error ("%s has two batches in flight", g);
              g_hash_table_insert (in_flight, (gpointer) g, (gpointer) str_of (r, "request"));
            }
        }
      else if (g_strcmp0 (kind, "invoke.end") == 0)
        {
          GHashTableIter it;
          gpointer k, v;
          g_hash_table_iter_init (&it, in_flight);
          while (g_hash_table_iter_next (&it, &k, &v))
            if (g_strcmp0 (v, str_of (r, "request")) == 0)
              g_hash_table_iter_remove (&it);
        }
    }
  g_assert_cmpint (node_report (run, "post-ledger-entry", "max_concurrency"), ==, 3);
  /* group-2 blocked from its first failure to its success */
  g_assert_cmpuint (fails->len, ==, 2);
  lf_assert_near (lf_test_time_s (g_ptr_array_index (fails, 0)), 10.9, 0.1);
  for (guint i = 0; i < starts->len; i++)
    {
      JsonObject *st = g_ptr_array_index (starts, i);
      double t = lf_test_time_s (st);
      const char *first = json_array_get_string_element (msgs_of (st), 0);
      if (t < 10.4 || t > 50.5)
        continue;
      if (g_strcmp0 (g_hash_table_lookup (group_of, first), "group-2") == 0)
        {
          if (head == NULL)
            head = first;
          g_assert_cmpstr (first, ==, head);      /* only the failed batch, again */
          g_assert_true (ABS (t - 10.43788) < 0.001 || ABS (t - 30.43788) < 0.001 ||
                         ABS (t - 50.43788) < 0.001);
        }
      else
        others_while_blocked++;
    }
  g_assert_cmpuint (others_while_blocked, >, 50);
  g_assert_cmpuint (count_msg (run, "invoke.start", "post-ledger-entry", head), ==, 3);
  g_assert_cmpuint (lf_test_count (run, "redrive", NULL), ==, 0);
  g_assert_cmpint (messages_report (run, "succeeded"), ==, 600);
}

/* ---- 16 SQS scaling and reserved concurrency --------------------------------------------- */

static gboolean
keep_scaling (const LfRecord *r)
{
  if (r->kind == LF_REC_SCALE || r->kind == LF_REC_REDRIVE)
    return TRUE;
  return (r->kind == LF_REC_INVOKE_START || r->kind == LF_REC_THROTTLE) &&
         g_strcmp0 (r->node, "render-report") == 0;
}

static void
assert_scale_steps (LfTestRun *run, const double *at, const gint64 *caps, guint n)
{
  g_autoptr(GPtrArray) scale = lf_test_select (run, "scale", "resize-esm");

  g_assert_cmpuint (scale->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      lf_assert_near (lf_test_time_s (g_ptr_array_index (scale, i)), at[i], 0.001);
      g_assert_cmpint (int_of (g_ptr_array_index (scale, i), "concurrency"), ==, caps[i]);
    }
}

/* Current: 5, then 305, 605, 905, 1,205 and 1,250 at 1–5 min; ≈205,000 done in 20 min.
 * Classic (--set settings.sqs_scaling_model=classic): +60/min, 1,000 at 17 min, ≈102,000
 * done [SQS-5]. Reserved 2 under a poller: never more than 2 run, throttles, and 27 of
 * 100 reports reach the DLQ (maxReceiveCount 1) without ever running [SQS-8, SQS-10, SQS-11] */
static void
test_16_sqs_scaling (void)
{
  g_autoptr(LfScenario) s = load_library ("16-sqs-scaling-reserved.lflow.json", NULL);
  g_autoptr(LfTestRun) run = run_library_keeping (s, keep_scaling);
  static const double at[] = { 60, 120, 180, 240, 300 };
  static const gint64 caps[] = { 305, 605, 905, 1205, 1250 };
  g_autoptr(GPtrArray) redrives = lf_test_select (run, "redrive", "report-dlq");
  g_autoptr(GPtrArray) ran = lf_test_select (run, "invoke.start", "render-report");
  gint64 done_current = node_report (run, "resize-image", "invocations");

  assert_scale_steps (run, at, caps, G_N_ELEMENTS (at));
  g_assert_cmpint (node_report (run, "resize-image", "max_concurrency"), ==, 1250);
  g_assert_cmpint (node_report (run, "resize-image", "throttles"), ==, 0);
  g_assert_cmpint (messages_report (run, "succeeded") - 73, >=, 200000);
  g_assert_cmpint (messages_report (run, "succeeded") - 73, <=, 210000);
  /* reserved concurrency 2 */
  g_assert_cmpint (node_report (run, "render-report", "max_concurrency"), ==, 2);
  g_assert_cmpint (node_report (run, "render-report", "throttles"), >, 100);
  g_assert_cmpuint (ran->len, ==, 73);
  g_assert_cmpuint (redrives->len, ==, 27);
  for (guint i = 0; i < redrives->len; i++)
    {
      const char *m = str_of (g_ptr_array_index (redrives, i), "msg");
      g_assert_cmpuint (count_msg (run, "invoke.start", "render-report", m), ==, 0);
      g_assert_cmpuint (count_msg (run, "throttle", "render-report", m), >, 0);
    }

  /* the classic rule, as the walkthrough asks */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LfTestRun) classic = NULL;
    g_autoptr(GPtrArray) scale = NULL;
    JsonObject *last;

    g_assert_true (lf_scenario_set (s, "settings.sqs_scaling_model", "classic", &error));
    g_assert_no_error (error);
    classic = run_library_keeping (s, keep_scaling);
    scale = lf_test_select (classic, "scale", "resize-esm");
    g_assert_cmpuint (scale->len, ==, 17);
    for (guint i = 0; i < 16; i++)
      {
        JsonObject *r = g_ptr_array_index (scale, i);
        lf_assert_near (lf_test_time_s (r), 60.0 * (i + 1), 0.001);
        g_assert_cmpint (int_of (r, "concurrency"), ==, 5 + 60 * (i + 1));
      }
    last = g_ptr_array_index (scale, 16);
    lf_assert_near (lf_test_time_s (last), 1020.0, 0.001);
    g_assert_cmpint (int_of (last, "concurrency"), ==, 1000);
    g_assert_cmpint (node_report (classic, "resize-image", "max_concurrency"), ==, 1000);
    g_assert_cmpint (node_report (classic, "resize-image", "invocations"), <, done_current * 52 / 100);
    g_assert_cmpint (messages_report (classic, "succeeded"), >=, 100000);
    g_assert_cmpint (messages_report (classic, "succeeded"), <=, 105000);
  }
}

/* ---- 17 execution roles ----------------------------------------------------------------- */

/* ship-order's role reads its queue: 120 orders processed. update-inventory's role lacks the
 * SQS policy: one denied sqs:ReceiveMessage, no invocation, 120 messages waiting. write-audit
 * fails 3 events, each DLQ send is denied and the event lost (DeadLetterErrors 3). With the
 * two permissions added, no warnings, the inventory drains and the DLQ holds the 3
 * [ASYNC-13, ESM-5] */
static void
test_17_execution_role (void)
{
  static const char *warnings[] = { "edges[1]", "edges[3]", NULL };
  g_autoptr(LfScenario) s = load_library ("17-execution-role.lflow.json", warnings);
  g_autoptr(LfTestRun) run = run_library (s);
  g_autoptr(GPtrArray) denied = lf_test_select (run, "denied", NULL);
  g_autofree char *text = library_text ("17-execution-role.lflow.json");
  g_autoptr(GString) fixed_text = g_string_new (text);
  g_autoptr(LfScenario) fixed = NULL;
  g_autoptr(LfTestRun) fixed_run = NULL;
  guint n;

  g_assert_cmpuint (count_where (run, "denied", "update-inventory", "action", "sqs:ReceiveMessage"), ==, 1);
  g_assert_cmpstr (str_of (g_ptr_array_index (denied, 0), "edge"), ==, "inventory-esm");
  g_assert_cmpint (node_report (run, "update-inventory", "invocations"), ==, 0);
  g_assert_cmpint (node_report (run, "inventory-updates", "depth_at_end"), ==, 120);
  g_assert_cmpint (node_report (run, "orders", "depth_at_end"), ==, 0);
  g_assert_cmpuint (lf_test_count (run, "delete", "orders"), ==, 120);
  g_assert_cmpint (node_report (run, "write-audit", "errors"), ==, 3);
  g_assert_cmpint (node_report (run, "write-audit", "dead_letter_errors"), ==, 3);
  g_assert_cmpuint (count_where (run, "denied", "write-audit", "action", "sqs:SendMessage"), ==, 3);
  g_assert_cmpuint (count_where (run, "discard", "write-audit", "reason", "DeadLetterError"), ==, 3);
  g_assert_cmpint (node_report (run, "audit-dlq", "depth_at_end"), ==, 0);

  /* the fix the walkthrough gives */
  n = g_string_replace (fixed_text,
                        "{ \"id\": \"update-inventory-role\", \"managed_policies\": [\"AWSLambdaBasicExecutionRole\"] }",
                        "{ \"id\": \"update-inventory-role\", \"managed_policies\": [\"AWSLambdaBasicExecutionRole\","
                        " \"AWSLambdaSQSQueueExecutionRole\"] }", 1);
  g_assert_cmpuint (n, ==, 1);
  n = g_string_replace (fixed_text,
                        "{ \"id\": \"write-audit-role\", \"managed_policies\": [\"AWSLambdaBasicExecutionRole\"] }",
                        "{ \"id\": \"write-audit-role\", \"managed_policies\": [\"AWSLambdaBasicExecutionRole\"],"
                        " \"allow\": [{\"action\": \"sqs:SendMessage\", \"resource\": \"audit-dlq\"}] }", 1);
  g_assert_cmpuint (n, ==, 1);
  fixed = load_text (fixed_text->str, "17-execution-role (fixed)", NULL);
  fixed_run = run_library (fixed);
  g_assert_cmpuint (lf_test_count (fixed_run, "denied", NULL), ==, 0);
  g_assert_cmpint (node_report (fixed_run, "update-inventory", "invocations"), >, 0);
  g_assert_cmpint (node_report (fixed_run, "inventory-updates", "depth_at_end"), ==, 0);
  g_assert_cmpint (node_report (fixed_run, "audit-dlq", "depth_at_end"), ==, 3);
  g_assert_cmpint (node_report (fixed_run, "write-audit", "dead_letter_errors"), ==, 0);
}

/* ---- 18 recursive loop detection -------------------------------------------------------- */

/* Follows each invocation back to the publish that started its chain; returns the number
 * of invocations per chain of a function. */
static GHashTable *
runs_per_chain (LfTestRun *run, const char *fn)
{
  g_autoptr(GHashTable) root = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTable *runs = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < run->records->len; i++)
    {
      JsonObject *r = g_ptr_array_index (run->records, i);
      const char *kind = str_of (r, "kind");
      if (g_strcmp0 (kind, "publish") == 0)
        g_hash_table_insert (root, (gpointer) str_of (r, "msg"), (gpointer) str_of (r, "msg"));
      else if (g_strcmp0 (kind, "copy") == 0 || g_strcmp0 (kind, "notify") == 0)
        g_hash_table_insert (root, (gpointer) str_of (r, "msg"),
                             g_hash_table_lookup (root, str_of (r, "parent")));
      else if (g_strcmp0 (kind, "invoke.start") == 0 && g_strcmp0 (str_of (r, "node"), fn) == 0)
        {
          const char *chain = g_hash_table_lookup (root, json_array_get_string_element (msgs_of (r), 0));
          g_assert_nonnull (chain);
          g_hash_table_insert (runs, (gpointer) chain,
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (runs, chain)) + 1));
        }
    }
  return runs;
}

static void
assert_chains_of_16 (LfTestRun *run, const char *fn)
{
  g_autoptr(GHashTable) runs = runs_per_chain (run, fn);
  GHashTableIter it;
  gpointer k, v;

  g_assert_cmpuint (g_hash_table_size (runs), ==, 3);
  g_hash_table_iter_init (&it, runs);
  while (g_hash_table_iter_next (&it, &k, &v))
    g_assert_cmpuint (GPOINTER_TO_UINT (v), ==, 16);
}

/* Lambda → SQS → the same Lambda and Lambda → SNS → the same Lambda: each of the 3 chains
 * of each loop runs 16 times; the 17th is stopped, into the queue's DLQ (SQS) or the
 * function's DLQ (SNS); without the guard the loops run to the end (≈1,300 runs)
 * [ASYNC-15, SQS-11, ASYNC-13] */
static void
test_18_recursive_loop (void)
{
  g_autoptr(LfScenario) s = load_library ("18-recursive-loop.lflow.json", NULL);
  g_autoptr(LfTestRun) run = run_library (s);
  g_autoptr(GPtrArray) redrives = lf_test_select (run, "redrive", "order-updates-dlq");
  g_autoptr(GPtrArray) dlq = lf_test_select (run, "dlq", "tag-order-dlq");
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (lf_test_count (run, "invoke.start", "enrich-order"), ==, 48);
  g_assert_cmpuint (lf_test_count (run, "invoke.start", "tag-order"), ==, 48);
  assert_chains_of_16 (run, "enrich-order");
  assert_chains_of_16 (run, "tag-order");
  g_assert_cmpuint (redrives->len, ==, 3);
  g_assert_cmpuint (dlq->len, ==, 3);
  lf_assert_near (lf_test_time_s (g_ptr_array_index (redrives, 0)), 7.8, 0.1);
  lf_assert_near (lf_test_time_s (g_ptr_array_index (dlq, 0)), 9.5, 0.1);
  g_assert_cmpuint (lf_test_count (run, "copy", "enrich-order"), ==, 48);
  g_assert_cmpuint (lf_test_count (run, "copy", "tag-order"), ==, 48);
  g_assert_cmpuint (lf_test_count (run, "notify", "tag-sub"), ==, 51);
  g_assert_cmpint (node_report (run, "order-updates-dlq", "depth_at_end"), ==, 3);
  g_assert_cmpint (node_report (run, "tag-order-dlq", "depth_at_end"), ==, 3);

  /* without the guard */
  g_assert_true (lf_scenario_set (s, "settings.recursion_guard", "false", &error));
  g_assert_no_error (error);
  {
    g_autoptr(LfTestRun) loose = run_library (s);
    guint total = lf_test_count (loose, "invoke.start", "enrich-order") +
                  lf_test_count (loose, "invoke.start", "tag-order");
    g_assert_cmpuint (lf_test_count (loose, "dlq", NULL), ==, 0);
    g_assert_cmpuint (lf_test_count (loose, "redrive", NULL), ==, 0);
    g_assert_cmpuint (total, >=, 1250);
    g_assert_cmpuint (total, <=, 1350);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/library/all/layout-and-walkthrough", test_all_layout_walkthrough);
  g_test_add_func ("/library/async-retries/ASYNC-2/ASYNC-3/ASYNC-13", test_quick_start);
  g_test_add_func ("/library/01-sync-sdk-retries/SYNC-1/SYNC-2/SYNC-5", test_01_sync_sdk_retries);
  g_test_add_func ("/library/02-api-gateway-errors/APIGW-3/APIGW-4", test_02_api_gateway);
  g_test_add_func ("/library/03-alb-multi-value-headers/ALB-2/ALB-4", test_03_alb_multi_value);
  g_test_add_func ("/library/04-s3-async-retries/ASYNC-2/ASYNC-13", test_04_s3_async_retries);
  g_test_add_func ("/library/05-s3-notifications/S3-2/S3-4", test_05_s3_notifications);
  g_test_add_func ("/library/06-sns-fanout-eventbridge/SNS-2/EB-1", test_06_sns_eventbridge);
  g_test_add_func ("/library/07-destinations-vs-dlq/ASYNC-10/ASYNC-13", test_07_destinations_dlq);
  g_test_add_func ("/library/08-max-event-age-retries/ASYNC-4/ASYNC-5/ASYNC-7", test_08_event_age_retries);
  g_test_add_func ("/library/09-kinesis-shards/KIN-1/KIN-2/KIN-4/ESM-3", test_09_kinesis_shards);
  g_test_add_func ("/library/10-kinesis-parallelization/KIN-3/STREAM-10", test_10_kinesis_parallelization);
  g_test_add_func ("/library/11-kinesis-poison-record/STREAM-1/STREAM-5/KIN-7", test_11_kinesis_poison);
  g_test_add_func ("/library/12-dynamodb-streams/DDB-1/DDB-2/DDB-3", test_12_dynamodb_streams);
  g_test_add_func ("/library/13-sqs-standard-batches/SQS-1/SQS-4/SQS-11", test_13_sqs_standard);
  g_test_add_func ("/library/14-sqs-partial-batch/ESM-6/SQS-12", test_14_sqs_partial_batch);
  g_test_add_func ("/library/15-sqs-fifo-groups/FIFO-2/FIFO-4", test_15_sqs_fifo);
  g_test_add_func ("/library/16-sqs-scaling-reserved/SQS-5/SQS-10", test_16_sqs_scaling);
  g_test_add_func ("/library/17-execution-role/ASYNC-13/ESM-5", test_17_execution_role);
  g_test_add_func ("/library/18-recursive-loop/ASYNC-15/SQS-11", test_18_recursive_loop);
  return g_test_run ();
}
