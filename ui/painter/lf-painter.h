/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* lf-painter.h: draws a scenario and its live state with cairo, pango and librsvg
 *
 * The same painter draws the canvas on screen and PNG/SVG/PDF frames headless. It
 * knows no GTK: it draws into any cairo_t, in "view" coordinates (the cairo user space
 * at the call), through a view transform  view = model × scale + offset.
 *
 * A node's (x, y) in the scenario is the top-left corner of its card, which is
 * LF_PAINTER_NODE_WIDTH × LF_PAINTER_NODE_HEIGHT model units.
 *
 * Layers: the static diagram (background, edges, cards, icons, labels) is cached in an
 * image surface and redrawn only when the model, the view, the size or the style change
 * (lf_painter_invalidate after editing the model). The live layer (tokens, flow bands,
 * badges, queue cells, concurrency slots, flashes) is drawn every frame from an
 * LfVisual with pre-rendered sprites and glyphs; when the visual is attached to a sim,
 * the machinery inside queues, streams and functions (lf-inspect.h) is inspected every
 * frame and drawn in trays under their cards: FIFO message groups, shards with their
 * checkpoints, a function's async queue with retry countdowns. Vector targets (SVG,
 * PDF, recording surfaces) get everything as vector paths and text instead.
 */
#pragma once

#include <cairo.h>
#include <glib-object.h>

#include "lf-scenario.h"
#include "lf-visual.h"

G_BEGIN_DECLS

#define LF_PAINTER_NODE_WIDTH   192.0
#define LF_PAINTER_NODE_HEIGHT   72.0
#define LF_PAINTER_CAPTION_HEIGHT 52.0

typedef enum {
  LF_PAINTER_STYLE_LIGHT,
  LF_PAINTER_STYLE_DARK,
} LfPainterStyle;

typedef enum {
  LF_BADGE_INVOCATIONS,
  LF_BADGE_ERRORS,
  LF_BADGE_THROTTLES,
  LF_BADGE_DEPTH,
  LF_N_BADGES
} LfBadge;

#define LF_TYPE_PAINTER (lf_painter_get_type ())
G_DECLARE_FINAL_TYPE (LfPainter, lf_painter, LF, PAINTER, GObject)

LfPainter      *lf_painter_new              (void);

void            lf_painter_set_scenario     (LfPainter *self, LfScenario *scenario);
LfScenario     *lf_painter_get_scenario     (LfPainter *self);
/* The model changed (a node moved, a label or a prop was edited, a node was added). */
void            lf_painter_invalidate       (LfPainter *self);
void            lf_painter_set_style        (LfPainter *self, LfPainterStyle style);
LfPainterStyle  lf_painter_get_style        (LfPainter *self);
/* Where <type>.svg node icons are (data/icons/nodes); NULL draws built-in glyphs. */
void            lf_painter_set_icon_dir     (LfPainter *self, const char *dir);

void            lf_painter_set_view         (LfPainter *self, double scale, double x_offset, double y_offset);
void            lf_painter_get_view         (LfPainter *self, double *scale, double *x_offset, double *y_offset);
/* Sets the view so that the whole diagram fits in area (view coordinates) with a margin,
 * at no more than max_scale. */
void            lf_painter_fit              (LfPainter *self, const cairo_rectangle_t *area,
                                             double margin, double max_scale);
/* The diagram's extent in model units (cards, badges and loops). FALSE when empty. */
gboolean        lf_painter_get_bounds       (LfPainter *self, cairo_rectangle_t *bounds);
void            lf_painter_view_to_model    (LfPainter *self, double *x, double *y);
void            lf_painter_model_to_view    (LfPainter *self, double *x, double *y);

/* Everything, at the visual's current time (visual may be NULL: no live state). */
void            lf_painter_draw             (LfPainter *self, cairo_t *cr, int width, int height,
                                             LfVisual *visual);
/* The two layers, for a widget that composites them itself. */
void            lf_painter_draw_static      (LfPainter *self, cairo_t *cr, int width, int height);
void            lf_painter_draw_live        (LfPainter *self, cairo_t *cr, int width, int height,
                                             LfVisual *visual);
/* The title and the simulated clock in a strip LF_PAINTER_CAPTION_HEIGHT high (exports). */
void            lf_painter_draw_caption     (LfPainter *self, cairo_t *cr, int width,
                                             const char *title, LfTime now);

/* Hit-testing, in view coordinates. */
const char     *lf_painter_node_at          (LfPainter *self, double x, double y);
const char     *lf_painter_edge_at          (LfPainter *self, double x, double y, double tolerance);
gboolean        lf_painter_get_node_rect    (LfPainter *self, const char *node_id,
                                             cairo_rectangle_t *rect);
/* Where the last draw put a node's badge; FALSE when it was not shown. */
gboolean        lf_painter_get_badge_rect   (LfPainter *self, const char *node_id, LfBadge badge,
                                             cairo_rectangle_t *rect);
/* The message whose token (and queue cells) are drawn emphasised; 0: none. */
void            lf_painter_set_selected_message (LfPainter *self, guint32 msg);
guint32         lf_painter_get_selected_message (LfPainter *self);
/* The message of the token nearest to (x, y) within tolerance (view units), as drawn at
 * the visual's current time; 0 when none is there. */
guint32         lf_painter_token_at         (LfPainter *self, LfVisual *visual, double x, double y,
                                             double tolerance);
/* The machinery the last draw put under a node's card (FIFO groups, shards, a function's
 * async queue): how many rows, a row's rectangle (view coordinates) and its note, the
 * text on its right ("retry in 42 s", "back in 18 s"). FALSE when the row was not drawn. */
guint           lf_painter_get_tray_rows    (LfPainter *self, const char *node_id);
gboolean        lf_painter_get_tray_row     (LfPainter *self, const char *node_id, guint row,
                                             cairo_rectangle_t *rect, const char **note);
/* How often the static layer was drawn (cache checks in tests). */
guint           lf_painter_get_static_draws (LfPainter *self);

G_END_DECLS
