/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lf-window"

#include <glib/gi18n.h>

#include "lf-window-private.h"

/* The window's actions: `win.*` are installed on the class, `settings.*` expose the
 * GSettings keys that menus toggle. Which of them are enabled is decided in one
 * place, _lf_window_actions_update().
 */

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

  if (self->file != NULL && (folder = g_file_get_parent (self->file)) != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->file_chooser), folder, NULL);

  g_signal_connect_object (self->file_chooser, "response",
                           G_CALLBACK (lf_window_file_chooser_response_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->file_chooser));
}

static void
lf_window_reload_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  LfWindow *self = LF_WINDOW (widget);
  g_autoptr(GFile) file = NULL;

  g_return_if_fail (self->file != NULL);

  file = g_object_ref (self->file);
  lf_window_open_file (self, file);
}

void
_lf_window_class_actions_init (LfWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, lf_window_open_action);
  gtk_widget_class_install_action (widget_class, "win.reload", NULL, lf_window_reload_action);
}

void
_lf_window_actions_init (LfWindow *self)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GAction) show_grid = g_settings_create_action (self->settings, "show-grid");

  g_action_map_add_action (G_ACTION_MAP (group), show_grid);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "settings", G_ACTION_GROUP (group));
}

void
_lf_window_actions_update (LfWindow *self)
{
  g_assert (LF_IS_WINDOW (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reload", self->file != NULL);
}
