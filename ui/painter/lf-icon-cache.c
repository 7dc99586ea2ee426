/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lf-icon-cache"

#include <librsvg/rsvg.h>

#include "lf-icon-cache.h"

#define MAX_SURFACES 64   /* sizes × types kept before the cache starts over */

typedef enum { ICON_UNTRIED, ICON_LOADED, ICON_MISSING } IconState;

struct _LfIconCache
{
  char        *dir;
  RsvgHandle  *handles[LF_N_NODE_TYPES];
  IconState    state[LF_N_NODE_TYPES];
  GHashTable  *surfaces;   /* (type << 16 | size) → cairo_surface_t */
};

LfIconCache *
lf_icon_cache_new (const char *dir)
{
  LfIconCache *self = g_new0 (LfIconCache, 1);

  self->dir = g_strdup (dir);
  self->surfaces = g_hash_table_new_full (NULL, NULL, NULL,
                                          (GDestroyNotify) cairo_surface_destroy);
  return self;
}

void
lf_icon_cache_free (LfIconCache *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < LF_N_NODE_TYPES; i++)
    g_clear_object (&self->handles[i]);
  g_hash_table_unref (self->surfaces);
  g_free (self->dir);
  g_free (self);
}

const char *
lf_icon_cache_get_dir (LfIconCache *self)
{
  return self->dir;
}

static RsvgHandle *
lf_icon_cache_handle (LfIconCache *self,
                      LfNodeType   type)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if ((guint) type >= LF_N_NODE_TYPES || self->dir == NULL)
    return NULL;
  if (self->state[type] != ICON_UNTRIED)
    return self->handles[type];
  self->state[type] = ICON_MISSING;
  name = g_strdup_printf ("%s.svg", lf_node_type_to_string (type));
  path = g_build_filename (self->dir, name, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_debug ("No icon %s: drawing a built-in glyph", path);
      return NULL;
    }
  self->handles[type] = rsvg_handle_new_from_file (path, &error);
  if (self->handles[type] == NULL)
    {
      g_warning ("Cannot read the icon %s: %s", path, error->message);
      return NULL;
    }
  self->state[type] = ICON_LOADED;
  return self->handles[type];
}

gboolean
lf_icon_cache_render (LfIconCache *self,
                      LfNodeType   type,
                      cairo_t     *cr,
                      double       x,
                      double       y,
                      double       size)
{
  RsvgHandle *handle = lf_icon_cache_handle (self, type);
  RsvgRectangle viewport = { x, y, size, size };
  g_autoptr(GError) error = NULL;

  if (handle == NULL)
    return FALSE;
  if (!rsvg_handle_render_document (handle, cr, &viewport, &error))
    {
      g_warning ("Cannot draw the %s icon: %s", lf_node_type_to_string (type), error->message);
      g_clear_object (&self->handles[type]);
      self->state[type] = ICON_MISSING;
      return FALSE;
    }
  return TRUE;
}

cairo_surface_t *
lf_icon_cache_get (LfIconCache *self,
                   LfNodeType   type,
                   int          size)
{
  gpointer key = GUINT_TO_POINTER (((guint) type << 16) | (guint) CLAMP (size, 1, 0xffff));
  cairo_surface_t *surface = g_hash_table_lookup (self->surfaces, key);
  cairo_t *cr;
  gboolean ok;

  if (surface != NULL || lf_icon_cache_handle (self, type) == NULL)
    return surface;
  if (g_hash_table_size (self->surfaces) >= MAX_SURFACES)
    g_hash_table_remove_all (self->surfaces);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size, size);
  cr = cairo_create (surface);
  ok = lf_icon_cache_render (self, type, cr, 0, 0, size);
  cairo_destroy (cr);
  if (!ok)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  g_hash_table_insert (self->surfaces, key, surface);
  return surface;
}

const char *
lf_icon_cache_default_dir (void)
{
  const char *dir = g_getenv ("LF_NODE_ICON_DIR");

  if (dir != NULL && *dir)
    return dir;
  if (g_file_test (LF_NODE_ICON_DIR, G_FILE_TEST_IS_DIR))
    return LF_NODE_ICON_DIR;
  if (g_file_test (LF_NODE_ICON_SRCDIR, G_FILE_TEST_IS_DIR))
    return LF_NODE_ICON_SRCDIR;
  return NULL;
}
