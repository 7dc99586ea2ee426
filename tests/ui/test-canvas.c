/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "lf-canvas.h"
#include "lf-ui-test-util.h"

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_canvas_properties (void)
{
  LfCanvas *canvas = g_object_ref_sink (LF_CANVAS (lf_canvas_new ()));
  guint notified = 0;

  g_signal_connect (canvas, "notify", G_CALLBACK (count_notify_cb), &notified);

  g_assert_null (lf_canvas_get_title (canvas));
  g_assert_null (lf_canvas_get_caption (canvas));
  g_assert_true (lf_canvas_get_show_grid (canvas));

  lf_canvas_set_title (canvas, "Orders");
  lf_canvas_set_title (canvas, "Orders");
  g_assert_cmpstr (lf_canvas_get_title (canvas), ==, "Orders");
  g_assert_cmpuint (notified, ==, 1);

  g_object_set (canvas, "caption", "3 nodes", "show-grid", FALSE, NULL);
  g_assert_cmpstr (lf_canvas_get_caption (canvas), ==, "3 nodes");
  g_assert_false (lf_canvas_get_show_grid (canvas));
  g_assert_cmpuint (notified, ==, 3);

  lf_canvas_set_show_grid (canvas, FALSE);
  lf_canvas_set_title (canvas, NULL);
  g_assert_null (lf_canvas_get_title (canvas));
  g_assert_cmpuint (notified, ==, 4);

  g_assert_finalize_object (canvas);
}

static gboolean
widget_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static guint
render_and_count (LfCanvas   *canvas,
                  const char *png)
{
  g_autoptr(GdkTexture) texture = NULL;
  gboolean transparent;
  guint n_colours;

  lf_test_wait_for_paint (GTK_WIDGET (canvas));
  texture = lf_test_render_widget (GTK_WIDGET (canvas));
  n_colours = lf_test_count_colours (texture, 64, &transparent);
  g_assert_false (transparent);
  if (png != NULL)
    lf_test_save_texture (texture, png);

  return n_colours;
}

/* Without a grid or text the canvas is one flat colour; the grid adds dots and the
 * title adds anti-aliased text. */
static void
test_canvas_render (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  LfCanvas *canvas = g_object_ref (LF_CANVAS (lf_canvas_new ()));

  gtk_window_set_default_size (window, 400, 300);
  gtk_window_set_child (window, GTK_WIDGET (canvas));
  gtk_window_present (window);
  lf_test_wait_for (widget_is_mapped, canvas);

  lf_canvas_set_show_grid (canvas, FALSE);
  g_assert_cmpuint (render_and_count (canvas, NULL), ==, 1);

  lf_canvas_set_show_grid (canvas, TRUE);
  g_assert_cmpuint (render_and_count (canvas, NULL), >=, 2);

  lf_canvas_set_title (canvas, "Orders pipeline");
  lf_canvas_set_caption (canvas, "3 nodes · 2 connections");
  g_assert_cmpuint (render_and_count (canvas, "canvas.png"), >=, 8);

  gtk_window_destroy (window);
  g_assert_finalize_object (canvas);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) css = NULL;

  gtk_test_init (&argc, &argv, NULL);

  /* The application's style.css gives the canvas its colours; do the same here. */
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (css, "lf-canvas { background-color: white; color: black; }", -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_test_add_func ("/lf/canvas/properties", test_canvas_properties);
  g_test_add_func ("/lf/canvas/render", test_canvas_render);

  return g_test_run ();
}
