#include "lf-test-util.h"

#include <math.h>

static void
collect (const LfRecord *record, gpointer user_data)
{
  LfTestRun *run = user_data;
  gsize start = run->jsonl->len;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  lf_record_to_json (record, run->jsonl);
  if (!json_parser_load_from_data (parser, run->jsonl->str + start, (gssize) (run->jsonl->len - start), &error))
    g_error ("a trace record is not JSON: %s: %s", error->message, run->jsonl->str + start);
  g_string_append_c (run->jsonl, '\n');
  g_ptr_array_add (run->records, json_object_ref (json_node_get_object (json_parser_get_root (parser))));
}

void
lf_test_assert_conserved (LfSim *sim)
{
  LfMessageCounts c;
  guint64 sum = 0;

  lf_sim_count_messages (sim, &c);
  for (guint i = 0; i < LF_N_FATES; i++)
    sum += c.fates[i];
  g_assert_cmpuint (c.lost, ==, 0);
  g_assert_cmpuint (c.published + c.copies, ==, sum + c.lost);
}

static LfTestRun *
run_scenario (LfScenario *scenario,
              LfTime      until,
              gboolean    traced)
{
  LfTestRun *run = g_new0 (LfTestRun, 1);
  g_autoptr(GError) error = NULL;

  run->scenario = g_object_ref (scenario);
  run->records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  run->jsonl = g_string_new (NULL);
  run->sim = lf_sim_new (scenario, &error);
  g_assert_no_error (error);
  if (traced)
    lf_sim_add_trace_func (run->sim, collect, run);
  lf_sim_run_until (run->sim, until >= 0 ? until : lf_scenario_get_duration (scenario), 0);
  lf_test_assert_conserved (run->sim);
  return run;
}

LfTestRun *
lf_test_run_scenario (LfScenario *scenario,
                      LfTime      until)
{
  return run_scenario (scenario, until, TRUE);
}

static LfScenario *
load_valid (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(LfScenario) scenario = lf_scenario_load_from_data (json, -1, "test", &problems, &error);

  g_assert_no_error (error);
  for (guint i = 0; problems && i < problems->len; i++)
    {
      LfProblem *p = g_ptr_array_index (problems, i);
      if (p->severity == LF_SEVERITY_ERROR)
        g_error ("test scenario is invalid: %s: %s", p->path, p->message);
    }
  return g_steal_pointer (&scenario);
}

LfTestRun *
lf_test_run (const char *json,
             LfTime      until)
{
  g_autoptr(LfScenario) scenario = load_valid (json);
  return run_scenario (scenario, until, TRUE);
}

LfTestRun *
lf_test_run_untraced (const char *json,
                      LfTime      until)
{
  g_autoptr(LfScenario) scenario = load_valid (json);
  return run_scenario (scenario, until, FALSE);
}

void
lf_test_run_free (LfTestRun *run)
{
  g_clear_object (&run->sim);
  g_clear_object (&run->scenario);
  g_ptr_array_unref (run->records);
  g_string_free (run->jsonl, TRUE);
  g_free (run);
}

static gboolean
record_is (JsonObject *r, const char *kind, const char *at)
{
  if (kind && g_strcmp0 (json_object_get_string_member (r, "kind"), kind) != 0)
    return FALSE;
  if (at == NULL)
    return TRUE;
  return g_strcmp0 (json_object_get_string_member_with_default (r, "node", ""), at) == 0 ||
         g_strcmp0 (json_object_get_string_member_with_default (r, "edge", ""), at) == 0;
}

GPtrArray *
lf_test_select (LfTestRun  *run,
                const char *kind,
                const char *at)
{
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < run->records->len; i++)
    if (record_is (g_ptr_array_index (run->records, i), kind, at))
      g_ptr_array_add (out, g_ptr_array_index (run->records, i));
  return out;
}

guint
lf_test_count (LfTestRun  *run,
               const char *kind,
               const char *at)
{
  g_autoptr(GPtrArray) sel = lf_test_select (run, kind, at);
  return sel->len;
}

JsonObject *
lf_test_nth (LfTestRun  *run,
             const char *kind,
             const char *at,
             guint       n)
{
  g_autoptr(GPtrArray) sel = lf_test_select (run, kind, at);

  if (n >= sel->len)
    g_error ("expected at least %u %s records at %s, found %u", n + 1, kind, at ? at : "any", sel->len);
  return g_ptr_array_index (sel, n);
}

double
lf_test_time_s (JsonObject *record)
{
  return (double) json_object_get_int_member (record, "t") / 1e6;
}

gint64
lf_test_report_int (LfTestRun  *run,
                    const char *section,
                    const char *id,
                    const char *key)
{
  g_autoptr(JsonNode) report = lf_sim_build_report (run->sim, 0.0);
  JsonObject *r = json_node_get_object (report);
  JsonObject *o = json_object_get_object_member (r, section);

  if (id)
    o = json_object_get_object_member (o, id);
  g_assert_nonnull (o);
  g_assert_true (json_object_has_member (o, key));
  return json_object_get_int_member (o, key);
}
