/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "lf-painter.h"
#include "lf-session.h"
#include "lf-walkthrough.h"

G_BEGIN_DECLS

#define LF_CANVAS_ZOOM_MIN 0.1
#define LF_CANVAS_ZOOM_MAX 4.0

#define LF_TYPE_CANVAS (lf_canvas_get_type ())

G_DECLARE_FINAL_TYPE (LfCanvas, lf_canvas, LF, CANVAS, GtkWidget)

GtkWidget  *lf_canvas_new            (void);
LfSession  *lf_canvas_get_session    (LfCanvas   *self);
void        lf_canvas_set_session    (LfCanvas   *self,
                                      LfSession  *session);
LfPainter  *lf_canvas_get_painter    (LfCanvas   *self);
void        lf_canvas_set_icon_dir   (LfCanvas   *self,
                                      const char *dir);

/* View */
double      lf_canvas_get_zoom       (LfCanvas   *self);
void        lf_canvas_zoom_at        (LfCanvas   *self,
                                      double      factor,
                                      double      x,
                                      double      y);
void        lf_canvas_zoom_by        (LfCanvas   *self,
                                      double      factor);
void        lf_canvas_zoom_reset     (LfCanvas   *self);
void        lf_canvas_pan            (LfCanvas   *self,
                                      double      dx,
                                      double      dy);
void        lf_canvas_fit            (LfCanvas   *self);

/* Hit-testing and selection, in widget coordinates */
const char *lf_canvas_hit_test       (LfCanvas   *self,
                                      double      x,
                                      double      y);
void        lf_canvas_select_at      (LfCanvas   *self,
                                      double      x,
                                      double      y);

/* Playback: what one frame of the tick callback does (tests call it directly). */
void        lf_canvas_tick           (LfCanvas   *self,
                                      gint64      wall_us);

/* Walkthrough: while one is set, the tick callback advances the session through
 * lf_walkthrough_advance (steps end exactly where they should) instead of
 * lf_session_advance. NULL: plain playback. */
void        lf_canvas_set_walkthrough (LfCanvas      *self,
                                       LfWalkthrough *walkthrough);
LfWalkthrough *lf_canvas_get_walkthrough (LfCanvas   *self);

/* Rings drawn around these nodes and edges (a walkthrough step's `highlight`); NULL or
 * empty: none. */
void        lf_canvas_set_highlight  (LfCanvas           *self,
                                      const char * const *ids);
const char * const *lf_canvas_get_highlight (LfCanvas *self);
/* Moves the view so that a node or edge is centred (in the area above the bottom
 * inset), keeping the zoom, but no further than keeps a diagram that fits whole on
 * screen; with @animate it glides there over about 400 ms. An id
 * that is not in the diagram does nothing. Before the canvas has a size the move is
 * made at the first frame. */
void        lf_canvas_focus          (LfCanvas   *self,
                                      const char *id,
                                      gboolean    animate);
/* Pixels at the bottom covered by an overlay (the narration card): fit and focus place
 * the diagram above them. */
void        lf_canvas_set_bottom_inset (LfCanvas *self,
                                        double    inset);
double      lf_canvas_get_bottom_inset (LfCanvas *self);

/* The last rendered frame and how many were rendered (tests, benchmarks). */
GdkTexture *lf_canvas_get_texture    (LfCanvas   *self);
guint       lf_canvas_get_n_renders  (LfCanvas   *self);

G_END_DECLS
