/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LF_TYPE_CANVAS (lf_canvas_get_type ())

G_DECLARE_FINAL_TYPE (LfCanvas, lf_canvas, LF, CANVAS, GtkWidget)

GtkWidget  *lf_canvas_new           (void);
const char *lf_canvas_get_title     (LfCanvas   *self);
void        lf_canvas_set_title     (LfCanvas   *self,
                                     const char *title);
const char *lf_canvas_get_caption   (LfCanvas   *self);
void        lf_canvas_set_caption   (LfCanvas   *self,
                                     const char *caption);
gboolean    lf_canvas_get_show_grid (LfCanvas   *self);
void        lf_canvas_set_show_grid (LfCanvas   *self,
                                     gboolean    show_grid);

G_END_DECLS
