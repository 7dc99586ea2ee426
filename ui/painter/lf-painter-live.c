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

enum { TEXT_ON_COLOR, TEXT_NEUTRAL, TEXT_DIM, TEXT_NORMAL, TEXT_ERROR };

typedef struct {
  LfPainter      *self;
  cairo_t        *cr;
  LfVisual       *visual;
  cairo_matrix_t  base;        /* the caller's user space: view coordinates */
  LfTime          now;
  LfTime          flash;
  gboolean        vector;      /* paths and layouts instead of sprites */
  int             width, height;
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

typedef enum {
  CELL_NONE, CELL_BUSY, CELL_IDLE, CELL_VISIBLE, CELL_IN_FLIGHT, CELL_RECORD,
  CELL_COLD,             /* a slot whose execution is in its cold start */
  CELL_THROTTLED,        /* an async event backing off after a throttle, after the slots */
  CELL_RETURNING,        /* a standard queue's message failed, invisible until its timeout */
} CellClass;

#define MAX_THROTTLED_CELLS 3

/* The function's inspection this frame, NULL when there is none. */
static const LfFunctionSnapshot *
function_machine (const Frame   *f,
                  const LfPNode *n)
{
  LfPainter *self = f->self;
  guint i = (guint) (n - lf_pnode (self, 0));

  if (i >= self->n_machines || self->machines[i].kind != LF_MACHINE_FUNCTION)
    return NULL;
  return &self->machines[i].u.fn;
}

/* A standard queue's inspection this frame (its strip's cells by state), or NULL. */
static const LfQueueLane *
standard_queue_lane (const Frame   *f,
                     const LfPNode *n)
{
  LfPainter *self = f->self;
  guint i = (guint) (n - lf_pnode (self, 0));

  if (i >= self->n_machines || self->machines[i].kind != LF_MACHINE_QUEUE ||
      self->machines[i].u.queue.fifo || self->machines[i].u.queue.n_lanes == 0)
    return NULL;
  return &self->machines[i].u.queue.lanes[0];
}

static gint64
cell_total (const Frame       *f,
            const LfPNode     *n,
            const LfNodeState *st)
{
  if (n->node->type == LF_NODE_LAMBDA_FUNCTION)
    {
      const LfFunctionSnapshot *fn = function_machine (f, n);
      gint64 slots = n->slots >= 0 ? n->slots : st->running;
      return slots + (fn ? MIN (fn->backing_off, MAX_THROTTLED_CELLS) : 0);
    }
  return st->depth;
}

static CellClass
cell_class (const Frame       *f,
            const LfPNode     *n,
            const LfNodeState *st,
            gint64             i)
{
  if (n->node->type == LF_NODE_LAMBDA_FUNCTION)
    {
      const LfFunctionSnapshot *fn = function_machine (f, n);
      gint64 slots = n->slots >= 0 ? n->slots : st->running;
      if (fn && i >= slots)
        return CELL_THROTTLED;
      if (fn && i < MIN (fn->cold_starting, st->running))
        return CELL_COLD;
      return i < st->running ? CELL_BUSY : CELL_IDLE;
    }
  if (n->node->type == LF_NODE_SQS_QUEUE)
    {
      const LfQueueLane *lane = standard_queue_lane (f, n);
      if (lane && i < lane->n_cells)
        return lane->cells[i].state == LF_CELL_RETURNING ? CELL_RETURNING :
               lane->cells[i].state == LF_CELL_VISIBLE ? CELL_VISIBLE : CELL_IN_FLIGHT;
      return i < MIN (st->in_flight, st->depth) ? CELL_IN_FLIGHT : CELL_VISIBLE;
    }
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
      total = cell_total (f, n, st);
      shown = total > MAX_CELLS ? MAX_CELLS - 1 : total;
      for (gint64 c = 0; c < shown; c++)
        if (cell_class (f, n, st, c) == klass)
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

/* A bar under a standard queue's visible cells that were received before (their
 * receive count, ApproximateReceiveCount, is above 0: they came back). */
static void
draw_redelivered (Frame *f)
{
  LfPainter *self = f->self;
  gboolean any = FALSE;

  for (guint i = 0; i < self->nodes->len; i++)
    {
      LfPNode *n = lf_pnode (self, i);
      const LfNodeState *st = node_state (f, n);
      const LfQueueLane *lane;
      gint64 total, shown;

      if (n->node->type != LF_NODE_SQS_QUEUE || st == NULL || (lane = standard_queue_lane (f, n)) == NULL)
        continue;
      total = cell_total (f, n, st);
      shown = MIN (total > MAX_CELLS ? MAX_CELLS - 1 : total, (gint64) lane->n_cells);
      for (gint64 c = 0; c < shown; c++)
        if (lane->cells[c].state == LF_CELL_VISIBLE && lane->cells[c].receives > 0)
          {
            cairo_rectangle (f->cr, n->rect.x + LF_TEXT_LEFT + c * (LF_CELL + LF_CELL_GAP),
                             n->rect.y + n->strip_top + LF_CELL + 1, LF_CELL, 1.5);
            any = TRUE;
          }
    }
  if (any)
    {
      lf_set_color (f->cr, &self->palette.retry);
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
  draw_cells_of (f, CELL_COLD, &p->slot_cold, LF_NODE_LAMBDA_FUNCTION);
  draw_cells_of (f, CELL_THROTTLED, &p->warning, LF_NODE_LAMBDA_FUNCTION);
  draw_cells_of (f, CELL_RETURNING, &p->error, LF_NODE_SQS_QUEUE);
  draw_redelivered (f);
}

/* "+N" after the cells. */
static void
draw_cells_overflow (Frame             *f,
                     const LfPNode     *n,
                     const LfNodeState *st)
{
  gint64 total = cell_total (f, n, st);
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
token_point_at (LfPainter     *self,
                LfVisual      *visual,
                LfTime         now,
                const LfToken *t,
                LfPoint       *m)
{
  double progress = lf_token_progress (t, now);

  if (progress < 0 || progress >= 1)
    return FALSE;
  if (t->edge >= 0)
    {
      int pe = (guint) t->edge < self->n_visual_edges ? self->visual_edge_map[t->edge] : -1;
      if (pe < 0 || !lf_pedge (self, (guint) pe)->valid ||
          lf_visual_get_edge_state (visual, (guint) t->edge)->band)
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

static gboolean
token_point (Frame         *f,
             const LfToken *t,
             LfPoint       *m)
{
  return token_point_at (f->self, f->visual, f->now, t, m);
}

/* A ring under the selected message's tokens (paths, under the view transform). */
static void
draw_selected_rings (Frame *f)
{
  LfPainter *self = f->self;
  guint n = lf_visual_get_n_tokens (f->visual);
  gboolean any = FALSE;

  if (self->selected_msg == 0)
    return;
  for (guint i = 0; i < n; i++)
    {
      const LfToken *t = lf_visual_get_token (f->visual, i);
      LfPoint m;

      if (t->msg != self->selected_msg || !token_point (f, t, &m))
        continue;
      cairo_new_sub_path (f->cr);
      cairo_arc (f->cr, m.x, m.y, TOKEN_RADIUS + 4, 0, 2 * G_PI);
      any = TRUE;
    }
  if (!any)
    return;
  cairo_set_line_width (f->cr, 2.25);
  lf_set_color (f->cr, &self->palette.selection);
  cairo_stroke (f->cr);
}

guint32
lf_painter_token_at (LfPainter *self,
                     LfVisual  *visual,
                     double     x,
                     double     y,
                     double     tolerance)
{
  guint32 best = 0;
  double best_d = G_MAXDOUBLE;
  LfTime now;
  guint n;

  g_return_val_if_fail (LF_IS_PAINTER (self), 0);
  if (visual == NULL)
    return 0;
  g_return_val_if_fail (LF_IS_VISUAL (visual), 0);
  _lf_painter_ensure_model (self);
  _lf_painter_map_visual (self, visual);
  now = lf_visual_get_now (visual);
  n = lf_visual_get_n_tokens (visual);
  for (guint i = 0; i < n; i++)
    {
      const LfToken *t = lf_visual_get_token (visual, i);
      LfPoint m, v;
      double d;

      if (t->msg == 0 || !token_point_at (self, visual, now, t, &m))
        continue;
      v = to_view (self, m);
      d = hypot (v.x - x, v.y - y);
      /* the later token wins a tie: it is drawn on top */
      if (d <= tolerance + TOKEN_RADIUS * self->scale && d <= best_d)
        {
          best = t->msg;
          best_d = d;
        }
    }
  return best;
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

/* ---- the machinery under a card (lf-inspect.h) ------------------------------------- *
 *
 * A tray hangs under the card of a FIFO queue (one row per message group: a lock while a
 * batch of the group is out, red when it failed, the head first), a stream (one row per
 * shard: its records, the checkpoint marker, the batch in flight, a blocked shard in
 * red, parallelization lanes as pips) and a function with events in its async queue
 * (the events, the next retry's countdown). Level of detail: no trays below
 * TRAY_MIN_SCALE, no text in them below TRAY_TEXT_SCALE, fewer rows when a tray would
 * run into another card, and at most TRAY_BUDGET nodes inspected a frame (the rest keep
 * their plain strip). */

#define TRAY_MIN_SCALE   0.5
#define TRAY_TEXT_SCALE  0.7     /* below it rows keep their cells and colours, not their text */
#define TRAY_BUDGET      32
#define TRAY_INSET       10.0    /* model units from the card's sides */
#define TRAY_LABEL       30.0    /* room for a row's lock and label */
#define TRAY_MAX_LANES   4       /* rows of groups or shards before a summary row */
#define TRAY_RADIUS      6.0
#define TAPE_CELLS       12
#define PIP_WIDTH        4.0
#define PIP_GAP          1.5

static LfMachine *
machine_of (LfPainter *self,
            guint      i)
{
  return i < self->n_machines ? &self->machines[i] : NULL;
}

static void
format_countdown (char   *buf,
                  gsize   size,
                  LfTime  dt)
{
  gint64 s = MAX (0, (dt + LF_SEC (1) - 1) / LF_SEC (1));

  if (s < 60)
    g_snprintf (buf, size, "%" G_GINT64_FORMAT " s", s);
  else if (s < 3600)
    g_snprintf (buf, size, "%" G_GINT64_FORMAT "m %02" G_GINT64_FORMAT "s", s / 60, s % 60);
  else
    g_snprintf (buf, size, "%" G_GINT64_FORMAT "h %02" G_GINT64_FORMAT "m", s / 3600, s / 60 % 60);
}

static gboolean
rects_meet (const cairo_rectangle_t *a,
            const cairo_rectangle_t *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width &&
         a->y < b->y + b->height && b->y < a->y + a->height;
}

/* What the machine shows: its kind and rows, 0 rows for nothing to show. */
static guint
machine_inspect (LfSim         *sim,
                 const LfPNode *n,
                 LfMachine     *m)
{
  const char *id = n->node->id;

  switch (n->node->type)
    {
    case LF_NODE_SQS_QUEUE:
      if (!lf_sim_inspect_queue (sim, id, &m->u.queue))
        return 0;
      m->kind = LF_MACHINE_QUEUE;             /* a standard queue: its strip uses it, no tray */
      if (!m->u.queue.fifo)
        return 0;
      return MIN (m->u.queue.n_lanes, TRAY_MAX_LANES) + (m->u.queue.n_groups > TRAY_MAX_LANES);
    case LF_NODE_KINESIS_STREAM:
    case LF_NODE_DYNAMODB_TABLE:
      if (!lf_sim_inspect_stream (sim, id, &m->u.stream))
        return 0;
      m->kind = LF_MACHINE_STREAM;
      return MIN (m->u.stream.n_shards, TRAY_MAX_LANES) + (m->u.stream.n_shards_total > TRAY_MAX_LANES);
    case LF_NODE_LAMBDA_FUNCTION:
      if (!lf_sim_inspect_function (sim, id, &m->u.fn))
        return 0;
      m->kind = LF_MACHINE_FUNCTION;          /* its slots use it even without a tray */
      return m->u.fn.waiting > 0 ? 1 : 0;
    default:
      return 0;
    }
}

/* The row's note (right-aligned text) and whether it is the failure colour. */
static gboolean
machine_note (Frame     *f,
              LfMachine *m,
              guint      row,
              char      *note,
              gsize      size)
{
  char t[32];

  *note = '\0';
  switch (m->kind)
    {
    case LF_MACHINE_QUEUE:
      {
        const LfQueueSnapshot *q = &m->u.queue;
        if (row >= MIN (q->n_lanes, TRAY_MAX_LANES))
          {
            g_snprintf (note, size, "+%" G_GINT64_FORMAT " groups", q->n_groups - TRAY_MAX_LANES);
            return FALSE;
          }
        if (q->lanes[row].head_failed && q->lanes[row].due >= f->now)
          {
            format_countdown (t, sizeof t, q->lanes[row].due - f->now);
            g_snprintf (note, size, "back in %s", t);
            return TRUE;
          }
        return FALSE;
      }
    case LF_MACHINE_STREAM:
      {
        const LfStreamSnapshot *s = &m->u.stream;
        const LfShardSnapshot *sh;
        if (row >= MIN (s->n_shards, TRAY_MAX_LANES))
          {
            g_snprintf (note, size, "+%u shards", s->n_shards_total - TRAY_MAX_LANES);
            return FALSE;
          }
        sh = &s->shards[row];
        if (s->pf > 1 || sh->n_iterators == 0)
          return FALSE;
        if (sh->iterators[0].blocked && sh->iterators[0].retry_at >= f->now)
          {
            format_countdown (t, sizeof t, sh->iterators[0].retry_at - f->now);
            g_snprintf (note, size, "%sretry in %s", sh->iterators[0].waiting ? "½ " : "", t);
            return TRUE;
          }
        if (sh->iterators[0].waiting)
          g_snprintf (note, size, "½ bisected");
        return sh->blocked;
      }
    case LF_MACHINE_FUNCTION:
      {
        const LfFunctionSnapshot *fn = &m->u.fn;
        for (guint i = 0; i < fn->n_waiting; i++)
          {
            const LfAsyncWait *w = &fn->waits[i];
            if ((w->retries == 0 && w->throttles == 0) || w->due < f->now)
              continue;
            format_countdown (t, sizeof t, w->due - f->now);
            g_snprintf (note, size, "%s %s", w->throttles ? "backoff" : "retry in", t);
            return TRUE;
          }
        if (fn->waiting > fn->n_waiting)
          g_snprintf (note, size, "+%" G_GINT64_FORMAT, fn->waiting - fn->n_waiting);
        return FALSE;
      }
    default:
      return FALSE;
    }
}

/* The row's label: a group, a shard, the async queue; empty for a summary row. */
static void
machine_label (const LfMachine *m,
               guint            row,
               char            *label,
               gsize            size)
{
  *label = '\0';
  if (m->kind == LF_MACHINE_QUEUE && row < MIN (m->u.queue.n_lanes, TRAY_MAX_LANES))
    g_snprintf (label, size, "g%d", m->u.queue.lanes[row].group + 1);
  else if (m->kind == LF_MACHINE_STREAM && row < MIN (m->u.stream.n_shards, TRAY_MAX_LANES))
    g_snprintf (label, size, "#%u", row);
  else if (m->kind == LF_MACHINE_FUNCTION)
    g_snprintf (label, size, "async");
}

/* Inspects the nodes on screen and lays their trays out (model units). */
static void
inspect_machines (Frame *f)
{
  LfPainter *self = f->self;
  LfSim *sim = f->visual ? lf_visual_get_sim (f->visual) : NULL;
  guint budget = TRAY_BUDGET;

  for (guint i = 0; i < self->nodes->len; i++)
    {
      LfPNode *n = lf_pnode (self, i);
      LfMachine *m = machine_of (self, i);
      LfPoint a, b;
      guint rows;

      if (m == NULL)
        continue;
      m->kind = LF_MACHINE_NONE;
      m->rows = 0;
      if (sim == NULL || self->scale < TRAY_MIN_SCALE || budget == 0 || !n->has_strip)
        continue;
      a = to_view (self, (LfPoint) { n->rect.x, n->rect.y });
      b = to_view (self, (LfPoint) { n->rect.x + n->rect.width,
                                     n->rect.y + n->rect.height + 2 * LF_TRAY_PAD + TRAY_MAX_LANES * LF_TRAY_ROW });
      if (b.x < 0 || b.y < 0 || a.x > f->width || a.y > f->height)
        continue;                              /* off screen */
      budget--;
      rows = machine_inspect (sim, n, m);
      /* fewer rows while the tray would run into another card */
      for (; rows > 0; rows--)
        {
          gboolean clear = TRUE;
          m->tray = (cairo_rectangle_t) { n->rect.x + TRAY_INSET, n->rect.y + n->rect.height,
                                          n->rect.width - 2 * TRAY_INSET, 2 * LF_TRAY_PAD + rows * LF_TRAY_ROW };
          for (guint j = 0; j < self->nodes->len && clear; j++)
            {
              cairo_rectangle_t r = lf_pnode (self, j)->rect;
              r.x -= 2, r.y -= 2, r.width += 4, r.height += 4;
              clear = j == i || !rects_meet (&m->tray, &r);
            }
          if (clear)
            break;
        }
      m->rows = rows;
      for (guint r = 0; r < rows; r++)
        {
          double left = m->kind == LF_MACHINE_QUEUE ? 13 : 5;
          machine_note (f, m, r, m->notes[r], sizeof m->notes[r]);
          machine_label (m, r, m->labels[r], sizeof m->labels[r]);
          m->cells_x[r] = m->tray.x + MAX (TRAY_LABEL, left + text_width (f, m->labels[r]) / self->scale + 5);
        }
    }
}

static inline double
row_center (const LfMachine *m,
            guint            row)
{
  return m->tray.y + LF_TRAY_PAD + (row + 0.5) * LF_TRAY_ROW;
}

/* How many cells fit in a row before its note. */
static guint
row_capacity (Frame           *f,
              const LfMachine *m,
              guint            row,
              guint            limit)
{
  double room = m->tray.x + m->tray.width - m->cells_x[row] - 4;

  if (m->notes[row][0] && f->self->scale >= TRAY_TEXT_SCALE)
    room -= text_width (f, m->notes[row]) / f->self->scale + 6;
  return (guint) CLAMP (floor ((room + LF_CELL_GAP) / (LF_CELL + LF_CELL_GAP)), 0, limit);
}

static void
cell_at (Frame         *f,
         double         x,
         double         cy,
         const LfColor *color,
         gboolean       retried,
         gboolean       selected)
{
  cairo_t *cr = f->cr;
  const LfPalette *p = &f->self->palette;

  cairo_rectangle (cr, x, cy - LF_CELL / 2, LF_CELL, LF_CELL);
  lf_set_color (cr, color);
  cairo_fill (cr);
  if (retried)
    {
      /* received before: a bar under it */
      cairo_rectangle (cr, x, cy + LF_CELL / 2 + 1, LF_CELL, 1.5);
      lf_set_color (cr, &p->retry);
      cairo_fill (cr);
    }
  if (selected)
    {
      cairo_rectangle (cr, x - 1.5, cy - LF_CELL / 2 - 1.5, LF_CELL + 3, LF_CELL + 3);
      cairo_set_line_width (cr, 1.5);
      lf_set_color (cr, &p->selection);
      cairo_stroke (cr);
    }
}

/* A padlock left of a row's label. */
static void
draw_lock (Frame         *f,
           double         x,
           double         cy,
           const LfColor *color)
{
  cairo_t *cr = f->cr;

  cairo_new_sub_path (cr);
  cairo_arc (cr, x + 3.5, cy - 1, 2.3, G_PI, 2 * G_PI);
  cairo_set_line_width (cr, 1.3);
  lf_set_color (cr, color);
  cairo_stroke (cr);
  _lf_rounded_rect (cr, x, cy - 1, 7, 5.5, 1);
  cairo_fill (cr);
}

static void
draw_queue_rows (Frame     *f,
                 LfMachine *m)
{
  const LfPalette *p = &f->self->palette;
  const LfQueueSnapshot *q = &m->u.queue;
  double x0 = m->tray.x + 4;

  for (guint r = 0; r < MIN (m->rows, MIN (q->n_lanes, TRAY_MAX_LANES)); r++)
    {
      const LfQueueLane *lane = &q->lanes[r];
      double cy = row_center (m, r), x = m->cells_x[r];
      guint cap = row_capacity (f, m, r, lane->n_cells);

      if (lane->head_failed)
        {
          _lf_rounded_rect (f->cr, m->tray.x + 1, cy - LF_TRAY_ROW / 2 + 0.5, m->tray.width - 2, LF_TRAY_ROW - 1, 3);
          lf_set_color_alpha (f->cr, &p->error, 0.16);
          cairo_fill (f->cr);
        }
      if (lane->blocked)
        draw_lock (f, x0, cy, lane->head_failed ? &p->error : &p->text_dim);
      for (guint c = 0; c < cap; c++)
        {
          const LfQueueCell *cell = &lane->cells[c];
          const LfColor *color = cell->state == LF_CELL_RETURNING ? &p->error :
                                 cell->state == LF_CELL_IN_FLIGHT ? &p->batch : &p->cell;
          cell_at (f, x + c * (LF_CELL + LF_CELL_GAP), cy, color, cell->receives > 0 && cell->state == LF_CELL_VISIBLE,
                   f->self->selected_msg != 0 && cell->msg == f->self->selected_msg);
        }
    }
}

static void
draw_stream_rows (Frame     *f,
                  LfMachine *m)
{
  const LfPalette *p = &f->self->palette;
  const LfStreamSnapshot *s = &m->u.stream;
  cairo_t *cr = f->cr;

  for (guint r = 0; r < MIN (m->rows, MIN (s->n_shards, TRAY_MAX_LANES)); r++)
    {
      const LfShardSnapshot *sh = &s->shards[r];
      double cy = row_center (m, r), x = m->cells_x[r];
      gint64 ckpt = G_MAXINT64, lo;
      guint cap, pips = s->pf > 1 ? MIN (sh->n_iterators, s->pf) : 0;
      double pips_w = pips ? pips * (PIP_WIDTH + PIP_GAP) + 2 : 0;

      if (sh->blocked)
        {
          _lf_rounded_rect (cr, m->tray.x + 1, cy - LF_TRAY_ROW / 2 + 0.5, m->tray.width - 2, LF_TRAY_ROW - 1, 3);
          lf_set_color_alpha (cr, &p->error, 0.16);
          cairo_fill (cr);
          cairo_rectangle (cr, m->tray.x + 1, cy - LF_TRAY_ROW / 2 + 1.5, 2, LF_TRAY_ROW - 3);
          lf_set_color (cr, &p->error);
          cairo_fill (cr);
        }
      for (guint k = 0; k < sh->n_iterators; k++)
        ckpt = MIN (ckpt, sh->iterators[k].checkpoint);
      cap = row_capacity (f, m, r, TAPE_CELLS);
      cap = (guint) MAX (0, (gint) cap - (gint) ceil (pips_w / (LF_CELL + LF_CELL_GAP)));
      if (sh->n_iterators == 0)
        lo = MAX (sh->first, sh->end - cap);
      else
        lo = MAX (sh->first, ckpt);              /* the checkpointed record, then what is after */
      for (gint64 pos = lo; pos < MIN (sh->end, lo + cap); pos++)
        {
          const LfColor *color = pos <= ckpt && sh->n_iterators ? &p->record_done : &p->family[LF_NODE_KINESIS_STREAM];
          for (guint k = 0; k < sh->n_iterators && s->pf == 1; k++)
            {
              const LfStreamIterator *it = &sh->iterators[k];
              if (pos >= it->batch_first && pos <= it->batch_last && it->batch_first >= 0)
                color = it->failures > 0 ? &p->error : &p->batch;
            }
          cell_at (f, x + (pos - lo) * (LF_CELL + LF_CELL_GAP), cy, color, FALSE, FALSE);
        }
      /* the checkpoint: a marker after the last record checkpointed */
      if (sh->n_iterators && ckpt >= lo - 1 && ckpt < lo + cap)
        {
          double mx = x + (ckpt - lo + 1) * (LF_CELL + LF_CELL_GAP) - LF_CELL_GAP / 2;
          cairo_rectangle (cr, mx - 0.75, cy - LF_CELL / 2 - 1.5, 1.5, LF_CELL + 3);
          cairo_move_to (cr, mx - 3, cy - LF_TRAY_ROW / 2 + 0.5);
          cairo_line_to (cr, mx + 3, cy - LF_TRAY_ROW / 2 + 0.5);
          cairo_line_to (cr, mx, cy - LF_CELL / 2 - 1);
          cairo_close_path (cr);
          lf_set_color (cr, &p->text);
          cairo_fill (cr);
        }
      /* parallelization lanes: a pip each, busy, blocked or idle */
      for (guint k = 0; k < pips; k++)
        {
          const LfStreamIterator *it = &sh->iterators[k];
          double px = m->tray.x + m->tray.width - 4 - (pips - k) * (PIP_WIDTH + PIP_GAP) + PIP_GAP;
          cairo_rectangle (cr, px, cy - LF_CELL / 2, PIP_WIDTH, LF_CELL);
          lf_set_color (cr, it->failures > 0 ? &p->error : it->in_flight ? &p->slot_busy : &p->slot_idle);
          cairo_fill (cr);
        }
    }
}

static void
draw_function_rows (Frame     *f,
                    LfMachine *m)
{
  const LfPalette *p = &f->self->palette;
  const LfFunctionSnapshot *fn = &m->u.fn;
  double cy = row_center (m, 0), x = m->cells_x[0];
  guint cap = row_capacity (f, m, 0, fn->n_waiting);

  for (guint c = 0; c < cap; c++)
    {
      const LfAsyncWait *w = &fn->waits[c];
      const LfColor *color = w->throttles ? &p->warning : w->retries ? &p->retry : &p->token[LF_TOKEN_NORMAL];
      cell_at (f, x + c * (LF_CELL + LF_CELL_GAP), cy, color, FALSE,
               f->self->selected_msg != 0 && w->msg == f->self->selected_msg);
    }
}

/* Tray backgrounds and their cells: paths under the view transform. */
static void
draw_trays (Frame *f)
{
  LfPainter *self = f->self;
  const LfPalette *p = &self->palette;
  cairo_t *cr = f->cr;

  for (guint i = 0; i < self->n_machines && i < self->nodes->len; i++)
    {
      LfMachine *m = machine_of (self, i);
      const cairo_rectangle_t *t = &m->tray;
      double r = TRAY_RADIUS;

      if (m->rows == 0)
        continue;
      cairo_move_to (cr, t->x, t->y);
      cairo_line_to (cr, t->x + t->width, t->y);
      cairo_arc (cr, t->x + t->width - r, t->y + t->height - r, r, 0, G_PI / 2);
      cairo_arc (cr, t->x + r, t->y + t->height - r, r, G_PI / 2, G_PI);
      cairo_close_path (cr);
      lf_set_color (cr, &p->tray);
      cairo_fill_preserve (cr);
      cairo_set_line_width (cr, 1 / self->scale);
      lf_set_color (cr, &p->card_border);
      cairo_stroke (cr);
      switch (m->kind)
        {
        case LF_MACHINE_QUEUE: draw_queue_rows (f, m); break;
        case LF_MACHINE_STREAM: draw_stream_rows (f, m); break;
        case LF_MACHINE_FUNCTION: draw_function_rows (f, m); break;
        default: break;
        }
    }
}

/* Row labels and notes: text, after the paths. */
static void
draw_tray_texts (Frame *f)
{
  LfPainter *self = f->self;
  const LfPalette *p = &self->palette;

  if (self->scale < TRAY_TEXT_SCALE)
    return;
  for (guint i = 0; i < self->n_machines && i < self->nodes->len; i++)
    {
      LfMachine *m = machine_of (self, i);

      for (guint r = 0; r < m->rows; r++)
        {
          const char *label = m->labels[r];
          gboolean failure = FALSE, summary = *label == '\0';
          LfPoint at;

          if (m->kind == LF_MACHINE_QUEUE && !summary)
            failure = m->u.queue.lanes[r].head_failed;
          else if (m->kind == LF_MACHINE_STREAM && !summary)
            failure = m->u.stream.shards[r].blocked;
          if (*label)
            {
              at = to_view (self, (LfPoint) { m->tray.x + (m->kind == LF_MACHINE_QUEUE ? 13 : 5), row_center (m, r) });
              draw_text (f, round (at.x), round (at.y), label, failure ? TEXT_ERROR : TEXT_DIM,
                         failure ? &p->error : &p->text_dim);
            }
          if (m->notes[r][0])
            {
              gboolean red = !summary && (failure || g_str_has_prefix (m->notes[r], "retry") ||
                                          g_str_has_prefix (m->notes[r], "back"));
              double w = text_width (f, m->notes[r]);
              at = to_view (self, (LfPoint) { summary ? m->tray.x + TRAY_LABEL : m->tray.x + m->tray.width - 4,
                                              row_center (m, r) });
              draw_text (f, round (summary ? at.x : at.x - w), round (at.y), m->notes[r],
                         red ? TEXT_ERROR : TEXT_DIM, red ? &p->error : &p->text_dim);
            }
        }
    }
}

/* ---- the frame -------------------------------------------------------------------- */

static void
prepare_sprites (LfPainter *self,
                 cairo_t   *cr)
{
  const LfPalette *p = &self->palette;
  LfColor text[LF_SPRITE_TEXT_COLORS] = { p->on_color, p->badge_text[LF_BADGE_INVOCATIONS],
                                          p->text_dim, p->text, p->error };
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
  draw_trays (f);
  draw_selected_rings (f);
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
    {
      draw_tray_texts (f);
      draw_tokens (f);
    }
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
  Frame f = { self, cr, visual, { 0 }, 0, 0, vector, width, height };

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
    }
  if (!f.vector)
    prepare_sprites (self, cr);             /* tray layouts measure text */
  inspect_machines (&f);
  if (visual != NULL)
    {
      paint_paths (&f);
    }
  if (f.vector)
    {
      paint_sprites (&f);
      return;
    }
  cairo_save (cr);
  cairo_identity_matrix (cr);
  lf_sprites_begin (self->sprites, cr);
  paint_sprites (&f);
  lf_sprites_end (self->sprites);
  cairo_restore (cr);
}
