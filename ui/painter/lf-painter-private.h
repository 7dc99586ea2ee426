/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* lf-painter-private.h: LfPainter's state, shared by its files
 *
 *   lf-painter.c           the object, view transform, caches, hit-testing
 *   lf-painter-style.c     light and dark palettes (Adwaita colours)
 *   lf-painter-geometry.c  card rectangles, edge ports and curves
 *   lf-painter-static.c    the static diagram
 *   lf-painter-live.c      tokens, bands, badges, cells, slots, flashes
 */
#pragma once

#include <pango/pangocairo.h>

#include "lf-icon-cache.h"
#include "lf-inspect.h"
#include "lf-painter.h"
#include "lf-sprites.h"

G_BEGIN_DECLS

#define LF_EDGE_SAMPLES 32
#define LF_MAX_SEGMENTS 3       /* an edge is up to three cubics, around cards in its way */

/* Card layout, in model units from the card's top-left corner */
#define LF_ICON_LEFT     12.0
#define LF_ICON_SIZE     36.0
#define LF_TEXT_LEFT     60.0
#define LF_TEXT_RIGHT    10.0
#define LF_STRIP_HEIGHT  14.0
#define LF_CELL          8.0     /* a queue cell or a concurrency slot */
#define LF_CELL_GAP      2.0
#define LF_CARD_RADIUS   12.0

typedef enum {
  LF_DASH_SOLID,
  LF_DASH_DASHED,
  LF_DASH_DOTTED,
} LfDash;

typedef struct {
  LfColor  color;
  double   width;
  LfDash   dash;
} LfEdgeStyle;

typedef struct {
  LfColor      background;
  LfColor      grid;
  LfColor      card;
  LfColor      card_border;
  LfColor      shadow;
  LfColor      text;
  LfColor      text_dim;
  LfColor      on_color;                  /* text on a coloured pill */
  LfColor      family[LF_N_NODE_TYPES];   /* icon badges, built-in glyphs */
  LfEdgeStyle  edge[LF_N_EDGE_TYPES];
  LfColor      token[LF_N_TOKEN_KINDS];
  LfColor      token_ring;
  LfColor      badge[LF_N_BADGES];
  LfColor      badge_text[LF_N_BADGES];
  LfColor      cell;                      /* a visible message in a queue */
  LfColor      cell_in_flight;            /* received, invisible */
  LfColor      slot_busy;
  LfColor      slot_idle;
  LfColor      error;
  LfColor      warning;
  LfColor      retry;
  LfColor      slot_cold;                 /* an execution in its cold start */
  LfColor      record_done;               /* a stream record behind the checkpoint */
  LfColor      batch;                     /* records of a batch in flight */
  LfColor      tray;                      /* the machinery tray under a card */
  LfColor      selection;                 /* the selected message's token and cells */
} LfPalette;

typedef struct {
  double x, y;
} LfPoint;

typedef struct {
  LfNode            *node;           /* borrowed from the scenario */
  cairo_rectangle_t  rect;           /* model */
  PangoLayout       *label;
  PangoLayout       *subtitle;
  double             text_top;       /* model, relative to the card */
  double             subtitle_top;
  double             strip_top;
  gboolean           has_strip;      /* queue cells or concurrency slots */
  gint64             slots;          /* reserved concurrency, -1 when none */
  int                visual;         /* index in the visual, -1 */
  cairo_rectangle_t  badges[LF_N_BADGES];   /* view; width 0 when hidden */
} LfPNode;

typedef struct {
  LfEdge  *edge;                     /* borrowed */
  int      from;                     /* node index, -1 when from an ESM edge */
  int      from_edge;                /* that edge's index, -1 */
  int      to;
  gboolean valid;
  LfPoint  seg[LF_MAX_SEGMENTS][4];  /* model: cubics from border to border */
  guint    n_seg;
  LfPoint  p0, p3;                   /* its two ends */
  LfPoint  samples[LF_EDGE_SAMPLES + 1];   /* model, equally spaced along the curve */
  LfPoint  mid;                      /* model */
  double   length;
  int      visual;                   /* index in the visual, -1 */
} LfPEdge;

/* The machinery under a card (lf-inspect.h), inspected every frame from the visual's sim:
 * FIFO groups, stream shards or a function's async queue, one row each. */
#define LF_TRAY_MAX_ROWS 5
#define LF_TRAY_ROW      13.0   /* model units */
#define LF_TRAY_PAD       4.0   /* above the first row and below the last */

typedef enum {
  LF_MACHINE_NONE,
  LF_MACHINE_QUEUE,
  LF_MACHINE_STREAM,
  LF_MACHINE_FUNCTION,
} LfMachineKind;

typedef struct {
  LfMachineKind      kind;          /* what was inspected this frame; NONE: nothing drawn */
  guint              rows;          /* rows of the tray drawn */
  cairo_rectangle_t  tray;          /* model */
  char               notes[LF_TRAY_MAX_ROWS][40];   /* a row's text on the right ("retry in 42 s") */
  char               labels[LF_TRAY_MAX_ROWS][12];  /* on the left: "g2", "#1", "async" */
  double             cells_x[LF_TRAY_MAX_ROWS];     /* model: where the row's cells start */
  union {
    LfQueueSnapshot    queue;
    LfStreamSnapshot   stream;
    LfFunctionSnapshot fn;
  } u;
} LfMachine;

struct _LfPainter
{
  GObject          parent_instance;

  /* Owned */
  LfScenario      *scenario;
  LfIconCache     *icons;
  LfSprites       *sprites;
  PangoContext    *pango;
  PangoFontDescription *label_font;
  PangoFontDescription *subtitle_font;
  PangoFontDescription *badge_font;
  GArray          *nodes;            /* LfPNode */
  GArray          *edges;            /* LfPEdge */
  GHashTable      *node_by_id;       /* id → index + 1 */
  GHashTable      *edge_by_id;
  cairo_surface_t *cache;
  int             *visual_edge_map;  /* visual edge index → painter edge index */
  guint            n_visual_edges;
  int             *visual_node_map;  /* visual node index → painter node index */
  guint            n_visual_nodes;

  LfVisual        *visual;           /* the one visual_edge_map and LfPNode.visual are for */
  LfMachine       *machines;         /* by node, n_machines of them */
  guint            n_machines;
  guint32          selected_msg;     /* drawn emphasised, 0: none */

  LfPainterStyle   style;
  LfPalette        palette;
  double           scale;
  double           x_offset;
  double           y_offset;
  gboolean         model_dirty;
  guint            generation;       /* bumped by every model or style change */
  guint            static_draws;

  /* The key of the cached static surface */
  guint            cache_generation;
  int              cache_width;
  int              cache_height;
  double           cache_device_scale;
  double           cache_scale;
  double           cache_x;
  double           cache_y;
};

/* lf-painter-style.c */
void        _lf_palette_init            (LfPalette *palette, LfPainterStyle style);
const char *_lf_node_type_title         (LfNodeType type);
char       *_lf_node_subtitle           (const LfNode *node);

static inline void
lf_set_color (cairo_t       *cr,
              const LfColor *c)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, c->a);
}

static inline void
lf_set_color_alpha (cairo_t       *cr,
                    const LfColor *c,
                    double         alpha)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, c->a * alpha);
}

/* lf-painter-geometry.c */
void        _lf_painter_layout_edges    (LfPainter *self);
LfPoint     _lf_pedge_point_at          (const LfPEdge *edge, double fraction);
void        _lf_pedge_path              (cairo_t *cr, const LfPEdge *edge);
double      _lf_pedge_distance          (const LfPEdge *edge, double x, double y);
void        _lf_rounded_rect            (cairo_t *cr, double x, double y, double w, double h, double r);
/* The retry ring around a card's icon: centre, radius and the angles it runs between. */
#define LF_LOOP_RADIUS   23.5
#define LF_LOOP_START    (-0.30 * G_PI)
#define LF_LOOP_END      (1.45 * G_PI)
LfPoint     _lf_loop_center             (const LfPNode *node);
LfPoint     _lf_loop_point              (const LfPNode *node, double fraction);

/* lf-painter-static.c */
void        _lf_painter_paint_static    (LfPainter *self, cairo_t *cr, int width, int height,
                                         gboolean vector);

/* lf-painter-live.c */
void        _lf_painter_paint_live      (LfPainter *self, cairo_t *cr, int width, int height,
                                         LfVisual *visual, gboolean vector);

/* lf-painter.c */
void        _lf_painter_ensure_model    (LfPainter *self);
void        _lf_painter_map_visual      (LfPainter *self, LfVisual *visual);
PangoLayout *_lf_painter_new_layout     (LfPainter *self, const PangoFontDescription *font);

static inline LfPNode *
lf_pnode (LfPainter *self,
          guint      i)
{
  return &g_array_index (self->nodes, LfPNode, i);
}

static inline LfPEdge *
lf_pedge (LfPainter *self,
          guint      i)
{
  return &g_array_index (self->edges, LfPEdge, i);
}

G_END_DECLS
