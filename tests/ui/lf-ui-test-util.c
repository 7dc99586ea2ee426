/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdlib.h>
#include <glib/gstdio.h>

#include "lf-ui-test-util.h"

#define MAX_ITERATIONS   100000
#define WATCHDOG_SECONDS 20

static gboolean
lf_test_watchdog_cb (gpointer data)
{
  gboolean *expired = data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

void
lf_test_wait_for_full (LfTestCondition  condition,
                       gpointer         data,
                       const char      *what,
                       const char      *where)
{
  gboolean expired = FALSE;
  guint watchdog;
  guint i;

  /* The watchdog only wakes a blocked iteration up; nothing here sleeps. */
  watchdog = g_timeout_add_seconds (WATCHDOG_SECONDS, lf_test_watchdog_cb, &expired);

  for (i = 0; i < MAX_ITERATIONS && !expired && !condition (data); i++)
    g_main_context_iteration (NULL, TRUE);

  if (!expired)
    g_source_remove (watchdog);

  if (!condition (data))
    g_error ("%s: gave up waiting for %s after %u iterations", where, what, i);
}

static void
lf_test_after_paint_cb (GdkFrameClock *clock,
                        guint         *n_paints)
{
  (*n_paints)++;
}

static gboolean
lf_test_painted (gpointer data)
{
  return *(guint *) data > 0;
}

/* Waits until the widget's surface has been painted once more, so that every
 * widget has an up-to-date render node. */
void
lf_test_wait_for_paint (GtkWidget *widget)
{
  GdkFrameClock *clock;
  guint n_paints = 0;
  gulong handler;

  g_assert_true (gtk_widget_get_mapped (widget));

  clock = gtk_widget_get_frame_clock (widget);
  g_assert_nonnull (clock);

  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (lf_test_after_paint_cb), &n_paints);
  gtk_widget_queue_draw (widget);
  lf_test_wait_for (lf_test_painted, &n_paints);
  g_signal_handler_disconnect (clock, handler);
}

GtkWindow *
lf_test_find_toplevel (GType type)
{
  GList *toplevels = gtk_window_list_toplevels ();
  GtkWindow *found = NULL;

  for (GList *l = toplevels; l != NULL && found == NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      found = l->data;

  g_list_free (toplevels);
  return found;
}

/* The first descendant of @widget (or @widget) of @type whose CSS name is
 * @css_name; either may be left out with G_TYPE_INVALID or NULL. */
GtkWidget *
lf_test_find_descendant (GtkWidget  *widget,
                         GType       type,
                         const char *css_name)
{
  if ((type == G_TYPE_INVALID || G_TYPE_CHECK_INSTANCE_TYPE (widget, type)) &&
      (css_name == NULL || g_strcmp0 (gtk_widget_get_css_name (widget), css_name) == 0))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = lf_test_find_descendant (child, type, css_name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Renders what @widget showed in its last frame with its window's renderer. */
GdkTexture *
lf_test_render_widget (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer;
  graphene_rect_t bounds;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  g_assert_nonnull (renderer);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  bounds = GRAPHENE_RECT_INIT (0, 0, width, height);

  /* A widget that draws nothing gives no node: render it as transparent. */
  if (node == NULL)
    node = gsk_color_node_new (&(GdkRGBA) { 0, 0, 0, 0 }, &bounds);

  return gsk_renderer_render_texture (renderer, node, &bounds);
}

/* Counts the distinct pixel values of @texture, stopping at @limit. */
guint
lf_test_count_colours (GdkTexture *texture,
                       guint       limit,
                       gboolean   *all_transparent)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guint32 *pixels = g_new (guint32, (gsize) width * height);
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);
  gboolean transparent = TRUE;

  gdk_texture_download (texture, (guchar *) pixels, (gsize) width * 4);

  for (gsize i = 0; i < (gsize) width * height; i++)
    {
      if ((pixels[i] >> 24) != 0)
        transparent = FALSE;
      if (g_hash_table_size (colours) < limit)
        g_hash_table_add (colours, GUINT_TO_POINTER (pixels[i]));
    }

  if (all_transparent != NULL)
    *all_transparent = transparent;

  return g_hash_table_size (colours);
}

/* Saves @texture in the test build directory for people to look at. */
void
lf_test_save_texture (GdkTexture *texture,
                      const char *basename)
{
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, basename, NULL);

  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s", path);
}

static char *private_autosave_dir;

static void
lf_test_remove_autosave_dir (void)
{
  g_autoptr(GDir) dir = g_dir_open (private_autosave_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (private_autosave_dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (private_autosave_dir);
}

const char *
lf_test_use_private_autosave_dir (void)
{
  if (private_autosave_dir == NULL)
    {
      private_autosave_dir = g_dir_make_tmp ("lf-test-autosave-XXXXXX", NULL);
      g_assert_nonnull (private_autosave_dir);
      atexit (lf_test_remove_autosave_dir);
    }
  g_setenv ("LF_AUTOSAVE_DIR", private_autosave_dir, TRUE);
  return private_autosave_dir;
}

guint
lf_test_count_autosaves (void)
{
  g_autoptr(GDir) dir = g_dir_open (private_autosave_dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    n += g_str_has_suffix (name, ".lflow.json");
  return n;
}
