/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lf-window"

#include <glib/gi18n.h>

#include "lf-export.h"
#include "lf-recorder-panel.h"
#include "lf-video.h"
#include "lf-video-dialog.h"
#include "lf-window-private.h"

/* The window's actions, all installed on the class; which of them are enabled is
 * decided in one place, _lf_window_actions_update().
 *
 * Keys: the application sets the accelerators with a modifier (lf-application.c).
 * The transport's bare keys (Space, →, ., Home, [, ]) are handled here by a key
 * controller that runs before the focused widget, but only while the focus is on the
 * canvas, on nothing, or on a header bar button, so that they never take a space or an
 * arrow away from a text field, a slider or a list in the side panel.
 *
 * While a walkthrough's narration card is shown, its keys win: Space plays through the
 * steps, ← → go to the previous and next step, Home and End to the first and last. The
 * same capture-phase handler, under the same focus rule, first offers the key to the
 * card's own shortcuts (_lf_window_tour_key); only keys the card does not take (., [, ])
 * go on to the transport. With the tour hidden the transport keys are as before.
 */

static const double speeds[] = { 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000 };

static const struct {
  guint       keyval;
  const char *action;
} transport_keys[] = {
  { GDK_KEY_space, "win.play" },
  { GDK_KEY_Right, "win.step" },
  { GDK_KEY_period, "win.step" },
  { GDK_KEY_Home, "win.reset" },
  { GDK_KEY_bracketright, "win.speed-up" },
  { GDK_KEY_bracketleft, "win.speed-down" },
};

/* ---- open -------------------------------------------------------------------------- */

static void
lf_window_file_chooser_response_cb (LfWindow        *self,
                                    int              response,
                                    GtkNativeDialog *dialog)
{
  g_autoptr(GtkFileChooserNative) chooser = g_steal_pointer (&self->file_chooser);
  g_autoptr(GFile) file = NULL;

  g_assert (GTK_IS_FILE_CHOOSER_NATIVE (chooser));

  if (response != GTK_RESPONSE_ACCEPT)
    return;

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    lf_window_open_file (self, file);
}

static void
lf_window_add_filters (GtkFileChooser *chooser)
{
  g_autoptr(GtkFileFilter) scenarios = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) json = gtk_file_filter_new ();

  gtk_file_filter_set_name (scenarios, _("Lambda Flow Scenarios"));
  gtk_file_filter_add_pattern (scenarios, "*.lflow.json");
  gtk_file_filter_add_mime_type (scenarios, "application/x-lambdaflow+json");

  gtk_file_filter_set_name (json, _("JSON Files"));
  gtk_file_filter_add_pattern (json, "*.json");
  gtk_file_filter_add_mime_type (json, "application/json");

  gtk_file_chooser_add_filter (chooser, scenarios);
  gtk_file_chooser_add_filter (chooser, json);
  gtk_file_chooser_set_filter (chooser, scenarios);
}

static void
lf_window_open_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  LfWindow *self = LF_WINDOW (widget);
  GFile *current = lf_window_get_file (self);
  g_autoptr(GFile) folder = NULL;

  if (self->file_chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->file_chooser));
      return;
    }

  self->file_chooser = gtk_file_chooser_native_new (_("Open Scenario"),
                                                    GTK_WINDOW (self),
                                                    GTK_FILE_CHOOSER_ACTION_OPEN,
                                                    _("_Open"),
                                                    _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->file_chooser), TRUE);
  lf_window_add_filters (GTK_FILE_CHOOSER (self->file_chooser));

  if (current != NULL && (folder = g_file_get_parent (current)) != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->file_chooser), folder, NULL);

  g_signal_connect_object (self->file_chooser, "response",
                           G_CALLBACK (lf_window_file_chooser_response_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->file_chooser));
}

static void
lf_window_open_file_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  lf_window_open_file (LF_WINDOW (widget), file);
}

static void
lf_window_reload_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  _lf_window_reload (LF_WINDOW (widget));
}

static void
lf_window_show_library_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  lf_window_show_library (LF_WINDOW (widget));
}

/* ---- transport --------------------------------------------------------------------- */

static void
lf_window_play_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  LfWindow *self = LF_WINDOW (widget);
  gboolean play = !lf_session_get_playing (self->session);

  /* Play at the end starts over. */
  if (play && lf_session_get_finished (self->session))
    lf_session_reset (self->session);
  lf_session_set_playing (self->session, play);
}

static void
lf_window_step_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  LfWindow *self = LF_WINDOW (widget);

  /* recording, a step by hand is a whole instant, captured as a step */
  if (_lf_window_get_recording (self))
    lf_walkthrough_recorder_step (lf_recorder_panel_get_recorder (LF_RECORDER_PANEL (self->recorder_panel)));
  else
    {
      lf_session_set_playing (self->session, FALSE);
      lf_session_step (self->session);
    }
  _lf_window_actions_update (self);
}

static void
lf_window_reset_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  LfWindow *self = LF_WINDOW (widget);

  /* With the walkthrough shown, back to the start is back to its first step. */
  if (lf_window_get_tour_shown (self))
    lf_window_go_to_step (self, 0);
  else
    lf_session_reset (self->session);
}

static void
lf_window_speed_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  LfWindow *self = LF_WINDOW (widget);
  double speed = lf_session_get_speed (self->session);
  gboolean up = g_str_equal (action_name, "win.speed-up");
  double next = speed;

  for (guint i = 0; i < G_N_ELEMENTS (speeds); i++)
    {
      const double candidate = up ? speeds[i] : speeds[G_N_ELEMENTS (speeds) - 1 - i];

      if (up ? candidate > speed * 1.001 : candidate < speed / 1.001)
        {
          next = candidate;
          break;
        }
    }

  lf_session_set_speed (self->session, next);
  _lf_window_actions_update (self);
}

/* ---- view -------------------------------------------------------------------------- */

static void
lf_window_zoom_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  LfCanvas *canvas = LF_WINDOW (widget)->canvas;

  if (g_str_equal (action_name, "win.zoom-in"))
    lf_canvas_zoom_by (canvas, 1.25);
  else if (g_str_equal (action_name, "win.zoom-out"))
    lf_canvas_zoom_by (canvas, 1 / 1.25);
  else if (g_str_equal (action_name, "win.zoom-reset"))
    lf_canvas_zoom_reset (canvas);
  else
    lf_canvas_fit (canvas);
}

static void
lf_window_toggle_panel_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  AdwFlap *flap = LF_WINDOW (widget)->flap;

  adw_flap_set_reveal_flap (flap, !adw_flap_get_reveal_flap (flap));
}

/* ---- export ------------------------------------------------------------------------ */

/**
 * lf_window_export:
 * @self: a window showing a scenario
 * @file: a local file ending in .png, .svg or .pdf
 *
 * Writes the canvas's current view, at its size, to @file (atomically) and says so
 * in a toast, or why not.
 *
 * Returns: whether @file was written
 */
gboolean
lf_window_export (LfWindow *self,
                  GFile    *file)
{
  GtkWidget *canvas = GTK_WIDGET (self->canvas);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *message = NULL;
  gboolean ok;

  g_return_val_if_fail (LF_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (lf_session_get_scenario (self->session) != NULL, FALSE);

  ok = lf_export_view (lf_canvas_get_painter (self->canvas), lf_session_get_visual (self->session),
                       MAX (gtk_widget_get_width (canvas), 1), MAX (gtk_widget_get_height (canvas), 1),
                       gtk_widget_get_scale_factor (canvas), file, &error);
  if (ok)
    message = g_strdup_printf (_("Exported “%s”"), name);
  else
    message = g_strdup_printf (_("Could not export “%s”: %s"), name, error->message);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
  return ok;
}

static void lf_window_export_response (LfWindow *self, int response, GtkFileChooserNative *chooser);

/* The chooser goes once answered (an unref alone left its dialog on screen after Cancel) */
static void
lf_window_export_response_cb (LfWindow        *self,
                              int              response,
                              GtkNativeDialog *dialog)
{
  g_autoptr(GtkFileChooserNative) chooser = g_steal_pointer (&self->export_chooser);

  lf_window_export_response (self, response, chooser);
  if (chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
}

static void
lf_window_export_response (LfWindow             *self,
                           int                   response,
                           GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *name = NULL;
  LfExportFormat format;

  if (response != GTK_RESPONSE_ACCEPT)
    return;

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file == NULL)
    return;

  /* A name without a known extension is saved as PNG. */
  name = g_file_get_basename (file);
  if (!lf_export_format_for_name (name, &format))
    {
      g_autofree char *png = g_strconcat (name, ".png", NULL);
      g_autoptr(GFile) parent = g_file_get_parent (file);

      GFile *child = g_file_get_child (parent, png);

      g_object_unref (file);
      file = child;
      /* the dialog asked about the name typed, not this one: never replace it unasked */
      if (g_file_query_exists (file, NULL))
        {
          g_autofree char *text = g_markup_printf_escaped (_("“%s” exists already: type its full name to replace it"), png);
          adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
          return;
        }
    }

  lf_window_export (self, file);
}

static void
lf_window_export_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  LfWindow *self = LF_WINDOW (widget);
  static const char *names[] = { N_("PNG Image"), N_("SVG Image"), N_("PDF Document") };
  static const char *patterns[] = { "*.png", "*.svg", "*.pdf" };
  g_autofree char *base = _lf_window_dup_file_stem (self);
  g_autofree char *suggested = NULL;
  const char *pictures = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);
  g_autoptr(GFile) folder = NULL;

  if (self->export_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->export_chooser));
  g_clear_object (&self->export_chooser);

  self->export_chooser = gtk_file_chooser_native_new (_("Export View"), GTK_WINDOW (self),
                                                      GTK_FILE_CHOOSER_ACTION_SAVE,
                                                      _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->export_chooser), TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _(names[i]));
      gtk_file_filter_add_pattern (filter, patterns[i]);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->export_chooser), filter);
    }

  /* Pictures, or home: never the bundled scenarios' read-only folder. */
  if (pictures != NULL && g_file_test (pictures, G_FILE_TEST_IS_DIR))
    folder = g_file_new_for_path (pictures);
  else
    folder = g_file_new_for_path (g_get_home_dir ());

  suggested = g_strconcat (base, ".png", NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->export_chooser), suggested);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->export_chooser), folder, NULL);

  g_signal_connect_object (self->export_chooser, "response",
                           G_CALLBACK (lf_window_export_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->export_chooser));
}

/* ---- export video ------------------------------------------------------------------ */

typedef struct {
  LfScenario      *scenario;
  char            *path;
  char            *frames_dir;
  LfVideoSettings  settings;
  gint            *permille;     /* in the window, which the task keeps alive */
} VideoJob;

static void
video_job_free (VideoJob *job)
{
  g_clear_object (&job->scenario);
  g_free (job->path);
  g_free (job->frames_dir);
  g_free (job);
}

static void
lf_window_video_progress (double   fraction,
                          gpointer user_data)
{
  VideoJob *job = user_data;

  g_atomic_int_set (job->permille, (gint) CLAMP (fraction * 1000.0, 0.0, 1000.0));
}

static void
lf_window_video_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  VideoJob *job = task_data;
  GError *error = NULL;

  if (lf_video_export (job->scenario, &job->settings, lf_window_video_progress, job, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static gboolean
lf_window_video_progress_cb (gpointer user_data)
{
  LfWindow *self = user_data;

  if (self->video_progress != NULL)
    gtk_progress_bar_set_fraction (self->video_progress,
                                   g_atomic_int_get (&self->video_permille) / 1000.0);

  return G_SOURCE_CONTINUE;
}

static void
lf_window_video_dialog_response_cb (LfWindow   *self,
                                    const char *response)
{
  if (self->video_cancellable != NULL)
    g_cancellable_cancel (self->video_cancellable);
}

static void
lf_window_video_dialog_destroy_cb (LfWindow *self)
{
  self->video_dialog = NULL;
  self->video_progress = NULL;
}

static void
lf_window_video_done (LfWindow     *self,
                      gboolean      ok,
                      const GError *error,
                      const char   *name)
{
  g_autofree char *message = NULL;

  g_clear_handle_id (&self->video_progress_id, g_source_remove);
  g_clear_object (&self->video_cancellable);
  if (self->video_dialog != NULL)
    gtk_window_destroy (self->video_dialog);
  self->video_dialog = NULL;
  self->video_progress = NULL;

  /* The window was closed meanwhile. */
  if (self->toast_overlay == NULL || self->stack == NULL)
    return;

  if (ok)
    message = g_strdup_printf (_("Exported “%s”"), name);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    message = g_strdup (_("Video export cancelled"));
  else
    message = g_strdup_printf (_("Could not export “%s”: %s"), name, error->message);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
  _lf_window_actions_update (self);
}

typedef struct {
  GTask *outer;
  char  *name;
} VideoCall;

static void
lf_window_video_ready_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  VideoCall *call = user_data;
  LfWindow *self = LF_WINDOW (source);
  g_autoptr(GError) error = NULL;

  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  lf_window_video_done (self, ok, error, call->name);

  /* The outer task reports the same outcome to the caller. */
  if (ok)
    g_task_return_boolean (call->outer, TRUE);
  else
    g_task_return_error (call->outer, g_steal_pointer (&error));

  g_object_unref (call->outer);
  g_free (call->name);
  g_free (call);
}

static void
lf_window_show_video_dialog (LfWindow   *self,
                             const char *name)
{
  g_autofree char *body = g_strdup_printf (_("Recording the walkthrough into “%s”"), name);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Exporting Video…"), body);
  GtkWidget *progress = gtk_progress_bar_new ();

  gtk_widget_set_size_request (progress, 280, -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), progress);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  /* Cancel (or Escape) cancels the export; the dialog closes at once. */
  g_signal_connect_swapped (dialog, "response", G_CALLBACK (lf_window_video_dialog_response_cb), self);
  g_signal_connect_swapped (dialog, "destroy", G_CALLBACK (lf_window_video_dialog_destroy_cb), self);

  self->video_dialog = GTK_WINDOW (dialog);
  self->video_progress = GTK_PROGRESS_BAR (progress);
  gtk_window_present (self->video_dialog);
}

/* A copy of the scenario as the window has it (not as live changes left the run, and not
 * re-read from its file) for the exporting thread. */
static LfScenario *
lf_window_dup_loaded_scenario (LfWindow *self)
{
  /* the document as designed (its edits included), else as the file was loaded */
  LfScenario *loaded = self->document != NULL ? lf_document_get_scenario (self->document)
                                              : lf_walkthrough_get_scenario (self->walkthrough);
  g_autofree char *data = NULL;
  gsize len = 0;

  if (loaded == NULL)
    loaded = lf_session_get_scenario (self->session);
  if (loaded == NULL || (data = lf_scenario_to_data (loaded, &len)) == NULL)
    return NULL;

  return lf_scenario_load_from_data (data, (gssize) len, NULL, NULL, NULL);
}

/**
 * lf_window_export_video_settings_async:
 * @self: a window showing a scenario with a walkthrough
 * @settings: size, frame rate and output (a .webm file and/or a folder for PNG frames),
 *   as `lambdaflow-sim video`'s --size, --fps, --output and --frames give them; the style
 *   is the canvas's
 * @cancellable: (nullable): cancels the export, as the dialog's Cancel does
 *
 * Records the walkthrough of the scenario as loaded in the window with lf_video_export
 * in a GTask thread, showing a progress dialog with Cancel; then a toast says how it
 * went and @callback is called.
 */
void
lf_window_export_video_settings_async (LfWindow              *self,
                                       const LfVideoSettings *settings,
                                       GCancellable          *cancellable,
                                       GAsyncReadyCallback    callback,
                                       gpointer               user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) task = NULL;
  VideoJob *job;
  VideoCall *call;
  const char *target;

  g_return_if_fail (LF_IS_WINDOW (self));
  g_return_if_fail (settings != NULL && (settings->output != NULL || settings->frames_dir != NULL));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, lf_window_export_video_settings_async);

  if (self->video_cancellable != NULL)
    {
      g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_PENDING, "%s", _("A video is being exported"));
      return;
    }
  if (settings->width < 16 || settings->height < 16 || settings->fps < 1)
    {
      g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%s",
                               _("The video must be at least 16 × 16 pixels, at one frame per second or more"));
      return;
    }

  job = g_new0 (VideoJob, 1);
  /* The exporting thread gets its own copy of the scenario. */
  job->scenario = lf_window_dup_loaded_scenario (self);
  if (job->scenario == NULL)
    {
      video_job_free (job);
      g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s", _("No scenario to export"));
      return;
    }

  job->path = g_strdup (settings->output);
  job->frames_dir = g_strdup (settings->frames_dir);
  job->settings.width = settings->width & ~1;
  job->settings.height = settings->height & ~1;
  job->settings.fps = settings->fps;
  job->settings.style = lf_painter_get_style (lf_canvas_get_painter (self->canvas));
  job->settings.output = job->path;
  job->settings.frames_dir = job->frames_dir;
  job->permille = &self->video_permille;
  g_atomic_int_set (&self->video_permille, 0);

  self->video_cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();

  call = g_new0 (VideoCall, 1);
  call->outer = g_steal_pointer (&outer);
  target = settings->output != NULL ? settings->output : settings->frames_dir;
  call->name = g_path_get_basename (target);

  task = g_task_new (self, self->video_cancellable, lf_window_video_ready_cb, call);
  g_task_set_source_tag (task, lf_window_video_thread);
  g_task_set_task_data (task, job, (GDestroyNotify) video_job_free);
  g_task_set_return_on_cancel (task, FALSE);

  lf_window_show_video_dialog (self, call->name);
  self->video_progress_id = g_timeout_add (100, lf_window_video_progress_cb, self);
  _lf_window_actions_update (self);

  g_task_run_in_thread (task, lf_window_video_thread);
}

/**
 * lf_window_export_video_async:
 * @self: a window showing a scenario with a walkthrough
 * @file: a local .webm file
 * @width: @height: the frame size (even, 16 or more)
 * @fps: frames per second
 * @cancellable: (nullable): cancels the export, as the dialog's Cancel does
 *
 * lf_window_export_video_settings_async() into one WebM file.
 */
void
lf_window_export_video_async (LfWindow            *self,
                              GFile               *file,
                              int                  width,
                              int                  height,
                              int                  fps,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autofree char *path = NULL;
  LfVideoSettings settings = { 0 };

  g_return_if_fail (LF_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, lf_window_export_video_settings_async);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s", _("Only local files can be exported"));
      return;
    }
  settings.width = width;
  settings.height = height;
  settings.fps = fps;
  settings.output = path;
  lf_window_export_video_settings_async (self, &settings, cancellable, callback, user_data);
}

gboolean
lf_window_export_video_finish (LfWindow      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lf_window_export_video_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  LfVideoDialog *dialog = lf_video_dialog_new (LF_WINDOW (widget));

  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- record mode ------------------------------------------------------------------- */

gboolean
_lf_window_get_recording (LfWindow *self)
{
  return self->recorder_panel != NULL &&
         lf_walkthrough_recorder_get_recording (lf_recorder_panel_get_recorder (LF_RECORDER_PANEL (self->recorder_panel)));
}

/* Saving a recorded walkthrough goes through the document, so that the window's title,
 * undo history and autosave agree with the file: the steps become the document's
 * `walkthrough` (one undoable step, "Record Walkthrough"), then the document is saved to
 * file (lf_window_save_to_file, which says why in a toast when it cannot). */
static gboolean
lf_window_save_walkthrough (JsonNode  *walkthrough,
                            GFile     *file,
                            gpointer   user_data,
                            GError   **error)
{
  LfWindow *self = user_data;
  LfScenario *scenario;
  LfHistory *history;
  g_autofree char *data = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) root = NULL;
  gsize len = 0;

  if (self->document == NULL)
    {
      scenario = lf_walkthrough_get_scenario (self->walkthrough);
      return lf_walkthrough_write_scenario (scenario ? scenario : lf_session_get_scenario (self->session),
                                            walkthrough, file, error);
    }

  scenario = lf_document_get_scenario (self->document);
  history = lf_document_get_history (self->document);
  data = lf_scenario_to_data (scenario, &len);
  root = json_from_string (data, error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  json_object_set_member (json_node_get_object (root), "walkthrough", json_node_copy (walkthrough));
  text = json_to_string (root, TRUE);
  /* the run starts over with the new walkthrough: from t = 0, as the steps expect */
  lf_session_reset (self->session);
  if (!lf_history_begin (history, _("Record Walkthrough"), error))
    return FALSE;
  if (!lf_scenario_restore (scenario, text, strlen (text), error))
    {
      lf_history_rollback (history);
      return FALSE;
    }
  lf_history_commit (history);
  if (!lf_window_save_to_file (self, file))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED_HANDLED, "not saved");
      return FALSE;
    }
  return TRUE;
}

/* The toast after saving a walkthrough: play it from its first step, the card shown. */
static void
lf_window_play_walkthrough_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  LfWindow *self = LF_WINDOW (widget);

  if (lf_walkthrough_get_n_steps (self->walkthrough) == 0 && lf_window_get_file (self) != NULL)
    {
      g_autoptr(GFile) file = g_object_ref (lf_window_get_file (self));

      lf_window_open_file (self, file);
    }
  if (lf_walkthrough_get_n_steps (self->walkthrough) == 0)
    return;
  g_object_set (self, "show-tour", TRUE, NULL);
  lf_window_go_to_step (self, 0);
}

/* While recording, an inspector edit is part of the story (a step's `set`, applied to the
 * run like a fault slider), not a change of the design: the inspector leaves the document
 * alone until recording stops. */
static void
lf_window_recorder_changed_cb (LfWindow *self)
{
  gboolean recording = _lf_window_get_recording (self);

  if (recording == self->inspector_detached)
    return;
  self->inspector_detached = recording;
  lf_inspector_set_document (self->inspector, recording ? NULL : self->document);
}

void
_lf_window_record_init (LfWindow *self)
{
  lf_recorder_panel_set_save_func (LF_RECORDER_PANEL (self->recorder_panel), lf_window_save_walkthrough, self);
  g_signal_connect_object (lf_recorder_panel_get_recorder (LF_RECORDER_PANEL (self->recorder_panel)), "changed",
                           G_CALLBACK (lf_window_recorder_changed_cb), self, G_CONNECT_SWAPPED);
}

/* Starts recording in the side panel's "Recording" page (the narration card is hidden
 * meanwhile: the author drives the clock, not the old steps), or stops. */
static void
lf_window_record_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  LfWindow *self = LF_WINDOW (widget);
  LfWalkthroughRecorder *recorder = lf_recorder_panel_get_recorder (LF_RECORDER_PANEL (self->recorder_panel));

  if (lf_walkthrough_recorder_get_recording (recorder))
    {
      lf_walkthrough_recorder_stop (recorder);
      return;
    }
  g_object_set (self, "show-tour", FALSE, NULL);
  adw_flap_set_reveal_flap (self->flap, TRUE);
  adw_view_stack_set_visible_child_name (self->panel_stack, "recording");
  lf_walkthrough_recorder_start (recorder);
}

/* ---- keys -------------------------------------------------------------------------- */

static gboolean
lf_window_focus_takes_bare_keys (LfWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (focus == NULL || LF_IS_CANVAS (focus))
    return FALSE;
  if (GTK_IS_BUTTON (focus) && gtk_widget_get_ancestor (focus, ADW_TYPE_HEADER_BAR) != NULL)
    return FALSE;

  return TRUE;
}

static gboolean
lf_window_key_pressed_cb (LfWindow              *self,
                          guint                  keyval,
                          guint                  keycode,
                          GdkModifierType        state,
                          GtkEventControllerKey *controller)
{
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0 ||
      lf_window_focus_takes_bare_keys (self))
    return FALSE;

  if (_lf_window_tour_key (self, keyval, state))
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (transport_keys); i++)
    if (transport_keys[i].keyval == keyval)
      return gtk_widget_activate_action (GTK_WIDGET (self), transport_keys[i].action, NULL);

  return FALSE;
}

/* ---- setup ------------------------------------------------------------------------- */

void
_lf_window_class_actions_init (LfWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, lf_window_open_action);
  gtk_widget_class_install_action (widget_class, "win.open-file", "s", lf_window_open_file_action);
  gtk_widget_class_install_action (widget_class, "win.reload", NULL, lf_window_reload_action);
  gtk_widget_class_install_action (widget_class, "win.show-library", NULL, lf_window_show_library_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, lf_window_export_action);
  gtk_widget_class_install_action (widget_class, "win.play", NULL, lf_window_play_action);
  gtk_widget_class_install_action (widget_class, "win.step", NULL, lf_window_step_action);
  gtk_widget_class_install_action (widget_class, "win.reset", NULL, lf_window_reset_action);
  gtk_widget_class_install_action (widget_class, "win.speed-up", NULL, lf_window_speed_action);
  gtk_widget_class_install_action (widget_class, "win.speed-down", NULL, lf_window_speed_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, lf_window_zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, lf_window_zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, lf_window_zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-fit", NULL, lf_window_zoom_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-panel", NULL, lf_window_toggle_panel_action);
  gtk_widget_class_install_action (widget_class, "win.export-video", NULL, lf_window_export_video_action);
  gtk_widget_class_install_property_action (widget_class, "win.show-tour", "show-tour");
  gtk_widget_class_install_action (widget_class, "win.record", NULL, lf_window_record_action);
  gtk_widget_class_install_action (widget_class, "win.play-walkthrough", NULL, lf_window_play_walkthrough_action);
}

void
_lf_window_actions_init (LfWindow *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (lf_window_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

void
_lf_window_actions_update (LfWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean loaded = lf_session_get_scenario (self->session) != NULL;
  gboolean shown = loaded && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "canvas") == 0;
  gboolean finished = lf_session_get_finished (self->session);
  double speed = lf_session_get_speed (self->session);

  g_assert (LF_IS_WINDOW (self));

  gtk_widget_action_set_enabled (widget, "win.reload", loaded);
  gtk_widget_action_set_enabled (widget, "win.show-library", shown);
  gtk_widget_action_set_enabled (widget, "win.export", shown);
  gtk_widget_action_set_enabled (widget, "win.play", shown);
  gtk_widget_action_set_enabled (widget, "win.step", shown && !finished);
  gtk_widget_action_set_enabled (widget, "win.reset", shown && lf_session_get_now (self->session) > 0);
  gtk_widget_action_set_enabled (widget, "win.speed-up", shown && speed < LF_SESSION_SPEED_MAX);
  gtk_widget_action_set_enabled (widget, "win.speed-down", shown && speed > LF_SESSION_SPEED_MIN);
  gtk_widget_action_set_enabled (widget, "win.zoom-in", shown);
  gtk_widget_action_set_enabled (widget, "win.zoom-out", shown);
  gtk_widget_action_set_enabled (widget, "win.zoom-reset", shown);
  gtk_widget_action_set_enabled (widget, "win.zoom-fit", shown);
  gtk_widget_action_set_enabled (widget, "win.toggle-panel", shown);
  gboolean narrated = self->walkthrough != NULL && lf_walkthrough_get_n_steps (self->walkthrough) > 0;

  gtk_widget_action_set_enabled (widget, "win.export-video",
                                 shown && narrated && self->video_cancellable == NULL);
  gtk_widget_action_set_enabled (widget, "win.show-tour", shown && narrated);
  gtk_widget_action_set_enabled (widget, "win.record", shown);
  _lf_window_design_actions_update (self);
}
