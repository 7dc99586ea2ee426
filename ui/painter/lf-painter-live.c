/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lf-painter"

#include <math.h>

#include "lf-painter-private.h"

/* The live layer, every frame, in two passes:
 *
 *   paths, under the view transform: flow bands, retry rings, queue cells and slots
 *   (cells of one colour in one fill);
 *   sprites, on device pixels: failure flashes, tokens, "+N", badges and edge tags.
 *
 * A vector target (or a caller's transform that scales) gets paths and PangoLayouts
 * for the second pass too. */

#define TOKEN_RADIUS   4.5     /* model units */
#define MAX_CELLS      10      /* queue cells or slots before "+N" */
#define PILL_HEIGHT    17.0    /* model units */
#define PILL_PAD        6.0
#define PILL_GAP        4.0
#define BADGE_PX       10.0
#define FLASH_LINE      2.5
#define FLASH_MIN      LF_MSEC (400)

enum { TEXT_ON_COLOR, TEXT_NEUTRAL, TEXT_DIM, TEXT_NORMAL };

typedef struct {
  LfPainter      *self;
  cairo_t        *cr;
  LfVisual       *visual;
  cairo_matrix_t  base;        /* the caller's user space: view coordinates */
  LfTime          now;
  LfTime          flash;
  gboolean        vector;      /* paths and layouts instead of sprites */
} Frame;

/* ---- coordinates and numbers ------------------------------------------------------ */

static inline LfPoint
to_view (LfPainter *self,
         LfPoint    m)
{
  return (LfPoint) { m.x * self->scale + self->x_offset, m.y * self->scale + self->y_offset };
}

/* View coordinates to the identity user space that sprites are drawn in. */
static inline LfPoint
to_base (const Frame *f,
         LfPoint      v)
{
  cairo_matrix_transform_point (&f->base, &v.x, &v.y);
  return v;
}

static void
format_count (char   *buf,
              gsize   size,
              gint64  n)
{
  if (n < 10000)
    g_snprintf (buf, size, "%" G_GINT64_FORMAT, n);
  else if (n < 1000000)
    g_snprintf (buf, size, n < 100000 ? "%.1fk" : "%.0fk", n / 1000.0);
  else
    g_snprintf (buf, size, "%.1fM", n / 1e6);
}

static void
format_rate (char   *buf,
             gsize   size,
             double  rate)
{
  if (rate >= 10000)
    g_snprintf (buf, size, "%.0fk/s", rate / 1000);
  else if (rate >= 10)
    g_snprintf (buf, size, "%.0f/s", rate);
  else
    g_snprintf (buf, size, "%.1f/s", rate);
}

static const LfNodeState *
node_state (Frame         *f,
            const LfPNode *n)
{
  return n->visual >= 0 ? lf_visual_get_node_state (f->visual, (guint) n->visual) : NULL;
}

/* ---- text and pills (view coordinates) -------------------------------------------- */

static PangoLayout *
badge_layout (Frame      *f,
              const char *text)
{
  PangoLayout *layout = _lf_painter_new_layout (f->self, f->self->badge_font);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static double
text_width (Frame      *f,
            const char *text)
{
  g_autoptr(PangoLayout) layout = NULL;
  PangoRectangle logical;

  if (!f->vector)
    return lf_sprites_text_width (f->self->sprites, text);
  layout = badge_layout (f, text);
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  return logical.width * f->self->scale;
}

/* Text of the badge font with its left edge at view x, centred on view y. */
static void
draw_text (Frame         *f,
           double         x,
           double         y,
           const char    *text,
           guint          sprite_color,
           const LfColor *color)
{
  LfPainter *self = f->self;

  if (!f->vector)
    {
      LfPoint b = to_base (f, (LfPoint) { x, y });
      lf_sprites_draw_text (self->sprites, sprite_color, b.x,
                            b.y - lf_sprites_text_height (self->sprites) / 2, text);
    }
  else
    {
      g_autoptr(PangoLayout) layout = badge_layout (f, text);
      PangoRectangle logical;

      pango_layout_get_pixel_extents (layout, NULL, &logical);
      cairo_save (f->cr);
      cairo_translate (f->cr, x, y - logical.height * self->scale / 2);
      cairo_scale (f->cr, self->scale, self->scale);
      cairo_move_to (f->cr, 0, 0);
      lf_set_color (f->cr, color);
      pango_cairo_show_layout (f->cr, layout);
      cairo_restore (f->cr);
    }
}

static double
pill_width (Frame      *f,
            const char *text)
{
  double s = f->self->scale;
  return round (MAX (text_width (f, text) + 2 * PILL_PAD * s, PILL_HEIGHT * s));
}

/* A pill with its left edge at view x, centred on view y; returns its view rectangle. */
static cairo_rectangle_t
draw_pill (Frame         *f,
           double         x,
           double         y,
           const char    *text,
           const LfColor *fill,
           const LfColor *border,
           guint          sprite_color,
           const LfColor *text_color)
{
  double h = round (PILL_HEIGHT * f->self->scale), w = pill_width (f, text);
  cairo_rectangle_t rect = { x, y - h / 2, w, h };

  if (!f->vector)
    {
      LfPoint b = to_base (f, (LfPoint) { rect.x, rect.y });
      lf_sprites_draw_pill (f->self->sprites, fill, border, b.x, b.y, w);
    }
  else
    {
      _lf_rounded_rect (f->cr, rect.x + 0.5, rect.y + 0.5, w - 1, h - 1, (h - 1) / 2);
      lf_set_color (f->cr, fill);
      if (border == NULL)
        cairo_fill (f->cr);
      else
        {
          cairo_fill_preserve (f->cr);
          cairo_set_line_width (f->cr, 1);
          lf_set_color (f->cr, border);
          cairo_stroke (f->cr);
        }
    }
  draw_text (f, x + (w - text_width (f, text)) / 2, y, text, sprite_color, text_color);
  return rect;
}

/* ---- badges ----------------------------------------------------------------------- */

/* The badges' texts and widths; FALSE when they are wider than `room`. */
static gboolean
layout_badges (Frame        *f,
               const gint64 *values,
               gboolean      spaced,
               char          text[LF_N_BADGES][32],
               double       *widths,
               double       *total,
               double        room)
{
  static const char *const prefix[2][LF_N_BADGES] = { { "", "✕", "⊘", "≡" }, { "", "✕ ", "⊘ ", "≡ " } };
  double gap = round (PILL_GAP * f->self->scale);

  *total = 0;
  for (guint b = 0; b < LF_N_BADGES; b++)
    {
      char num[24];
      widths[b] = 0;
      if (values[b] <= 0)
        continue;
      format_count (num, sizeof num, values[b]);
      g_snprintf (text[b], 32, "%s%s", prefix[spaced][b], num);
      widths[b] = pill_width (f, text[b]);
      *total += widths[b] + gap;
    }
  return *total - gap <= room;
}

/* Pills along the card's top edge, right-aligned. When they do not fit on the card they
 * close up, then the invocation count (the least telling) goes. */
static void
draw_badges (Frame             *f,
             LfPNode           *n,
             const LfNodeState *st)
{
  LfPainter *self = f->self;
  const LfPalette *p = &self->palette;
  gboolean fn = n->node->type == LF_NODE_LAMBDA_FUNCTION;
  gint64 values[LF_N_BADGES] = { fn ? st->invocations : 0, st->errors, st->throttles, st->depth };
  char text[LF_N_BADGES][32];
  double widths[LF_N_BADGES], gap = round (PILL_GAP * self->scale), total, x;
  double room = (n->rect.width - 20) * self->scale;
  LfPoint top;

  for (guint b = 0; b < LF_N_BADGES; b++)
    n->badges[b] = (cairo_rectangle_t) { 0, 0, 0, 0 };
  if (!layout_badges (f, values, TRUE, text, widths, &total, room) &&
      !layout_badges (f, values, FALSE, text, widths, &total, room))
    {
      values[LF_BADGE_INVOCATIONS] = 0;
      layout_badges (f, values, FALSE, text, widths, &total, room);
    }
  if (total <= 0)
    return;
  top = to_view (self, (LfPoint) { n->rect.x + n->rect.width - 10, n->rect.y });
  x = round (top.x - total + gap);
  for (guint b = 0; b < LF_N_BADGES; b++)
    {
      if (widths[b] <= 0)
        continue;
      n->badges[b] = draw_pill (f, x, round (top.y), text[b], &p->badge[b],
                                b == LF_BADGE_INVOCATIONS ? &p->card_border : NULL,
                                b == LF_BADGE_INVOCATIONS ? TEXT_NEUTRAL : TEXT_ON_COLOR,
                                &p->badge_text[b]);
      x += widths[b] + gap;
    }
}

/* ---- cells and slots -------------------------------------------------------------- */

typedef enum { CELL_NONE, CELL_BUSY, CELL_IDLE, CELL_VISIBLE, CELL_IN_FLIGHT, CELL_RECORD } CellClass;

static gint64
cell_total (const LfPNode     *n,
            const LfNodeState *st)
{
  if (n->node->type == LF_NODE_LAMBDA_FUNCTION)
    return n->slots >= 0 ? n->slots : st->running;
  return st->depth;
}

static CellClass
cell_class (const LfPNode     *n,
            const LfNodeState *st,
            gint64             i)
{
  if (n->node->type == LF_NODE_LAMBDA_FUNCTION)
    return i < st->running ? CELL_BUSY : CELL_IDLE;
  if (n->node->type == LF_NODE_SQS_QUEUE)
    return i < MIN (st->in_flight, st->depth) ? CELL_IN_FLIGHT : CELL_VISIBLE;
  return CELL_RECORD;
}

/* Every cell of one class, on every card, as one path. */
static void
draw_cells_of (Frame         *f,
               CellClass      klass,
               const LfColor *color,
               LfNodeType     only)       /* LF_NODE_UNKNOWN: any type */
{
  LfPainter *self = f->self;
  gboolean any = FALSE;

  for (guint i = 0; i < self->nodes->len; i++)
    {
      LfPNode *n = lf_pnode (self, i);
      const LfNodeState *st = node_state (f, n);
      gint64 total, shown;

      if (!n->has_strip || st == NULL || (only != LF_NODE_UNKNOWN && n->node->type != only))
        continue;
      total = cell_total (n, st);
      shown = total > MAX_CELLS ? MAX_CELLS - 1 : total;
      for (gint64 c = 0; c < shown; c++)
        if (cell_class (n, st, c) == klass)
          {
            cairo_rectangle (f->cr, n->rect.x + LF_TEXT_LEFT + c * (LF_CELL + LF_CELL_GAP),
                             n->rect.y + n->strip_top, LF_CELL, LF_CELL);
            any = TRUE;
          }
    }
  if (any)
    {
      lf_set_color (f->cr, color);
      cairo_fill (f->cr);
    }
}

static void
draw_cells (Frame *f)
{
  const LfPalette *p = &f->self->palette;

  draw_cells_of (f, CELL_BUSY, &p->slot_busy, LF_NODE_UNKNOWN);
  draw_cells_of (f, CELL_IDLE, &p->slot_idle, LF_NODE_UNKNOWN);
  draw_cells_of (f, CELL_VISIBLE, &p->cell, LF_NODE_UNKNOWN);
  draw_cells_of (f, CELL_IN_FLIGHT, &p->cell_in_flight, LF_NODE_UNKNOWN);
  draw_cells_of (f, CELL_RECORD, &p->family[LF_NODE_KINESIS_STREAM], LF_NODE_UNKNOWN);
}

/* "+N" after the cells. */
static void
draw_cells_overflow (Frame             *f,
                     const LfPNode     *n,
                     const LfNodeState *st)
{
  gint64 total = cell_total (n, st);
  char num[24], text[32];
  LfPoint at;

  if (total <= MAX_CELLS)
    return;
  format_count (num, sizeof num, total - (MAX_CELLS - 1));
  g_snprintf (text, sizeof text, "+%s", num);
  at = to_view (f->self, (LfPoint) { n->rect.x + LF_TEXT_LEFT + (MAX_CELLS - 1) * (LF_CELL + LF_CELL_GAP),
                                     n->rect.y + n->strip_top + LF_CELL / 2 });
  draw_text (f, at.x, at.y, text, TEXT_DIM, &f->self->palette.text_dim);
}

/* ---- flashes, retry rings, bands (paths) ------------------------------------------ */

static void
draw_flash (Frame         *f,
            const LfPNode *n,
            LfTime         when,
            const LfColor *color)
{
  LfPainter *self = f->self;
  double age, alpha, s = self->scale, grow = 2.5;
  LfPoint v;

  if (when == LF_VISUAL_NEVER || when > f->now || f->now - when >= f->flash)
    return;
  age = (double) (f->now - when) / (double) f->flash;
  alpha = 1.0 - age * age;
  v = to_view (self, (LfPoint) { n->rect.x - grow, n->rect.y - grow });
  if (!f->vector)
    {
      LfPoint b = to_base (f, v);
      lf_sprites_draw_ring (self->sprites, color, b.x, b.y, (n->rect.width + 2 * grow) * s,
                            (n->rect.height + 2 * grow) * s, (LF_CARD_RADIUS + grow) * s,
                            FLASH_LINE * s, alpha);
      return;
    }
  _lf_rounded_rect (f->cr, v.x, v.y, (n->rect.width + 2 * grow) * s, (n->rect.height + 2 * grow) * s,
                    (LF_CARD_RADIUS + grow) * s);
  cairo_set_line_width (f->cr, FLASH_LINE * s);
  lf_set_color_alpha (f->cr, color, alpha);
  cairo_stroke (f->cr);
}

/* A dashed ring with an arrowhead around the icon while retries are recent. */
static void
draw_loop (Frame             *f,
           const LfPNode     *n,
           const LfNodeState *st)
{
  static const double dash[] = { 3.5, 2.5 };
  LfTime window = 2 * lf_visual_get_travel_time (f->visual);
  LfPoint c = _lf_loop_center (n), tip = _lf_loop_point (n, 1.0);
  double ux = -sin (LF_LOOP_END), uy = cos (LF_LOOP_END);   /* clockwise tangent at the end */
  cairo_t *cr = f->cr;
  double fade;

  if (st->last_retry == LF_VISUAL_NEVER || st->last_retry > f->now || f->now - st->last_retry >= window)
    return;
  fade = 1.0 - 0.6 * (double) (f->now - st->last_retry) / (double) window;
  cairo_new_sub_path (cr);
  cairo_arc (cr, c.x, c.y, LF_LOOP_RADIUS, LF_LOOP_START, LF_LOOP_END - 0.12);
  cairo_set_dash (cr, dash, 2, 0);
  cairo_set_line_width (cr, 1.75);
  lf_set_color_alpha (cr, &f->self->palette.retry, fade);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  tip.x += ux * 2;
  tip.y += uy * 2;
  cairo_move_to (cr, tip.x, tip.y);
  cairo_line_to (cr, tip.x - ux * 7 - uy * 3.5, tip.y - uy * 7 + ux * 3.5);
  cairo_line_to (cr, tip.x - ux * 7 + uy * 3.5, tip.y - uy * 7 - ux * 3.5);
  cairo_close_path (cr);
  cairo_fill (cr);
}

/* A translucent band with beads moving at the tokens' speed. */
static void
draw_band (Frame             *f,
           const LfPEdge     *e,
           const LfEdgeState *st)
{
  const LfEdgeStyle *style = &f->self->palette.edge[e->edge->type < LF_N_EDGE_TYPES ? e->edge->type : 0];
  double width = CLAMP (3 + 2 * log2 (1 + st->rate), 5, 12);
  double dash[] = { 0.01, 10 };
  double travel = lf_time_to_seconds (lf_visual_get_travel_time (f->visual));
  double phase = fmod (lf_time_to_seconds (f->now) / MAX (travel, 1e-3) * e->length, 10.0);
  cairo_t *cr = f->cr;

  _lf_pedge_path (cr, e);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_width (cr, width);
  lf_set_color_alpha (cr, &style->color, 0.22);
  cairo_stroke_preserve (cr);
  cairo_set_dash (cr, dash, 2, -phase);
  cairo_set_line_width (cr, width * 0.55);
  lf_set_color_alpha (cr, &style->color, 0.9);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

/* ---- tokens ----------------------------------------------------------------------- */

static void
draw_token_vector (Frame         *f,
                   LfPoint        v,
                   const LfToken *t)
{
  const LfPalette *p = &f->self->palette;
  double r = TOKEN_RADIUS * f->self->scale;

  if (t->count > 1)
    _lf_rounded_rect (f->cr, v.x - r - 2.5, v.y - r - 2.5, 2 * r + 5, 2 * r + 5, r * 0.8);
  else
    cairo_arc (f->cr, v.x, v.y, r + 1.5, 0, 2 * G_PI);
  lf_set_color (f->cr, &p->token_ring);
  cairo_fill (f->cr);
  if (t->count > 1)
    _lf_rounded_rect (f->cr, v.x - r - 1, v.y - r - 1, 2 * r + 2, 2 * r + 2, r * 0.6);
  else
    cairo_arc (f->cr, v.x, v.y, r, 0, 2 * G_PI);
  lf_set_color (f->cr, &p->token[t->kind]);
  cairo_fill (f->cr);
}

/* Where a token is, in model units; FALSE when it is not drawn. */
static gboolean
token_point (Frame         *f,
             const LfToken *t,
             LfPoint       *m)
{
  LfPainter *self = f->self;
  double progress = lf_token_progress (t, f->now);

  if (progress < 0 || progress >= 1)
    return FALSE;
  if (t->edge >= 0)
    {
      int pe = (guint) t->edge < self->n_visual_edges ? self->visual_edge_map[t->edge] : -1;
      if (pe < 0 || !lf_pedge (self, (guint) pe)->valid ||
          lf_visual_get_edge_state (f->visual, (guint) t->edge)->band)
        return FALSE;
      *m = _lf_pedge_point_at (lf_pedge (self, (guint) pe), t->from + progress * (t->to - t->from));
    }
  else
    {
      int pn = (guint) t->node < self->n_visual_nodes ? self->visual_node_map[t->node] : -1;
      if (pn < 0)
        return FALSE;
      *m = _lf_loop_point (lf_pnode (self, (guint) pn), progress);
    }
  return TRUE;
}

static void
draw_tokens (Frame *f)
{
  LfPainter *self = f->self;
  guint n = lf_visual_get_n_tokens (f->visual);

  for (guint i = 0; i < n; i++)
    {
      const LfToken *t = lf_visual_get_token (f->visual, i);
      LfPoint m, v;

      if (!token_point (f, t, &m))
        continue;
      v = to_view (self, m);
      if (f->vector)
        draw_token_vector (f, v, t);
      else
        {
          LfPoint b = to_base (f, v);
          lf_sprites_draw_token (self->sprites, t->kind, t->count > 1, b.x, b.y);
        }
    }
}

/* ---- tags on edges ---------------------------------------------------------------- */

/* An ESM's poller: batch size, then its concurrency once scaled, then a band's rate. */
static gboolean
edge_tag_text (Frame         *f,
               const LfPEdge *e,
               char          *text,
               gsize          size)
{
  const LfEdgeState *st = f->visual && e->visual >= 0
                          ? lf_visual_get_edge_state (f->visual, (guint) e->visual) : NULL;
  char rate[24] = "";

  if (st && st->band)
    format_rate (rate, sizeof rate, st->rate);
  if (e->edge->type == LF_EDGE_EVENT_SOURCE_MAPPING)
    {
      const LfPNode *from = e->from >= 0 ? lf_pnode (f->self, (guint) e->from) : NULL;
      gboolean queue = from && from->node->type == LF_NODE_SQS_QUEUE;
      gint64 batch = lf_props_get_int (e->edge->props, "batch_size", queue ? 10 : 100);
      char conc[24] = "";

      if (st && st->concurrency > 0)
        g_snprintf (conc, sizeof conc, " ×%" G_GINT64_FORMAT, st->concurrency);
      g_snprintf (text, size, "↻ %" G_GINT64_FORMAT "%s%s%s", batch, conc, *rate ? " · " : "", rate);
      return TRUE;
    }
  g_snprintf (text, size, "%s", rate);
  return *rate != '\0';
}

static void
draw_edge_tags (Frame *f)
{
  LfPainter *self = f->self;
  const LfPalette *p = &self->palette;

  for (guint i = 0; i < self->edges->len; i++)
    {
      LfPEdge *e = lf_pedge (self, i);
      const LfEdgeStyle *style = &p->edge[e->edge->type < LF_N_EDGE_TYPES ? e->edge->type : 0];
      char text[64];
      LfPoint v;

      if (!e->valid || !edge_tag_text (f, e, text, sizeof text))
        continue;
      v = to_view (self, e->mid);
      draw_pill (f, round (v.x - pill_width (f, text) / 2), round (v.y), text, &p->card, &style->color,
                 TEXT_NORMAL, &p->text);
    }
}

/* ---- the frame -------------------------------------------------------------------- */

static void
prepare_sprites (LfPainter *self,
                 cairo_t   *cr)
{
  const LfPalette *p = &self->palette;
  LfColor text[LF_SPRITE_TEXT_COLORS] = { p->on_color, p->badge_text[LF_BADGE_INVOCATIONS],
                                          p->text_dim, p->text };
  double ds = 1, dsy = 1;

  cairo_surface_get_device_scale (cairo_get_target (cr), &ds, &dsy);
  lf_sprites_prepare (self->sprites, self->pango, self->badge_font, BADGE_PX * self->scale,
                      CLAMP (TOKEN_RADIUS * self->scale, 2.5, 10), round (PILL_HEIGHT * self->scale),
                      ds, p->token, &p->token_ring, text);
}

static void
clear_badges (LfPainter *self)
{
  for (guint i = 0; i < self->nodes->len; i++)
    for (guint b = 0; b < LF_N_BADGES; b++)
      lf_pnode (self, i)->badges[b] = (cairo_rectangle_t) { 0, 0, 0, 0 };
}

/* Paths under the view transform: bands, retry rings, cells. */
static void
paint_paths (Frame *f)
{
  LfPainter *self = f->self;

  cairo_save (f->cr);
  cairo_translate (f->cr, self->x_offset, self->y_offset);
  cairo_scale (f->cr, self->scale, self->scale);
  for (guint i = 0; i < self->edges->len; i++)
    {
      LfPEdge *e = lf_pedge (self, i);
      const LfEdgeState *st;
      if (!e->valid || e->visual < 0)
        continue;
      st = lf_visual_get_edge_state (f->visual, (guint) e->visual);
      if (st->band)
        draw_band (f, e, st);
    }
  for (guint i = 0; i < self->nodes->len; i++)
    {
      LfPNode *n = lf_pnode (self, i);
      if (n->visual >= 0)
        draw_loop (f, n, node_state (f, n));
    }
  draw_cells (f);
  cairo_restore (f->cr);
}

/* Flashes, tokens, "+N", badges and tags: sprites, or paths on a vector target. */
static void
paint_sprites (Frame *f)
{
  LfPainter *self = f->self;
  const LfPalette *p = &self->palette;

  for (guint i = 0; f->visual && i < self->nodes->len; i++)
    {
      LfPNode *n = lf_pnode (self, i);
      const LfNodeState *st = node_state (f, n);
      if (st == NULL)
        continue;
      draw_flash (f, n, st->last_throttle, &p->warning);
      draw_flash (f, n, st->last_error, &p->error);
    }
  if (f->visual)
    draw_tokens (f);
  for (guint i = 0; f->visual && i < self->nodes->len; i++)
    {
      LfPNode *n = lf_pnode (self, i);
      const LfNodeState *st = node_state (f, n);
      if (st == NULL)
        continue;
      if (n->has_strip)
        draw_cells_overflow (f, n, st);
      draw_badges (f, n, st);
    }
  draw_edge_tags (f);
}

static gboolean
is_translation (const cairo_matrix_t *m)
{
  return m->xx == 1 && m->yy == 1 && m->xy == 0 && m->yx == 0;
}

void
_lf_painter_paint_live (LfPainter *self,
                        cairo_t   *cr,
                        int        width,
                        int        height,
                        LfVisual  *visual,
                        gboolean   vector)
{
  Frame f = { self, cr, visual, { 0 }, 0, 0, vector };

  _lf_painter_map_visual (self, visual);
  cairo_get_matrix (cr, &f.base);
  f.vector = vector || !is_translation (&f.base);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  clear_badges (self);
  if (visual != NULL)
    {
      f.now = lf_visual_get_now (visual);
      f.flash = MAX (FLASH_MIN, lf_visual_get_travel_time (visual) * 4 / 5);
      paint_paths (&f);
    }
  if (f.vector)
    {
      paint_sprites (&f);
      return;
    }
  prepare_sprites (self, cr);
  cairo_save (cr);
  cairo_identity_matrix (cr);
  lf_sprites_begin (self->sprites, cr);
  paint_sprites (&f);
  lf_sprites_end (self->sprites);
  cairo_restore (cr);
}
