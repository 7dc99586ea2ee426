/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* lf-problems-dialog.c: see lf-problems-dialog.h */
#define G_LOG_DOMAIN "lf-problems-dialog"

#include "lf-problems-dialog.h"

#include <glib/gi18n.h>

char *
lf_problems_format (const char *file_name,
                    GPtrArray  *problems,
                    const char *message)
{
  GString *text = g_string_new (NULL);

  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; problems != NULL && i < problems->len; i++)
      {
        LfProblem *p = g_ptr_array_index (problems, i);
        gboolean error = p->severity == LF_SEVERITY_ERROR;

        if (error != (pass == 0))
          continue;
        if (text->len > 0)
          g_string_append_c (text, '\n');
        g_string_append_printf (text, "%s: %s: %s: %s", file_name, p->path,
                                error ? _("error") : _("warning"), p->message);
      }
  if (text->len == 0)
    g_string_append_printf (text, "%s: %s", file_name, message ? message : _("could not be opened"));
  return g_string_free (text, FALSE);
}

static void
on_response (AdwMessageDialog *dialog,
             const char       *response,
             const char       *text)
{
  if (g_strcmp0 (response, "copy") == 0)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (dialog)), text);
}

GtkWidget *
lf_problems_dialog_new (GtkWindow  *parent,
                        const char *file_name,
                        const char *text)
{
  g_autofree char *heading = g_strdup_printf (_("Could not open “%s”"), file_name);
  guint lines = 1;
  GtkWidget *dialog, *scroller, *label;

  for (const char *c = text; *c; c++)
    lines += *c == '\n';
  dialog = adw_message_dialog_new (parent, heading, NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  g_dngettext (NULL, "%u problem:", "%u problems:", lines), lines);
  label = gtk_label_new (text);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "monospace");
  gtk_widget_set_name (label, "problems");
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), MIN (lines, 8) * 40);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 360);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), label);
  gtk_widget_set_size_request (scroller, 520, -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "copy", _("_Copy"),
                                    "close", _("_Close"),
                                    NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_response), g_strdup (text),
                         (GClosureNotify) (void (*) (void)) g_free, 0);
  return dialog;
}
