/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lf-window"

#include <glib/gi18n.h>

#include "lf-export.h"
#include "lf-window-private.h"

/* The window's actions, all installed on the class; which of them are enabled is
 * decided in one place, _lf_window_actions_update().
 *
 * Keys: the application sets the accelerators with a modifier (lf-application.c).
 * The transport's bare keys (Space, →, ., Home, [, ]) are handled here by a key
 * controller that runs before the focused widget, but only while the focus is on the
 * canvas, on nothing, or on a header bar button, so that they never take a space or an
 * arrow away from a text field, a slider or a list in the side panel.
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
  LfWindow *self = LF_WINDOW (widget);
  g_autoptr(GFile) file = NULL;

  g_return_if_fail (lf_window_get_file (self) != NULL);

  file = g_object_ref (lf_window_get_file (self));
  lf_window_open_file (self, file);
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

  lf_session_set_playing (self->session, FALSE);
  lf_session_step (self->session);
  _lf_window_actions_update (self);
}

static void
lf_window_reset_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  lf_session_reset (LF_WINDOW (widget)->session);
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

static void
lf_window_export_response_cb (LfWindow        *self,
                              int              response,
                              GtkNativeDialog *dialog)
{
  g_autoptr(GtkFileChooserNative) chooser = g_steal_pointer (&self->export_chooser);
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
  g_autofree char *base = g_file_get_basename (lf_window_get_file (self));
  g_autofree char *suggested = NULL;
  const char *pictures = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);
  g_autoptr(GFile) folder = NULL;
  char *dot;

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

  if ((dot = strstr (base, ".lflow.json")) != NULL)
    *dot = '\0';
  suggested = g_strconcat (base, ".png", NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->export_chooser), suggested);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->export_chooser), folder, NULL);

  g_signal_connect_object (self->export_chooser, "response",
                           G_CALLBACK (lf_window_export_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->export_chooser));
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
}
