/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>

#include "lf-application.h"
#include "lf-canvas.h"
#include "lf-start-page.h"
#include "lf-window.h"
#include "lf-app-test-util.h"

/* Each test runs a whole LfApplication: g_application_run() starts it (with a file
 * on the command line for some), the test body runs from the main loop once the
 * application is up, and app.quit ends it. The run must return 0 and leave no
 * window behind.
 */

/* A copy of a bundled scenario, so that tests may rewrite it. */
#define BUNDLED "04-s3-async-retries.lflow.json"
#define BUNDLED_TITLE "Thumbnails from S3: the async event queue, 3 tries and a DLQ"

static char *
bundled_contents (const char *basename)
{
  g_autofree char *path = lf_test_bundled_path (basename);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

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
  g_autofree char *contents = bundled_contents (BUNDLED);

  fixture->dir = g_dir_make_tmp ("lf-test-window-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->scenario = fixture_write (fixture, "orders.lflow.json", contents);
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
get_title (LfWindow *window)
{
  return adw_window_title_get_title (get_window_title (window));
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

static gboolean
thumbnails_drawn (gpointer data)
{
  return lf_start_page_get_n_thumbnails (data) >= lf_start_page_get_n_scenarios (data);
}

static void
activate_body (LfApplication *app,
               gpointer       data)
{
  LfWindow *window = lf_test_get_window (app);
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.open");
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (window)));
  LfStartPage *start = lf_window_get_start_page (window);
  GtkWindow *about;
  GtkWindow *shortcuts;

  g_assert_cmpstr (adw_window_title_get_title (get_window_title (window)), ==, "Lambda Flow");
  g_assert_cmpstr (get_subtitle (window), ==, "");
  g_assert_cmpstr (get_page (window), ==, "start");
  g_assert_null (lf_window_get_file (window));
  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>o"));
  g_assert_true (gtk_icon_theme_has_icon (theme, LF_APP_ID));
  g_assert_true (gtk_icon_theme_has_icon (theme, LF_APP_ID "-symbolic"));
  g_assert_true (gtk_icon_theme_has_icon (theme, "lf-chart-symbolic"));

  /* The gallery holds the bundled library; thumbnails come one per idle. */
  g_assert_cmpuint (lf_start_page_get_n_scenarios (start), >=, 15);
  lf_test_wait_for (thumbnails_drawn, start);

  /* Nothing to play or export before a scenario is open. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.play", NULL);
  g_assert_false (lf_session_get_playing (lf_window_get_session (window)));

  assert_screenshot (GTK_WIDGET (window), "window-start.png");

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
  lf_test_wait_for (lf_test_widget_is_mapped, shortcuts);
  gtk_window_close (shortcuts);
}

static void
test_window_activate (void)
{
  lf_test_run_app (NULL, activate_body, NULL);
}

/* /lf/window/open-command-line */

static void
open_body (LfApplication *app,
           gpointer       data)
{
  Fixture *fixture = data;
  LfWindow *window = lf_test_get_window (app);
  g_autoptr(GFile) file = g_file_new_for_path (fixture->scenario);
  g_autoptr(GSettings) settings = g_settings_new (LF_APP_ID);
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *last = g_settings_get_string (settings, "last-scenario");
  g_autofree char *contents = NULL;
  LfCanvas *canvas = get_canvas (window);

  g_assert_nonnull (lf_window_get_file (window));
  g_assert_true (g_file_equal (lf_window_get_file (window), file));
  g_assert_cmpstr (get_title (window), ==, BUNDLED_TITLE);
  g_assert_cmpstr (lf_window_get_scenario_title (window), ==, BUNDLED_TITLE);
  g_assert_cmpstr (get_subtitle (window), ==, "orders.lflow.json");
  g_assert_cmpstr (get_page (window), ==, "canvas");
  g_assert_true (lf_canvas_get_session (canvas) == lf_window_get_session (window));
  g_assert_cmpstr (last, ==, uri);
  g_assert_true (gtk_recent_manager_has_item (gtk_recent_manager_get_default (), uri));

  assert_screenshot (GTK_WIDGET (window), "window-scenario.png");
  g_assert_nonnull (lf_canvas_get_texture (canvas));

  /* win.reload reads the file again. */
  contents = bundled_contents ("01-sync-sdk-retries.lflow.json");
  g_free (fixture_write (fixture, "orders.lflow.json", contents));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reload", NULL));
  g_assert_cmpstr (get_title (window), !=, BUNDLED_TITLE);
  g_assert_cmpstr (get_title (window), ==,
                   lf_scenario_get_title (lf_session_get_scenario (lf_window_get_session (window))));

  /* The library comes back from the menu. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-library", NULL));
  g_assert_cmpstr (get_page (window), ==, "start");
  g_assert_cmpstr (get_title (window), ==, "Lambda Flow");
  g_assert_cmpstr (get_subtitle (window), ==, "");
}

static void
test_window_open_command_line (Fixture       *fixture,
                               gconstpointer  data)
{
  lf_test_run_app ((const char *[]) { fixture->scenario, NULL }, open_body, fixture);
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
  if (!toast_shows_text (GTK_WIDGET (window), message))
    g_error ("no toast says “%s”", message);
}

static GtkWidget *
find_button_labelled (GtkWidget  *widget,
                      const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0 &&
      gtk_widget_get_mapped (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_labelled (child, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
details_shown (gpointer data)
{
  return find_button_labelled (data, "_Details") != NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return lf_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

/* Issue #5 review: a long load error is cut off in the toast (three problems at most);
 * its "Details" button opens a dialog with every one, selectable (file, JSON path,
 * message). five-errors.lflow.json has five. */
static void
assert_details (LfWindow *window)
{
  g_autofree char *path = g_build_filename (g_getenv ("LF_SOURCE_ROOT"), "tests", "scenarios", "invalid",
                                            "five-errors.lflow.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  const char *paths[] = { "nodes[1].props.timeout", "edges[0].props.batch_size", "edges[1].to",
                          "workload[0].target", "faults[0].probability" };
  GtkWindow *dialog;
  GtkWidget *label;
  const char *text;

  g_assert_false (lf_window_open_file (window, file));
  lf_test_wait_for (details_shown, window);
  g_assert_false (toast_shows_text (GTK_WIDGET (window), paths[4]));   /* cut off */
  g_signal_emit_by_name (find_button_labelled (GTK_WIDGET (window), "_Details"), "clicked");
  lf_test_wait_for (dialog_shown, NULL);
  dialog = lf_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (window));
  label = lf_test_find_named (GTK_WIDGET (dialog), "problems");
  g_assert_nonnull (label);
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (label)));
  text = gtk_label_get_text (GTK_LABEL (label));
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *line = g_strdup_printf ("five-errors.lflow.json: %s: error: ", paths[i]);
      if (strstr (text, line) == NULL)
        g_error ("the details do not say “%s”: %s", line, text);
    }
  assert_screenshot (GTK_WIDGET (dialog), "window-error-details.png");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_destroy (dialog);
}

static void
errors_body (LfApplication *app,
             gpointer       data)
{
  Fixture *fixture = data;
  LfWindow *window = lf_test_get_window (app);

  assert_open_fails (window, fixture, "broken.lflow.json", "{\n  \"title\": \"x\",\n}\n",
                     "Could not open “broken.lflow.json”: 2:15: Parse error");
  assert_open_fails (window, fixture, "list.lflow.json", "[1, 2]",
                     "Could not open “list.lflow.json”: not a Lambda Flow scenario");
  assert_open_fails (window, fixture, "bogus.lflow.json",
                     "{\"format\": \"lambdaflow/1\", \"nodes\": [{\"id\": \"a\", \"type\": \"bogus\"}]}",
                     "nodes[0].type: unknown node type");
  assert_open_fails (window, fixture, "missing.lflow.json", NULL,
                     "Could not open “missing.lflow.json”");
  assert_details (window);

  /* Nothing was opened. */
  g_assert_null (lf_window_get_file (window));
  g_assert_cmpstr (get_subtitle (window), ==, "");
  g_assert_cmpstr (get_title (window), ==, "Lambda Flow");
  g_assert_cmpstr (get_page (window), ==, "start");
  assert_screenshot (GTK_WIDGET (window), "window-error.png");
}

static void
test_window_open_errors (Fixture       *fixture,
                         gconstpointer  data)
{
  lf_test_run_app (NULL, errors_body, fixture);
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
  LfWindow *window = lf_test_get_window (app);
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

  g_assert_cmpstr (get_title (window), ==, BUNDLED_TITLE);
  g_assert_null (lf_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));
}

static void
test_window_file_chooser (Fixture       *fixture,
                          gconstpointer  data)
{
  lf_test_run_app (NULL, file_chooser_body, fixture);
}

/* /lf/window/gallery */

static void
gallery_body (LfApplication *app,
              gpointer       data)
{
  LfWindow *window = lf_test_get_window (app);
  LfStartPage *start = lf_window_get_start_page (window);
  GFile *first = lf_start_page_get_scenario_file (start, 0);
  GtkWidget *gallery = lf_test_find_descendant (GTK_WIDGET (start), GTK_TYPE_FLOW_BOX, NULL);
  GtkFlowBoxChild *child;

  g_assert_nonnull (gallery);
  child = gtk_flow_box_get_child_at_index (GTK_FLOW_BOX (gallery), 0);
  g_assert_nonnull (child);
  g_signal_emit_by_name (gallery, "child-activated", child);

  g_assert_cmpstr (get_page (window), ==, "canvas");
  g_assert_true (g_file_equal (lf_window_get_file (window), first));
}

/* /lf/window/drop */

static GtkDropTarget *
find_drop_target (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }

  return NULL;
}

static void
drop_body (LfApplication *app,
           gpointer       data)
{
  LfWindow *window = lf_test_get_window (app);
  GtkDropTarget *target = find_drop_target (GTK_WIDGET (window));
  g_autofree char *path = lf_test_bundled_path (BUNDLED);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GSList files = { file, NULL };
  GValue value = G_VALUE_INIT;
  gboolean dropped = FALSE;

  g_assert_nonnull (target);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_set_boxed (&value, &files);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &dropped);
  g_value_unset (&value);

  g_assert_true (dropped);
  g_assert_cmpstr (get_page (window), ==, "canvas");
  g_assert_cmpstr (get_title (window), ==, BUNDLED_TITLE);
}

static void
test_window_drop (void)
{
  lf_test_run_app (NULL, drop_body, NULL);
}

/* /lf/window/keys */

static void
keys_body (LfApplication *app,
           gpointer       data)
{
  LfWindow *window = lf_test_get_window (app);
  LfSession *session = lf_window_get_session (window);
  GtkEventController *keys = lf_test_find_key_controller (GTK_WIDGET (window));
  GtkWidget *search = NULL;
  GtkWidget *panels;
  LfTime now;

  g_assert_nonnull (keys);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (get_canvas (window))));

  /* The bundled scenario is narrated: its card takes Space, arrows, Home and End
   * (test-tour.c). With the tour hidden the transport's keys are as before. */
  g_assert_true (lf_window_get_tour_shown (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-tour", NULL));
  g_assert_false (lf_window_get_tour_shown (window));

  /* On the canvas the transport's bare keys work. */
  g_assert_true (lf_test_press (keys, GDK_KEY_space));
  g_assert_true (lf_session_get_playing (session));
  g_assert_true (lf_test_press (keys, GDK_KEY_space));
  g_assert_false (lf_session_get_playing (session));
  now = lf_session_get_now (session);
  g_assert_true (lf_test_press (keys, GDK_KEY_period));
  g_assert_true (lf_test_press (keys, GDK_KEY_Right));
  g_assert_cmpint (lf_session_get_now (session), >=, now);
  g_assert_true (lf_test_press (keys, GDK_KEY_bracketright));
  g_assert_cmpfloat (lf_session_get_speed (session), ==, 2.0);
  g_assert_true (lf_test_press (keys, GDK_KEY_bracketleft));
  g_assert_cmpfloat (lf_session_get_speed (session), ==, 1.0);
  g_assert_true (lf_test_press (keys, GDK_KEY_Home));
  g_assert_cmpint (lf_session_get_now (session), ==, 0);
  g_assert_false (lf_test_press (keys, GDK_KEY_a));

  /* In a text field of a side panel they type. */
  panels = lf_test_find_descendant (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK, NULL);
  g_assert_nonnull (panels);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (panels), "log");
  search = lf_test_find_descendant (adw_view_stack_get_visible_child (ADW_VIEW_STACK (panels)),
                                    GTK_TYPE_TEXT, NULL);
  g_assert_nonnull (search);
  lf_test_wait_for (lf_test_widget_is_mapped, search);
  g_assert_true (gtk_widget_grab_focus (search));
  g_assert_false (lf_test_press (keys, GDK_KEY_space));
  g_assert_false (lf_session_get_playing (session));
}

static void
test_window_keys (Fixture       *fixture,
                  gconstpointer  data)
{
  lf_test_run_app ((const char *[]) { fixture->scenario, NULL }, keys_body, fixture);
}

static void
test_window_gallery (void)
{
  lf_test_run_app (NULL, gallery_body, NULL);
}

/* /lf/window/transport */

static gboolean
is_clock (GtkWidget *widget)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "clock");
}

static GtkWidget *
find_clock (GtkWidget *widget)
{
  if (is_clock (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_clock (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static const char *
clock_text (LfWindow *window)
{
  GtkWidget *clock = find_clock (GTK_WIDGET (window));

  g_assert_nonnull (clock);
  return gtk_label_get_label (GTK_LABEL (clock));
}

static gboolean
clock_moved (gpointer data)
{
  return lf_session_get_now (data) > 0;
}

static void
transport_body (LfApplication *app,
                gpointer       data)
{
  LfWindow *window = lf_test_get_window (app);
  LfSession *session = lf_window_get_session (window);
  LfCanvas *canvas = get_canvas (window);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *clock = NULL;
  LfTime now;

  /* Without the walkthrough the transport plays freely (test-tour.c has it on). */
  g_object_set (window, "show-tour", FALSE, NULL);

  g_assert_cmpstr (clock_text (window), ==, "00:00.0");
  before = lf_test_canvas_pixels (canvas);

  /* Play: frames advance the clock by their wall time × speed. */
  lf_test_activate (window, "win.play");
  g_assert_true (lf_session_get_playing (session));
  for (int i = 0; i < 10; i++)
    lf_canvas_tick (canvas, 100000);
  g_assert_cmpint (lf_session_get_now (session), ==, LF_SEC (1));
  g_assert_cmpstr (clock_text (window), ==, "00:01.0");

  /* The frame clock drives it too. */
  lf_test_wait_for (clock_moved, session);

  lf_test_activate (window, "win.play");
  g_assert_false (lf_session_get_playing (session));
  after = lf_test_canvas_pixels (canvas);
  g_assert_false (g_bytes_equal (before, after));
  assert_screenshot (GTK_WIDGET (window), "window-playing.png");

  /* Step: one event, paused. */
  now = lf_session_get_now (session);
  lf_test_activate (window, "win.step");
  g_assert_cmpint (lf_session_get_now (session), >=, now);
  g_assert_false (lf_session_get_playing (session));

  /* Speed: ×1 → ×2 → ×1, bounded. */
  lf_test_activate (window, "win.speed-up");
  g_assert_cmpfloat (lf_session_get_speed (session), ==, 2.0);
  lf_test_activate (window, "win.speed-down");
  g_assert_cmpfloat (lf_session_get_speed (session), ==, 1.0);
  lf_session_set_speed (session, LF_SESSION_SPEED_MAX);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.speed-up", NULL);
  g_assert_cmpfloat (lf_session_get_speed (session), ==, LF_SESSION_SPEED_MAX);
  lf_session_set_speed (session, 1.0);

  /* Reset: back to t = 0. */
  lf_test_activate (window, "win.reset");
  g_assert_cmpint (lf_session_get_now (session), ==, 0);
  g_assert_cmpstr (clock_text (window), ==, "00:00.0");

  /* At the end, play starts over. */
  lf_session_seek (session, lf_session_get_duration (session));
  g_assert_true (lf_session_get_finished (session));
  g_assert_false (lf_session_get_playing (session));
  lf_test_activate (window, "win.play");
  g_assert_true (lf_session_get_playing (session));
  g_assert_cmpint (lf_session_get_now (session), ==, 0);
  lf_test_activate (window, "win.play");

  /* Zoom and fit. */
  lf_test_activate (window, "win.zoom-in");
  g_assert_cmpfloat (lf_canvas_get_zoom (canvas), >, 0);
  lf_test_activate (window, "win.zoom-fit");

  /* Selecting a node on the canvas selects it in the session. */
  {
    cairo_rectangle_t rect;

    g_assert_true (lf_painter_get_node_rect (lf_canvas_get_painter (canvas), "make-thumbnail", &rect));
    lf_canvas_select_at (canvas, rect.x + rect.width / 2, rect.y + rect.height / 2);
    g_assert_cmpstr (lf_session_get_selected (session), ==, "make-thumbnail");
  }
  assert_screenshot (GTK_WIDGET (window), "window-selected.png");

  clock = lf_window_format_clock (LF_MINUTE (61) + LF_MSEC (2345));
  g_assert_cmpstr (clock, ==, "1:01:02.3");
}

static void
test_window_transport (Fixture       *fixture,
                       gconstpointer  data)
{
  lf_test_run_app ((const char *[]) { fixture->scenario, NULL }, transport_body, fixture);
}

/* /lf/window/export */

static void
assert_exported (LfWindow   *window,
                 Fixture    *fixture,
                 const char *basename,
                 const char *magic)
{
  g_autofree char *path = g_build_filename (fixture->dir, basename, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (lf_window_export (window, file));
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, strlen (magic));
  g_assert_nonnull (g_strstr_len (contents, MIN (length, 256), magic));
}

static void
export_body (LfApplication *app,
             gpointer       data)
{
  Fixture *fixture = data;
  LfWindow *window = lf_test_get_window (app);
  GtkWidget *canvas = GTK_WIDGET (get_canvas (window));
  g_autofree char *png = g_build_filename (fixture->dir, "view.png", NULL);
  g_autofree char *bad = g_build_filename (fixture->dir, "view.gif", NULL);
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  lf_test_wait_for_paint (canvas);
  assert_exported (window, fixture, "view.png", "PNG");
  assert_exported (window, fixture, "view.svg", "<svg");
  assert_exported (window, fixture, "view.pdf", "%PDF");

  texture = gdk_texture_new_from_filename (png, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==,
                   gtk_widget_get_width (canvas) * gtk_widget_get_scale_factor (canvas));
  g_assert_true (toast_shows_text (GTK_WIDGET (window), "Exported “view"));

  /* An unknown extension is refused and nothing is written. */
  g_assert_false (lf_window_export (window, bad_file));
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
}

static void
test_window_export (Fixture       *fixture,
                    gconstpointer  data)
{
  lf_test_run_app ((const char *[]) { fixture->scenario, NULL }, export_body, fixture);
}

/* /lf/window/geometry */

static void
resize_body (LfApplication *app,
             gpointer       data)
{
  gtk_window_set_default_size (GTK_WINDOW (lf_test_get_window (app)), 820, 610);
}

static void
restore_body (LfApplication *app,
              gpointer       data)
{
  int width;
  int height;

  gtk_window_get_default_size (GTK_WINDOW (lf_test_get_window (app)), &width, &height);
  g_assert_cmpint (width, ==, 820);
  g_assert_cmpint (height, ==, 610);
}

static void
test_window_geometry (void)
{
  g_autoptr(GSettings) settings = g_settings_new (LF_APP_ID);

  lf_test_run_app (NULL, resize_body, NULL);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 820);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 610);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  lf_test_run_app (NULL, restore_body, NULL);

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("lf-test-window-data-XXXXXX", NULL);
  g_autofree char *recent = NULL;
  int status;

  /* Recent files go to a private data home, not the user's. */
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);
  /* Autosaves of this run only: another test's leftovers would be offered back (a toast) */
  lf_test_use_private_autosave_dir ();

  g_test_add_func ("/lf/window/activate", test_window_activate);
  g_test_add ("/lf/window/open-command-line", Fixture, NULL,
              fixture_set_up, test_window_open_command_line, fixture_tear_down);
  g_test_add ("/lf/window/open-errors", Fixture, NULL,
              fixture_set_up, test_window_open_errors, fixture_tear_down);
  g_test_add ("/lf/window/file-chooser", Fixture, NULL,
              fixture_set_up, test_window_file_chooser, fixture_tear_down);
  g_test_add_func ("/lf/window/gallery", test_window_gallery);
  g_test_add_func ("/lf/window/drop", test_window_drop);
  g_test_add ("/lf/window/keys", Fixture, NULL,
              fixture_set_up, test_window_keys, fixture_tear_down);
  g_test_add ("/lf/window/transport", Fixture, NULL,
              fixture_set_up, test_window_transport, fixture_tear_down);
  g_test_add ("/lf/window/export", Fixture, NULL,
              fixture_set_up, test_window_export, fixture_tear_down);
  g_test_add_func ("/lf/window/geometry", test_window_geometry);

  status = g_test_run ();

  recent = g_build_filename (data_home, "recently-used.xbel", NULL);
  g_unlink (recent);
  g_rmdir (data_home);
  return status;
}
