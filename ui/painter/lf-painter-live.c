/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lf-painter"

#include <math.h>

#include "lf-painter-private.h"

/* The live layer, every frame: flow bands, retry loops, failure flashes, queue cells and
 * concurrency slots under the view transform; then tokens and pills (badges, poller and
 * rate tags) on device pixels from the sprite cache. A vector target gets paths and
 * PangoLayouts instead of sprites. */

#define TOKEN_RADIUS   4.5     /* model units */
#define MAX_CELLS      10      /* queue cells or slots before "+N" */
#define PILL_HEIGHT    17.0    /* model units */
#define PILL_PAD        6.0
#define PILL_GAP        4.0
#define FLASH_MIN      LF_MSEC (400)

enum { TEXT_ON_COLOR, TEXT_NEUTRAL, TEXT_DIM, TEXT_NORMAL };

typedef struct {
  LfPainter      *self;
  cairo_t        *cr;
  LfVisual       *visual;
  cairo_matrix_t  base;        /* user space of the caller: view coordinates */
  LfTime          now;
  LfTime          flash;
  gboolean        vector;
} Frame;

/* ---- coordinates ------------------------------------------------------------------ */

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

/* ---- pills ------------------------------------------------------------------------ */

static double
text_width (Frame      *f,
            const char *text,
            double      px)
{
  if (!f->vector)
    return lf_sprites_text_width (f->self->sprites, text);
  {
    g_autoptr(PangoLayout) layout = _lf_painter_new_layout (f->self, f->self->badge_font);
    PangoRectangle logical;
    pango_layout_set_text (layout, text, -1);
    pango_layout_get_pixel_extents (layout, NULL, &logical);
    return logical.width * px / 10.0 * f->self->scale;
  }
}

/* A pill of `text` with its left edge at view x and vertical centre at view y.
 * Returns its rectangle in view coordinates. */
static cairo_rectangle_t
draw_pill (Frame         *f,
           double         x,
           double         y,
           const char    *text,
           const LfColor *fill,
           const LfColor *border,
           guint          text_color,
           const LfColor *vector_text)
{
  LfPainter *self = f->self;
  double s = self->scale, h = PILL_HEIGHT * s, tw = text_width (f, text, 10.0);
  double w = MAX (tw + 2 * PILL_PAD * s, h);
  cairo_rectangle_t rect = { x, y - h / 2, w, h };
  cairo_t *cr = f->cr;

  _lf_rounded_rect (cr, rect.x, rect.y, rect.width, rect.height, h / 2);
  lf_set_color (cr, fill);
  if (border != NULL)
    {
      cairo_fill_preserve (cr);
      cairo_set_line_width (cr, 1);
      lf_set_color (cr, border);
      cairo_stroke (cr);
    }
  else
    cairo_fill (cr);
  if (!f->vector)
    {
      double th = lf_sprites_text_height (self->sprites);
      lf_sprites_draw_text (self->sprites, cr, text_color, x + (w - tw) / 2, y - th / 2, text);
    }
  else
    {
      g_autoptr(PangoLayout) layout = _lf_painter_new_layout (self, self->badge_font);
      PangoRectangle logical;
      pango_layout_set_text (layout, text, -1);
      pango_layout_get_pixel_extents (layout, NULL, &logical);
      cairo_save (cr);
      cairo_translate (cr, x + (w - tw) / 2, y - logical.height * s / 2);
      cairo_scale (cr, s, s);
      cairo_move_to (cr, 0, 0);
      lf_set_color (cr, vector_text);
      pango_cairo_show_layout (cr, layout);
      cairo_restore (cr);
    }
  return rect;
}

static void
draw_badges (Frame             *f,
             LfPNode           *n,
             const LfNodeState *st)
{
  LfPainter *self = f->self;
  const LfPalette *p = &self->palette;
  gboolean fn = n->node->type == LF_NODE_LAMBDA_FUNCTION;
  gint64 values[LF_N_BADGES] = { fn ? st->invocations : 0, st->errors, st->throttles, st->depth };
  static const char *const prefix[LF_N_BADGES] = { "", "✕ ", "⊘ ", "≡ " };
  char text[LF_N_BADGES][32];
  double widths[LF_N_BADGES], total = 0, x;
  LfPoint top;

  for (guint b = 0; b < LF_N_BADGES; b++)
    {
      char num[24];
      n->badges[b] = (cairo_rectangle_t) { 0, 0, 0, 0 };
      widths[b] = 0;
      if (values[b] <= 0)
        continue;
      format_count (num, sizeof num, values[b]);
      g_snprintf (text[b], sizeof text[b], "%s%s", prefix[b], num);
      widths[b] = MAX (text_width (f, text[b], 10.0) + 2 * PILL_PAD * self->scale, PILL_HEIGHT * self->scale);
      total += widths[b] + PILL_GAP * self->scale;
    }
  if (total <= 0)
    return;
  top = to_view (self, (LfPoint) { n->rect.x + n->rect.width - 10, n->rect.y });
  x = top.x - total + PILL_GAP * self->scale;
  for (guint b = 0; b < LF_N_BADGES; b++)
    {
      if (widths[b] <= 0)
        continue;
      n->badges[b] = draw_pill (f, x, top.y, text[b], &p->badge[b],
                                b == LF_BADGE_INVOCATIONS ? &p->card_border : NULL,
                                b == LF_BADGE_INVOCATIONS ? TEXT_NEUTRAL : TEXT_ON_COLOR,
                                &p->badge_text[b]);
      x += widths[b] + PILL_GAP * self->scale;
    }
}

/* ---- cells, slots, flashes, loops (model space) ----------------------------------- */

static void
draw_cells (Frame             *f,
            const LfPNode     *n,
            const LfNodeState *st)
{
  const LfPalette *p = &f->self->palette;
  cairo_t *cr = f->cr;
  double x = n->rect.x + LF_TEXT_LEFT, y = n->rect.y + n->strip_top;
  gboolean fn = n->node->type == LF_NODE_LAMBDA_FUNCTION;
  gint64 total = fn ? (n->slots >= 0 ? n->slots : st->running) : st->depth;
  gint64 filled = fn ? st->running : st->depth;
  gint64 hollow = fn ? 0 : MIN (st->in_flight, st->depth);
  gint64 shown = total > MAX_CELLS ? MAX_CELLS - 1 : total;

  for (gint64 i = 0; i < shown; i++)
    {
      double cx = x + i * (LF_CELL + LF_CELL_GAP);
      const LfColor *c;

      if (fn)
        c = i < filled ? &p->slot_busy : &p->slot_idle;
      else if (n->node->type == LF_NODE_SQS_QUEUE)
        c = i < hollow ? &p->cell_in_flight : &p->cell;
      else
        c = &p->family[n->node->type];
      cairo_rectangle (cr, cx, y, LF_CELL, LF_CELL);
      lf_set_color (cr, c);
      cairo_fill (cr);
    }
}

/* "+N" after the cells, in view space (it is text). */
static void
draw_cells_overflow (Frame             *f,
                     const LfPNode     *n,
                     const LfNodeState *st)
{
  LfPainter *self = f->self;
  gboolean fn = n->node->type == LF_NODE_LAMBDA_FUNCTION;
  gint64 total = fn ? (n->slots >= 0 ? n->slots : st->running) : st->depth;
  char num[24], text[32];
  LfPoint at;

  if (total <= MAX_CELLS)
    return;
  format_count (num, sizeof num, total - (MAX_CELLS - 1));
  g_snprintf (text, sizeof text, "+%s", num);
  at = to_view (self, (LfPoint) { n->rect.x + LF_TEXT_LEFT + (MAX_CELLS - 1) * (LF_CELL + LF_CELL_GAP),
                                  n->rect.y + n->strip_top + LF_CELL / 2 });
  if (!f->vector)
    {
      LfPoint b = to_base (f, at);
      cairo_save (f->cr);
      cairo_identity_matrix (f->cr);
      lf_sprites_draw_text (self->sprites, f->cr, TEXT_DIM, b.x,
                            b.y - lf_sprites_text_height (self->sprites) / 2, text);
      cairo_restore (f->cr);
    }
  else
    {
      g_autoptr(PangoLayout) layout = _lf_painter_new_layout (self, self->badge_font);
      PangoRectangle logical;
      pango_layout_set_text (layout, text, -1);
      pango_layout_get_pixel_extents (layout, NULL, &logical);
      cairo_save (f->cr);
      cairo_translate (f->cr, at.x, at.y - logical.height * self->scale / 2);
      cairo_scale (f->cr, self->scale, self->scale);
      cairo_move_to (f->cr, 0, 0);
      lf_set_color (f->cr, &self->palette.text_dim);
      pango_cairo_show_layout (f->cr, layout);
      cairo_restore (f->cr);
    }
}

static void
draw_flash (Frame             *f,
            const LfPNode     *n,
            LfTime             when,
            const LfColor     *color)
{
  double age;

  if (when == LF_VISUAL_NEVER || when > f->now || f->now - when >= f->flash)
    return;
  age = (double) (f->now - when) / (double) f->flash;
  _lf_rounded_rect (f->cr, n->rect.x - 2.5, n->rect.y - 2.5, n->rect.width + 5, n->rect.height + 5,
                    LF_CARD_RADIUS + 2.5);
  cairo_set_line_width (f->cr, 3);
  lf_set_color_alpha (f->cr, color, 1.0 - age * age);
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

static void
draw_band (Frame             *f,
           const LfPEdge     *e,
           const LfEdgeState *st)
{
  const LfEdgeStyle *style = &f->self->palette.edge[e->edge->type < LF_N_EDGE_TYPES ? e->edge->type : 0];
  double width = CLAMP (3 + 2 * log2 (1 + st->rate), 5, 14);
  double dash[] = { 2.5, 9.5 };
  double travel = lf_time_to_seconds (lf_visual_get_travel_time (f->visual));
  double phase = fmod (lf_time_to_seconds (f->now) / MAX (travel, 1e-3) * e->length, 12.0);
  cairo_t *cr = f->cr;

  _lf_pedge_path (cr, e);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_width (cr, width);
  lf_set_color_alpha (cr, &style->color, 0.25);
  cairo_stroke_preserve (cr);
  cairo_set_dash (cr, dash, 2, -phase);
  cairo_set_line_width (cr, width * 0.5);
  lf_set_color_alpha (cr, &style->color, 0.85);
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

static void
draw_tokens (Frame *f)
{
  LfPainter *self = f->self;
  guint n = lf_visual_get_n_tokens (f->visual);

  for (guint i = 0; i < n; i++)
    {
      const LfToken *t = lf_visual_get_token (f->visual, i);
      double progress = lf_token_progress (t, f->now);
      LfPoint m, v;

      if (progress < 0 || progress >= 1)
        continue;
      if (t->edge >= 0)
        {
          int pe = (guint) t->edge < self->n_visual_edges ? self->visual_edge_map[t->edge] : -1;
          if (pe < 0 || !lf_pedge (self, (guint) pe)->valid ||
              lf_visual_get_edge_state (f->visual, (guint) t->edge)->band)
            continue;
          m = _lf_pedge_point_at (lf_pedge (self, (guint) pe), progress);
        }
      else
        {
          int pn = (guint) t->node < self->n_visual_nodes ? self->visual_node_map[t->node] : -1;
          if (pn < 0)
            continue;
          m = _lf_loop_point (lf_pnode (self, (guint) pn), progress);
        }
      v = to_view (self, m);
      if (f->vector)
        draw_token_vector (f, v, t);
      else
        {
          LfPoint b = to_base (f, v);
          lf_sprites_draw_token (self->sprites, f->cr, t->kind, t->count > 1, b.x, b.y);
        }
    }
}

/* ---- tags on edges ---------------------------------------------------------------- */

static void
draw_edge_tags (Frame *f)
{
  LfPainter *self = f->self;
  const LfPalette *p = &self->palette;

  for (guint i = 0; i < self->edges->len; i++)
    {
      LfPEdge *e = lf_pedge (self, i);
      const LfEdgeState *st;
      const LfEdgeStyle *style;
      char text[48], rate[24];
      LfPoint v;
      double w;

      if (!e->valid || e->visual < 0)
        continue;
      st = lf_visual_get_edge_state (f->visual, (guint) e->visual);
      style = &p->edge[e->edge->type < LF_N_EDGE_TYPES ? e->edge->type : 0];
      if (st->band)
        {
          format_rate (rate, sizeof rate, st->rate);
          g_snprintf (text, sizeof text, "%s", rate);
        }
      else if (e->edge->type == LF_EDGE_EVENT_SOURCE_MAPPING && st->concurrency > 0)
        g_snprintf (text, sizeof text, "×%" G_GINT64_FORMAT, st->concurrency);
      else
        continue;
      v = to_view (self, e->mid);
      if (e->edge->type == LF_EDGE_EVENT_SOURCE_MAPPING && !st->band)
        v.y += PILL_HEIGHT * self->scale;   /* under the poller badge */
      w = text_width (f, text, 10.0) + 2 * PILL_PAD * self->scale;
      draw_pill (f, v.x - w / 2, v.y, text, &p->card, &style->color, TEXT_NORMAL, &p->text);
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
  lf_sprites_prepare (self->sprites, self->pango, self->badge_font, 10.0 * self->scale,
                      CLAMP (TOKEN_RADIUS * self->scale, 2.5, 10), ds, p->token, &p->token_ring, text);
}

static void
clear_badges (LfPainter *self)
{
  for (guint i = 0; i < self->nodes->len; i++)
    for (guint b = 0; b < LF_N_BADGES; b++)
      lf_pnode (self, i)->badges[b] = (cairo_rectangle_t) { 0, 0, 0, 0 };
}

/* Under the view transform: bands, loops, flashes, cells. */
static void
paint_model_space (Frame *f)
{
  LfPainter *self = f->self;
  const LfPalette *p = &self->palette;

  cairo_save (f->cr);
  cairo_translate (f->cr, self->x_offset, self->y_offset);
  cairo_scale (f->cr, self->scale, self->scale);
  for (guint i = 0; i < self->edges->len; i++)
    {
      LfPEdge *e = lf_pedge (self, i);
      if (e->valid && e->visual >= 0 && lf_visual_get_edge_state (f->visual, (guint) e->visual)->band)
        draw_band (f, e, lf_visual_get_edge_state (f->visual, (guint) e->visual));
    }
  for (guint i = 0; i < self->nodes->len; i++)
    {
      LfPNode *n = lf_pnode (self, i);
      const LfNodeState *st;
      if (n->visual < 0)
        continue;
      st = lf_visual_get_node_state (f->visual, (guint) n->visual);
      draw_loop (f, n, st);
      draw_flash (f, n, st->last_throttle, &p->warning);
      draw_flash (f, n, st->last_error, &p->error);
      if (n->has_strip)
        draw_cells (f, n, st);
    }
  cairo_restore (f->cr);
}

/* In view (vector) or identity (raster) space: tokens, "+N", badges, tags. */
static void
paint_view_space (Frame *f)
{
  LfPainter *self = f->self;

  cairo_save (f->cr);
  if (!f->vector)
    cairo_identity_matrix (f->cr);
  draw_tokens (f);
  cairo_restore (f->cr);
  for (guint i = 0; i < self->nodes->len; i++)
    {
      LfPNode *n = lf_pnode (self, i);
      const LfNodeState *st;
      if (n->visual < 0)
        continue;
      st = lf_visual_get_node_state (f->visual, (guint) n->visual);
      if (n->has_strip)
        draw_cells_overflow (f, n, st);
      draw_badges (f, n, st);
    }
  draw_edge_tags (f);
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
  if (visual == NULL)
    {
      clear_badges (self);
      return;
    }
  f.now = lf_visual_get_now (visual);
  f.flash = MAX (FLASH_MIN, lf_visual_get_travel_time (visual) * 4 / 5);
  cairo_get_matrix (cr, &f.base);
  if (!vector)
    prepare_sprites (self, cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  paint_model_space (&f);
  paint_view_space (&f);
}
