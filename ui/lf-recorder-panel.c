/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* lf-recorder-panel.c: the "Recording" side panel (see lf-recorder-panel.h) */
#define G_LOG_DOMAIN "lf-recorder-panel"

#include <glib/gi18n.h>
#include <math.h>

#include "lf-recorder-panel.h"

struct _LfRecorderPanel
{
  AdwBin                 parent_instance;

  GtkStack              *stack;
  GtkWidget             *dot;
  GtkLabel              *status;
  AdwButtonContent      *toggle_content;
  GtkListBox            *list;
  GtkButton             *save_button;

  LfSession             *session;
  LfWalkthroughRecorder *recorder;
  GPtrArray             *rows;        /* AdwExpanderRow*, one per step, in order */
  char                  *library_dir;
  GtkFileChooserNative  *chooser;
  guint                  editing;     /* the panel itself is writing a step's text */
  guint                  update_id;   /* idle: the session's file is set after its scenario */
  LfRecorderSaveFunc     save_func;
  gpointer               save_data;
};

G_DEFINE_FINAL_TYPE (LfRecorderPanel, lf_recorder_panel, ADW_TYPE_BIN)

enum { SAVED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ---- what a step captured ----------------------------------------------------------- */

static char *
format_moment (JsonObject *step)
{
  const char *at = json_object_get_string_member_with_default (step, "at", "0s");
  LfTime t = 0;
  gint64 tenths, seconds;

  lf_time_parse_duration (at, &t, NULL);
  tenths = MAX (t, 0) / 100000;
  seconds = tenths / 10;
  if (seconds >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d.%d", seconds / 3600,
                            (int) (seconds / 60 % 60), (int) (seconds % 60), (int) (tenths % 10));
  return g_strdup_printf ("%02d:%02d.%d", (int) (seconds / 60), (int) (seconds % 60), (int) (tenths % 10));
}

/* "00:12.3 · paused · ×5 · focus thumbnailer · thumbnailer.timeout = 10s" */
static char *
describe_step (JsonObject *step)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *moment = format_moment (step);
  JsonArray *set = json_object_has_member (step, "set") ? json_object_get_array_member (step, "set") : NULL;

  g_string_append (text, moment);
  g_string_append (text, json_object_get_boolean_member_with_default (step, "pause", FALSE)
                         ? _(" · paused") : _(" · playing"));
  if (json_object_has_member (step, "speed"))
    g_string_append_printf (text, " · ×%g", json_object_get_double_member (step, "speed"));
  if (json_object_has_member (step, "focus"))
    g_string_append_printf (text, _(" · focus %s"), json_object_get_string_member (step, "focus"));
  for (guint i = 0; set && i < json_array_get_length (set); i++)
    {
      JsonObject *change = json_array_get_object_element (set, i);
      JsonNode *value = json_object_get_member (change, "value");
      g_autofree char *shown = NULL;

      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
        shown = g_strdup (json_node_get_string (value));
      else if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_DOUBLE)
        shown = g_strdup_printf ("%g", json_node_get_double (value));
      else
        shown = json_to_string (value, FALSE);
      g_string_append_printf (text, " · %s = %s", json_object_get_string_member (change, "path"), shown);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
update_row (LfRecorderPanel *self,
            guint            index)
{
  AdwExpanderRow *row = g_ptr_array_index (self->rows, index);
  JsonObject *step = lf_walkthrough_recorder_get_step (self->recorder, index);
  const char *title = json_object_get_string_member_with_default (step, "title", "");
  g_autofree char *fallback = g_strdup_printf (_("Step %u"), index + 1);
  g_autofree char *escaped = g_markup_escape_text (*title ? title : fallback, -1);
  g_autofree char *subtitle = describe_step (step);
  g_autofree char *subtitle_escaped = g_markup_escape_text (subtitle, -1);

  g_object_set_data (G_OBJECT (row), "lf-step-index", GUINT_TO_POINTER (index));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
  adw_expander_row_set_subtitle (row, subtitle_escaped);
  gtk_widget_set_sensitive (g_object_get_data (G_OBJECT (row), "lf-up"), index > 0);
  gtk_widget_set_sensitive (g_object_get_data (G_OBJECT (row), "lf-down"),
                            index + 1 < lf_walkthrough_recorder_get_n_steps (self->recorder));
}

static guint
row_index (GtkWidget *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_EXPANDER_ROW);

  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "lf-step-index"));
}

/* ---- editing ------------------------------------------------------------------------ */

static void
on_title_changed (GtkEditable     *entry,
                  LfRecorderPanel *self)
{
  guint index = row_index (GTK_WIDGET (entry));

  self->editing++;
  lf_walkthrough_recorder_set_text (self->recorder, index, gtk_editable_get_text (entry), NULL);
  self->editing--;
  update_row (self, index);
}

static void
on_text_changed (GtkTextBuffer   *buffer,
                 LfRecorderPanel *self)
{
  GtkWidget *view = g_object_get_data (G_OBJECT (buffer), "lf-view");
  GtkWidget *error_label = g_object_get_data (G_OBJECT (view), "lf-error");
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  guint index = row_index (view);

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  self->editing++;
  lf_walkthrough_recorder_set_text (self->recorder, index, NULL, text);
  self->editing--;

  if (lf_walkthrough_check_markup (text, &error))
    {
      gtk_widget_set_visible (error_label, FALSE);
      gtk_widget_remove_css_class (view, "error");
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (error_label), error->message);
      gtk_widget_set_visible (error_label, TRUE);
      gtk_widget_add_css_class (view, "error");
    }
}

static void rebuild (LfRecorderPanel *self);

static void
on_move (GtkButton       *button,
         LfRecorderPanel *self)
{
  guint index = row_index (GTK_WIDGET (button));
  int delta = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "lf-delta"));
  int to = (int) index + delta;

  if (to < 0 || (guint) to >= lf_walkthrough_recorder_get_n_steps (self->recorder))
    return;
  lf_walkthrough_recorder_move (self->recorder, index, (guint) to);
}

static void
on_delete (GtkButton       *button,
           LfRecorderPanel *self)
{
  lf_walkthrough_recorder_remove (self->recorder, row_index (GTK_WIDGET (button)));
}

/* ---- drag within the list: the handle carries the step's index ----------------------- */

static GdkContentProvider *
on_drag_prepare (GtkDragSource   *source,
                 double           x,
                 double           y,
                 LfRecorderPanel *self)
{
  GtkWidget *handle = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  GtkWidget *row = gtk_widget_get_ancestor (handle, ADW_TYPE_EXPANDER_ROW);
  g_autoptr(GdkPaintable) icon = gtk_widget_paintable_new (row);

  gtk_drag_source_set_icon (source, icon, (int) x, (int) y);
  return gdk_content_provider_new_typed (G_TYPE_UINT, row_index (handle));
}

static gboolean
on_drop (GtkDropTarget   *target,
         const GValue    *value,
         double           x,
         double           y,
         LfRecorderPanel *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  guint from = g_value_get_uint (value);
  guint to = row_index (row);

  if (from >= lf_walkthrough_recorder_get_n_steps (self->recorder) || from == to)
    return FALSE;
  lf_walkthrough_recorder_move (self->recorder, from, to);
  return TRUE;
}

/* ---- rows --------------------------------------------------------------------------- */

static GtkWidget *
row_button (LfRecorderPanel *self,
            GtkWidget       *row,
            const char      *icon,
            const char      *tooltip,
            const char      *key,
            GCallback        callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  g_signal_connect (button, "clicked", callback, self);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), button);
  g_object_set_data (G_OBJECT (row), key, button);
  return button;
}

static GtkWidget *
narration_row (LfRecorderPanel *self,
               JsonObject      *step)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (_("Narration"));
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *view = gtk_text_view_new ();
  GtkWidget *error_label = gtk_label_new (NULL);
  GtkWidget *hint = gtk_label_new (_("Pango markup: <b>bold</b>, <i>italic</i>, <tt>code</tt>"));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, "dim-label");

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 8);
  gtk_widget_set_size_request (view, -1, 72);
  gtk_widget_add_css_class (view, "narration");
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Narration"), -1);
  gtk_frame_set_child (GTK_FRAME (frame), view);
  gtk_text_buffer_set_text (buffer, json_object_get_string_member_with_default (step, "text", ""), -1);

  gtk_label_set_xalign (GTK_LABEL (error_label), 0);
  gtk_label_set_wrap (GTK_LABEL (error_label), TRUE);
  gtk_widget_add_css_class (error_label, "caption");
  gtk_widget_add_css_class (error_label, "error");
  gtk_widget_set_visible (error_label, FALSE);

  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_widget_add_css_class (hint, "caption");
  gtk_widget_add_css_class (hint, "dim-label");

  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), frame);
  gtk_box_append (GTK_BOX (box), error_label);
  gtk_box_append (GTK_BOX (box), hint);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  g_object_set_data (G_OBJECT (view), "lf-error", error_label);
  g_object_set_data (G_OBJECT (buffer), "lf-view", view);
  g_signal_connect (buffer, "changed", G_CALLBACK (on_text_changed), self);
  return row;
}

static GtkWidget *
step_row (LfRecorderPanel *self,
          guint            index)
{
  JsonObject *step = lf_walkthrough_recorder_get_step (self->recorder, index);
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *handle = gtk_image_new_from_icon_name ("list-drag-handle-symbolic");
  GtkWidget *title = adw_entry_row_new ();
  GtkDragSource *source = gtk_drag_source_new ();
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_UINT, GDK_ACTION_MOVE);
  GtkWidget *up, *down;

  g_object_set_data (G_OBJECT (row), "lf-step-index", GUINT_TO_POINTER (index));
  gtk_widget_add_css_class (handle, "dim-label");
  gtk_widget_set_tooltip_text (handle, _("Drag to Reorder"));
  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect (source, "prepare", G_CALLBACK (on_drag_prepare), self);
  gtk_widget_add_controller (handle, GTK_EVENT_CONTROLLER (source));
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), handle);
  g_signal_connect (target, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (target));

  /* actions are shown in the reverse order of adding: up, down, delete */
  row_button (self, row, "user-trash-symbolic", _("Delete Step"), "lf-delete", G_CALLBACK (on_delete));
  down = row_button (self, row, "go-down-symbolic", _("Move Down"), "lf-down", G_CALLBACK (on_move));
  g_object_set_data (G_OBJECT (down), "lf-delta", GINT_TO_POINTER (1));
  up = row_button (self, row, "go-up-symbolic", _("Move Up"), "lf-up", G_CALLBACK (on_move));
  g_object_set_data (G_OBJECT (up), "lf-delta", GINT_TO_POINTER (-1));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (title), _("Title"));
  gtk_editable_set_text (GTK_EDITABLE (title), json_object_get_string_member_with_default (step, "title", ""));
  g_signal_connect (title, "changed", G_CALLBACK (on_title_changed), self);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), title);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), narration_row (self, step));
  g_object_set_data (G_OBJECT (row), "lf-title", title);
  return row;
}

static void
rebuild (LfRecorderPanel *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_ptr_array_set_size (self->rows, 0);
  for (guint i = 0; i < lf_walkthrough_recorder_get_n_steps (self->recorder); i++)
    {
      GtkWidget *row = step_row (self, i);

      g_ptr_array_add (self->rows, row);
      gtk_list_box_append (self->list, row);
    }
}

/* ---- state -------------------------------------------------------------------------- */

static void
update_state (LfRecorderPanel *self)
{
  gboolean recording = lf_walkthrough_recorder_get_recording (self->recorder);
  guint n = lf_walkthrough_recorder_get_n_steps (self->recorder);
  g_autofree char *status = NULL;

  gtk_stack_set_visible_child_name (self->stack, n > 0 || recording ? "steps" : "empty");
  gtk_widget_set_visible (self->dot, recording);
  if (recording)
    status = g_strdup_printf (ngettext ("Recording · %u step", "Recording · %u steps", n), n);
  else
    status = g_strdup_printf (ngettext ("%u step", "%u steps", n), n);
  gtk_label_set_text (self->status, status);
  adw_button_content_set_icon_name (self->toggle_content,
                                    recording ? "media-playback-stop-symbolic" : "media-record-symbolic");
  adw_button_content_set_label (self->toggle_content, recording ? _("Stop") : _("Record"));
  gtk_widget_set_tooltip_text (gtk_widget_get_parent (GTK_WIDGET (self->toggle_content)),
                               recording ? _("Stop Recording (Shift+Ctrl+R)") : _("Record More Steps (Shift+Ctrl+R)"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recorder.save", n > 0);
  /* a bundled or read-only scenario is saved elsewhere: say so on the button */
  gtk_button_set_label (self->save_button, lf_recorder_panel_needs_save_as (self) ? _("_Save As…") : _("_Save"));
}

/* The steps changed: new ones are appended, and the captured parts of the others
 * refreshed, without touching what is being typed; a move or a delete rebuilds. */
static void
on_recorder_changed (LfRecorderPanel *self)
{
  guint n = lf_walkthrough_recorder_get_n_steps (self->recorder);

  if (self->editing == 0)
    {
      gboolean same = self->rows->len <= n;

      /* an unchanged row keeps its index; anything else is a move or a delete */
      for (guint i = 0; same && i < self->rows->len; i++)
        same = g_object_get_data (G_OBJECT (self->rows->pdata[i]), "lf-step") ==
               (gpointer) lf_walkthrough_recorder_get_step (self->recorder, i);
      if (!same)
        rebuild (self);
      for (guint i = self->rows->len; i < n; i++)
        {
          GtkWidget *row = step_row (self, i);

          g_ptr_array_add (self->rows, row);
          gtk_list_box_append (self->list, row);
        }
      for (guint i = 0; i < n; i++)
        g_object_set_data (G_OBJECT (self->rows->pdata[i]), "lf-step",
                           lf_walkthrough_recorder_get_step (self->recorder, i));
    }
  for (guint i = 0; i < MIN (n, self->rows->len); i++)
    update_row (self, i);
  update_state (self);
}

static void
update_state_idle (gpointer data)
{
  LfRecorderPanel *self = data;

  self->update_id = 0;
  update_state (self);
}

/* A new scenario: whether Save must ask depends on its file, known once it is loaded. */
static void
on_scenario_changed (LfRecorderPanel *self)
{
  if (self->update_id == 0)
    self->update_id = g_idle_add_once (update_state_idle, self);
}

/* ---- actions ------------------------------------------------------------------------ */

static void
toast (LfRecorderPanel *self,
       const char      *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (escaped));
  else
    g_message ("%s", message);
}

static void
toggle_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LfRecorderPanel *self = LF_RECORDER_PANEL (widget);

  if (lf_walkthrough_recorder_get_recording (self->recorder))
    lf_walkthrough_recorder_stop (self->recorder);
  else
    lf_walkthrough_recorder_start (self->recorder);
}

gboolean
lf_recorder_panel_save_to (LfRecorderPanel *self,
                           GFile           *file,
                           GError         **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;
  gboolean ok;
  int bad;

  g_return_val_if_fail (LF_IS_RECORDER_PANEL (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  name = g_file_get_basename (file);
  lf_walkthrough_recorder_stop (self->recorder);
  if ((bad = lf_walkthrough_recorder_find_bad_text (self->recorder, NULL)) >= 0)
    {
      /* show the step with the bad narration, its error under the field */
      adw_expander_row_set_expanded (g_ptr_array_index (self->rows, (guint) bad), TRUE);
    }
  if (self->save_func != NULL && bad < 0)
    {
      g_autoptr(JsonNode) walkthrough = lf_walkthrough_recorder_build (self->recorder);

      ok = self->save_func (walkthrough, file, self->save_data, &local);
    }
  else
    ok = lf_walkthrough_recorder_save (self->recorder, file, &local);
  if (!ok)
    {
      if (local == NULL)
        g_set_error_literal (&local, G_IO_ERROR, G_IO_ERROR_FAILED, _("not saved"));
      if (!g_error_matches (local, G_IO_ERROR, G_IO_ERROR_FAILED_HANDLED))
        {
          message = g_strdup_printf (_("Could not save “%s”: %s"), name, local->message);
          toast (self, message);
        }
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  message = g_strdup_printf (_("Saved the walkthrough into “%s”"), name);
  {
    /* Play It: the window's win.play-walkthrough, from the first step with the card */
    GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
    g_autofree char *escaped = g_markup_escape_text (message, -1);
    AdwToast *saved = adw_toast_new (escaped);

    adw_toast_set_button_label (saved, _("_Play It"));
    adw_toast_set_action_name (saved, "win.play-walkthrough");
    if (overlay != NULL)
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), saved);
    else
      g_object_unref (g_object_ref_sink (saved));
  }
  g_signal_emit (self, signals[SAVED], 0, file);
  return TRUE;
}

gboolean
lf_recorder_panel_needs_save_as (LfRecorderPanel *self)
{
  GFile *file = lf_session_get_file (self->session);
  g_autoptr(GFile) library = NULL;
  g_autoptr(GFileInfo) info = NULL;

  if (file == NULL || !g_file_is_native (file))
    return TRUE;
  if (self->library_dir != NULL)
    {
      library = g_file_new_for_path (self->library_dir);
      if (g_file_has_prefix (file, library))
        return TRUE;
    }
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_ACCESS_CAN_WRITE, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  return info == NULL || !g_file_info_get_attribute_boolean (info, G_FILE_ATTRIBUTE_ACCESS_CAN_WRITE);
}

static void
on_chooser_response (LfRecorderPanel *self,
                     int              response)
{
  g_autoptr(GtkFileChooserNative) chooser = g_steal_pointer (&self->chooser);
  g_autoptr(GFile) file = NULL;

  if (response != GTK_RESPONSE_ACCEPT)
    return;
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    lf_recorder_panel_save_to (self, file, NULL);
}

static void
save_as (LfRecorderPanel *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GFile *current = lf_session_get_file (self->session);
  g_autofree char *name = current ? g_file_get_basename (current) : g_strdup ("walkthrough.lflow.json");
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GFile) folder = g_file_new_for_path (g_get_home_dir ());

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Save Walkthrough As"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Lambda Flow Scenarios"));
  gtk_file_filter_add_pattern (filter, "*.lflow.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LfRecorderPanel *self = LF_RECORDER_PANEL (widget);

  if (lf_recorder_panel_needs_save_as (self))
    save_as (self);
  else
    lf_recorder_panel_save_to (self, lf_session_get_file (self->session), NULL);
}

/* ---- GObject ------------------------------------------------------------------------ */

static void
lf_recorder_panel_dispose (GObject *object)
{
  LfRecorderPanel *self = LF_RECORDER_PANEL (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_handle_id (&self->update_id, g_source_remove);
  if (self->recorder != NULL)
    g_signal_handlers_disconnect_by_data (self->recorder, self);
  g_clear_object (&self->recorder);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (lf_recorder_panel_parent_class)->dispose (object);
}

static void
lf_recorder_panel_finalize (GObject *object)
{
  LfRecorderPanel *self = LF_RECORDER_PANEL (object);

  g_ptr_array_unref (self->rows);
  g_free (self->library_dir);
  G_OBJECT_CLASS (lf_recorder_panel_parent_class)->finalize (object);
}

static void
lf_recorder_panel_class_init (LfRecorderPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lf_recorder_panel_dispose;
  object_class->finalize = lf_recorder_panel_finalize;

  /* (GFile *file): the steps were written into file */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_FILE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lambdaflow/LambdaFlow/ui/lf-recorder-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, LfRecorderPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, LfRecorderPanel, dot);
  gtk_widget_class_bind_template_child (widget_class, LfRecorderPanel, status);
  gtk_widget_class_bind_template_child (widget_class, LfRecorderPanel, toggle_content);
  gtk_widget_class_bind_template_child (widget_class, LfRecorderPanel, list);
  gtk_widget_class_bind_template_child (widget_class, LfRecorderPanel, save_button);
  gtk_widget_class_install_action (widget_class, "recorder.toggle", NULL, toggle_action);
  gtk_widget_class_install_action (widget_class, "recorder.save", NULL, save_action);
  gtk_widget_class_set_css_name (widget_class, "lf-recorder-panel");
}

static void
lf_recorder_panel_init (LfRecorderPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
}

GtkWidget *
lf_recorder_panel_new (LfSession *session)
{
  LfRecorderPanel *self;

  g_return_val_if_fail (LF_IS_SESSION (session), NULL);

  self = g_object_new (LF_TYPE_RECORDER_PANEL, NULL);
  self->session = g_object_ref (session);
  self->recorder = lf_walkthrough_recorder_new (session);
  g_signal_connect_swapped (self->recorder, "changed", G_CALLBACK (on_recorder_changed), self);
  g_signal_connect_object (session, "notify::scenario", G_CALLBACK (on_scenario_changed), self, G_CONNECT_SWAPPED);
  update_state (self);
  return GTK_WIDGET (self);
}

LfWalkthroughRecorder *
lf_recorder_panel_get_recorder (LfRecorderPanel *self)
{
  g_return_val_if_fail (LF_IS_RECORDER_PANEL (self), NULL);
  return self->recorder;
}

void
lf_recorder_panel_set_save_func (LfRecorderPanel   *self,
                                 LfRecorderSaveFunc func,
                                 gpointer           user_data)
{
  g_return_if_fail (LF_IS_RECORDER_PANEL (self));
  self->save_func = func;
  self->save_data = user_data;
}

void
lf_recorder_panel_set_library_dir (LfRecorderPanel *self,
                                   const char      *dir)
{
  g_return_if_fail (LF_IS_RECORDER_PANEL (self));
  g_free (self->library_dir);
  self->library_dir = g_strdup (dir);
  update_state (self);
}
