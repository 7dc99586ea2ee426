/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lf-window"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "lf-window-private.h"

/* The geometry ranges of io.github.lambdaflow.LambdaFlow.gschema.xml. */
#define MIN_WIDTH   360
#define MIN_HEIGHT  294
#define MAX_SIZE    32767

G_DEFINE_FINAL_TYPE (LfWindow, lf_window, ADW_TYPE_APPLICATION_WINDOW)

static char *
lf_window_dup_display_name (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *parse_name = NULL;

  if (path != NULL)
    return g_filename_display_basename (path);

  parse_name = g_file_get_parse_name (file);
  return g_path_get_basename (parse_name);
}

/* Reads just enough of a scenario to name it: the title and the size of the graph.
 * This stands in for lf_scenario_load_from_file() of core/ until that loader is
 * complete; the window will then show core's problems with their JSON paths.
 */
static gboolean
lf_window_parse_file (JsonParser  *parser,
                      GFile       *file,
                      GError     **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *contents = NULL;
  gsize length = 0;

  /* A local path gives json-glib the file's name for its messages. */
  if (path != NULL)
    return json_parser_load_from_file (parser, path, error);

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, error))
    return FALSE;

  return json_parser_load_from_data (parser, contents, length, error);
}

static JsonObject *
lf_window_read_scenario (GFile   *file,
                         GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  if (!lf_window_parse_file (parser, file, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("A scenario must be a JSON object"));
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

static const char *
lf_window_scenario_string (JsonObject *scenario,
                           const char *member)
{
  JsonNode *node = json_object_get_member (scenario, member);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static guint
lf_window_scenario_count (JsonObject *scenario,
                          const char *member)
{
  JsonNode *node = json_object_get_member (scenario, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return 0;

  return json_array_get_length (json_node_get_array (node));
}

static char *
lf_window_format_caption (const char *file_name,
                          JsonObject *scenario)
{
  guint n_nodes = lf_window_scenario_count (scenario, "nodes");
  guint n_edges = lf_window_scenario_count (scenario, "edges");
  g_autofree char *nodes = g_strdup_printf (ngettext ("%u node", "%u nodes", n_nodes), n_nodes);
  g_autofree char *edges = g_strdup_printf (ngettext ("%u connection", "%u connections", n_edges),
                                            n_edges);

  if (file_name == NULL)
    return g_strdup_printf ("%s · %s", nodes, edges);

  return g_strdup_printf ("%s · %s · %s", file_name, nodes, edges);
}

static void
lf_window_show_scenario (LfWindow   *self,
                         JsonObject *scenario)
{
  g_autofree char *name = lf_window_dup_display_name (self->file);
  g_autofree char *caption = NULL;
  g_autofree char *window_title = NULL;
  const char *title = lf_window_scenario_string (scenario, "title");
  gboolean titled = title != NULL && *title != '\0';

  g_free (self->scenario_title);
  self->scenario_title = g_strdup (titled ? title : name);
  caption = lf_window_format_caption (titled ? name : NULL, scenario);
  window_title = g_strdup_printf ("%s — %s", self->scenario_title, _("Lambda Flow"));

  adw_window_title_set_subtitle (self->window_title, self->scenario_title);
  gtk_window_set_title (GTK_WINDOW (self), window_title);
  lf_canvas_set_title (self->canvas, self->scenario_title);
  lf_canvas_set_caption (self->canvas, caption);
  gtk_stack_set_visible_child_name (self->stack, "canvas");
}

static void
lf_window_show_error (LfWindow     *self,
                      GFile        *file,
                      const GError *error)
{
  g_autofree char *name = lf_window_dup_display_name (file);
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *message = NULL;
  g_autofree char *markup = NULL;
  AdwToast *toast;

  /* json-glib starts a syntax error with the path and "line:column"; the file's
   * name is enough in a toast, the position is what the reader needs. */
  if (path != NULL && g_str_has_prefix (error->message, path))
    message = g_strdup_printf (_("Could not open %s%s"), name, error->message + strlen (path));
  else
    message = g_strdup_printf (_("Could not open “%s”: %s"), name, error->message);

  g_debug ("%s", message);

  markup = g_markup_escape_text (message, -1);
  toast = adw_toast_new (markup);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 10);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * lf_window_open_file:
 * @self: a window
 * @file: a scenario file (`*.lflow.json`)
 *
 * Shows the scenario in @file. A file that cannot be read or parsed leaves the
 * window as it was and says why in a toast.
 *
 * Returns: whether the scenario was opened
 */
gboolean
lf_window_open_file (LfWindow *self,
                     GFile    *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) scenario = NULL;
  g_autofree char *uri = NULL;

  g_return_val_if_fail (LF_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  scenario = lf_window_read_scenario (file, &error);
  if (scenario == NULL)
    {
      lf_window_show_error (self, file, error);
      return FALSE;
    }

  g_set_object (&self->file, file);
  lf_window_show_scenario (self, scenario);
  _lf_window_actions_update (self);

  uri = g_file_get_uri (file);
  g_settings_set_string (self->settings, "last-scenario", uri);

  return TRUE;
}

/**
 * lf_window_get_file:
 * @self: a window
 *
 * Returns: (transfer none) (nullable): the file of the open scenario
 */
GFile *
lf_window_get_file (LfWindow *self)
{
  g_return_val_if_fail (LF_IS_WINDOW (self), NULL);

  return self->file;
}

/**
 * lf_window_get_scenario_title:
 * @self: a window
 *
 * Returns: (nullable): the title shown for the open scenario: its `title`, or the
 *   name of its file when it has none
 */
const char *
lf_window_get_scenario_title (LfWindow *self)
{
  g_return_val_if_fail (LF_IS_WINDOW (self), NULL);

  return self->scenario_title;
}

static void
lf_window_restore_state (LfWindow *self)
{
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));

  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
lf_window_save_state (LfWindow *self)
{
  gboolean maximized = gtk_window_is_maximized (GTK_WINDOW (self));
  int width = 0;
  int height = 0;

  /* The default size follows the window's size while it is neither maximized nor
   * fullscreen, so it is the size to come back to. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  if (width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", CLAMP (width, MIN_WIDTH, MAX_SIZE));
      g_settings_set_int (self->settings, "window-height", CLAMP (height, MIN_HEIGHT, MAX_SIZE));
    }
  g_settings_set_boolean (self->settings, "window-maximized", maximized);
  g_settings_apply (self->settings);
}

static gboolean
lf_window_close_request (GtkWindow *window)
{
  lf_window_save_state (LF_WINDOW (window));

  return GTK_WINDOW_CLASS (lf_window_parent_class)->close_request (window);
}

static void
lf_window_dispose (GObject *object)
{
  LfWindow *self = LF_WINDOW (object);

  if (self->file_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->file_chooser));
  g_clear_object (&self->file_chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), LF_TYPE_WINDOW);

  G_OBJECT_CLASS (lf_window_parent_class)->dispose (object);
}

static void
lf_window_finalize (GObject *object)
{
  LfWindow *self = LF_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->file);
  g_clear_pointer (&self->scenario_title, g_free);

  G_OBJECT_CLASS (lf_window_parent_class)->finalize (object);
}

static void
lf_window_class_init (LfWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = lf_window_dispose;
  object_class->finalize = lf_window_finalize;

  window_class->close_request = lf_window_close_request;

  g_type_ensure (LF_TYPE_CANVAS);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/lambdaflow/LambdaFlow/ui/lf-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LfWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, LfWindow, canvas);

  _lf_window_class_actions_init (klass);
}

static void
lf_window_init (LfWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (LF_APP_ID);
  g_settings_bind (self->settings, "show-grid", self->canvas, "show-grid", G_SETTINGS_BIND_GET);
  lf_window_restore_state (self);

  _lf_window_actions_init (self);
  _lf_window_actions_update (self);
}

LfWindow *
lf_window_new (LfApplication *application)
{
  g_return_val_if_fail (LF_IS_APPLICATION (application), NULL);

  return g_object_new (LF_TYPE_WINDOW,
                       "application", application,
                       NULL);
}
