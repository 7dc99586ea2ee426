/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <adwaita.h>
#include <string.h>

#include "lf-canvas.h"
#include "lf-canvas-private.h"
#include "lf-ui-test-util.h"

/* LfCanvas around a real session: it draws the scenario, redraws only when something
 * changed, advances the session from its tick, zooms, pans, fits, hit-tests, selects
 * and follows the dark style. */

typedef struct {
  GtkWindow *window;
  LfCanvas  *canvas;
  LfSession *session;
} Fixture;

static char *
scenario_path (const char *basename)
{
  const char *root = g_getenv ("LF_SOURCE_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, "data", "scenarios", basename, NULL);
}

static gboolean
widget_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = scenario_path ("04-s3-async-retries.lflow.json");
  g_autofree char *icons = g_build_filename (g_getenv ("LF_SOURCE_ROOT"), "data", "icons", "nodes", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  fixture->session = lf_session_new ();
  g_assert_true (lf_session_load_file (fixture->session, file, &error));
  g_assert_no_error (error);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  fixture->canvas = g_object_ref (LF_CANVAS (lf_canvas_new ()));
  lf_canvas_set_icon_dir (fixture->canvas, icons);
  lf_canvas_set_session (fixture->canvas, fixture->session);
  gtk_window_set_default_size (fixture->window, 800, 500);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->canvas));
  gtk_window_present (fixture->window);
  lf_test_wait_for (widget_is_mapped, fixture->canvas);
  lf_test_wait_for_paint (GTK_WIDGET (fixture->canvas));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  g_assert_finalize_object (fixture->canvas);
  g_assert_finalize_object (fixture->session);
}

/* A copy of the pixels of the canvas's last frame. */
static GBytes *
frame_pixels (LfCanvas *canvas)
{
  GdkTexture *texture = lf_canvas_get_texture (canvas);
  gsize stride, size;
  guchar *data;

  g_assert_nonnull (texture);
  stride = (gsize) gdk_texture_get_width (texture) * 4;
  size = stride * gdk_texture_get_height (texture);
  data = g_malloc (size);
  gdk_texture_download (texture, data, stride);
  return g_bytes_new_take (data, size);
}

static GBytes *
repaint (LfCanvas *canvas)
{
  lf_test_wait_for_paint (GTK_WIDGET (canvas));
  return frame_pixels (canvas);
}

static void
test_canvas_session (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GBytes) first = frame_pixels (fixture->canvas);
  g_autoptr(GBytes) later = NULL;
  GdkTexture *texture = lf_canvas_get_texture (fixture->canvas);
  guint renders = lf_canvas_get_n_renders (fixture->canvas);
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (fixture->canvas));

  g_assert_cmpint (gdk_texture_get_width (texture), ==,
                   gtk_widget_get_width (GTK_WIDGET (fixture->canvas)) * scale);
  lf_test_save_texture (texture, "canvas-start.png");

  /* Nothing changed: a repaint reuses the frame. */
  lf_test_wait_for_paint (GTK_WIDGET (fixture->canvas));
  g_assert_cmpuint (lf_canvas_get_n_renders (fixture->canvas), ==, renders);

  /* Paused, a tick does nothing. */
  lf_canvas_tick (fixture->canvas, 50000);
  g_assert_cmpint (lf_session_get_now (fixture->session), ==, 0);

  /* Playing, each tick advances by its wall time × speed; a long frame is capped. */
  lf_session_set_playing (fixture->session, TRUE);
  lf_session_set_speed (fixture->session, 10.0);
  for (int i = 0; i < 10; i++)
    lf_canvas_tick (fixture->canvas, 50000);
  g_assert_cmpint (lf_session_get_now (fixture->session), ==, LF_SEC (5));
  lf_canvas_tick (fixture->canvas, 10 * G_USEC_PER_SEC);
  g_assert_cmpint (lf_session_get_now (fixture->session), ==, LF_SEC (6));

  later = repaint (fixture->canvas);
  g_assert_cmpuint (lf_canvas_get_n_renders (fixture->canvas), ==, renders + 1);
  g_assert_false (g_bytes_equal (first, later));
  lf_test_save_texture (lf_canvas_get_texture (fixture->canvas), "canvas-playing.png");

  lf_session_set_playing (fixture->session, FALSE);
}

static gboolean
clock_moved (gpointer data)
{
  return lf_session_get_now (data) > 0;
}

/* The real tick callback runs on the frame clock while the session plays. */
static void
test_canvas_frame_clock (Fixture       *fixture,
                         gconstpointer  data)
{
  lf_session_set_speed (fixture->session, 100.0);
  lf_session_set_playing (fixture->session, TRUE);
  lf_test_wait_for (clock_moved, fixture->session);
  lf_session_set_playing (fixture->session, FALSE);
}

static void
test_canvas_view (Fixture       *fixture,
                  gconstpointer  data)
{
  LfCanvas *canvas = fixture->canvas;
  g_autoptr(GBytes) fitted = frame_pixels (canvas);
  g_autoptr(GBytes) zoomed = NULL;
  g_autoptr(GBytes) refitted = NULL;
  double fit = lf_canvas_get_zoom (canvas);
  double scale, ox, oy;

  lf_canvas_zoom_by (canvas, 2.0);
  g_assert_cmpfloat_with_epsilon (lf_canvas_get_zoom (canvas), 2 * fit, 1e-9);
  zoomed = repaint (canvas);
  g_assert_false (g_bytes_equal (fitted, zoomed));

  lf_canvas_zoom_reset (canvas);
  g_assert_cmpfloat_with_epsilon (lf_canvas_get_zoom (canvas), 1.0, 1e-9);
  lf_canvas_zoom_by (canvas, 1000.0);
  g_assert_cmpfloat (lf_canvas_get_zoom (canvas), ==, LF_CANVAS_ZOOM_MAX);

  lf_painter_get_view (lf_canvas_get_painter (canvas), &scale, &ox, &oy);
  lf_canvas_pan (canvas, 30, -20);
  {
    double scale2, ox2, oy2;

    lf_painter_get_view (lf_canvas_get_painter (canvas), &scale2, &ox2, &oy2);
    g_assert_cmpfloat (scale2, ==, scale);
    g_assert_cmpfloat_with_epsilon (ox2, ox + 30, 1e-9);
    g_assert_cmpfloat_with_epsilon (oy2, oy - 20, 1e-9);
  }

  lf_canvas_fit (canvas);
  g_assert_cmpfloat_with_epsilon (lf_canvas_get_zoom (canvas), fit, 1e-9);
  refitted = repaint (canvas);
  g_assert_true (g_bytes_equal (fitted, refitted));
}

static void
test_canvas_select (Fixture       *fixture,
                    gconstpointer  data)
{
  LfCanvas *canvas = fixture->canvas;
  g_autoptr(GBytes) before = frame_pixels (canvas);
  g_autoptr(GBytes) selected = NULL;
  cairo_rectangle_t rect;
  double x, y;

  g_assert_true (lf_painter_get_node_rect (lf_canvas_get_painter (canvas), "make-thumbnail", &rect));
  x = rect.x + rect.width / 2;
  y = rect.y + rect.height / 2;
  g_assert_cmpstr (lf_canvas_hit_test (canvas, x, y), ==, "make-thumbnail");
  g_assert_null (lf_canvas_hit_test (canvas, 2, 2));

  lf_canvas_select_at (canvas, x, y);
  g_assert_cmpstr (lf_session_get_selected (fixture->session), ==, "make-thumbnail");
  selected = repaint (canvas);
  g_assert_false (g_bytes_equal (before, selected));
  lf_test_save_texture (lf_canvas_get_texture (canvas), "canvas-selected.png");

  lf_canvas_select_at (canvas, 2, 2);
  g_assert_null (lf_session_get_selected (fixture->session));
}

/* Clicking a token selects its message (the log then shows its lineage); the token is
 * drawn ringed; a click beside it selects as before. */
static void
test_canvas_select_token (Fixture       *fixture,
                          gconstpointer  data)
{
  LfCanvas *canvas = fixture->canvas;
  LfPainter *painter = lf_canvas_get_painter (canvas);
  LfVisual *visual = lf_session_get_visual (fixture->session);
  g_autoptr(GBytes) before = NULL, ringed = NULL;
  int width = gtk_widget_get_width (GTK_WIDGET (canvas)), height = gtk_widget_get_height (GTK_WIDGET (canvas));
  guint32 msg = 0;
  double x = 0, y = 0;

  /* play until a notification token travels from the bucket (the first at ≈ 0.3 s) */
  lf_session_set_playing (fixture->session, TRUE);
  for (int i = 0; i < 200 && lf_visual_count_visible_tokens (visual) == 0; i++)
    lf_canvas_tick (canvas, 20000);
  lf_session_set_playing (fixture->session, FALSE);
  g_assert_cmpuint (lf_visual_count_visible_tokens (visual), >, 0);
  before = repaint (canvas);
  for (int py = 0; py < height && msg == 0; py += 2)
    for (int px = 0; px < width && msg == 0; px += 2)
      if (lf_painter_node_at (painter, px, py) == NULL &&
          (msg = lf_painter_token_at (painter, visual, px, py, 0)) != 0)
        x = px, y = py;
  g_assert_cmpuint (msg, >=, 1);
  g_assert_cmpuint (msg, <=, lf_sim_message_count (lf_session_get_sim (fixture->session)));
  g_assert_cmpstr (lf_canvas_hit_test (canvas, x, y), ==, "on-upload");   /* the token is on it */

  lf_canvas_select_at (canvas, x, y);
  g_assert_cmpuint (lf_session_get_selected_message (fixture->session), ==, msg);
  g_assert_null (lf_session_get_selected (fixture->session));   /* the token won over its edge */
  g_assert_cmpuint (lf_painter_get_selected_message (painter), ==, 0);   /* until it redraws */
  ringed = repaint (canvas);
  g_assert_cmpuint (lf_painter_get_selected_message (painter), ==, msg);
  g_assert_false (g_bytes_equal (before, ringed));
  lf_test_save_texture (lf_canvas_get_texture (canvas), "canvas-token-selected.png");

  /* nowhere near a token: the usual selection, the message stays selected */
  lf_canvas_select_at (canvas, 2, 2);
  g_assert_null (lf_session_get_selected (fixture->session));
  g_assert_cmpuint (lf_session_get_selected_message (fixture->session), ==, msg);
  g_assert_cmpuint (lf_painter_token_at (painter, visual, 2, 2, 4), ==, 0);

  /* In the designer (a document on the canvas), a press on the token selects its message
   * too, and does not start a move, a connection or a pan */
  {
    g_autofree char *text = lf_scenario_to_data (lf_session_get_scenario (fixture->session), NULL);
    g_autoptr(LfScenario) copy = lf_scenario_load_from_data (text, -1, NULL, NULL, NULL);
    g_autoptr(LfDocument) document = lf_document_new (copy, NULL);

    lf_session_set_selected_message (fixture->session, 0);
    lf_canvas_set_document (canvas, document);
    lf_painter_set_view (painter, lf_canvas_get_zoom (canvas), 0, 0);
    repaint (canvas);
    msg = 0;
    for (int py = 0; py < height && msg == 0; py += 2)
      for (int px = 0; px < width && msg == 0; px += 2)
        if (lf_painter_node_at (painter, px, py) == NULL &&
            (msg = lf_painter_token_at (painter, visual, px, py, 0)) != 0)
          x = px, y = py;
    g_assert_cmpuint (msg, >=, 1);
    g_assert_true (_lf_canvas_edit_drag_begin (canvas, x, y, 0));
    g_assert_cmpuint (lf_session_get_selected_message (fixture->session), ==, msg);
    _lf_canvas_edit_drag_end (canvas, x, y, 0);
    g_assert_false (lf_document_get_dirty (document));
    lf_canvas_set_document (canvas, NULL);
  }
}

static void
test_canvas_dark (Fixture       *fixture,
                  gconstpointer  data)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  LfPainter *painter = lf_canvas_get_painter (fixture->canvas);
  g_autoptr(GBytes) light = frame_pixels (fixture->canvas);
  g_autoptr(GBytes) dark = NULL;

  g_assert_cmpint (lf_painter_get_style (painter), ==, LF_PAINTER_STYLE_LIGHT);
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_cmpint (lf_painter_get_style (painter), ==, LF_PAINTER_STYLE_DARK);
  dark = repaint (fixture->canvas);
  g_assert_false (g_bytes_equal (light, dark));
  lf_test_save_texture (lf_canvas_get_texture (fixture->canvas), "canvas-dark.png");
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_canvas_empty (void)
{
  LfCanvas *canvas = g_object_ref_sink (LF_CANVAS (lf_canvas_new ()));

  g_assert_null (lf_canvas_get_session (canvas));
  g_assert_null (lf_canvas_hit_test (canvas, 10, 10));
  lf_canvas_select_at (canvas, 10, 10);
  lf_canvas_tick (canvas, 1000);
  g_assert_null (lf_canvas_get_texture (canvas));
  g_assert_finalize_object (canvas);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/lf/canvas/empty", test_canvas_empty);
  g_test_add ("/lf/canvas/session", Fixture, NULL, fixture_set_up, test_canvas_session, fixture_tear_down);
  g_test_add ("/lf/canvas/frame-clock", Fixture, NULL, fixture_set_up, test_canvas_frame_clock, fixture_tear_down);
  g_test_add ("/lf/canvas/view", Fixture, NULL, fixture_set_up, test_canvas_view, fixture_tear_down);
  g_test_add ("/lf/canvas/select", Fixture, NULL, fixture_set_up, test_canvas_select, fixture_tear_down);
  g_test_add ("/lf/canvas/select-token", Fixture, NULL, fixture_set_up, test_canvas_select_token, fixture_tear_down);
  g_test_add ("/lf/canvas/dark", Fixture, NULL, fixture_set_up, test_canvas_dark, fixture_tear_down);

  return g_test_run ();
}
