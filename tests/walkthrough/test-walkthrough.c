/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* LfWalkthrough, headless: step moments, `until` records, exact step back and forward,
 * `set` changes, play-through, and how fast going to the last step is. */
#include <string.h>

#include <glib.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "lf-walkthrough.h"
#include "lf-walkthrough-recorder.h"

static char *
scenario_path (const char *name)
{
  return g_build_filename (LF_SOURCE_DIR, "data", "scenarios", name, NULL);
}

/* ---- a trace sink: every record since the session last restarted, as JSON Lines --- */

typedef struct {
  GString *text;
  GArray  *records;   /* Rec */
  LfSim   *sim;
} Sink;

typedef struct {
  LfTime        t;
  guint64       seq;
  LfRecordKind  kind;
  char         *at;
} Rec;

static void
sink_record (const LfRecord *r, gpointer data)
{
  Sink *sink = data;
  Rec rec = { r->t, r->seq, r->kind, g_strdup (r->node ? r->node : r->edge) };

  lf_record_to_json (r, sink->text);
  g_string_append_c (sink->text, '\n');
  g_array_append_val (sink->records, rec);
}

static void
rec_clear (Rec *rec)
{
  g_free (rec->at);
}

static void
sink_restarted (LfSession *session, Sink *sink)
{
  LfSim *sim = lf_session_get_sim (session);

  g_string_truncate (sink->text, 0);
  g_array_set_size (sink->records, 0);
  if (sim != sink->sim)
    {
      sink->sim = sim;
      lf_sim_add_trace_func (sim, sink_record, sink);
    }
}

static Sink *
sink_new (LfSession *session)
{
  Sink *sink = g_new0 (Sink, 1);

  sink->text = g_string_new (NULL);
  sink->records = g_array_new (FALSE, FALSE, sizeof (Rec));
  g_array_set_clear_func (sink->records, (GDestroyNotify) rec_clear);
  g_signal_connect (session, "restarted", G_CALLBACK (sink_restarted), sink);
  sink_restarted (session, sink);
  return sink;
}

static void
sink_free (Sink *sink)
{
  g_string_free (sink->text, TRUE);
  g_array_unref (sink->records);
  g_free (sink);
}

static LfSession *
open_session (const char *name)
{
  g_autofree char *path = scenario_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  LfSession *session = lf_session_new ();

  g_assert_true (lf_session_load_file (session, file, &error));
  g_assert_no_error (error);
  return session;
}

static const char *const scenarios[] = {
  "async-retries.lflow.json",
  "01-sync-sdk-retries.lflow.json",
  "04-s3-async-retries.lflow.json",
  "11-kinesis-poison-record.lflow.json",
  "13-sqs-standard-batches.lflow.json",
  "15-sqs-fifo-groups.lflow.json",
  NULL
};

/* ---- each step begins where the rules say, computed from a plain run's trace ------- */

/* The last record's index with t ≤ t (the state after running every event due by t). */
static guint
records_through (GArray *records, LfTime t)
{
  guint n = 0;

  while (n < records->len && g_array_index (records, Rec, n).t <= t)
    n++;
  return n;
}

static void
test_step_moments (gconstpointer data)
{
  const char *name = data;
  g_autoptr(LfSession) plain = open_session (name);
  g_autoptr(LfSession) s = open_session (name);
  g_autoptr(LfWalkthrough) w = lf_walkthrough_new (s);
  Sink *sink = sink_new (plain);
  LfTime start = 0, duration = lf_session_get_duration (plain);
  guint n = lf_walkthrough_get_n_steps (w);

  g_assert_cmpuint (n, >, 2);
  g_assert_cmpuint (lf_walkthrough_get_problems (w)->len, ==, 0);
  lf_session_seek (plain, duration);   /* the whole run, for the expected moments */

  for (guint i = 0; i < n; i++)
    {
      const LfWalkthroughStep *step = lf_walkthrough_get_step (w, i);
      const LfWalkthroughStep *prev = i > 0 ? lf_walkthrough_get_step (w, i - 1) : NULL;
      LfTime expected;

      if (step->has_at)
        expected = step->at;
      else if (prev != NULL && prev->until == LF_UNTIL_RECORD)
        {
          /* the first matching record after the previous step began */
          expected = duration;
          for (guint k = records_through (sink->records, start); k < sink->records->len; k++)
            {
              Rec *r = &g_array_index (sink->records, Rec, k);
              if (r->kind == prev->until_kind && g_strcmp0 (r->at, prev->until_id) == 0)
                {
                  expected = r->t;
                  break;
                }
            }
        }
      else
        expected = start;

      g_assert_true (lf_walkthrough_go_to (w, i));
      g_assert_cmpint (lf_walkthrough_get_current (w), ==, (int) i);
      g_assert_cmpint (lf_session_get_now (s), ==, expected);
      g_assert_cmpint (lf_walkthrough_get_step_start (w), ==, expected);
      g_assert_cmpint (lf_session_get_playing (s), ==, !step->pause && expected < duration);
      start = expected;
    }
  sink_free (sink);
}

/* `until` waits for its record: not there when the step begins, the last one of that
 * instant when the wait ends. */
static void
test_until_waits (gconstpointer data)
{
  const char *name = data;
  g_autoptr(LfSession) s = open_session (name);
  g_autoptr(LfWalkthrough) w = lf_walkthrough_new (s);
  Sink *sink = sink_new (s);
  guint checked = 0;

  for (guint i = 0; i + 1 < lf_walkthrough_get_n_steps (w); i++)
    {
      const LfWalkthroughStep *step = lf_walkthrough_get_step (w, i);
      guint begun, found = 0;
      gboolean seen = FALSE;

      if (step->until != LF_UNTIL_RECORD)
        continue;
      g_assert_true (lf_walkthrough_go_to (w, i));
      g_assert_false (lf_walkthrough_get_step_done (w));
      begun = sink->records->len;
      lf_walkthrough_set_play_through (w, FALSE);
      lf_session_set_playing (s, TRUE);
      /* play by frames of 40 ms until the wait is over */
      for (int frame = 0; frame < 200000 && !lf_walkthrough_get_step_done (w) &&
                          !lf_walkthrough_get_finished (w); frame++)
        lf_walkthrough_advance (w, 40000);
      g_assert_true (lf_walkthrough_get_step_done (w));
      g_assert_false (lf_session_get_playing (s));   /* stopped there */
      for (guint k = begun; k < sink->records->len; k++)
        {
          Rec *r = &g_array_index (sink->records, Rec, k);
          if (r->kind == step->until_kind && g_strcmp0 (r->at, step->until_id) == 0)
            {
              seen = TRUE;
              found = k;
              break;
            }
        }
      g_assert_true (seen);
      /* stopped in the instant of the record, not later */
      g_assert_cmpint (lf_session_get_now (s), ==, g_array_index (sink->records, Rec, found).t);
      g_assert_cmpint (g_array_index (sink->records, Rec, sink->records->len - 1).t, ==,
                       lf_session_get_now (s));
      checked++;
    }
  g_assert_cmpuint (checked, >, 0);
  sink_free (sink);
}

/* Back then forward, jumps, next by next and play-through all reach the same trace,
 * byte for byte, as going straight to the step. */
static void
test_back_and_forth (gconstpointer data)
{
  const char *name = data;
  g_autoptr(LfSession) s = open_session (name);
  g_autoptr(LfWalkthrough) w = lf_walkthrough_new (s);
  Sink *sink = sink_new (s);
  guint n = lf_walkthrough_get_n_steps (w);
  g_autoptr(GPtrArray) direct = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      g_assert_true (lf_walkthrough_go_to (w, i));
      g_ptr_array_add (direct, g_strdup (sink->text->str));
    }
  /* straight to the last, then back one by one */
  g_assert_true (lf_walkthrough_go_to (w, n - 1));
  g_assert_cmpstr (sink->text->str, ==, g_ptr_array_index (direct, n - 1));
  for (guint i = n - 1; i-- > 0;)
    {
      g_assert_true (lf_walkthrough_previous (w));
      g_assert_cmpint (lf_walkthrough_get_current (w), ==, (int) i);
      g_assert_cmpstr (sink->text->str, ==, g_ptr_array_index (direct, i));
    }
  /* back one, forward one, from each step */
  for (guint i = 1; i < n; i++)
    {
      g_assert_true (lf_walkthrough_go_to (w, i));
      g_assert_true (lf_walkthrough_previous (w));
      g_assert_true (lf_walkthrough_next (w));
      g_assert_cmpint (lf_walkthrough_get_current (w), ==, (int) i);
      g_assert_cmpstr (sink->text->str, ==, g_ptr_array_index (direct, i));
    }
  /* forward by next from the start */
  g_assert_true (lf_walkthrough_go_to (w, 0));
  for (guint i = 1; i < n; i++)
    {
      g_assert_true (lf_walkthrough_next (w));
      g_assert_cmpstr (sink->text->str, ==, g_ptr_array_index (direct, i));
    }
  g_assert_false (lf_walkthrough_next (w));
  /* a live detour (a step by hand) makes going to a step start over, exactly */
  g_assert_true (lf_walkthrough_go_to (w, 1));
  lf_session_step (s);
  g_assert_true (lf_walkthrough_go_to (w, 2));
  g_assert_cmpstr (sink->text->str, ==, g_ptr_array_index (direct, 2));
  sink_free (sink);
}

/* Play-through at 25 fps: each step begins at the same state as going to it directly,
 * up to the first "user" or paused step. With a frame budget of 1 µs (issue #5 review:
 * lf_walkthrough_advance is bounded by wall time like lf_session_advance) every frame
 * stops after its first few events, and the trace is still the same. */
static void
test_play_through (gconstpointer data)
{
  g_autoptr(LfSession) s = open_session ("04-s3-async-retries.lflow.json");
  g_autoptr(LfWalkthrough) w = lf_walkthrough_new (s);
  Sink *sink = sink_new (s);
  g_autofree char *expected = NULL;
  int frames = 0;

  if (GPOINTER_TO_INT (data) > 0)
    {
      lf_session_set_frame_budget (s, GPOINTER_TO_INT (data));
      lf_walkthrough_set_min_step_time (w, 0);
    }

  g_assert_true (lf_walkthrough_go_to (w, 2));
  expected = g_strdup (sink->text->str);
  g_assert_true (lf_walkthrough_go_to (w, 0));
  lf_walkthrough_set_play_through (w, TRUE);
  while (lf_walkthrough_get_current (w) < 2 && frames++ < 100000)
    {
      if (!lf_session_get_playing (s))
        lf_session_set_playing (s, TRUE);   /* the learner presses play on a paused step */
      /* tiny budgets with long frames: every frame has more to do than it may */
      lf_walkthrough_advance (w, GPOINTER_TO_INT (data) > 0 ? 2000000 : 40000);
    }
  g_assert_cmpint (lf_walkthrough_get_current (w), ==, 2);
  g_assert_cmpstr (sink->text->str, ==, expected);
  g_test_message ("play-through to step 3 with a frame budget of %" G_GINT64_FORMAT " µs: %d frames",
                  lf_session_get_frame_budget (s), frames);
  sink_free (sink);
}

static void count_signal_swapped (gpointer data);

/* Waits for a bounded replay to land, iterating the default main context. */
static guint
wait_landed (LfWalkthrough *w)
{
  guint slices = 0;

  while (lf_walkthrough_get_pending (w) >= 0 && slices < 1000000)
    {
      g_main_context_iteration (NULL, TRUE);
      slices++;
    }
  g_assert_cmpint (lf_walkthrough_get_pending (w), ==, -1);
  return slices;
}

/* Issue #5 review: going back in a tour replays in bounded slices on the main loop
 * (lf_walkthrough_request), and lands in go_to's state, byte for byte, however it was
 * sliced; requests made on the way are coalesced to the last one. */
static void
test_request_bounded (gconstpointer data)
{
  const char *name = data;
  g_autoptr(LfSession) s = open_session (name);
  g_autoptr(LfWalkthrough) w = lf_walkthrough_new (s);
  Sink *sink = sink_new (s);
  guint n = lf_walkthrough_get_n_steps (w);
  g_autoptr(GPtrArray) direct = g_ptr_array_new_with_free_func (g_free);
  g_autofree LfTime *now = g_new0 (LfTime, n);
  guint changed = 0, slices, total = 0;

  for (guint i = 0; i < n; i++)
    {
      g_assert_true (lf_walkthrough_go_to (w, i));
      g_ptr_array_add (direct, g_strdup (sink->text->str));
      now[i] = lf_session_get_now (s);
    }
  /* the smallest slices there are: every look at the clock ends one */
  lf_walkthrough_set_slice (w, 1);
  g_signal_connect_swapped (w, "step-changed", G_CALLBACK (count_signal_swapped), &changed);
  for (guint i = n - 1; i-- > 0;)
    {
      g_assert_true (lf_walkthrough_request (w, i));
      slices = wait_landed (w);
      g_assert_cmpint (lf_walkthrough_get_current (w), ==, (int) i);
      g_assert_cmpint (lf_session_get_now (s), ==, now[i]);
      g_assert_cmpstr (sink->text->str, ==, g_ptr_array_index (direct, i));
      g_test_message ("%s: back to step %u in %u slices", name, i + 1, slices);
      total += slices;
    }
  g_assert_cmpuint (total, >, 0);          /* some replays did take more than one slice */
  /* forward from an exact step goes on from there, in slices too */
  g_assert_true (lf_walkthrough_request_next (w));
  wait_landed (w);
  g_assert_cmpint (lf_walkthrough_get_current (w), ==, 1);
  g_assert_cmpstr (sink->text->str, ==, g_ptr_array_index (direct, 1));

  /* coalescing: from the last step, ← ← ← pressed at once end on the step three back
   * (or the first), with a single landing */
  g_assert_true (lf_walkthrough_go_to (w, n - 1));
  changed = 0;
  for (int k = 0; k < 3; k++)
    g_assert_true (lf_walkthrough_request_previous (w));
  wait_landed (w);
  g_assert_cmpint (lf_walkthrough_get_current (w), ==, MAX ((int) n - 4, 0));
  g_assert_cmpstr (sink->text->str, ==, g_ptr_array_index (direct, MAX ((int) n - 4, 0)));
  g_assert_cmpuint (changed, <=, 2);     /* the landing (and a first slice's, when it landed) */

  /* a replay on its way that is asked for a step it has passed starts over, exactly */
  g_assert_true (lf_walkthrough_go_to (w, n - 1));
  g_assert_true (lf_walkthrough_request (w, n - 2));
  if (lf_walkthrough_get_pending (w) >= 0)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (lf_walkthrough_request (w, 0));
  wait_landed (w);
  g_assert_cmpint (lf_walkthrough_get_current (w), ==, 0);
  g_assert_cmpstr (sink->text->str, ==, g_ptr_array_index (direct, 0));
  /* and go_to finishes one at once */
  g_assert_true (lf_walkthrough_request (w, n - 1));
  g_assert_true (lf_walkthrough_go_to (w, 1));
  g_assert_cmpint (lf_walkthrough_get_pending (w), ==, -1);
  g_assert_cmpstr (sink->text->str, ==, g_ptr_array_index (direct, 1));
  sink_free (sink);
}

/* Issue #5 review: a step that names no `speed` keeps the speed the user chose; one that
 * names it sets it (walkthrough "speed", spec/scenario-format.md) */
static void
test_speed_kept (void)
{
  g_autoptr(LfSession) s = open_session ("16-sqs-scaling-reserved.lflow.json");
  g_autoptr(LfWalkthrough) w = lf_walkthrough_new (s);
  /* steps: 1 no speed, 2 speed 4, 3 none, 4 speed 30, 5 speed 60 */

  g_assert_cmpfloat (lf_walkthrough_get_step (w, 0)->speed, ==, 0);
  g_assert_cmpfloat (lf_walkthrough_get_step (w, 1)->speed, ==, 4);
  g_assert_cmpfloat (lf_walkthrough_get_step (w, 2)->speed, ==, 0);
  lf_session_set_speed (s, 7);
  g_assert_true (lf_walkthrough_go_to (w, 0));
  g_assert_cmpfloat (lf_session_get_speed (s), ==, 7);
  g_assert_true (lf_walkthrough_next (w));
  g_assert_cmpfloat (lf_session_get_speed (s), ==, 4);
  lf_session_set_speed (s, 250);                 /* the user speeds it up */
  g_assert_true (lf_walkthrough_next (w));       /* step 3 names no speed */
  g_assert_cmpfloat (lf_session_get_speed (s), ==, 250);
  g_assert_true (lf_walkthrough_next (w));
  g_assert_cmpfloat (lf_session_get_speed (s), ==, 30);
  /* going back to a step without speed (a replay through step 2's 4×) keeps it too */
  lf_session_set_speed (s, 2);
  g_assert_true (lf_walkthrough_go_to (w, 2));
  g_assert_cmpfloat (lf_session_get_speed (s), ==, 2);
  g_assert_true (lf_walkthrough_go_to (w, 1));
  g_assert_cmpfloat (lf_session_get_speed (s), ==, 4);
}

static void
count_signal_swapped (gpointer data)
{
  (*(guint *) data)++;
}

static void
count_signal (LfWalkthrough *w, int index, gpointer data)
{
  (*(guint *) data)++;
}

/* A frame clock that keeps calling lf_session_advance (not lf_walkthrough_advance): the
 * steps still follow, a frame late — the transport stops just after the wait ends, and
 * play-through moves on. */
static void
test_foreign_clock (void)
{
  g_autoptr(LfSession) s = open_session ("04-s3-async-retries.lflow.json");
  g_autoptr(LfWalkthrough) w = lf_walkthrough_new (s);
  Sink *sink = sink_new (s);
  guint done = 0, changed = 0;
  int frames = 0;
  LfTime record_t = -1;

  g_signal_connect (w, "step-done", G_CALLBACK (count_signal), &done);
  g_signal_connect (w, "step-changed", G_CALLBACK (count_signal), &changed);
  g_assert_true (lf_walkthrough_go_to (w, 0));     /* until invoke.end at make-thumbnail */
  g_assert_true (lf_session_get_playing (s));
  while (lf_session_get_playing (s) && frames++ < 10000)
    lf_session_advance (s, 40000);
  g_assert_cmpuint (done, ==, 1);
  g_assert_true (lf_walkthrough_get_step_done (w));
  for (guint k = 0; k < sink->records->len; k++)
    {
      Rec *r = &g_array_index (sink->records, Rec, k);
      if (r->kind == LF_REC_INVOKE_END && g_strcmp0 (r->at, "make-thumbnail") == 0)
        {
          record_t = r->t;
          break;
        }
    }
  g_assert_cmpint (record_t, >=, 0);
  g_assert_cmpint (lf_session_get_now (s), >=, record_t);
  g_assert_cmpint (lf_session_get_now (s), <=, record_t + 40000);   /* one frame late at most */

  /* play-through: the next steps begin by themselves */
  lf_walkthrough_set_min_step_time (w, 0);
  lf_walkthrough_set_play_through (w, TRUE);
  lf_session_set_playing (s, TRUE);
  changed = 0;
  frames = 0;
  while (lf_walkthrough_get_current (w) < 2 && frames++ < 100000)
    {
      if (!lf_session_get_playing (s))
        lf_session_set_playing (s, TRUE);
      lf_session_advance (s, 40000);
    }
  g_assert_cmpint (lf_walkthrough_get_current (w), ==, 2);
  g_assert_cmpuint (changed, ==, 2);
  sink_free (sink);
}

/* `set` changes apply when their step begins and are undone when going back. */
static void
test_set_changes (void)
{
  g_autofree char *path = scenario_path ("async-retries.lflow.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(LfScenario) scenario = lf_scenario_load_from_file (path, NULL, &error);
  g_autoptr(LfSession) s = lf_session_new ();
  g_autoptr(LfWalkthrough) w = NULL;
  JsonNode *walkthrough;
  JsonArray *steps, *set;
  JsonObject *change, *step;
  LfNode *node;
  Sink *sink;
  g_autofree char *at2 = NULL, *at3 = NULL, *again = NULL;
  g_autoptr(LfSession) plain = NULL;

  g_assert_no_error (error);
  walkthrough = lf_scenario_get_walkthrough (scenario);
  steps = json_object_get_array_member (json_node_get_object (walkthrough), "steps");
  step = json_array_get_object_element (steps, 2);
  set = json_array_new ();
  change = json_object_new ();
  json_object_set_string_member (change, "path", "thumbnailer.max_retry_attempts");
  json_object_set_int_member (change, "value", 0);
  json_array_add_object_element (set, change);
  change = json_object_new ();   /* not a live change: left out, with a warning */
  json_object_set_string_member (change, "path", "nosuchnode.timeout");
  json_object_set_string_member (change, "value", "10s");
  json_array_add_object_element (set, change);
  json_object_set_array_member (step, "set", set);
  g_assert_true (lf_session_set_scenario (s, scenario, &error));
  g_assert_no_error (error);
  w = lf_walkthrough_new (s);
  sink = sink_new (s);
  g_assert_cmpuint (lf_walkthrough_get_step (w, 2)->changes->len, ==, 1);
  g_assert_cmpuint (lf_walkthrough_get_problems (w)->len, ==, 1);
  g_assert_cmpstr (((LfProblem *) lf_walkthrough_get_problems (w)->pdata[0])->path, ==, "walkthrough.steps[2].set");

  g_assert_true (lf_walkthrough_go_to (w, 1));
  node = lf_scenario_find_node (lf_session_get_scenario (s), "thumbnailer");
  g_assert_false (lf_props_has (node->props, "max_retry_attempts"));
  g_assert_true (lf_walkthrough_go_to (w, 2));
  node = lf_scenario_find_node (lf_session_get_scenario (s), "thumbnailer");
  g_assert_cmpint (lf_props_get_int (node->props, "max_retry_attempts", -1), ==, 0);
  at2 = g_strdup (sink->text->str);
  g_assert_true (lf_walkthrough_next (w));
  at3 = g_strdup (sink->text->str);
  /* from here on no retries: step 2 ends at a dlq record, with attempts of 1 only */
  g_assert_null (strstr (at3 + strlen (at2), "\"attempt\":2"));
  /* back: the change is undone; the trace up to step 1 is that of a plain run */
  g_assert_true (lf_walkthrough_go_to (w, 1));
  node = lf_scenario_find_node (lf_session_get_scenario (s), "thumbnailer");
  g_assert_false (lf_props_has (node->props, "max_retry_attempts"));
  g_assert_true (lf_scenario_equal (lf_session_get_scenario (s), scenario));
  g_assert_true (lf_walkthrough_go_to (w, 3));
  g_assert_cmpstr (sink->text->str, ==, at3);
  /* the change took effect at step 2's moment: the traces agree up to there */
  plain = open_session ("async-retries.lflow.json");
  {
    g_autoptr(LfWalkthrough) pw = lf_walkthrough_new (plain);
    Sink *psink = sink_new (plain);
    g_assert_true (lf_walkthrough_go_to (pw, 2));
    g_assert_cmpstr (psink->text->str, ==, at2);
    g_assert_true (lf_walkthrough_go_to (pw, 3));
    g_assert_cmpstr (psink->text->str, !=, at3);
    sink_free (psink);
  }
  sink_free (sink);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

static void
play_to (LfSession *s, LfTime t)
{
  lf_session_set_playing (s, TRUE);
  while (lf_session_get_now (s) < t && lf_session_get_playing (s))
    lf_session_advance (s, 40000);
}

/* Record mode: play, pause, speed, select and live changes become steps; played back,
 * they give the same trace, byte for byte. */
static void
test_record_and_replay (void)
{
  g_autoptr(LfSession) s = open_session ("async-retries.lflow.json");
  g_autoptr(LfWalkthroughRecorder) rec = lf_walkthrough_recorder_new (s);
  Sink *sink = sink_new (s);
  g_autoptr(LfSession) replay = lf_session_new ();
  g_autoptr(LfWalkthrough) w = NULL;
  g_autoptr(LfScenario) scenario = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL, *recorded = NULL;
  gboolean saw_set = FALSE, saw_focus = FALSE, saw_pause = FALSE;
  LfTime end;
  gsize len = 0;
  Sink *replay_sink;

  lf_walkthrough_recorder_start (rec);
  lf_session_set_speed (s, 5.0);
  play_to (s, 20 * G_USEC_PER_SEC);
  g_assert_true (lf_session_set_value (s, "thumbnailer.max_retry_attempts", "1", &error));
  g_assert_no_error (error);
  lf_session_set_selected (s, "thumbnailer");
  play_to (s, 45 * G_USEC_PER_SEC);
  lf_session_set_playing (s, FALSE);
  g_assert_true (lf_session_set_value (s, "flaky-decoder.probability", "0.8", &error));
  g_assert_no_error (error);
  lf_session_set_speed (s, 10.0);
  play_to (s, 120 * G_USEC_PER_SEC);
  lf_session_set_playing (s, FALSE);
  lf_walkthrough_recorder_stop (rec);
  end = lf_session_get_now (s);
  recorded = g_strdup (sink->text->str);

  g_assert_cmpuint (lf_walkthrough_recorder_get_n_steps (rec), >=, 4);
  for (guint i = 0; i < lf_walkthrough_recorder_get_n_steps (rec); i++)
    {
      JsonObject *step = lf_walkthrough_recorder_get_step (rec, i);
      saw_set |= json_object_has_member (step, "set");
      saw_focus |= json_object_has_member (step, "focus");
      saw_pause |= json_object_has_member (step, "pause");
    }
  if (!(saw_set && saw_focus && saw_pause))
    {
      g_autoptr(JsonNode) built = lf_walkthrough_recorder_build (rec);
      g_autofree char *text = json_to_string (built, TRUE);
      g_printerr ("%s\n", text);
    }
  g_assert_true (saw_set && saw_focus && saw_pause);
  lf_walkthrough_recorder_set_text (rec, 0, "Start", "Uploads begin.");

  /* saved into the scenario, loaded again, played back step by step */
  data = lf_walkthrough_recorder_to_scenario_data (rec, &len);
  scenario = lf_scenario_load_from_data (data, (gssize) len, "recorded.lflow.json", &problems, &error);
  g_assert_no_error (error);
  g_assert_false (lf_problems_have_errors (problems));
  /* the original values, not the live ones: the steps make the changes */
  g_assert_false (lf_props_has (lf_scenario_find_node (scenario, "thumbnailer")->props, "max_retry_attempts"));
  g_assert_true (lf_session_set_scenario (replay, scenario, &error));
  replay_sink = sink_new (replay);
  w = lf_walkthrough_new (replay);
  g_assert_cmpuint (lf_walkthrough_get_problems (w)->len, ==, 0);
  g_assert_cmpuint (lf_walkthrough_get_n_steps (w), ==, lf_walkthrough_recorder_get_n_steps (rec));
  g_assert_cmpstr (lf_walkthrough_get_step (w, 0)->title, ==, "Start");
  g_assert_true (lf_walkthrough_go_to (w, lf_walkthrough_get_n_steps (w) - 1));
  lf_session_seek (replay, end);
  g_assert_cmpstr (replay_sink->text->str, ==, recorded);
  /* and the changes mattered: a plain run to the same moment differs */
  {
    g_autoptr(LfSession) plain = open_session ("async-retries.lflow.json");
    Sink *plain_sink = sink_new (plain);
    lf_session_seek (plain, end);
    g_assert_cmpstr (plain_sink->text->str, !=, recorded);
    sink_free (plain_sink);
  }
  sink_free (replay_sink);
  sink_free (sink);
}

static gboolean
step_has_change (JsonObject *step, const char *path, const char *value_json)
{
  JsonArray *set = json_object_has_member (step, "set") ? json_object_get_array_member (step, "set") : NULL;

  for (guint i = 0; set && i < json_array_get_length (set); i++)
    {
      JsonObject *change = json_array_get_object_element (set, i);
      g_autofree char *value = json_to_string (json_object_get_member (change, "value"), FALSE);

      if (g_strcmp0 (json_object_get_string_member (change, "path"), path) == 0 &&
          g_strcmp0 (value, value_json) == 0)
        return TRUE;
    }
  return FALSE;
}

static JsonNode *
file_json_without_walkthrough (GFile *file)
{
  g_autofree char *data = NULL;
  JsonNode *root;

  g_assert_true (g_file_load_contents (file, NULL, &data, NULL, NULL, NULL));
  root = json_from_string (data, NULL);
  g_assert_nonnull (root);
  json_object_remove_member (json_node_get_object (root), "walkthrough");
  /* the scenario writes an empty "props" where a node or edge had none: the same thing */
  for (guint l = 0; l < 2; l++)
    {
      JsonArray *items = json_object_get_array_member (json_node_get_object (root), l ? "edges" : "nodes");
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *item = json_array_get_object_element (items, i);
          if (json_object_has_member (item, "props") &&
              json_object_get_size (json_object_get_object_member (item, "props")) == 0)
            json_object_remove_member (item, "props");
        }
    }
  return root;
}

/* Record mode, the rest of what it captures: a live change made before recording began
 * (in the first step's `set`), steps by hand (whole instants), a selection (highlight
 * and focus); narration checked as Pango markup; saved atomically into a copy of the
 * file (the rest of the file as loaded), which played back gives the same trace. */
static void
test_record_save_reload (void)
{
  g_autofree char *src = scenario_path ("async-retries.lflow.json");
  g_autoptr(GFile) source = g_file_new_for_path (src);
  g_autofree char *dir = g_dir_make_tmp ("lf-record-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "recorded.lflow.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (out);
  g_autoptr(LfSession) s = open_session ("async-retries.lflow.json");
  g_autoptr(LfWalkthroughRecorder) rec = lf_walkthrough_recorder_new (s);
  g_autoptr(LfSession) replay = lf_session_new ();
  g_autoptr(LfWalkthrough) w = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) before = NULL, after = NULL;
  g_autofree char *recorded = NULL;
  Sink *sink = sink_new (s);
  Sink *replay_sink;
  JsonObject *step;
  LfTime t1, t2, end;
  guint n;

  /* a change before recording: the file keeps the original, the first step makes it */
  g_assert_true (lf_session_set_value (s, "camera-roll.rate", "\"5/s\"", &error));
  g_assert_no_error (error);
  lf_walkthrough_recorder_start (rec);
  g_assert_true (lf_walkthrough_recorder_get_recording (rec));
  g_assert_cmpuint (lf_walkthrough_recorder_get_n_steps (rec), ==, 1);
  step = lf_walkthrough_recorder_get_step (rec, 0);
  g_assert_cmpstr (json_object_get_string_member (step, "at"), ==, "0s");
  g_assert_true (json_object_get_boolean_member (step, "pause"));
  g_assert_cmpfloat (json_object_get_double_member (step, "speed"), ==, 1.0);
  g_assert_true (step_has_change (step, "camera-roll.rate", "\"5/s\""));

  /* two steps by hand: each a whole instant, each a paused step */
  g_assert_true (lf_walkthrough_recorder_step (rec));
  t1 = lf_session_get_now (s);
  g_assert_cmpint (lf_sim_next_event_time (lf_session_get_sim (s)), >, t1);
  g_assert_true (lf_walkthrough_recorder_step (rec));
  t2 = lf_session_get_now (s);
  g_assert_cmpint (t2, >, t1);
  g_assert_cmpuint (lf_walkthrough_recorder_get_n_steps (rec), ==, 3);
  step = lf_walkthrough_recorder_get_step (rec, 2);
  g_assert_true (json_object_get_boolean_member (step, "pause"));

  /* a selection while paused: ringed and focused, and the step stays paused */
  lf_session_set_selected (s, "failed-thumbnails");
  g_assert_cmpuint (lf_walkthrough_recorder_get_n_steps (rec), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (step, "focus"), ==, "failed-thumbnails");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (step, "highlight"), 0),
                   ==, "failed-thumbnails");

  lf_session_set_speed (s, 20.0);
  play_to (s, 150 * G_USEC_PER_SEC);
  lf_session_set_playing (s, FALSE);
  g_assert_true (lf_session_set_value (s, "thumbnailer.max_retry_attempts", "0", &error));
  g_assert_no_error (error);
  play_to (s, 300 * G_USEC_PER_SEC);
  lf_session_set_playing (s, FALSE);
  lf_walkthrough_recorder_stop (rec);
  g_assert_false (lf_walkthrough_recorder_get_recording (rec));
  end = lf_session_get_now (s);
  recorded = g_strdup (sink->text->str);
  n = lf_walkthrough_recorder_get_n_steps (rec);
  g_assert_cmpuint (n, >=, 5);

  /* narration is Pango markup: a broken tag is refused, naming the step */
  lf_walkthrough_recorder_set_text (rec, 1, "First event", "An <b>upload</i> lands");
  g_assert_cmpint (lf_walkthrough_recorder_find_bad_text (rec, NULL), ==, 1);
  g_assert_false (lf_walkthrough_recorder_save (rec, file, &error));
  g_assert_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "step 2: "));
  g_clear_error (&error);
  g_assert_false (g_file_query_exists (file, NULL));
  lf_walkthrough_recorder_set_text (rec, 1, "First event", "An <b>upload</b> lands &amp; is queued");
  g_assert_cmpint (lf_walkthrough_recorder_find_bad_text (rec, NULL), ==, -1);
  g_assert_true (lf_walkthrough_recorder_save (rec, file, &error));
  g_assert_no_error (error);

  /* the rest of the file is as loaded: same JSON once the walkthrough is taken out */
  before = file_json_without_walkthrough (source);
  after = file_json_without_walkthrough (file);
  g_assert_true (json_node_equal (before, after));

  /* reloaded and played back: the same trace, byte for byte */
  g_assert_true (lf_session_load_file (replay, file, &error));
  g_assert_no_error (error);
  replay_sink = sink_new (replay);
  w = lf_walkthrough_new (replay);
  g_assert_cmpuint (lf_walkthrough_get_problems (w)->len, ==, 0);
  g_assert_cmpuint (lf_walkthrough_get_n_steps (w), ==, n);
  g_assert_cmpstr (lf_walkthrough_get_step (w, 1)->text, ==, "An <b>upload</b> lands &amp; is queued");
  g_assert_cmpint (lf_walkthrough_get_step (w, 2)->at, ==, t2);
  g_assert_cmpstr (lf_walkthrough_get_step (w, 2)->focus, ==, "failed-thumbnails");
  g_assert_true (lf_walkthrough_go_to (w, n - 1));
  lf_session_seek (replay, end);
  g_assert_cmpuint (strlen (replay_sink->text->str), >, 1000);
  g_assert_cmpstr (replay_sink->text->str, ==, recorded);

  /* reorder and delete edit the list; another scenario drops the steps */
  lf_walkthrough_recorder_move (rec, 1, 0);
  g_assert_cmpstr (json_object_get_string_member (lf_walkthrough_recorder_get_step (rec, 0), "title"),
                   ==, "First event");
  lf_walkthrough_recorder_remove (rec, 0);
  g_assert_cmpuint (lf_walkthrough_recorder_get_n_steps (rec), ==, n - 1);
  {
    g_autofree char *other = scenario_path ("01-sync-sdk-retries.lflow.json");
    g_autoptr(GFile) other_file = g_file_new_for_path (other);
    g_assert_true (lf_session_load_file (s, other_file, &error));
    g_assert_cmpuint (lf_walkthrough_recorder_get_n_steps (rec), ==, 0);
  }

  sink_free (replay_sink);
  sink_free (sink);
  g_unlink (out);
  g_rmdir (dir);
}

/* Going to the last step of every bundled scenario, from scratch, must feel instant. */
static void
test_go_to_last_timing (void)
{
  g_autofree char *dir = g_build_filename (LF_SOURCE_DIR, "data", "scenarios", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  double worst = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)))
    if (g_str_has_suffix (name, ".lflow.json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_assert_cmpuint (names->len, >=, 19);
  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(LfSession) s = open_session (names->pdata[i]);
      g_autoptr(LfWalkthrough) w = lf_walkthrough_new (s);
      guint n = lf_walkthrough_get_n_steps (w);
      gint64 t0;
      double ms, back_ms;

      g_assert_cmpuint (n, >, 0);
      g_assert_cmpuint (lf_walkthrough_get_problems (w)->len, ==, 0);
      t0 = g_get_monotonic_time ();
      g_assert_true (lf_walkthrough_go_to (w, n - 1));
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      t0 = g_get_monotonic_time ();
      g_assert_true (lf_walkthrough_previous (w));
      back_ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_test_message ("%-40s %2u steps: last step %7.1f ms, back one %7.1f ms (t = %.1f s)",
                      (char *) names->pdata[i], n, ms, back_ms,
                      lf_walkthrough_get_step_start (w) / 1e6);
      if (g_getenv ("LF_WALKTHROUGH_TIMINGS"))
        g_printerr ("%-40s %2u steps: last step %7.1f ms, back one %7.1f ms\n",
                    (char *) names->pdata[i], n, ms, back_ms);
      worst = MAX (worst, MAX (ms, back_ms));
    }
  g_test_message ("worst: %.1f ms", worst);
  /* A measurement first (run with LF_WALKTHROUGH_TIMINGS=1 to see it): the bound only
   * catches a pathological regression, generous for loaded CI machines and sanitizers.
   * Typically every scenario is under 30 ms but 16 (a 250,000-message backlog), ~1 s. */
  g_assert_cmpfloat (worst, <, 30000.0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; scenarios[i]; i++)
    {
      g_autofree char *a = g_strdup_printf ("/walkthrough/moments/%s", scenarios[i]);
      g_autofree char *b = g_strdup_printf ("/walkthrough/until/%s", scenarios[i]);
      g_autofree char *c = g_strdup_printf ("/walkthrough/back-and-forth/%s", scenarios[i]);
      g_test_add_data_func (a, scenarios[i], test_step_moments);
      g_test_add_data_func (b, scenarios[i], test_until_waits);
      g_test_add_data_func (c, scenarios[i], test_back_and_forth);
    }
  g_test_add_data_func ("/walkthrough/request/16-sqs-scaling-reserved", "16-sqs-scaling-reserved.lflow.json",
                        test_request_bounded);
  g_test_add_data_func ("/walkthrough/request/13-sqs-standard-batches", "13-sqs-standard-batches.lflow.json",
                        test_request_bounded);
  g_test_add_func ("/walkthrough/speed-kept", test_speed_kept);
  g_test_add_data_func ("/walkthrough/play-through", GINT_TO_POINTER (0), test_play_through);
  g_test_add_data_func ("/walkthrough/play-through-tiny-frames", GINT_TO_POINTER (1), test_play_through);
  g_test_add_func ("/walkthrough/set", test_set_changes);
  g_test_add_func ("/walkthrough/foreign-clock", test_foreign_clock);
  g_test_add_func ("/walkthrough/record-and-replay", test_record_and_replay);
  g_test_add_func ("/walkthrough/record-save-reload", test_record_save_reload);
  g_test_add_func ("/walkthrough/go-to-last-timing", test_go_to_last_timing);
  return g_test_run ();
}
