/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* lf-icon-cache.h: node-type icons (data/icons/nodes/<type>.svg) rendered once per size
 *
 * Each SVG is parsed once with librsvg and rendered into a cairo image surface per pixel
 * size. A missing file is not an error (the painter draws a built-in glyph); a file
 * that does not parse is reported once with g_warning.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "lf-scenario.h"

G_BEGIN_DECLS

typedef struct _LfIconCache LfIconCache;

LfIconCache     *lf_icon_cache_new    (const char *dir);   /* NULL: no icons */
/* Where the node icons are: $LF_NODE_ICON_DIR, else the installed data dir, else the
 * source tree this was built from (uninstalled runs); NULL when none exists. */
const char      *lf_icon_cache_default_dir (void);
void             lf_icon_cache_free   (LfIconCache *self);
const char      *lf_icon_cache_get_dir (LfIconCache *self);
/* A size × size image (device pixels), owned by the cache; NULL when there is no icon. */
cairo_surface_t *lf_icon_cache_get    (LfIconCache *self, LfNodeType type, int size);
/* Draws the icon as vectors into cr at (x, y), size × size user units. FALSE: no icon. */
gboolean         lf_icon_cache_render (LfIconCache *self, LfNodeType type, cairo_t *cr,
                                       double x, double y, double size);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LfIconCache, lf_icon_cache_free)

G_END_DECLS
