/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lf-application"

#include <glib/gi18n.h>

#include "lf-application.h"
#include "lf-time.h"
#include "lf-window.h"

struct _LfApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (LfApplication, lf_application, ADW_TYPE_APPLICATION)

static const struct {
  const char *action;
  const char *accels[4];
} lf_accels[] = {
  { "app.open", { "<Control>o", NULL } },
  { "app.new", { "<Control>n", NULL } },
  { "win.save", { "<Control>s", NULL } },
  { "win.save-as", { "<Control><Shift>s", NULL } },
  { "app.quit", { "<Control>q", NULL } },
  { "win.reload", { "<Control>r", "F5", NULL } },
  { "win.export", { "<Control>e", NULL } },
  { "win.export-video", { "<Control><Shift>e", NULL } },
  { "win.show-tour", { "<Control>t", NULL } },
  { "win.record", { "<Control><Shift>r", NULL } },
  { "win.zoom-in", { "<Control>plus", "<Control>equal", "<Control>KP_Add" } },
  { "win.zoom-out", { "<Control>minus", "<Control>KP_Subtract", NULL } },
  { "win.zoom-fit", { "<Control>0", "<Control>KP_0", NULL } },
  { "win.zoom-reset", { "<Control>1", "<Control>KP_1", NULL } },
  { "win.toggle-panel", { "F9", NULL } },
  { "window.close", { "<Control>w", NULL } },
};

static gboolean
lf_running_from_build_dir (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  return exe != NULL && g_str_has_prefix (exe, LF_BUILD_ROOT "/");
}

char *
lf_application_dup_data_dir (const char *subdir)
{
  g_autofree char *installed = g_build_filename (LF_PKGDATADIR, subdir, NULL);

  if (!lf_running_from_build_dir () && g_file_test (installed, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&installed);

  return g_build_filename (LF_SOURCE_DATADIR, subdir, NULL);
}

/* Returns the active window when it shows no scenario yet, so that opening a file
 * from a fresh window fills it instead of opening a second one. */
static LfWindow *
lf_application_find_empty_window (LfApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  LfDocument *document;

  if (!LF_IS_WINDOW (window) || lf_window_get_file (LF_WINDOW (window)) != NULL)
    return NULL;
  /* A design in progress is not empty */
  document = lf_window_get_document (LF_WINDOW (window));
  if (document != NULL &&
      (lf_document_get_dirty (document) || lf_document_get_file (document) != NULL ||
       lf_scenario_get_nodes (lf_document_get_scenario (document))->len > 0))
    return NULL;

  return LF_WINDOW (window);
}

static char *
lf_application_dup_autosave_dir (void)
{
  const char *dir = g_getenv ("LF_AUTOSAVE_DIR");

  return dir != NULL ? g_strdup (dir) : lf_document_default_autosave_dir ();
}

/* What a crash left behind, found once when the first window shows: only these are
 * offered back (the autosaves this run writes for its own documents never are). */
static GPtrArray *lf_startup_autosaves;

static void
lf_application_offer_restore (LfApplication *self)
{
  static gboolean offered;
  g_autofree char *dir = NULL;
  GtkWindow *window;

  if (offered)
    return;
  offered = TRUE;

  dir = lf_application_dup_autosave_dir ();
  lf_startup_autosaves = lf_document_find_autosaves (dir);
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (lf_startup_autosaves->len > 0 && LF_IS_WINDOW (window))
    lf_window_offer_restore (LF_WINDOW (window), lf_startup_autosaves->len);
}

static void
lf_application_restore_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  LfApplication *self = LF_APPLICATION (user_data);
  g_autoptr(GPtrArray) autosaves = g_steal_pointer (&lf_startup_autosaves);

  for (guint i = 0; autosaves != NULL && i < autosaves->len; i++)
    {
      LfAutosave *autosave = g_ptr_array_index (autosaves, i);
      LfWindow *window;
      g_autoptr(GError) error = NULL;

      if (!g_file_test (autosave->path, G_FILE_TEST_EXISTS))
        continue;   /* restored or discarded since */
      if ((window = lf_application_find_empty_window (self)) == NULL)
        window = lf_window_new (self);
      if (!lf_window_restore_autosave (window, autosave, &error))
        g_warning ("Could not restore %s: %s", autosave->path, error->message);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static GtkWindow *
lf_application_ensure_window (LfApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (lf_window_new (self));

  return window;
}

static void
lf_application_activate (GApplication *application)
{
  LfApplication *self = LF_APPLICATION (application);

  gtk_window_present (lf_application_ensure_window (self));
  lf_application_offer_restore (self);
}

static void
lf_application_open (GApplication  *application,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  LfApplication *self = LF_APPLICATION (application);

  for (int i = 0; i < n_files; i++)
    {
      LfWindow *window = lf_application_find_empty_window (self);

      if (window == NULL)
        window = lf_window_new (self);

      lf_window_open_file (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

/* Deep links: `lambdaflow FILE --step N` opens at step N (from 1) of the scenario's
 * walkthrough, `lambdaflow FILE --at 90s` at that simulated time (90s, 1m30s, 250ms; a
 * bare number is seconds). The command line is handled in the
 * primary instance, so a link also works when the application is already running. */
static const GOptionEntry lf_options[] = {
  /* a string: GApplication leaves an int option of 0 out of the dictionary, so that
   * `--step 0` could not be told from no --step and was silently ignored */
  { "step", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Open at step N of the walkthrough (from 1)"), N_("N") },
  { "at", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Open at simulated time T (90s, 1m30s)"), N_("T") },
  { NULL }
};

/* A duration as lf_time_parse_duration reads it ("90s", "1.5m", "90"), or several summed
 * ("1m30s"). */
static gboolean
lf_application_parse_at (const char  *text,
                         LfTime      *at,
                         GError     **error)
{
  const char *p = text;
  LfTime total = 0;

  while (*p != '\0')
    {
      const char *end = p;
      g_autofree char *part = NULL;
      LfTime value;

      while (*end != '\0' && (g_ascii_isdigit (*end) || *end == '.'))
        end++;
      while (*end != '\0' && g_ascii_isalpha (*end))
        end++;
      part = g_strndup (p, end - p);
      if (end == p || !lf_time_parse_duration (part, &value, NULL) || value < 0)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--at takes a simulated time such as 90s or 1m30s, not “%s”"), text);
          return FALSE;
        }
      total += value;
      p = end;
    }

  if (p == text)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s", _("--at takes a simulated time"));
      return FALSE;
    }

  *at = total;
  return TRUE;
}

/* --step N: a whole number from 1 (steps are numbered from 1, as the card shows them) */
static gboolean
lf_application_parse_step (const char  *text,
                           guint       *step,
                           GError     **error)
{
  guint64 value = 0;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT32, &value, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--step takes a step number from 1, not “%s”"), text);
      return FALSE;
    }
  if (value == 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s",
                   _("--step 0: steps are numbered from 1 (the first step is --step 1)"));
      return FALSE;
    }
  *step = (guint) value;
  return TRUE;
}

static int
lf_application_command_line (GApplication            *application,
                             GApplicationCommandLine *command_line)
{
  LfApplication *self = LF_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_auto(GStrv) arguments = g_application_command_line_get_arguments (command_line, NULL);
  g_autoptr(GError) error = NULL;
  const char *at_text = NULL;
  const char *step_text = NULL;
  guint step = 0;
  gboolean has_step = g_variant_dict_lookup (options, "step", "&s", &step_text);
  LfTime at = 0;

  if (has_step && !lf_application_parse_step (step_text, &step, &error))
    {
      g_application_command_line_printerr (command_line, "lambdaflow: %s\n", error->message);
      return 2;
    }

  if (g_variant_dict_lookup (options, "at", "&s", &at_text) &&
      !lf_application_parse_at (at_text, &at, &error))
    {
      g_application_command_line_printerr (command_line, "lambdaflow: %s\n", error->message);
      return 2;
    }
  if (arguments[0] == NULL || arguments[1] == NULL)
    {
      g_application_activate (application);
      return 0;
    }

  for (guint i = 1; arguments[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, arguments[i]);
      LfWindow *window = lf_application_find_empty_window (self);

      if (window == NULL)
        window = lf_window_new (self);

      if (lf_window_open_file (window, file))
        {
          if (has_step && !lf_window_go_to_step (window, step - 1))
            g_application_command_line_printerr (command_line,
                                                 _("lambdaflow: %s has no step %u\n"),
                                                 arguments[i], step);
          else if (!has_step && at_text != NULL)
            lf_window_go_to_time (window, at);
        }
      gtk_window_present (GTK_WINDOW (window));
    }
  lf_application_offer_restore (self);

  return 0;
}

static void
lf_application_open_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  GtkWindow *window = lf_application_ensure_window (LF_APPLICATION (user_data));

  gtk_window_present (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open", NULL);
}

static void
lf_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  GtkApplication *application = GTK_APPLICATION (user_data);
  static const char *developers[] = { "The Lambda Flow developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (application),
                        "modal", TRUE,
                        "application-name", _("Lambda Flow"),
                        "application-icon", LF_APP_ID,
                        "version", LF_VERSION,
                        "developer-name", "The Lambda Flow developers",
                        "developers", developers,
                        "copyright", "© 2026 The Lambda Flow developers",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "website", "https://github.com/lambdaflow/lambdaflow",
                        "issue-url", "https://github.com/lambdaflow/lambdaflow/issues",
                        "comments", _("Design AWS Lambda event flows and watch their events "
                                      "travel: queued, polled in batches, retried, throttled, "
                                      "or sent to a dead-letter queue."),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

/* A new window with an empty architecture (the one on the start page, if any). */
static void
lf_application_new_action (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  LfApplication *self = LF_APPLICATION (user_data);
  LfWindow *window = lf_application_find_empty_window (self);

  if (window == NULL)
    window = lf_window_new (self);
  lf_window_new_document (window);
  gtk_window_present (GTK_WINDOW (window));
}

/* Closes every window the normal way, so that each saves its state (and asks about unsaved
 * changes); the application quits when the last one has closed. */
static void
lf_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  GtkApplication *application = GTK_APPLICATION (user_data);
  g_autoptr(GPtrArray) windows = g_ptr_array_new_with_free_func (g_object_unref);

  for (GList *l = gtk_application_get_windows (application); l != NULL; l = l->next)
    g_ptr_array_add (windows, g_object_ref (l->data));
  for (guint i = 0; i < windows->len; i++)
    gtk_window_close (g_ptr_array_index (windows, i));
}

static const GActionEntry lf_application_actions[] = {
  { .name = "open", .activate = lf_application_open_action },
  { .name = "new", .activate = lf_application_new_action },
  { .name = "restore-autosaves", .activate = lf_application_restore_action },
  { .name = "about", .activate = lf_application_about_action },
  { .name = "quit", .activate = lf_application_quit_action },
};

static void
lf_application_startup (GApplication *application)
{
  GtkApplication *gtk_application = GTK_APPLICATION (application);

  G_APPLICATION_CLASS (lf_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application),
                                   lf_application_actions,
                                   G_N_ELEMENTS (lf_application_actions),
                                   application);

  for (guint i = 0; i < G_N_ELEMENTS (lf_accels); i++)
    gtk_application_set_accels_for_action (gtk_application,
                                           lf_accels[i].action,
                                           lf_accels[i].accels);
}

static void
lf_application_class_init (LfApplicationClass *klass)
{
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  application_class->startup = lf_application_startup;
  application_class->activate = lf_application_activate;
  application_class->open = lf_application_open;
  application_class->command_line = lf_application_command_line;
}

static void
lf_application_init (LfApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), lf_options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE…]"));
}

/**
 * lf_application_new:
 * @application_id: the application id, normally `LF_APP_ID`
 * @flags: flags besides %G_APPLICATION_HANDLES_OPEN and
 *   %G_APPLICATION_HANDLES_COMMAND_LINE, which are always set
 *
 * Returns: (transfer full): a new application
 */
LfApplication *
lf_application_new (const char        *application_id,
                    GApplicationFlags  flags)
{
  g_return_val_if_fail (g_application_id_is_valid (application_id), NULL);

  return g_object_new (LF_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", flags | G_APPLICATION_HANDLES_OPEN | G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", LF_RESOURCE_BASE,
                       NULL);
}
