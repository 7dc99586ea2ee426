/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>

#include "lf-application.h"
#include "lf-canvas.h"
#include "lf-window.h"
#include "lf-ui-test-util.h"

/* Each test runs a whole LfApplication: g_application_run() starts it (with a file
 * on the command line for some), the test body runs from the main loop once the
 * application is up, and app.quit ends it. The run must return 0 and leave no
 * window behind.
 */

#define SCENARIO_JSON \
  "{\n" \
  "  \"format\": \"lambdaflow/1\",\n" \
  "  \"title\": \"Orders pipeline\",\n" \
  "  \"nodes\": [\n" \
  "    {\"id\": \"api\", \"type\": \"api_gateway\"},\n" \
  "    {\"id\": \"orders\", \"type\": \"sqs_queue\"},\n" \
  "    {\"id\": \"worker\", \"type\": \"lambda_function\"}\n" \
  "  ],\n" \
  "  \"edges\": [\n" \
  "    {\"id\": \"e1\", \"type\": \"sends\", \"from\": \"api\", \"to\": \"orders\"},\n" \
  "    {\"id\": \"e2\", \"type\": \"event_source_mapping\", \"from\": \"orders\", \"to\": \"worker\"}\n" \
  "  ]\n" \
  "}\n"

typedef void (*AppTestFunc) (LfApplication *app,
                             gpointer       data);

typedef struct {
  AppTestFunc  func;
  gpointer     data;
  gboolean     done;
} AppTest;

typedef struct {
  char *dir;
  char *scenario;
} Fixture;

/* Helpers */

static char *
fixture_write (Fixture    *fixture,
               const char *basename,
               const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, basename, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);

  return path;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("lf-test-window-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->scenario = fixture_write (fixture, "orders.lflow.json", SCENARIO_JSON);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->scenario, g_free);
}

static void
app_test_run_cb (gpointer user_data)
{
  AppTest *test = user_data;
  GApplication *app = g_application_get_default ();

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  test->func (LF_APPLICATION (app), test->data);
  test->done = TRUE;

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
}

static void
app_startup_cb (GApplication *app,
                AppTest      *test)
{
  /* Runs after activate or open, which g_application_run() emits before it
   * iterates the main loop. */
  g_idle_add_once (app_test_run_cb, test);
}

static void
run_app (const char  *file,
         AppTestFunc  func,
         gpointer     data)
{
  LfApplication *app = lf_application_new (LF_APP_ID, G_APPLICATION_NON_UNIQUE);
  AppTest test = { func, data, FALSE };
  char *argv[] = { (char *) "lambdaflow", (char *) file, NULL };
  int status;

  g_signal_connect_after (app, "startup", G_CALLBACK (app_startup_cb), &test);
  status = g_application_run (G_APPLICATION (app), file != NULL ? 2 : 1, argv);

  g_assert_cmpint (status, ==, 0);
  g_assert_true (test.done);
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
  g_assert_null (lf_test_find_toplevel (GTK_TYPE_WINDOW));
  g_assert_finalize_object (app);
}

static gboolean
widget_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static gboolean
about_is_shown (gpointer data)
{
  return lf_test_find_toplevel (ADW_TYPE_ABOUT_WINDOW) != NULL;
}

static gboolean
shortcuts_are_shown (gpointer data)
{
  return lf_test_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW) != NULL;
}

static gboolean
file_chooser_is_shown (gpointer data)
{
  return lf_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) != NULL;
}

static LfWindow *
get_window (LfApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_true (LF_IS_WINDOW (window));
  lf_test_wait_for (widget_is_mapped, window);

  return LF_WINDOW (window);
}

static AdwWindowTitle *
get_window_title (LfWindow *window)
{
  GtkWidget *title = lf_test_find_descendant (GTK_WIDGET (window), ADW_TYPE_WINDOW_TITLE, NULL);

  g_assert_nonnull (title);
  return ADW_WINDOW_TITLE (title);
}

static const char *
get_subtitle (LfWindow *window)
{
  return adw_window_title_get_subtitle (get_window_title (window));
}

static const char *
get_page (LfWindow *window)
{
  GtkWidget *overlay = lf_test_find_descendant (GTK_WIDGET (window), ADW_TYPE_TOAST_OVERLAY, NULL);
  GtkWidget *stack;

  g_assert_nonnull (overlay);
  stack = adw_toast_overlay_get_child (ADW_TOAST_OVERLAY (overlay));
  g_assert_true (GTK_IS_STACK (stack));
  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

static LfCanvas *
get_canvas (LfWindow *window)
{
  GtkWidget *canvas = lf_test_find_descendant (GTK_WIDGET (window), LF_TYPE_CANVAS, NULL);

  g_assert_nonnull (canvas);
  return LF_CANVAS (canvas);
}

static void
assert_screenshot (GtkWidget  *widget,
                   const char *png)
{
  g_autoptr(GdkTexture) texture = NULL;
  gboolean transparent;

  lf_test_wait_for_paint (widget);
  texture = lf_test_render_widget (widget);
  lf_test_save_texture (texture, png);

  g_assert_cmpuint (lf_test_count_colours (texture, 64, &transparent), >=, 8);
  g_assert_false (transparent);
}

static gboolean
toast_shows_text (GtkWidget  *widget,
                  const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (toast_shows_text (child, text))
      return TRUE;

  return FALSE;
}

static gboolean
window_has_toast (gpointer data)
{
  return lf_test_find_descendant (data, G_TYPE_INVALID, "toast") != NULL;
}

/* /lf/window/activate */

static void
activate_body (LfApplication *app,
               gpointer       data)
{
  LfWindow *window = get_window (app);
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.open");
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (window)));
  GtkWindow *about;
  GtkWindow *shortcuts;

  g_assert_cmpstr (adw_window_title_get_title (get_window_title (window)), ==, "Lambda Flow");
  g_assert_cmpstr (get_subtitle (window), ==, "");
  g_assert_cmpstr (get_page (window), ==, "empty");
  g_assert_null (lf_window_get_file (window));
  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>o"));
  g_assert_true (gtk_icon_theme_has_icon (theme, LF_APP_ID));
  g_assert_true (gtk_icon_theme_has_icon (theme, LF_APP_ID "-symbolic"));

  assert_screenshot (GTK_WIDGET (window), "window-empty.png");

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  lf_test_wait_for (about_is_shown, NULL);
  about = lf_test_find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_cmpstr (adw_about_window_get_application_icon (ADW_ABOUT_WINDOW (about)), ==, LF_APP_ID);
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, LF_VERSION);
  g_assert_true (gtk_window_get_transient_for (about) == GTK_WINDOW (window));
  gtk_window_destroy (about);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  lf_test_wait_for (shortcuts_are_shown, NULL);
  shortcuts = lf_test_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  lf_test_wait_for (widget_is_mapped, shortcuts);
  gtk_window_close (shortcuts);
}

static void
test_window_activate (void)
{
  run_app (NULL, activate_body, NULL);
}

/* /lf/window/open-command-line */

static void
open_body (LfApplication *app,
           gpointer       data)
{
  Fixture *fixture = data;
  LfWindow *window = get_window (app);
  g_autoptr(GFile) file = g_file_new_for_path (fixture->scenario);
  g_autoptr(GSettings) settings = g_settings_new (LF_APP_ID);
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *last = g_settings_get_string (settings, "last-scenario");
  g_autofree char *unused = NULL;
  LfCanvas *canvas = get_canvas (window);

  g_assert_nonnull (lf_window_get_file (window));
  g_assert_true (g_file_equal (lf_window_get_file (window), file));
  g_assert_cmpstr (get_subtitle (window), ==, "Orders pipeline");
  g_assert_cmpstr (lf_window_get_scenario_title (window), ==, "Orders pipeline");
  g_assert_cmpstr (get_page (window), ==, "canvas");
  g_assert_cmpstr (lf_canvas_get_title (canvas), ==, "Orders pipeline");
  g_assert_cmpstr (lf_canvas_get_caption (canvas), ==,
                   "orders.lflow.json · 3 nodes · 2 connections");
  g_assert_cmpstr (last, ==, uri);

  assert_screenshot (GTK_WIDGET (window), "window-scenario.png");

  /* win.reload reads the file again. */
  g_free (fixture_write (fixture, "orders.lflow.json", "{\"title\": \"Orders, second draft\"}"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reload", NULL));
  g_assert_cmpstr (get_subtitle (window), ==, "Orders, second draft");
  g_assert_cmpstr (lf_canvas_get_caption (canvas), ==,
                   "orders.lflow.json · 0 nodes · 0 connections");
}

static void
test_window_open_command_line (Fixture       *fixture,
                               gconstpointer  data)
{
  run_app (fixture->scenario, open_body, fixture);
}

/* /lf/window/open-errors */

static void
assert_open_fails (LfWindow   *window,
                   Fixture    *fixture,
                   const char *basename,
                   const char *contents,
                   const char *message)
{
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;

  path = contents != NULL ? fixture_write (fixture, basename, contents)
                          : g_build_filename (fixture->dir, basename, NULL);
  file = g_file_new_for_path (path);

  g_assert_false (lf_window_open_file (window, file));
  lf_test_wait_for (window_has_toast, window);
  g_assert_true (toast_shows_text (GTK_WIDGET (window), message));
}

static void
errors_body (LfApplication *app,
             gpointer       data)
{
  Fixture *fixture = data;
  LfWindow *window = get_window (app);
  g_autofree char *untitled = fixture_write (fixture, "untitled.lflow.json",
                                             "{\"title\": 5, \"nodes\": {}}");
  g_autoptr(GFile) file = g_file_new_for_path (untitled);

  assert_open_fails (window, fixture, "broken.lflow.json", "{\n  \"title\": \"x\",\n}\n",
                     "Could not open broken.lflow.json:2:15: Parse error");
  assert_open_fails (window, fixture, "list.lflow.json", "[1, 2]",
                     "A scenario must be a JSON object");
  assert_open_fails (window, fixture, "empty.lflow.json", "",
                     "A scenario must be a JSON object");
  assert_open_fails (window, fixture, "missing.lflow.json", NULL,
                     "Could not open “missing.lflow.json”");

  /* Nothing was opened. */
  g_assert_null (lf_window_get_file (window));
  g_assert_cmpstr (get_subtitle (window), ==, "");
  g_assert_cmpstr (get_page (window), ==, "empty");

  /* A title that is not a string is ignored: the file's name stands in. */
  g_assert_true (lf_window_open_file (window, file));
  g_assert_cmpstr (get_subtitle (window), ==, "untitled.lflow.json");
  g_assert_cmpstr (lf_canvas_get_caption (get_canvas (window)), ==, "0 nodes · 0 connections");
}

static void
test_window_open_errors (Fixture       *fixture,
                         gconstpointer  data)
{
  run_app (NULL, errors_body, fixture);
}

/* /lf/window/file-chooser */

static gboolean
chooser_has_file (gpointer data)
{
  GtkWindow *dialog = lf_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_autoptr(GFile) chosen = NULL;

  if (dialog == NULL)
    return FALSE;

  chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  return chosen != NULL && g_file_equal (chosen, data);
}

static void
file_chooser_body (LfApplication *app,
                   gpointer       data)
{
  Fixture *fixture = data;
  LfWindow *window = get_window (app);
  g_autoptr(GFile) file = g_file_new_for_path (fixture->scenario);
  g_autoptr(GError) error = NULL;
  GtkWindow *dialog;

  /* Cancelling changes nothing. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "open", NULL);
  lf_test_wait_for (file_chooser_is_shown, NULL);
  dialog = lf_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  g_assert_null (lf_window_get_file (window));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open", NULL));
  lf_test_wait_for (file_chooser_is_shown, NULL);
  dialog = lf_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  gtk_file_chooser_set_file (GTK_FILE_CHOOSER (dialog), file, &error);
  g_assert_no_error (error);
  lf_test_wait_for (chooser_has_file, file);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);

  g_assert_cmpstr (get_subtitle (window), ==, "Orders pipeline");
  g_assert_null (lf_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));
}

static void
test_window_file_chooser (Fixture       *fixture,
                          gconstpointer  data)
{
  run_app (NULL, file_chooser_body, fixture);
}

/* /lf/window/geometry */

static void
resize_body (LfApplication *app,
             gpointer       data)
{
  gtk_window_set_default_size (GTK_WINDOW (get_window (app)), 820, 610);
}

static void
restore_body (LfApplication *app,
              gpointer       data)
{
  int width;
  int height;

  gtk_window_get_default_size (GTK_WINDOW (get_window (app)), &width, &height);
  g_assert_cmpint (width, ==, 820);
  g_assert_cmpint (height, ==, 610);
}

static void
test_window_geometry (void)
{
  g_autoptr(GSettings) settings = g_settings_new (LF_APP_ID);

  run_app (NULL, resize_body, NULL);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 820);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 610);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  run_app (NULL, restore_body, NULL);

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lf/window/activate", test_window_activate);
  g_test_add ("/lf/window/open-command-line", Fixture, NULL,
              fixture_set_up, test_window_open_command_line, fixture_tear_down);
  g_test_add ("/lf/window/open-errors", Fixture, NULL,
              fixture_set_up, test_window_open_errors, fixture_tear_down);
  g_test_add ("/lf/window/file-chooser", Fixture, NULL,
              fixture_set_up, test_window_file_chooser, fixture_tear_down);
  g_test_add_func ("/lf/window/geometry", test_window_geometry);

  return g_test_run ();
}
