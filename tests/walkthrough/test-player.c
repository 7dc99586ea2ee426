/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* LfWalkthroughPlayer under a display (Xvfb in CI): the card follows the steps, its
 * buttons and keys steer the walkthrough; a screenshot of the card (LF_PLAYER_SHOT). */
#include <gtk/gtk.h>

#include "lf-walkthrough-player.h"

static void
iterate (void)
{
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
}

static GtkWidget *
find_button (GtkWidget *root, const char *icon)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;
      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (child)), icon) == 0)
        return child;
      if ((found = find_button (child, icon)))
        return found;
    }
  return NULL;
}

static gboolean
has_label (GtkWidget *root, const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), text) == 0)
        return TRUE;
      if (has_label (child, text))
        return TRUE;
    }
  return FALSE;
}

static void
save_shot (GtkWidget *widget, const char *path)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GdkPaintable *paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  g_autoptr(GdkTexture) texture = NULL;
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_object_unref (paintable);
}

static void
test_player (void)
{
  g_autofree char *path = g_build_filename (LF_SOURCE_DIR, "data", "scenarios", "04-s3-async-retries.lflow.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(LfSession) session = lf_session_new ();
  g_autoptr(LfWalkthrough) w = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window, *player, *next, *previous;

  g_assert_true (lf_session_load_file (session, file, &error));
  w = lf_walkthrough_new (session);
  player = lf_walkthrough_player_new (w);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 480, 420);
  gtk_widget_set_valign (player, GTK_ALIGN_START);
  gtk_window_set_child (GTK_WINDOW (window), player);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();

  g_assert_true (lf_walkthrough_go_to (w, 0));
  iterate ();
  g_assert_true (has_label (player, "Step 1 of 6"));
  g_assert_true (has_label (player, "S3 invokes asynchronously"));
  next = find_button (player, "go-next-symbolic");
  previous = find_button (player, "go-previous-symbolic");
  g_assert_nonnull (next);
  g_assert_nonnull (previous);
  g_assert_false (gtk_widget_get_sensitive (previous));
  g_signal_emit_by_name (next, "clicked");
  g_signal_emit_by_name (next, "clicked");
  g_signal_emit_by_name (next, "clicked");
  iterate ();
  g_assert_cmpint (lf_walkthrough_get_current (w), ==, 3);
  g_assert_true (has_label (player, "Step 4 of 6"));
  g_signal_emit_by_name (previous, "clicked");
  iterate ();
  g_assert_cmpint (lf_walkthrough_get_current (w), ==, 2);
  g_assert_true (has_label (player, "Wait 1 minute, try 2"));
  /* play through from here */
  g_signal_emit_by_name (find_button (player, "media-playback-start-symbolic"), "clicked");
  iterate ();
  g_assert_true (lf_walkthrough_get_play_through (w));
  g_assert_true (lf_session_get_playing (session));
  g_assert_nonnull (find_button (player, "media-playback-pause-symbolic"));
  if (g_getenv ("LF_PLAYER_SHOT"))
    {
      gint64 until = g_get_monotonic_time () + 500000;
      lf_walkthrough_set_play_through (w, FALSE);
      lf_session_set_playing (session, FALSE);
      while (g_get_monotonic_time () < until)
        g_main_context_iteration (NULL, FALSE);
    }
  if (g_getenv ("LF_PLAYER_SHOT"))
    save_shot (player, g_getenv ("LF_PLAYER_SHOT"));
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/walkthrough/player", test_player);
  return g_test_run ();
}
