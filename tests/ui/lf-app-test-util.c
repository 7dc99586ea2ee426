/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "lf-app-test-util.h"

typedef struct {
  LfTestAppFunc  func;
  gpointer       data;
  gboolean       done;
} AppTest;

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

void
lf_test_run_app_full (const char * const *args,
                      LfTestAppFlags      flags,
                      LfTestAppFunc       func,
                      gpointer            data)
{
  LfApplication *app = lf_application_new (LF_APP_ID, G_APPLICATION_NON_UNIQUE);
  AppTest test = { func, data, FALSE };
  guint n_args = args != NULL ? g_strv_length ((char **) args) : 0;
  g_autofree char **argv = g_new0 (char *, n_args + 2);
  int status;

  argv[0] = (char *) "lambdaflow";
  for (guint i = 0; i < n_args; i++)
    argv[i + 1] = (char *) args[i];

  g_signal_connect_after (app, "startup", G_CALLBACK (app_startup_cb), &test);
  status = g_application_run (G_APPLICATION (app), (int) n_args + 1, argv);

  g_assert_cmpint (status, ==, 0);
  g_assert_true (test.done);
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
  if (!(flags & LF_TEST_APP_ALLOW_TOPLEVELS))
    {
      GtkWindow *left = lf_test_find_toplevel (GTK_TYPE_WINDOW);

      if (left != NULL)
        g_test_message ("a %s is still shown", G_OBJECT_TYPE_NAME (left));
      g_assert_null (left);
    }
  g_assert_finalize_object (app);
}

void
lf_test_run_app (const char * const *args,
                 LfTestAppFunc       func,
                 gpointer            data)
{
  lf_test_run_app_full (args, LF_TEST_APP_DEFAULT, func, data);
}

char *
lf_test_bundled_path (const char *basename)
{
  return g_build_filename (g_getenv ("LF_SOURCE_ROOT"), "data", "scenarios", basename, NULL);
}

gboolean
lf_test_widget_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

LfWindow *
lf_test_get_window (LfApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_true (LF_IS_WINDOW (window));
  lf_test_wait_for (lf_test_widget_is_mapped, window);

  return LF_WINDOW (window);
}

void
lf_test_activate (LfWindow   *window,
                  const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, NULL));
}

GtkWidget *
lf_test_find_named (GtkWidget  *widget,
                    const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = lf_test_find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

gboolean
lf_test_has_label (GtkWidget  *widget,
                   const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (lf_test_has_label (child, text))
      return TRUE;

  return FALSE;
}

GtkEventController *
lf_test_find_key_controller (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        return GTK_EVENT_CONTROLLER (controller);
    }

  return NULL;
}

gboolean
lf_test_press (GtkEventController *keys,
               guint               keyval)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (keys, "key-pressed", keyval, 0, 0, &handled);
  return handled;
}

void
lf_test_save_screenshot (GtkWidget  *widget,
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

GBytes *
lf_test_canvas_pixels (LfCanvas *canvas)
{
  GdkTexture *texture;
  gsize stride, size;
  guchar *pixels;

  lf_test_wait_for_paint (GTK_WIDGET (canvas));
  texture = lf_canvas_get_texture (canvas);
  g_assert_nonnull (texture);
  stride = (gsize) gdk_texture_get_width (texture) * 4;
  size = stride * gdk_texture_get_height (texture);
  pixels = g_malloc (size);
  gdk_texture_download (texture, pixels, stride);
  return g_bytes_new_take (pixels, size);
}
