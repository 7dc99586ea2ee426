/* LfSession: loading, playback by frames, stepping, seeking, live changes, the log */
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "lf-error.h"
#include "lf-session.h"

static GFile *
fixture (const char *name)
{
  g_autofree char *path = g_build_filename (LF_TEST_SRCDIR, "..", "scenarios", "run", name, NULL);
  return g_file_new_for_path (path);
}

static void
count (LfSession *session, gpointer data)
{
  (*(guint *) data)++;
}

static void
test_playback (void)
{
  g_autoptr(LfSession) s = lf_session_new ();
  g_autoptr(GFile) file = fixture ("async-fails.lflow.json");
  g_autoptr(GError) error = NULL;
  guint advanced = 0, restarted = 0;
  GListModel *log;

  g_signal_connect (s, "advanced", G_CALLBACK (count), &advanced);
  g_signal_connect (s, "restarted", G_CALLBACK (count), &restarted);
  g_assert_true (lf_session_load_file (s, file, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (restarted, ==, 1);
  g_assert_cmpint (lf_session_get_now (s), ==, 0);
  g_assert_cmpint (lf_session_get_duration (s), ==, G_GINT64_CONSTANT (600000000));
  lf_session_set_playing (s, TRUE);
  g_assert_true (lf_session_get_playing (s));
  /* 16 ms frames at 100×: 1.6 s of simulated time each */
  lf_session_set_speed (s, 100.0);
  for (int i = 0; i < 10; i++)
    lf_session_advance (s, 16000);
  g_assert_cmpint (lf_session_get_now (s), ==, G_GINT64_CONSTANT (16000000));
  g_assert_cmpuint (advanced, >=, 10);
  log = lf_session_get_log (s);
  g_assert_cmpuint (g_list_model_get_n_items (log), >, 3);
  {
    g_autoptr(LfLogItem) first = g_list_model_get_item (log, 0);
    g_assert_cmpstr (lf_log_item_get_kind_name (first), ==, "publish");
    g_assert_cmpstr (lf_log_item_get_at (first), ==, "client");
    g_assert_true (lf_log_item_mentions (first, 1));
    g_assert_true (g_str_has_prefix (lf_log_item_get_json (first), "{\"t\":0,\"seq\":1,"));
  }
  /* speed is clamped */
  lf_session_set_speed (s, 5000.0);
  g_assert_cmpfloat (lf_session_get_speed (s), ==, LF_SESSION_SPEED_MAX);
  /* run to the end: playback stops by itself */
  for (int i = 0; i < 1000 && lf_session_get_playing (s); i++)
    lf_session_advance (s, 100000);
  g_assert_false (lf_session_get_playing (s));
  g_assert_true (lf_session_get_finished (s));
  /* three attempts at 0 / 60 / 180 s are in the log */
  {
    guint starts = 0;
    for (guint i = 0; i < g_list_model_get_n_items (log); i++)
      {
        g_autoptr(LfLogItem) it = g_list_model_get_item (log, i);
        starts += lf_log_item_get_kind (it) == LF_REC_INVOKE_START;
      }
    g_assert_cmpuint (starts, ==, 3);
  }
  lf_session_reset (s);
  g_assert_cmpint (lf_session_get_now (s), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (log), ==, 0);
  g_assert_cmpuint (restarted, ==, 2);
}

static void
test_step_seek_and_set (void)
{
  g_autoptr(LfSession) s = lf_session_new ();
  g_autoptr(GFile) file = fixture ("async-fails.lflow.json");
  g_autoptr(GError) error = NULL;
  LfNodeStats st;

  g_assert_true (lf_session_load_file (s, file, NULL));
  g_assert_true (lf_session_step (s));
  g_assert_cmpuint (g_list_model_get_n_items (lf_session_get_log (s)), >=, 1);
  lf_session_seek (s, G_GINT64_CONSTANT (90000000));
  g_assert_cmpint (lf_session_get_now (s), ==, G_GINT64_CONSTANT (90000000));
  lf_sim_get_node_stats (lf_session_get_sim (s), "worker", &st);
  g_assert_cmpint (st.invocations, ==, 2);
  /* backwards: reset and run again */
  lf_session_seek (s, G_GINT64_CONSTANT (30000000));
  lf_sim_get_node_stats (lf_session_get_sim (s), "worker", &st);
  g_assert_cmpint (st.invocations, ==, 1);
  /* a live change, and a refused one */
  g_assert_true (lf_session_set_value (s, "boom.probability", "0", &error));
  g_assert_false (lf_session_set_value (s, "worker.timeout", "\"5000s\"", &error));
  g_assert_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE);
  lf_session_seek (s, G_GINT64_CONSTANT (300000000));
  lf_sim_get_node_stats (lf_session_get_sim (s), "worker", &st);
  g_assert_cmpint (st.invocations, ==, 2);      /* the retry at ≈60 s succeeded */
  g_assert_cmpint (st.errors, ==, 1);
  lf_session_set_selected (s, "worker");
  g_assert_cmpstr (lf_session_get_selected (s), ==, "worker");
  lf_session_set_selected_message (s, 1);
  g_assert_cmpuint (lf_session_get_selected_message (s), ==, 1);
}

static void
test_bad_files (void)
{
  g_autoptr(LfSession) s = lf_session_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lf-session-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bad.lflow.json", NULL);
  g_autoptr(GFile) bad = g_file_new_for_path (path);
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/x.lflow.json");

  g_file_set_contents (path, "{\"format\": \"lambdaflow/1\", \"nodes\": [{\"id\": \"f\", \"type\": \"lambda_function\","
                       " \"props\": {\"timeout\": \"901s\"}}]}", -1, NULL);
  g_assert_false (lf_session_load_file (s, bad, &error));
  g_assert_error (error, LF_ERROR, LF_ERROR_INVALID_SCENARIO);
  g_assert_nonnull (strstr (error->message, "nodes[0].props.timeout"));
  g_clear_error (&error);
  g_assert_false (lf_session_load_file (s, missing, &error));
  g_assert_nonnull (error);
  g_assert_null (lf_session_get_sim (s));
  g_unlink (path);
  g_rmdir (dir);
}

static void
append_record (const LfRecord *r, gpointer data)
{
  lf_record_to_json (r, data);
  g_string_append_c (data, '\n');
}

/* The whole run of a bundled scenario played by frames of 60 fps at 1000×, with a frame
 * budget of `budget_us` wall time (and how many frames it took, the longest frame). */
static GString *
played_trace (const char *name, gint64 budget_us, guint *frames, double *longest_ms)
{
  g_autofree char *path = g_build_filename (LF_SOURCE_ROOT, "data", "scenarios", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(LfSession) s = lf_session_new ();
  GString *trace = g_string_new (NULL);

  g_assert_true (lf_session_load_file (s, file, NULL));
  lf_sim_add_trace_func (lf_session_get_sim (s), append_record, trace);
  lf_session_set_frame_budget (s, budget_us);
  g_assert_cmpint (lf_session_get_frame_budget (s), ==, budget_us);
  lf_session_set_speed (s, 1000);
  lf_session_set_playing (s, TRUE);
  *frames = 0;
  *longest_ms = 0;
  while (lf_session_get_playing (s) && *frames < 10000000)
    {
      gint64 t0 = g_get_monotonic_time ();
      lf_session_advance (s, 16667);
      *longest_ms = MAX (*longest_ms, (g_get_monotonic_time () - t0) / 1000.0);
      (*frames)++;
    }
  g_assert_true (lf_session_get_finished (s));
  return trace;
}

/* Issue #5 review: a frame's simulation is bounded by wall time (LF_SESSION_FRAME_BUDGET_US,
 * the clock looked at every LF_SESSION_FRAME_CHUNK events), not by a count of events; the
 * trace is the same, byte for byte, whatever the pacing: one go, the default budget, or a
 * budget so small that every frame stops after its first chunk. */
static void
test_frame_budget (void)
{
  const char *name = "16-sqs-scaling-reserved.lflow.json";
  g_autofree char *path = g_build_filename (LF_SOURCE_ROOT, "data", "scenarios", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(LfSession) s = lf_session_new ();
  g_autoptr(GString) once = g_string_new (NULL);
  g_autoptr(GString) paced = NULL;
  g_autoptr(GString) tiny = NULL;
  guint frames, tiny_frames;
  double longest, tiny_longest;

  g_assert_true (lf_session_load_file (s, file, NULL));
  lf_sim_add_trace_func (lf_session_get_sim (s), append_record, once);
  lf_session_seek (s, lf_session_get_duration (s));
  g_assert_cmpuint (once->len, >, 1000000);

  paced = played_trace (name, LF_SESSION_FRAME_BUDGET_US, &frames, &longest);
  tiny = played_trace (name, 1, &tiny_frames, &tiny_longest);
  g_test_message ("%s at 1000x, 60 fps: %u frames, longest %.1f ms (budget %d ms); "
                  "with a 1 µs budget %u frames, longest %.1f ms", name, frames, longest,
                  LF_SESSION_FRAME_BUDGET_US / 1000, tiny_frames, tiny_longest);
  g_assert_true (g_string_equal (paced, once));
  g_assert_true (g_string_equal (tiny, once));
  /* 20 simulated minutes at 1000× is 72 frames when the simulation keeps up; a 1 µs
   * budget makes the clock lag: many more, smaller frames */
  g_assert_cmpuint (frames, >=, 72);
  g_assert_cmpuint (tiny_frames, >, frames);
}

/* Log items write their JSON when first asked for (a frame may make 20,000 of them); an
 * item held past a reset or a new scenario (a row, a selection) still reads right,
 * after the simulation's strings are gone */
static void
test_log_json_lazy (void)
{
  g_autoptr(LfSession) s = lf_session_new ();
  g_autoptr(GFile) file = fixture ("async-fails.lflow.json");
  g_autoptr(GString) trace = g_string_new (NULL);
  g_autoptr(LfLogItem) held = NULL;
  g_autoptr(LfLogItem) last = NULL;
  g_auto(GStrv) lines = NULL;
  GListModel *log = lf_session_get_log (s);
  guint n;

  g_assert_true (lf_session_load_file (s, file, NULL));
  lf_sim_add_trace_func (lf_session_get_sim (s), append_record, trace);
  lf_session_seek (s, G_GINT64_CONSTANT (300000000));
  n = g_list_model_get_n_items (log);
  g_assert_cmpuint (n, >, 10);
  lines = g_strsplit (trace->str, "\n", -1);
  /* every item reads as its trace line (the last n lines of the trace) */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LfLogItem) item = g_list_model_get_item (log, i);
      g_assert_cmpstr (lf_log_item_get_json (item), ==, lines[g_strv_length (lines) - 1 - n + i]);
    }
  held = g_list_model_get_item (log, n - 1);     /* not asked for yet: held over a reset */
  last = g_list_model_get_item (log, n - 2);
  lf_session_reset (s);
  g_assert_cmpuint (g_list_model_get_n_items (log), ==, 0);
  g_assert_cmpstr (lf_log_item_get_json (held), ==, lines[g_strv_length (lines) - 2]);
  g_assert_cmpstr (lf_log_item_get_json (last), ==, lines[g_strv_length (lines) - 3]);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/session/playback", test_playback);
  g_test_add_func ("/session/step-seek-and-set", test_step_seek_and_set);
  g_test_add_func ("/session/bad-files", test_bad_files);
  g_test_add_func ("/session/frame-budget", test_frame_budget);
  g_test_add_func ("/session/log-json-lazy", test_log_json_lazy);
  return g_test_run ();
}
