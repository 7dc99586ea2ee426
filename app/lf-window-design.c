/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lf-window"

#include <glib/gi18n.h>
#include <math.h>

#include "lf-window-private.h"

/* The designer in the window: the document (LfDocument) a window edits, its title with the
 * unsaved-changes dot, New / Save / Save As, undo and redo, the editing actions (delete,
 * duplicate, clipboard, select all, rename, align), the palette, asking before a close
 * loses work, and autosave with restore after a crash.
 *
 * Editing while the simulation runs: every change goes to the document first, then
 * lf_document_sync_session brings the run in line — a structural change (a node or an edge
 * added or removed) restarts the run from t = 0 and keeps playing if it was; a value
 * changed in the inspector applies live at the current simulated time; moving or renaming
 * only redraws. A design the simulator cannot run yet (an error in it) keeps the last run
 * paused and says why in a toast. Fault sliders are experiments on the run, not edits: they
 * are not undoable and not saved. */

/* Closes the window once the dialog that asked has gone (it is transient for it). */
static gboolean
lf_window_close_idle_cb (gpointer data)
{
  gtk_window_close (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

/* ---- title ------------------------------------------------------------------------- */

void
_lf_window_update_title (LfWindow *self)
{
  g_autofree char *title = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *window_title = NULL;
  g_autofree char *subtitle = NULL;
  gboolean dirty;
  GFile *file;

  if (self->document == NULL)
    return;

  title = lf_document_dup_title (self->document);
  dirty = lf_document_get_dirty (self->document);
  file = lf_document_get_file (self->document);
  /* The dot GNOME editors use for unsaved changes */
  shown = dirty ? g_strdup_printf ("• %s", title) : g_strdup (title);
  window_title = g_strdup_printf ("%s — %s", shown, _("Lambda Flow"));
  if (file != NULL)
    {
      g_autofree char *name = g_file_get_basename (file);

      subtitle = dirty ? g_strdup_printf (_("%s — Unsaved Changes"), name) : g_strdup (name);
    }
  else
    subtitle = g_strdup (_("Not Saved Yet"));

  g_free (self->scenario_title);
  self->scenario_title = g_strdup (title);
  adw_window_title_set_title (self->window_title, shown);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->window_title), shown);
  gtk_window_set_title (GTK_WINDOW (self), window_title);
}

/* ---- the document and the run ------------------------------------------------------ */

static void
lf_window_design_error (LfWindow     *self,
                        const GError *error)
{
  g_autofree char *message = NULL;
  AdwToast *toast;

  if (g_strcmp0 (self->design_error, error ? error->message : NULL) == 0)
    return;
  g_free (self->design_error);
  self->design_error = error ? g_strdup (error->message) : NULL;
  if (error == NULL)
    {
      if (self->design_toast != NULL)
        adw_toast_dismiss (self->design_toast);
      return;
    }

  lf_session_set_playing (self->session, FALSE);
  message = g_markup_printf_escaped (_("This design cannot run yet: %s"), error->message);
  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_set_weak_pointer (&self->design_toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
lf_window_document_changed_cb (LfWindow      *self,
                               LfChangeFlags  flags)
{
  g_autoptr(GError) error = NULL;

  /* A toast's Undo undoes the latest step: once another change is made it would not be
   * the step the toast names. */
  if (self->undo_toast != NULL)
    adw_toast_dismiss (self->undo_toast);
  LfTime before = lf_session_get_now (self->session);

  if (!lf_document_sync_session (self->document, self->session, flags, &error))
    lf_window_design_error (self, error);
  else
    {
      lf_window_design_error (self, NULL);
      /* Never a surprise: a run that was under way and started over says so */
      if (before > 0 && lf_session_get_now (self->session) == 0)
        {
          AdwToast *toast = adw_toast_new (_("The run starts over: the architecture changed"));

          adw_toast_set_timeout (toast, 3);
          adw_toast_overlay_add_toast (self->toast_overlay, toast);
        }
    }

  _lf_window_update_title (self);
  _lf_window_actions_update (self);
}

/* While there are unsaved changes the session asks before logging out (GNOME shows the
 * app and the reason). */
static void
lf_window_update_inhibit (LfWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  gboolean dirty = self->document != NULL && lf_document_get_dirty (self->document);

  if (app == NULL)
    return;
  if (dirty && self->inhibit_cookie == 0)
    self->inhibit_cookie = gtk_application_inhibit (app, GTK_WINDOW (self), GTK_APPLICATION_INHIBIT_LOGOUT,
                                                    _("There are unsaved changes"));
  else if (!dirty && self->inhibit_cookie != 0)
    {
      gtk_application_uninhibit (app, self->inhibit_cookie);
      self->inhibit_cookie = 0;
    }
}

static void
lf_window_document_notify_cb (LfWindow *self)
{
  _lf_window_update_title (self);
  _lf_window_actions_update (self);
  lf_window_update_inhibit (self);
}

/* Makes @document the window's; with @restart the session starts over with its scenario
 * (a new or restored document), else the session already runs it (a file just opened). */
void
_lf_window_set_document (LfWindow   *self,
                         LfDocument *document,
                         gboolean    restart)
{
  g_autofree char *autosave_dir = NULL;
  LfScenario *scenario;

  g_return_if_fail (LF_IS_DOCUMENT (document));

  if (self->document != NULL)
    {
      g_signal_handlers_disconnect_by_data (lf_document_get_scenario (self->document), self);
      g_signal_handlers_disconnect_by_data (self->document, self);
      g_signal_handlers_disconnect_by_data (lf_document_get_history (self->document), self);
      lf_document_discard_autosave (self->document);
    }
  g_set_object (&self->document, document);
  g_clear_pointer (&self->design_error, g_free);
  if (self->design_toast != NULL)
    adw_toast_dismiss (self->design_toast);

  scenario = lf_document_get_scenario (document);
  g_signal_connect_object (scenario, "changed", G_CALLBACK (lf_window_document_changed_cb),
                           self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (document, "notify::dirty", G_CALLBACK (lf_window_document_notify_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (document, "notify::file", G_CALLBACK (lf_window_document_notify_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (lf_document_get_history (document), "notify::can-undo",
                           G_CALLBACK (lf_window_document_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (lf_document_get_history (document), "notify::can-redo",
                           G_CALLBACK (lf_window_document_notify_cb), self, G_CONNECT_SWAPPED);

  autosave_dir = g_strdup (g_getenv ("LF_AUTOSAVE_DIR"));
  if (autosave_dir == NULL)
    autosave_dir = lf_document_default_autosave_dir ();
  lf_document_set_autosave_dir (document, autosave_dir);

  if (restart)
    {
      g_autoptr(GError) error = NULL;

      if (!lf_document_sync_session (document, self->session, LF_CHANGE_ALL, &error))
        lf_window_design_error (self, error);
    }

  lf_canvas_set_document (self->canvas, document);
  lf_inspector_set_document (self->inspector, self->inspector_detached ? NULL : document);
  lf_window_update_inhibit (self);
  _lf_window_update_title (self);
  _lf_window_actions_update (self);
}

/* A name for files made from this scenario (exports): its file's name without
 * .lflow.json, else its title. */
char *
_lf_window_dup_file_stem (LfWindow *self)
{
  GFile *file = lf_window_get_file (self);
  g_autofree char *base = file ? g_file_get_basename (file) : NULL;
  char *dot;

  if (base == NULL)
    return self->document ? lf_document_dup_title (self->document) : g_strdup (_("Lambda Flow"));
  if ((dot = strstr (base, ".lflow.json")) != NULL)
    *dot = '\0';
  return g_steal_pointer (&base);
}

LfDocument *
lf_window_get_document (LfWindow *self)
{
  g_return_val_if_fail (LF_IS_WINDOW (self), NULL);

  return self->document;
}

LfNodePalette *
lf_window_get_palette (LfWindow *self)
{
  g_return_val_if_fail (LF_IS_WINDOW (self), NULL);

  return self->palette;
}

static void
lf_window_show_design (LfWindow *self)
{
  gtk_widget_set_visible (self->transport, TRUE);
  gtk_widget_set_visible (self->panel_button, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "canvas");
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
  _lf_window_update_tour (self);
  _lf_window_update_title (self);
  _lf_window_actions_update (self);
}

/**
 * lf_window_new_document:
 * @self: a window
 *
 * Shows a new, empty architecture with the palette open.
 */
void
lf_window_new_document (LfWindow *self)
{
  g_autoptr(LfDocument) document = lf_document_new_empty ();

  g_return_if_fail (LF_IS_WINDOW (self));

  _lf_window_set_document (self, document, TRUE);
  gtk_revealer_set_reveal_child (self->palette_revealer, TRUE);
  lf_window_show_design (self);
  lf_canvas_zoom_reset (self->canvas);
}

/**
 * lf_window_restore_autosave:
 * @self: a window
 * @autosave: what a crash left
 *
 * Opens the autosave as a document with unsaved changes (its file, if it had one, is
 * kept as the file Save writes).
 */
gboolean
lf_window_restore_autosave (LfWindow         *self,
                            const LfAutosave *autosave,
                            GError          **error)
{
  g_autoptr(LfDocument) document = NULL;

  g_return_val_if_fail (LF_IS_WINDOW (self), FALSE);

  if ((document = lf_document_new_from_autosave (autosave, error)) == NULL)
    return FALSE;
  _lf_window_set_document (self, document, TRUE);
  lf_window_show_design (self);
  return TRUE;
}

void
lf_window_offer_restore (LfWindow *self,
                         guint     n)
{
  g_autofree char *text = NULL;
  AdwToast *toast;

  g_return_if_fail (LF_IS_WINDOW (self));

  text = g_strdup_printf (g_dngettext (NULL,
                                       "Lambda Flow quit without saving an architecture",
                                       "Lambda Flow quit without saving %u architectures", n), n);
  toast = adw_toast_new (text);
  adw_toast_set_button_label (toast, _("_Restore"));
  adw_toast_set_action_name (toast, "app.restore-autosaves");
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* ---- asking ------------------------------------------------------------------------ */

/* An AdwMessageDialog over the window: @first_id, its label and its AdwResponseAppearance,
 * then more such triplets, NULL-terminated; "cancel" is what closing it answers. */
static void
lf_window_ask (LfWindow   *self,
               const char *heading,
               const char *body,
               const char *default_response,
               GCallback   callback,
               const char *first_id,
               ...)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));
  va_list ap;

  va_start (ap, first_id);
  for (const char *id = first_id; id != NULL; id = va_arg (ap, const char *))
    {
      const char *label = va_arg (ap, const char *);
      AdwResponseAppearance appearance = va_arg (ap, AdwResponseAppearance);

      adw_message_dialog_add_response (dialog, id, label);
      adw_message_dialog_set_response_appearance (dialog, id, appearance);
    }
  va_end (ap);
  adw_message_dialog_set_default_response (dialog, default_response);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", callback, self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- saving ------------------------------------------------------------------------ */

static void
lf_window_toast (LfWindow   *self,
                 const char *text)
{
  g_autofree char *markup = g_markup_escape_text (text, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (markup));
}

static void
lf_window_saved (LfWindow *self)
{
  g_autofree char *uri = g_file_get_uri (lf_document_get_file (self->document));

  gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
  g_settings_set_string (self->settings, "last-scenario", uri);
  _lf_window_update_title (self);
  _lf_window_actions_update (self);

  if (self->close_after_save)
    {
      self->close_after_save = FALSE;
      self->close_confirmed = TRUE;
      g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, lf_window_close_idle_cb, g_object_ref (self), g_object_unref);
    }
}

/**
 * lf_window_save_to_file:
 * @self: a window with a document
 * @file: where (atomically: written beside it, then renamed)
 *
 * Returns: whether it was saved; on failure a toast says why
 */
gboolean
lf_window_save_to_file (LfWindow *self,
                        GFile    *file)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (LF_IS_WINDOW (self), FALSE);

  if (self->document == NULL)
    return FALSE;
  if (!lf_document_save_as (self->document, file, &error))
    {
      g_autofree char *name = g_file_get_parse_name (file);
      g_autofree char *text = g_strdup_printf (_("Could not save “%s”: %s"), name, error->message);

      self->close_after_save = FALSE;
      lf_window_toast (self, text);
      return FALSE;
    }

  lf_window_saved (self);
  return TRUE;
}

static void
lf_window_save_chooser_response_cb (LfWindow             *self,
                                    int                   response,
                                    GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    {
      g_autofree char *name = g_file_get_basename (file);

      /* The scenario extension, as the file filter promises */
      if (!g_str_has_suffix (name, ".json"))
        {
          g_autoptr(GFile) parent = g_file_get_parent (file);
          g_autofree char *with = g_strconcat (name, ".lflow.json", NULL);

          g_set_object (&file, g_file_get_child (parent, with));
        }
      lf_window_save_to_file (self, file);
    }
  else
    self->close_after_save = FALSE;

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_clear_object (&self->save_chooser);
}

static void
lf_window_save_as (LfWindow *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *title = lf_document_dup_title (self->document);
  g_autofree char *name = NULL;
  GFile *file = lf_document_get_file (self->document);

  if (self->save_chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->save_chooser));
      return;
    }

  self->save_chooser = gtk_file_chooser_native_new (_("Save Architecture"), GTK_WINDOW (self),
                                                    GTK_FILE_CHOOSER_ACTION_SAVE,
                                                    _("_Save"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Lambda Flow Scenarios"));
  gtk_file_filter_add_pattern (filter, "*.lflow.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->save_chooser), filter);

  if (file != NULL && !lf_document_needs_save_as (self->document))
    gtk_file_chooser_set_file (GTK_FILE_CHOOSER (self->save_chooser), file, NULL);
  else
    {
      g_autofree char *base = file ? g_file_get_basename (file) : NULL;

      name = base ? g_steal_pointer (&base) : g_strconcat (title, ".lflow.json", NULL);
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->save_chooser), name);
    }
  g_signal_connect_swapped (self->save_chooser, "response",
                            G_CALLBACK (lf_window_save_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->save_chooser));
}

static void
lf_window_overwrite_response_cb (LfWindow         *self,
                                 const char       *response,
                                 AdwMessageDialog *dialog)
{
  if (g_str_equal (response, "save") && self->document != NULL)
    lf_window_save_to_file (self, lf_document_get_file (self->document));
  else if (g_str_equal (response, "save-as"))
    lf_window_save_as (self);
  else
    self->close_after_save = FALSE;
}

static void
lf_window_save (LfWindow *self)
{
  if (self->document == NULL)
    return;
  if (lf_document_needs_save_as (self->document))
    lf_window_save_as (self);
  else if (lf_document_file_changed_on_disk (self->document))
    {
      /* Someone else wrote the file since it was opened or saved here: ask, as Text
       * Editor does, rather than overwrite their work */
      g_autofree char *name = g_file_get_basename (lf_document_get_file (self->document));
      g_autofree char *heading = g_strdup_printf (_("“%s” Changed on Disk"), name);

      lf_window_ask (self, heading,
                     _("The file was changed by another program since it was opened here. "
                       "Saving replaces those changes."),
                     "cancel", G_CALLBACK (lf_window_overwrite_response_cb),
                     "cancel", _("_Cancel"), ADW_RESPONSE_DEFAULT,
                     "save-as", _("Save _As…"), ADW_RESPONSE_DEFAULT,
                     "save", _("_Replace"), ADW_RESPONSE_DESTRUCTIVE,
                     NULL);
    }
  else
    lf_window_save_to_file (self, lf_document_get_file (self->document));
}

/* ---- reload ---------------------------------------------------------------------- */

static void
lf_window_reload_now (LfWindow *self)
{
  g_autoptr(GFile) file = g_object_ref (lf_window_get_file (self));

  self->replace_unsaved = TRUE;
  lf_window_open_file (self, file);
  self->replace_unsaved = FALSE;
}

static void
lf_window_reload_response_cb (LfWindow         *self,
                              const char       *response,
                              AdwMessageDialog *dialog)
{
  if (g_str_equal (response, "reload") && lf_window_get_file (self) != NULL)
    lf_window_reload_now (self);
}

/* Reload (Ctrl+R, F5): the document's own file again; unsaved changes are asked about. */
void
_lf_window_reload (LfWindow *self)
{
  g_autofree char *title = NULL;
  g_autofree char *heading = NULL;

  if (lf_window_get_file (self) == NULL)
    return;
  if (self->document == NULL || !lf_document_get_dirty (self->document))
    {
      lf_window_reload_now (self);
      return;
    }

  title = lf_document_dup_title (self->document);
  heading = g_strdup_printf (_("Discard Changes to “%s”?"), title);
  lf_window_ask (self, heading,
                 _("Reloading reads the saved file again; the changes made since are lost."),
                 "cancel", G_CALLBACK (lf_window_reload_response_cb),
                 "cancel", _("_Cancel"), ADW_RESPONSE_DEFAULT,
                 "reload", _("_Discard and Reload"), ADW_RESPONSE_DESTRUCTIVE,
                 NULL);
}

/* ---- closing ----------------------------------------------------------------------- */

static void
lf_window_close_response_cb (LfWindow         *self,
                             const char       *response,
                             AdwMessageDialog *dialog)
{
  if (g_str_equal (response, "discard"))
    {
      lf_document_discard_autosave (self->document);
      self->close_confirmed = TRUE;
      g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, lf_window_close_idle_cb, g_object_ref (self), g_object_unref);
    }
  else if (g_str_equal (response, "save"))
    {
      self->close_after_save = TRUE;
      lf_window_save (self);
    }
}

/* Called from close-request: TRUE keeps the window open (it asks first). */
gboolean
_lf_window_design_close_request (LfWindow *self)
{
  g_autofree char *title = NULL;
  g_autofree char *heading = NULL;

  if (self->document == NULL || self->close_confirmed || !lf_document_get_dirty (self->document))
    {
      if (self->document != NULL)
        lf_document_discard_autosave (self->document);
      return FALSE;
    }

  title = lf_document_dup_title (self->document);
  heading = g_strdup_printf (_("Save Changes to “%s”?"), title);
  lf_window_ask (self, heading, _("Changes that are not saved will be lost."),
                 "save", G_CALLBACK (lf_window_close_response_cb),
                 "cancel", _("_Cancel"), ADW_RESPONSE_DEFAULT,
                 "discard", _("_Discard"), ADW_RESPONSE_DESTRUCTIVE,
                 "save", _("_Save"), ADW_RESPONSE_SUGGESTED,
                 NULL);
  return TRUE;
}

/* ---- actions ----------------------------------------------------------------------- */

static void
lf_window_deleted_toast (LfWindow *self,
                         guint     n)
{
  g_autofree char *text = g_strdup_printf (g_dngettext (NULL, "Deleted %u item", "Deleted %u items", n), n);
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo");
  g_set_weak_pointer (&self->undo_toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
lf_window_design_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  LfWindow *self = LF_WINDOW (widget);
  LfCanvas *canvas = self->canvas;

  if (self->document == NULL)
    return;
  /* Not in the middle of a gesture (a drag holds an open history group) */
  if (lf_history_in_group (lf_document_get_history (self->document)) &&
      !g_str_equal (action_name, "win.toggle-palette"))
    return;

  if (g_str_equal (action_name, "win.undo"))
    lf_document_undo (self->document);
  else if (g_str_equal (action_name, "win.redo"))
    lf_document_redo (self->document);
  else if (g_str_equal (action_name, "win.save"))
    lf_window_save (self);
  else if (g_str_equal (action_name, "win.save-as"))
    lf_window_save_as (self);
  else if (g_str_equal (action_name, "win.delete"))
    {
      g_auto(GStrv) selection = lf_canvas_dup_selection (canvas);
      guint n = g_strv_length (selection);

      if (lf_canvas_delete_selection (canvas))
        lf_window_deleted_toast (self, n);
    }
  else if (g_str_equal (action_name, "win.duplicate"))
    lf_canvas_duplicate_selection (canvas);
  else if (g_str_equal (action_name, "win.copy"))
    lf_canvas_copy_to_clipboard (canvas, FALSE);
  else if (g_str_equal (action_name, "win.cut"))
    lf_canvas_copy_to_clipboard (canvas, TRUE);
  else if (g_str_equal (action_name, "win.paste"))
    lf_canvas_paste_from_clipboard (canvas);
  else if (g_str_equal (action_name, "win.select-all"))
    lf_canvas_select_all (canvas);
  else if (g_str_equal (action_name, "win.rename"))
    lf_canvas_rename (canvas, NULL);
  else if (g_str_equal (action_name, "win.align-to-grid"))
    lf_canvas_align_to_grid (canvas);
  else if (g_str_equal (action_name, "win.toggle-palette"))
    gtk_revealer_set_reveal_child (self->palette_revealer,
                                   !gtk_revealer_get_reveal_child (self->palette_revealer));
}

static void
lf_window_template_activated_cb (LfWindow             *self,
                                 const LfNodeTemplate *template)
{
  g_autofree char *id = lf_canvas_add_node (self->canvas, template, NAN, NAN);
}

static void
lf_window_edit_refused_cb (LfWindow   *self,
                           const char *message)
{
  AdwToast *toast;
  g_autofree char *markup = g_markup_escape_text (message, -1);

  toast = adw_toast_new (markup);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
lf_window_edit_note_cb (LfWindow   *self,
                        const char *message)
{
  g_autofree char *markup = g_markup_escape_text (message, -1);
  AdwToast *toast = adw_toast_new (markup);

  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo");
  adw_toast_set_timeout (toast, 6);
  g_set_weak_pointer (&self->undo_toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
_lf_window_design_actions_update (LfWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean shown = self->document != NULL &&
                   g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "canvas") == 0;
  LfHistory *history = self->document ? lf_document_get_history (self->document) : NULL;
  g_auto(GStrv) selection = lf_canvas_dup_selection (self->canvas);
  LfScenario *scenario = self->document ? lf_document_get_scenario (self->document) : NULL;
  guint n = g_strv_length (selection);
  gboolean selected = n > 0, node_selected = FALSE, last_is_node;

  for (guint i = 0; scenario != NULL && i < n; i++)
    node_selected |= lf_scenario_find_node (scenario, selection[i]) != NULL;
  last_is_node = scenario != NULL && n > 0 && lf_scenario_find_node (scenario, selection[n - 1]) != NULL;

  gtk_widget_action_set_enabled (widget, "win.undo", shown && lf_history_can_undo (history));
  gtk_widget_action_set_enabled (widget, "win.redo", shown && lf_history_can_redo (history));
  gtk_widget_action_set_enabled (widget, "win.save", shown);
  gtk_widget_action_set_enabled (widget, "win.save-as", shown);
  gtk_widget_action_set_enabled (widget, "win.delete", shown && selected);
  gtk_widget_action_set_enabled (widget, "win.duplicate", shown && node_selected);
  gtk_widget_action_set_enabled (widget, "win.copy", shown && node_selected);
  gtk_widget_action_set_enabled (widget, "win.cut", shown && node_selected);
  gtk_widget_action_set_enabled (widget, "win.paste", shown);
  gtk_widget_action_set_enabled (widget, "win.select-all", shown);
  gtk_widget_action_set_enabled (widget, "win.rename", shown && last_is_node);
  gtk_widget_action_set_enabled (widget, "win.align-to-grid", shown);
  gtk_widget_action_set_enabled (widget, "win.toggle-palette", shown);
  gtk_widget_set_visible (self->palette_button, shown);
  if (self->design_error != NULL)
    gtk_widget_action_set_enabled (widget, "win.play", FALSE);
}

void
_lf_window_class_design_init (LfWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char *actions[] = {
    "win.undo", "win.redo", "win.save", "win.save-as", "win.delete", "win.duplicate",
    "win.copy", "win.cut", "win.paste", "win.select-all", "win.rename", "win.align-to-grid",
    "win.toggle-palette",
  };
  static const struct {
    guint           keyval;
    GdkModifierType mods;
    const char     *action;
  } keys[] = {
    /* Bubble phase (the window's own bindings): a focused text field keeps its own undo. */
    { GDK_KEY_z, GDK_CONTROL_MASK, "win.undo" },
    { GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo" },
    { GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo" },
    { GDK_KEY_y, GDK_CONTROL_MASK, "win.redo" },
    /* Delete, the clipboard, select all and rename are the canvas's (lf-canvas-edit.c):
     * they act only while it has the focus. */
    { GDK_KEY_F8, 0, "win.toggle-palette" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i], NULL, lf_window_design_action);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_widget_class_add_binding_action (widget_class, keys[i].keyval, keys[i].mods, keys[i].action, NULL);
}

void
_lf_window_design_init (LfWindow *self,
                        const char *icon_dir)
{
  lf_node_palette_set_icon_dir (self->palette, icon_dir);
  g_signal_connect_object (self->palette, "template-activated",
                           G_CALLBACK (lf_window_template_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "edit-refused",
                           G_CALLBACK (lf_window_edit_refused_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "edit-note",
                           G_CALLBACK (lf_window_edit_note_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "selection-changed",
                           G_CALLBACK (_lf_window_actions_update), self, G_CONNECT_SWAPPED);
}

void
_lf_window_design_dispose (LfWindow *self)
{
  if (self->save_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->save_chooser));
  g_clear_object (&self->save_chooser);
  if (self->document != NULL)
    {
      g_signal_handlers_disconnect_by_data (lf_document_get_scenario (self->document), self);
      g_signal_handlers_disconnect_by_data (self->document, self);
      g_signal_handlers_disconnect_by_data (lf_document_get_history (self->document), self);
    }
  g_clear_object (&self->document);
  lf_window_update_inhibit (self);
  g_clear_pointer (&self->design_error, g_free);
  g_clear_weak_pointer (&self->design_toast);
  g_clear_weak_pointer (&self->undo_toast);
}
