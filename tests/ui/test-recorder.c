/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* test-recorder: record mode in the window (win.record and the Recording panel: steps
 * captured from the window's actions, narration edited and checked, reorder, delete,
 * save, reload, and the walkthrough played back headless gives the same trace byte for
 * byte), Save As for the bundled library, the Export Video dialog's options reaching
 * the exporter, and the narration card's inset following a window resize. Like
 * test-tour, each test runs a whole LfApplication and its body runs from the main loop. */

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "lf-application.h"
#include "lf-canvas.h"
#include "lf-inspector.h"
#include "lf-recorder-panel.h"
#include "lf-video-dialog.h"
#include "lf-walkthrough.h"
#include "lf-window.h"
#include "lf-app-test-util.h"

#define NARRATED "async-retries.lflow.json"

/* A writable copy of a bundled scenario in a new temporary folder. */
static char *
copy_to_tmp (const char *basename,
             char      **dir)
{
  g_autofree char *src = lf_test_bundled_path (basename);
  g_autofree char *data = NULL;
  gsize len = 0;
  char *path;

  *dir = g_dir_make_tmp ("lf-test-recorder-XXXXXX", NULL);
  g_assert_nonnull (*dir);
  path = g_build_filename (*dir, basename, NULL);
  g_assert_true (g_file_get_contents (src, &data, &len, NULL));
  g_assert_true (g_file_set_contents (path, data, (gssize) len, NULL));
  return path;
}

/* The first descendant of a type with this widget name (NULL: any). */
static GtkWidget *
find_named (GtkWidget  *widget,
            GType       type,
            const char *name)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      (name == NULL || g_strcmp0 (gtk_widget_get_name (widget), name) == 0))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, type, name);
      if (found)
        return found;
    }
  return NULL;
}

/* The button with this tooltip in a widget. */
static GtkWidget *
find_button (GtkWidget  *widget,
             const char *tooltip)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, tooltip);
      if (found)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_button_label (GtkWidget  *widget,
                   const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_label (child, label);
      if (found)
        return found;
    }
  return NULL;
}

static gboolean
has_save_button (gpointer panel)
{
  return find_button_label (panel, "_Save") != NULL;
}

static gboolean
has_save_as_button (gpointer panel)
{
  return find_button_label (panel, "_Save As…") != NULL;
}

/* ---- a trace sink: the records since the session's sim last restarted ---------------- */

typedef struct {
  GString *text;
  LfSim   *sim;
} Sink;

static void
sink_record (const LfRecord *r, gpointer data)
{
  Sink *sink = data;

  lf_record_to_json (r, sink->text);
  g_string_append_c (sink->text, '\n');
}

static void
sink_restarted (LfSession *session, Sink *sink)
{
  LfSim *sim = lf_session_get_sim (session);

  g_string_truncate (sink->text, 0);
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
  g_signal_connect (session, "restarted", G_CALLBACK (sink_restarted), sink);
  sink_restarted (session, sink);
  return sink;
}

static void
sink_free (LfSession *session, Sink *sink)
{
  g_signal_handlers_disconnect_by_data (session, sink);
  g_string_free (sink->text, TRUE);
  g_free (sink);
}

/* ---- /lf/recorder/record-save-replay ----------------------------------------------- */

typedef struct {
  char   *path;
  char   *recorded;
  LfTime  end;
  guint   n_steps;
} RecordTest;

/* The frame clock's job, done here so that the test is exact: wall 1 s at a time. */
static void
play_to (LfSession *session, LfTime t)
{
  while (lf_session_get_now (session) < t && lf_session_get_playing (session))
    lf_session_advance (session, MIN ((gint64) G_USEC_PER_SEC,
                                      (gint64) ceil ((t - lf_session_get_now (session)) / lf_session_get_speed (session))));
}

static GtkWidget *
step_row (GtkWidget *panel, guint index)
{
  GtkWidget *list = find_named (panel, GTK_TYPE_LIST_BOX, NULL);
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), (int) index);

  g_assert_nonnull (row);
  g_assert_true (ADW_IS_EXPANDER_ROW (row));
  return GTK_WIDGET (row);
}

/* What a drop of the step at `from` (the drag handle's content) on a row does. */
static gboolean
drop_on_row (GtkWidget *row, guint from)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (row);
  g_auto(GValue) value = G_VALUE_INIT;
  gboolean dropped = FALSE;

  g_value_init (&value, G_TYPE_UINT);
  g_value_set_uint (&value, from);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        {
          g_signal_emit_by_name (controller, "drop", &value, 10.0, 10.0, &dropped);
          return dropped;
        }
    }
  g_assert_not_reached ();
}

static void
record_body (LfApplication *app,
             gpointer       data)
{
  RecordTest *test = data;
  LfWindow *window = lf_test_get_window (app);
  LfSession *session = lf_window_get_session (window);
  GtkWidget *panel = find_named (GTK_WIDGET (window), LF_TYPE_RECORDER_PANEL, NULL);
  LfWalkthroughRecorder *recorder = lf_recorder_panel_get_recorder (LF_RECORDER_PANEL (panel));
  GtkWidget *slider, *row, *view, *error_label;
  GtkTextBuffer *buffer;
  Sink *sink;
  JsonObject *step;
  LfTime at = 0;
  guint n;

  g_assert_nonnull (panel);
  g_assert_false (lf_recorder_panel_needs_save_as (LF_RECORDER_PANEL (panel)));
  lf_test_wait_for (has_save_button, panel);
  /* a copy outside the library, writable: Save writes it without asking */

  /* win.record: the Recording page shows, the narration card goes */
  lf_test_activate (window, "win.record");
  g_assert_true (lf_walkthrough_recorder_get_recording (recorder));
  g_assert_false (lf_window_get_tour_shown (window));
  g_assert_true (gtk_widget_get_mapped (panel));
  lf_session_reset (session);
  g_assert_cmpint (lf_session_get_now (session), ==, 0);
  sink = sink_new (session);

  /* steps by hand, faster, play; a selection; pause, a fault slider, play on */
  lf_test_activate (window, "win.step");
  lf_test_activate (window, "win.step");
  g_assert_cmpint (lf_session_get_now (session), >, 0);
  lf_test_activate (window, "win.speed-up");
  lf_test_activate (window, "win.play");
  play_to (session, 20 * G_USEC_PER_SEC);
  lf_session_set_selected (session, "thumbnailer");
  play_to (session, 40 * G_USEC_PER_SEC);
  lf_test_activate (window, "win.play");
  g_assert_false (lf_session_get_playing (session));
  slider = find_named (GTK_WIDGET (window), GTK_TYPE_SCALE, "flaky-decoder");
  g_assert_nonnull (slider);
  gtk_range_set_value (GTK_RANGE (slider), 90);
  /* an inspector edit while recording is part of the story (a step's set), not the design */
  {
    GtkWidget *inspector = find_named (GTK_WIDGET (window), LF_TYPE_INSPECTOR, NULL);
    GtkWidget *timeout_row = lf_test_find_named (inspector, "timeout");
    GtkWidget *spin = lf_test_find_descendant (timeout_row, GTK_TYPE_SPIN_BUTTON, NULL);

    gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 4);
    g_assert_false (lf_document_get_dirty (lf_window_get_document (window)));
    g_assert_cmpstr (lf_props_get_string (lf_scenario_find_node (lf_session_get_scenario (session), "thumbnailer")->props,
                                          "timeout", NULL), ==, "4s");
  }
  lf_test_activate (window, "win.play");
  play_to (session, 90 * G_USEC_PER_SEC);
  lf_test_activate (window, "win.play");
  lf_test_activate (window, "win.record");
  g_assert_false (lf_walkthrough_recorder_get_recording (recorder));
  test->end = lf_session_get_now (session);
  test->recorded = g_strdup (sink->text->str);
  sink_free (session, sink);

  n = lf_walkthrough_recorder_get_n_steps (recorder);
  if (n != 6)
    {
      g_autoptr(JsonNode) built = lf_walkthrough_recorder_build (recorder);
      g_autofree char *text = json_to_string (built, TRUE);
      g_printerr ("%s\n", text);
    }
  g_assert_cmpuint (n, ==, 6);
  /* 0 s paused ×1; a step; a step that then played ×2; 20 s focus; 40 s the slider
   * (paused, moved, played on: one step that plays); 90 s paused */
  step = lf_walkthrough_recorder_get_step (recorder, 3);
  g_assert_cmpstr (json_object_get_string_member (step, "focus"), ==, "thumbnailer");
  step = lf_walkthrough_recorder_get_step (recorder, 4);
  g_assert_true (lf_time_parse_duration (json_object_get_string_member (step, "at"), &at, NULL));
  g_assert_cmpint (at, >=, 40 * G_USEC_PER_SEC);
  g_assert_cmpint (at, <=, 40 * G_USEC_PER_SEC + 2);
  g_assert_true (json_object_has_member (step, "set"));
  {
    g_autofree char *set = json_to_string (json_object_get_member (step, "set"), FALSE);

    g_assert_nonnull (strstr (set, "thumbnailer.timeout"));
  }
  g_assert_false (json_object_has_member (step, "pause"));
  step = lf_walkthrough_recorder_get_step (recorder, 5);
  g_assert_true (lf_time_parse_duration (json_object_get_string_member (step, "at"), &at, NULL));
  g_assert_cmpint (at, ==, test->end);
  g_assert_true (json_object_get_boolean_member (step, "pause"));
  g_assert_cmpfloat (json_object_get_double_member (lf_walkthrough_recorder_get_step (recorder, 2), "speed"), ==, 2.0);

  /* the panel lists them; the title and narration of step 4 are edited in its row */
  row = step_row (panel, 3);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (find_named (row, ADW_TYPE_ENTRY_ROW, NULL)), "The thumbnailer");
  view = find_named (row, GTK_TYPE_TEXT_VIEW, NULL);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  gtk_text_buffer_set_text (buffer, "It <b>fails", -1);
  error_label = find_named (row, GTK_TYPE_LABEL, NULL);
  for (GtkWidget *w = gtk_widget_get_parent (view); w; w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_LABEL (w) && gtk_widget_has_css_class (w, "error"))
      error_label = w;
  g_assert_true (gtk_widget_has_css_class (error_label, "error"));
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "Error on line 1"));
  gtk_text_buffer_set_text (buffer, "It fails <b>a third</b> of the time &amp; retries.", -1);
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "The thumbnailer");
  lf_test_save_screenshot (GTK_WIDGET (window), "recorder-panel.png");

  /* reorder with the row's buttons: up, and back down */
  g_signal_emit_by_name (find_button (row, "Move Up"), "clicked");
  g_assert_cmpstr (json_object_get_string_member (lf_walkthrough_recorder_get_step (recorder, 2), "title"),
                   ==, "The thumbnailer");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (step_row (panel, 2))), ==, "The thumbnailer");
  g_signal_emit_by_name (find_button (step_row (panel, 2), "Move Down"), "clicked");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (step_row (panel, 3))), ==, "The thumbnailer");

  /* drag within the list: step 4's handle dropped on step 1, then back */
  g_assert_true (drop_on_row (step_row (panel, 0), 3));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (step_row (panel, 0))), ==, "The thumbnailer");
  g_assert_true (drop_on_row (step_row (panel, 3), 0));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (step_row (panel, 3))), ==, "The thumbnailer");
  g_assert_false (drop_on_row (step_row (panel, 3), 3));

  /* delete the first step by hand (paused, nothing changed there) */
  g_signal_emit_by_name (find_button (step_row (panel, 1), "Delete Step"), "clicked");
  g_assert_cmpuint (lf_walkthrough_recorder_get_n_steps (recorder), ==, n - 1);
  g_assert_null (gtk_list_box_get_row_at_index (GTK_LIST_BOX (find_named (panel, GTK_TYPE_LIST_BOX, NULL)), (int) n - 1));
  test->n_steps = n - 1;

  /* Save: into the file, then the window reloads it and its card has the new steps */
  g_assert_true (gtk_widget_activate_action (panel, "recorder.save", NULL));
  g_assert_true (lf_test_has_label (GTK_WIDGET (window), "Saved the walkthrough into “async-retries.lflow.json”"));
  /* through the window's document: saved, one undoable step, the run has the new steps */
  g_assert_false (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "•"));
  g_assert_false (lf_document_get_dirty (lf_window_get_document (window)));
  g_assert_cmpstr (lf_history_get_undo_label (lf_document_get_history (lf_window_get_document (window))),
                   ==, "Record Walkthrough");
  g_assert_cmpuint (lf_walkthrough_get_n_steps (lf_window_get_walkthrough (window)), ==, test->n_steps);
  /* the toast's Play It: the card, at the first step */
  lf_test_activate (window, "win.play-walkthrough");
  g_assert_true (lf_window_get_tour_shown (window));
  g_assert_cmpint (lf_walkthrough_get_current (lf_window_get_walkthrough (window)), ==, 0);
  lf_test_activate (window, "win.reload");
  g_assert_cmpuint (lf_walkthrough_get_n_steps (lf_window_get_walkthrough (window)), ==, test->n_steps);
  g_assert_cmpstr (lf_walkthrough_get_step (lf_window_get_walkthrough (window), 2)->title, ==, "The thumbnailer");
  g_assert_cmpuint (lf_walkthrough_recorder_get_n_steps (recorder), ==, 0);
}

static void
test_record_save_replay (void)
{
  g_autofree char *dir = NULL;
  RecordTest test = { 0 };
  g_autoptr(GFile) file = NULL;
  g_autoptr(LfSession) session = lf_session_new ();
  g_autoptr(LfWalkthrough) walkthrough = NULL;
  g_autoptr(GError) error = NULL;
  Sink *sink;

  test.path = copy_to_tmp (NARRATED, &dir);
  lf_test_run_app ((const char *[]) { test.path, NULL }, record_body, &test);

  /* headless, from the saved file: the same trace, byte for byte */
  file = g_file_new_for_path (test.path);
  g_assert_true (lf_session_load_file (session, file, &error));
  g_assert_no_error (error);
  sink = sink_new (session);
  walkthrough = lf_walkthrough_new (session);
  g_assert_cmpuint (lf_walkthrough_get_problems (walkthrough)->len, ==, 0);
  g_assert_cmpuint (lf_walkthrough_get_n_steps (walkthrough), ==, test.n_steps);
  g_assert_cmpstr (lf_walkthrough_get_step (walkthrough, 2)->text, ==,
                   "It fails <b>a third</b> of the time &amp; retries.");
  g_assert_true (lf_walkthrough_go_to (walkthrough, test.n_steps - 1));
  lf_session_seek (session, test.end);
  g_assert_cmpuint (strlen (test.recorded), >, 1000);
  g_assert_cmpstr (sink->text->str, ==, test.recorded);
  sink_free (session, sink);

  g_unlink (test.path);
  g_rmdir (dir);
  g_free (test.path);
  g_free (test.recorded);
}

/* ---- /lf/recorder/library-save-as --------------------------------------------------- */

static void
library_body (LfApplication *app,
              gpointer       data)
{
  LfWindow *window = lf_test_get_window (app);
  GtkWidget *panel = find_named (GTK_WIDGET (window), LF_TYPE_RECORDER_PANEL, NULL);

  /* a bundled scenario is never written over: Save asks for a file */
  g_assert_true (lf_recorder_panel_needs_save_as (LF_RECORDER_PANEL (panel)));
  lf_test_wait_for (has_save_as_button, panel);
  g_assert_false (gtk_widget_activate_action (panel, "recorder.save", NULL) &&
                  lf_walkthrough_recorder_get_n_steps (lf_recorder_panel_get_recorder (LF_RECORDER_PANEL (panel))) > 0);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (find_named (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK, NULL)),
                                         "recording");
  lf_test_save_screenshot (GTK_WIDGET (window), "recorder-empty.png");
  lf_test_activate (window, "win.record");
  lf_test_activate (window, "win.step");
  lf_test_activate (window, "win.record");
  lf_test_save_screenshot (GTK_WIDGET (window), "recorder-stopped.png");
}

static void
test_library_save_as (void)
{
  g_autofree char *path = lf_test_bundled_path (NARRATED);

  lf_test_run_app ((const char *[]) { path, NULL }, library_body, NULL);
}

/* ---- /lf/recorder/export-dialog ---------------------------------------------------- */

typedef struct {
  char *dir;
  char *path;
} ExportTest;

static gboolean
video_dialog_is_shown (gpointer data)
{
  return lf_test_find_toplevel (LF_TYPE_VIDEO_DIALOG) != NULL;
}

static gboolean
export_is_over (gpointer data)
{
  return lf_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL;
}

static guint
count_frames (const char *dir, char **last)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)))
    if (g_str_has_prefix (name, "frame-") && g_str_has_suffix (name, ".png"))
      {
        n++;
        if (last && (*last == NULL || strcmp (name, *last) > 0))
          {
            g_free (*last);
            *last = g_strdup (name);
          }
      }
  return n;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
export_body (LfApplication *app,
             gpointer       data)
{
  ExportTest *test = data;
  LfWindow *window = lf_test_get_window (app);
  g_autofree char *frames = g_build_filename (test->dir, "frames", NULL);
  g_autofree char *headless = g_build_filename (test->dir, "headless", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (frames);
  g_autoptr(GError) error = NULL;
  g_autoptr(LfScenario) scenario = NULL;
  g_autofree char *last = NULL, *headless_last = NULL;
  g_autofree char *a = NULL, *b = NULL, *last_path = NULL, *headless_path = NULL;
  gsize alen = 0, blen = 0;
  LfVideoSettings settings = { 0 };
  GtkWindow *dialog;
  guint n;

  /* a live change, and the file changed on disk: neither is what is exported */
  g_assert_true (lf_session_set_value (lf_window_get_session (window), "flaky-decoder.probability", "0.9", NULL));
  g_assert_true (g_file_set_contents (test->path, "{ not a scenario", -1, NULL));

  lf_test_activate (window, "win.export-video");
  lf_test_wait_for (video_dialog_is_shown, NULL);
  dialog = lf_test_find_toplevel (LF_TYPE_VIDEO_DIALOG);
  lf_test_wait_for (lf_test_widget_is_mapped, dialog);
  lf_test_save_screenshot (GTK_WIDGET (dialog), "export-video-dialog.png");

  /* the presets */
  lf_video_dialog_get_settings (LF_VIDEO_DIALOG (dialog), &settings);
  g_assert_cmpint (settings.width, ==, 1280);
  g_assert_cmpint (settings.height, ==, 720);
  g_assert_cmpint (settings.fps, ==, 30);
  g_assert_nonnull (settings.output);
  g_assert_null (settings.frames_dir);
  g_assert_true (g_str_has_suffix (settings.output, ".webm"));
  lf_video_dialog_set_size (LF_VIDEO_DIALOG (dialog), LF_VIDEO_SIZE_FULL_HD, 0, 0);
  lf_video_dialog_get_settings (LF_VIDEO_DIALOG (dialog), &settings);
  g_assert_cmpint (settings.width, ==, 1920);
  g_assert_cmpint (settings.height, ==, 1080);
  lf_video_dialog_set_size (LF_VIDEO_DIALOG (dialog), LF_VIDEO_SIZE_SD, 0, 0);
  lf_video_dialog_get_settings (LF_VIDEO_DIALOG (dialog), &settings);
  g_assert_cmpint (settings.width, ==, 854);
  g_assert_cmpint (settings.height, ==, 480);

  /* custom (odd sizes rounded down to even, as --size does), 24 fps, PNG frames */
  lf_video_dialog_set_size (LF_VIDEO_DIALOG (dialog), LF_VIDEO_SIZE_CUSTOM, 97, 48);
  lf_video_dialog_set_fps (LF_VIDEO_DIALOG (dialog), 24);
  lf_video_dialog_set_format (LF_VIDEO_DIALOG (dialog), LF_VIDEO_FORMAT_FRAMES);
  lf_video_dialog_get_settings (LF_VIDEO_DIALOG (dialog), &settings);
  g_assert_true (g_str_has_suffix (settings.frames_dir, "-frames"));
  g_assert_null (settings.output);
  lf_video_dialog_set_file (LF_VIDEO_DIALOG (dialog), folder);
  lf_video_dialog_get_settings (LF_VIDEO_DIALOG (dialog), &settings);
  g_assert_cmpint (settings.width, ==, 96);
  g_assert_cmpint (settings.height, ==, 48);
  g_assert_cmpint (settings.fps, ==, 24);
  g_assert_cmpstr (settings.frames_dir, ==, frames);
  lf_test_save_screenshot (GTK_WIDGET (dialog), "export-video-dialog-custom.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "video.export", NULL));
  g_assert_null (lf_test_find_toplevel (LF_TYPE_VIDEO_DIALOG));
  g_assert_nonnull (lf_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  lf_test_wait_for (export_is_over, NULL);

  /* the frames the same settings give headless from the bundled file, byte for byte */
  {
    g_autofree char *src = lf_test_bundled_path (NARRATED);
    scenario = lf_scenario_load_from_file (src, NULL, &error);
    g_assert_no_error (error);
  }
  settings.frames_dir = headless;
  settings.style = lf_painter_get_style (lf_canvas_get_painter (lf_window_get_canvas (window)));
  g_assert_true (lf_video_export (scenario, &settings, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  n = count_frames (frames, &last);
  g_test_message ("%u frames of 96×48 at 24 fps", n);
  g_assert_cmpuint (n, >, 24);
  g_assert_cmpuint (n, ==, count_frames (headless, &headless_last));
  g_assert_cmpstr (last, ==, headless_last);
  last_path = g_build_filename (frames, last, NULL);
  headless_path = g_build_filename (headless, headless_last, NULL);
  {
    g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (last_path, &error);
    g_assert_no_error (error);
    g_assert_cmpint (gdk_texture_get_width (texture), ==, 96);
    g_assert_cmpint (gdk_texture_get_height (texture), ==, 48);
  }
  g_assert_true (g_file_get_contents (last_path, &a, &alen, NULL));
  g_assert_true (g_file_get_contents (headless_path, &b, &blen, NULL));
  g_assert_cmpmem (a, alen, b, blen);

  remove_dir (frames);
  remove_dir (headless);
}

static void
test_export_dialog (void)
{
  ExportTest test = { 0 };

  test.path = copy_to_tmp (NARRATED, &test.dir);
  lf_test_run_app ((const char *[]) { test.path, NULL }, export_body, &test);
  g_unlink (test.path);
  g_rmdir (test.dir);
  g_free (test.path);
  g_free (test.dir);
}

/* ---- /lf/recorder/card-resize ------------------------------------------------------ */

typedef struct {
  LfWindow *window;
  int       width;
} SizeWait;

/* The window's default size includes its client-side decoration (about 10 px here). */
static gboolean
window_is_width (gpointer data)
{
  SizeWait *wait = data;

  return ABS (gtk_widget_get_width (GTK_WIDGET (wait->window)) - wait->width) <= 24;
}

static gboolean
inset_matches_card (gpointer data)
{
  LfWindow *window = data;
  GtkWidget *card = lf_window_get_tour_card (window);

  /* the card, its bottom margin (12) and as much again above it */
  return gtk_widget_get_height (card) > 0 &&
         lf_canvas_get_bottom_inset (lf_window_get_canvas (window)) == gtk_widget_get_height (card) + 2 * 12;
}

static void
resize_to (LfWindow *window, int width)
{
  SizeWait wait = { window, width };
  int min_width = 0;

  /* no narrower than the window can be (its header bar decides) */
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  wait.width = MAX (width, min_width);
  gtk_window_set_default_size (GTK_WINDOW (window), width, 760);
  lf_test_wait_for (window_is_width, &wait);
  lf_test_wait_for_paint (GTK_WIDGET (window));
  lf_test_wait_for (inset_matches_card, window);
}

static void
resize_body (LfApplication *app,
             gpointer       data)
{
  LfWindow *window = lf_test_get_window (app);
  GtkWidget *card = lf_window_get_tour_card (window);
  GtkWidget *overlay = gtk_widget_get_parent (GTK_WIDGET (lf_window_get_canvas (window)));
  double wide_inset, narrow_inset;
  int wide_height, wide_overlay, wide_width;

  g_assert_true (lf_window_get_tour_shown (window));
  /* the side panel (340 px) and the services palette (260 px) beside the canvas, kept there
   * when the window is narrow: the canvas gets narrower than the card likes */
  adw_flap_set_reveal_flap (ADW_FLAP (gtk_widget_get_ancestor (overlay, ADW_TYPE_FLAP)), TRUE);
  adw_flap_set_fold_policy (ADW_FLAP (gtk_widget_get_ancestor (overlay, ADW_TYPE_FLAP)), ADW_FLAP_FOLD_POLICY_NEVER);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-palette", NULL);
  resize_to (window, 1280);
  wide_inset = lf_canvas_get_bottom_inset (lf_window_get_canvas (window));
  wide_height = gtk_widget_get_height (card);
  wide_overlay = gtk_widget_get_width (overlay);
  wide_width = gtk_widget_get_width (card);

  /* narrow: the text wraps to more lines, the card is taller, the inset follows */
  resize_to (window, 740);
  narrow_inset = lf_canvas_get_bottom_inset (lf_window_get_canvas (window));
  g_test_message ("canvas %d px wide: card %d px high, inset %.0f; %d px wide: card %d px, inset %.0f",
                  wide_overlay, wide_height, wide_inset, gtk_widget_get_width (overlay),
                  gtk_widget_get_height (card), narrow_inset);
  g_assert_cmpint (gtk_widget_get_width (overlay), <, wide_overlay);
  g_assert_cmpint (gtk_widget_get_height (card), >, wide_height);
  g_assert_cmpfloat (narrow_inset, >, wide_inset);
  g_assert_cmpint (gtk_widget_get_width (card), <, wide_width);
  lf_test_save_screenshot (GTK_WIDGET (window), "recorder-card-narrow.png");

  /* and back */
  resize_to (window, 1280);
  g_assert_cmpfloat (lf_canvas_get_bottom_inset (lf_window_get_canvas (window)), ==, wide_inset);
}

static void
test_card_resize (void)
{
  g_autofree char *path = lf_test_bundled_path (NARRATED);

  lf_test_run_app ((const char *[]) { path, NULL }, resize_body, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("lf-test-recorder-data-XXXXXX", NULL);

  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  /* the resize test must not leave its window size to the other tests' windows */
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_test_init (&argc, &argv, NULL);
  /* Autosaves of this run only: another test's leftovers would be offered back (a toast) */
  lf_test_use_private_autosave_dir ();

  g_test_add_func ("/lf/recorder/record-save-replay", test_record_save_replay);
  g_test_add_func ("/lf/recorder/library-save-as", test_library_save_as);
  g_test_add_func ("/lf/recorder/export-dialog", test_export_dialog);
  g_test_add_func ("/lf/recorder/card-resize", test_card_resize);

  return g_test_run ();
}
