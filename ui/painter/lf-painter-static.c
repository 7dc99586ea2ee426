/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lf-painter"

#include <math.h>

#include "lf-painter-private.h"

/* The static diagram: background grid, edges with arrowheads, cards with icon, label and
 * subtitle. Drawn into the cache (raster) or straight into a vector target. */

#define GRID_SPACING  24.0
#define GRID_DOT       2.0
#define ARROW_LENGTH   9.0
#define ARROW_HALF     4.5

static void
paint_grid (LfPainter *self,
            cairo_t   *cr,
            int        width,
            int        height)
{
  double step = GRID_SPACING * self->scale;
  double x0 = fmod (self->x_offset, step), y0 = fmod (self->y_offset, step);

  if (step < 10)
    return;
  if (x0 < 0)
    x0 += step;
  if (y0 < 0)
    y0 += step;
  for (double y = y0; y < height; y += step)
    for (double x = x0; x < width; x += step)
      cairo_rectangle (cr, round (x) - GRID_DOT / 2, round (y) - GRID_DOT / 2, GRID_DOT, GRID_DOT);
  lf_set_color (cr, &self->palette.grid);
  cairo_fill (cr);
}

static void
set_edge_stroke (cairo_t           *cr,
                 const LfEdgeStyle *style)
{
  static const double dashed[] = { 7, 5 };
  static const double dotted[] = { 0.01, 4.5 };

  cairo_set_line_width (cr, style->width);
  switch (style->dash)
    {
    case LF_DASH_DASHED:
      cairo_set_dash (cr, dashed, 2, 0);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
      break;
    case LF_DASH_DOTTED:
      cairo_set_dash (cr, dotted, 2, 0);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      break;
    case LF_DASH_SOLID:
    default:
      cairo_set_dash (cr, NULL, 0, 0);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      break;
    }
}

/* A filled arrowhead with its tip at `tip`, pointing away from `from`. */
static void
arrowhead (cairo_t *cr,
           LfPoint  from,
           LfPoint  tip,
           double   length,
           double   half)
{
  double dx = tip.x - from.x, dy = tip.y - from.y, len = hypot (dx, dy);
  double ux, uy;

  if (len < 1e-6)
    return;
  ux = dx / len;
  uy = dy / len;
  cairo_move_to (cr, tip.x, tip.y);
  cairo_line_to (cr, tip.x - ux * length - uy * half, tip.y - uy * length + ux * half);
  cairo_line_to (cr, tip.x - ux * length * 0.72, tip.y - uy * length * 0.72);
  cairo_line_to (cr, tip.x - ux * length + uy * half, tip.y - uy * length - ux * half);
  cairo_close_path (cr);
}

static void
paint_edge (LfPainter     *self,
            cairo_t       *cr,
            const LfPEdge *e)
{
  const LfEdgeStyle *style = &self->palette.edge[e->edge->type < LF_N_EDGE_TYPES ? e->edge->type : 0];
  double scale = style->width / 2.0;
  LfPoint before_tip = _lf_pedge_point_at (e, 1.0 - MIN (0.5, ARROW_LENGTH * scale / MAX (e->length, 1)));

  _lf_pedge_path (cr, e);
  set_edge_stroke (cr, style);
  lf_set_color (cr, &style->color);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  arrowhead (cr, before_tip, e->p3, ARROW_LENGTH * MAX (scale, 0.85), ARROW_HALF * MAX (scale, 0.85));
  cairo_fill (cr);
  if (e->from_edge >= 0)
    {
      /* A stream ESM's on-failure destination starts at the poller: mark the joint. */
      cairo_arc (cr, e->p0.x, e->p0.y, 2.5, 0, 2 * G_PI);
      cairo_fill (cr);
    }
}

/* A built-in glyph when there is no SVG: the family colour with the type's initials. */
static void
paint_fallback_icon (LfPainter     *self,
                     cairo_t       *cr,
                     const LfPNode *n,
                     double         x,
                     double         y)
{
  static const char *const initials[LF_N_NODE_TYPES] = {
    "?", "CLI", "API", "ALB", "S3", "SNS", "EB", "KDS", "DDB", "SQS", "λ"
  };
  LfNodeType type = n->node->type < LF_N_NODE_TYPES ? n->node->type : LF_NODE_UNKNOWN;
  const LfColor *c = &self->palette.family[type];
  g_autoptr(PangoLayout) layout = _lf_painter_new_layout (self, self->label_font);
  g_autoptr(PangoFontDescription) font = pango_font_description_copy (self->label_font);
  PangoRectangle ink;
  double s = LF_ICON_SIZE;

  _lf_rounded_rect (cr, x + s * 0.0625, y + s * 0.09, s * 0.875, s * 0.875, s * 0.19);
  cairo_set_source_rgba (cr, c->r * 0.8, c->g * 0.8, c->b * 0.8, 1);
  cairo_fill (cr);
  _lf_rounded_rect (cr, x + s * 0.0625, y + s * 0.0625, s * 0.875, s * 0.845, s * 0.19);
  lf_set_color (cr, c);
  cairo_fill (cr);
  pango_font_description_set_absolute_size (font, (type == LF_NODE_LAMBDA_FUNCTION ? 22 : 11) * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, initials[type], -1);
  pango_layout_get_pixel_extents (layout, &ink, NULL);
  cairo_move_to (cr, x + (s - ink.width) / 2 - ink.x, y + (s - 2 - ink.height) / 2 - ink.y);
  lf_set_color (cr, &self->palette.on_color);
  pango_cairo_show_layout (cr, layout);
}

/* The SVG icon: vectors for a vector target, else the cached bitmap on device pixels. */
static void
paint_icon (LfPainter            *self,
            cairo_t              *cr,
            const cairo_matrix_t *base,
            const LfPNode        *n,
            gboolean              vector)
{
  double x = n->rect.x + LF_ICON_LEFT, y = n->rect.y + (n->rect.height - LF_ICON_SIZE) / 2;
  double ds = 1, dsy = 1, vx, vy;
  cairo_surface_t *icon;
  int px;

  if (vector)
    {
      if (!lf_icon_cache_render (self->icons, n->node->type, cr, x, y, LF_ICON_SIZE))
        paint_fallback_icon (self, cr, n, x, y);
      return;
    }
  cairo_surface_get_device_scale (cairo_get_target (cr), &ds, &dsy);
  px = (int) round (LF_ICON_SIZE * self->scale * ds);
  icon = px >= 4 ? lf_icon_cache_get (self->icons, n->node->type, px) : NULL;
  if (icon == NULL)
    {
      paint_fallback_icon (self, cr, n, x, y);
      return;
    }
  vx = x * self->scale + self->x_offset;
  vy = y * self->scale + self->y_offset;
  cairo_save (cr);
  cairo_set_matrix (cr, base);
  cairo_translate (cr, round (vx * ds) / ds, round (vy * ds) / ds);
  cairo_scale (cr, 1 / ds, 1 / ds);
  cairo_set_source_surface (cr, icon, 0, 0);
  cairo_paint (cr);
  cairo_restore (cr);
}

static void
paint_node (LfPainter            *self,
            cairo_t              *cr,
            const cairo_matrix_t *base,
            const LfPNode        *n,
            gboolean              vector)
{
  const LfPalette *p = &self->palette;
  const cairo_rectangle_t *r = &n->rect;

  _lf_rounded_rect (cr, r->x - 1, r->y, r->width + 2, r->height + 2.5, LF_CARD_RADIUS + 1);
  lf_set_color (cr, &p->shadow);
  cairo_fill (cr);
  _lf_rounded_rect (cr, r->x, r->y, r->width, r->height, LF_CARD_RADIUS);
  lf_set_color (cr, &p->card);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 1);
  lf_set_color (cr, &p->card_border);
  cairo_stroke (cr);
  paint_icon (self, cr, base, n, vector);
  cairo_move_to (cr, r->x + LF_TEXT_LEFT, r->y + n->text_top);
  lf_set_color (cr, &p->text);
  pango_cairo_show_layout (cr, n->label);
  cairo_move_to (cr, r->x + LF_TEXT_LEFT, r->y + n->subtitle_top);
  lf_set_color (cr, &p->text_dim);
  pango_cairo_show_layout (cr, n->subtitle);
}

void
_lf_painter_paint_static (LfPainter *self,
                          cairo_t   *cr,
                          int        width,
                          int        height,
                          gboolean   vector)
{
  cairo_matrix_t base;

  self->static_draws++;
  cairo_save (cr);
  cairo_get_matrix (cr, &base);
  cairo_rectangle (cr, 0, 0, width, height);
  lf_set_color (cr, &self->palette.background);
  cairo_fill (cr);
  if (!vector)
    paint_grid (self, cr, width, height);
  cairo_translate (cr, self->x_offset, self->y_offset);
  cairo_scale (cr, self->scale, self->scale);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < self->edges->len; i++)
    if (lf_pedge (self, i)->valid)
      paint_edge (self, cr, lf_pedge (self, i));
  for (guint i = 0; i < self->nodes->len; i++)
    paint_node (self, cr, &base, lf_pnode (self, i), vector);
  cairo_restore (cr);
}

/* "01:30.0" for 90 s; hours when needed. */
static char *
format_clock (LfTime now)
{
  gint64 tenths = now / LF_MSEC (100);
  gint64 s = tenths / 10, m = s / 60, h = m / 60;

  if (h > 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d.%d", h, (int) (m % 60), (int) (s % 60),
                            (int) (tenths % 10));
  return g_strdup_printf ("%02d:%02d.%d", (int) m, (int) (s % 60), (int) (tenths % 10));
}

void
lf_painter_draw_caption (LfPainter  *self,
                         cairo_t    *cr,
                         int         width,
                         const char *title,
                         LfTime      now)
{
  g_autoptr(PangoFontDescription) title_font = pango_font_description_copy (self->label_font);
  g_autoptr(PangoLayout) clock = _lf_painter_new_layout (self, self->label_font);
  g_autoptr(PangoLayout) heading = NULL;
  g_autofree char *clock_text = format_clock (now);
  g_autofree char *clock_markup = NULL;
  double h = LF_PAINTER_CAPTION_HEIGHT;
  PangoRectangle c, t;

  g_return_if_fail (LF_IS_PAINTER (self));
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, h);
  lf_set_color (cr, &self->palette.background);
  cairo_fill (cr);
  cairo_rectangle (cr, 0, h - 1, width, 1);
  lf_set_color (cr, &self->palette.card_border);
  cairo_fill (cr);

  clock_markup = g_markup_printf_escaped ("<span weight='normal' alpha='60%%'>simulated </span>%s",
                                          clock_text);
  pango_layout_set_markup (clock, clock_markup, -1);
  pango_layout_get_pixel_extents (clock, NULL, &c);
  cairo_move_to (cr, width - 20 - c.width, (h - c.height) / 2);
  lf_set_color (cr, &self->palette.text);
  pango_cairo_show_layout (cr, clock);

  pango_font_description_set_absolute_size (title_font, 15 * PANGO_SCALE);
  heading = _lf_painter_new_layout (self, title_font);
  pango_layout_set_text (heading, title && *title ? title : "Untitled scenario", -1);
  pango_layout_set_width (heading, MAX (width - 60 - c.width, 10) * PANGO_SCALE);
  pango_layout_set_ellipsize (heading, PANGO_ELLIPSIZE_END);
  pango_layout_get_pixel_extents (heading, NULL, &t);
  cairo_move_to (cr, 20, (h - t.height) / 2);
  pango_cairo_show_layout (cr, heading);
  cairo_restore (cr);
}
