/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lf-painter"

#include <math.h>

#include "lf-painter-private.h"

#define FONT_FAMILY     "Cantarell,DejaVu Sans,sans-serif"
#define LABEL_PX        12.0
#define SUBTITLE_PX     10.5
#define BADGE_PX        10.0

G_DEFINE_FINAL_TYPE (LfPainter, lf_painter, G_TYPE_OBJECT)

/* ---- model ------------------------------------------------------------------------ */

PangoLayout *
_lf_painter_new_layout (LfPainter                  *self,
                        const PangoFontDescription *font)
{
  PangoLayout *layout = pango_layout_new (self->pango);

  pango_layout_set_font_description (layout, font);
  return layout;
}

static void
lf_pnode_clear (LfPNode *n)
{
  g_clear_object (&n->label);
  g_clear_object (&n->subtitle);
}

static gboolean
lf_node_has_strip (LfNodeType type)
{
  return type == LF_NODE_SQS_QUEUE || type == LF_NODE_LAMBDA_FUNCTION ||
         type == LF_NODE_KINESIS_STREAM || type == LF_NODE_DYNAMODB_TABLE;
}

/* Label (up to two lines), subtitle and strip, centred as one block on the card. */
static void
lf_painter_layout_node (LfPainter *self,
                        LfPNode   *n)
{
  int width = (int) ((LF_PAINTER_NODE_WIDTH - LF_TEXT_LEFT - LF_TEXT_RIGHT) * PANGO_SCALE);
  g_autofree char *subtitle = _lf_node_subtitle (n->node);
  PangoRectangle label, sub;
  double block;

  n->label = _lf_painter_new_layout (self, self->label_font);
  pango_layout_set_text (n->label, n->node->label && *n->node->label ? n->node->label : n->node->id, -1);
  pango_layout_set_width (n->label, width);
  pango_layout_set_wrap (n->label, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_ellipsize (n->label, PANGO_ELLIPSIZE_END);
  pango_layout_set_height (n->label, -2);
  n->subtitle = _lf_painter_new_layout (self, self->subtitle_font);
  pango_layout_set_text (n->subtitle, subtitle, -1);
  pango_layout_set_width (n->subtitle, width);
  pango_layout_set_ellipsize (n->subtitle, PANGO_ELLIPSIZE_END);
  pango_layout_get_pixel_extents (n->label, NULL, &label);
  pango_layout_get_pixel_extents (n->subtitle, NULL, &sub);
  n->has_strip = lf_node_has_strip (n->node->type);
  n->slots = n->node->type == LF_NODE_LAMBDA_FUNCTION && lf_props_has (n->node->props, "reserved_concurrency")
             ? lf_props_get_int (n->node->props, "reserved_concurrency", 0) : -1;
  block = label.height + 1 + sub.height + (n->has_strip ? LF_STRIP_HEIGHT : 0);
  n->text_top = floor ((LF_PAINTER_NODE_HEIGHT - block) / 2);
  n->subtitle_top = n->text_top + label.height + 1;
  n->strip_top = n->subtitle_top + sub.height + (LF_STRIP_HEIGHT - LF_CELL) / 2;
}

static void
lf_painter_build_model (LfPainter *self)
{
  GPtrArray *nodes, *edges;

  g_array_set_size (self->nodes, 0);
  g_array_set_size (self->edges, 0);
  g_hash_table_remove_all (self->node_by_id);
  g_hash_table_remove_all (self->edge_by_id);
  _lf_painter_map_visual (self, NULL);
  if (self->scenario == NULL)
    return;
  nodes = lf_scenario_get_nodes (self->scenario);
  edges = lf_scenario_get_edges (self->scenario);
  for (guint i = 0; i < nodes->len; i++)
    {
      LfPNode n = { .node = g_ptr_array_index (nodes, i), .visual = -1 };
      n.rect = (cairo_rectangle_t) { n.node->x, n.node->y, LF_PAINTER_NODE_WIDTH, LF_PAINTER_NODE_HEIGHT };
      lf_painter_layout_node (self, &n);
      g_array_append_val (self->nodes, n);
      g_hash_table_insert (self->node_by_id, n.node->id, GUINT_TO_POINTER (i + 1));
    }
  for (guint i = 0; i < edges->len; i++)
    {
      LfEdge *edge = g_ptr_array_index (edges, i);
      g_hash_table_insert (self->edge_by_id, edge->id, GUINT_TO_POINTER (i + 1));
    }
  for (guint i = 0; i < edges->len; i++)
    {
      LfPEdge e = { .edge = g_ptr_array_index (edges, i), .visual = -1 };
      e.from = (int) GPOINTER_TO_UINT (g_hash_table_lookup (self->node_by_id, e.edge->from)) - 1;
      e.to = (int) GPOINTER_TO_UINT (g_hash_table_lookup (self->node_by_id, e.edge->to)) - 1;
      e.from_edge = e.from < 0 ? (int) GPOINTER_TO_UINT (g_hash_table_lookup (self->edge_by_id, e.edge->from)) - 1 : -1;
      g_array_append_val (self->edges, e);
    }
  _lf_painter_layout_edges (self);
  g_free (self->machines);
  self->n_machines = self->nodes->len;
  self->machines = g_new0 (LfMachine, self->n_machines);
}

void
_lf_painter_ensure_model (LfPainter *self)
{
  if (!self->model_dirty)
    return;
  self->model_dirty = FALSE;
  lf_painter_build_model (self);
}

void
_lf_painter_map_visual (LfPainter *self,
                        LfVisual  *visual)
{
  GPtrArray *vedges, *vnodes;

  if (visual == self->visual)
    return;
  g_set_object (&self->visual, visual);
  g_clear_pointer (&self->visual_edge_map, g_free);
  g_clear_pointer (&self->visual_node_map, g_free);
  self->n_visual_edges = self->n_visual_nodes = 0;
  for (guint i = 0; i < self->nodes->len; i++)
    lf_pnode (self, i)->visual = -1;
  for (guint i = 0; i < self->edges->len; i++)
    lf_pedge (self, i)->visual = -1;
  if (visual == NULL)
    return;
  vnodes = lf_scenario_get_nodes (lf_visual_get_scenario (visual));
  self->n_visual_nodes = vnodes->len;
  self->visual_node_map = g_new (int, MAX (vnodes->len, 1));
  for (guint i = 0; i < vnodes->len; i++)
    self->visual_node_map[i] = -1;
  for (guint i = 0; i < self->nodes->len; i++)
    {
      LfPNode *n = lf_pnode (self, i);
      n->visual = lf_visual_lookup_node (visual, n->node->id);
      if (n->visual >= 0)
        self->visual_node_map[n->visual] = (int) i;
    }
  vedges = lf_scenario_get_edges (lf_visual_get_scenario (visual));
  self->n_visual_edges = vedges->len;
  self->visual_edge_map = g_new (int, MAX (vedges->len, 1));
  for (guint i = 0; i < vedges->len; i++)
    self->visual_edge_map[i] = -1;
  for (guint i = 0; i < self->edges->len; i++)
    {
      LfPEdge *e = lf_pedge (self, i);
      e->visual = lf_visual_lookup_edge (visual, e->edge->id);
      if (e->visual >= 0)
        self->visual_edge_map[e->visual] = (int) i;
    }
}

/* ---- properties ------------------------------------------------------------------- */

void
lf_painter_set_scenario (LfPainter  *self,
                         LfScenario *scenario)
{
  g_return_if_fail (LF_IS_PAINTER (self));
  g_return_if_fail (scenario == NULL || LF_IS_SCENARIO (scenario));

  g_set_object (&self->scenario, scenario);
  lf_painter_invalidate (self);
}

LfScenario *
lf_painter_get_scenario (LfPainter *self)
{
  g_return_val_if_fail (LF_IS_PAINTER (self), NULL);
  return self->scenario;
}

void
lf_painter_invalidate (LfPainter *self)
{
  g_return_if_fail (LF_IS_PAINTER (self));
  self->model_dirty = TRUE;
  self->generation++;
}

void
lf_painter_set_style (LfPainter      *self,
                      LfPainterStyle  style)
{
  g_return_if_fail (LF_IS_PAINTER (self));
  if (self->style == style)
    return;
  self->style = style;
  _lf_palette_init (&self->palette, style);
  self->generation++;
}

LfPainterStyle
lf_painter_get_style (LfPainter *self)
{
  g_return_val_if_fail (LF_IS_PAINTER (self), LF_PAINTER_STYLE_LIGHT);
  return self->style;
}

void
lf_painter_set_icon_dir (LfPainter  *self,
                         const char *dir)
{
  g_return_if_fail (LF_IS_PAINTER (self));
  if (g_strcmp0 (dir, lf_icon_cache_get_dir (self->icons)) == 0)
    return;
  lf_icon_cache_free (self->icons);
  self->icons = lf_icon_cache_new (dir);
  self->generation++;
}

guint
lf_painter_get_static_draws (LfPainter *self)
{
  g_return_val_if_fail (LF_IS_PAINTER (self), 0);
  return self->static_draws;
}

/* ---- view ------------------------------------------------------------------------- */

void
lf_painter_set_view (LfPainter *self,
                     double     scale,
                     double     x_offset,
                     double     y_offset)
{
  g_return_if_fail (LF_IS_PAINTER (self));
  g_return_if_fail (scale > 0);
  self->scale = scale;
  self->x_offset = x_offset;
  self->y_offset = y_offset;
}

void
lf_painter_get_view (LfPainter *self,
                     double    *scale,
                     double    *x_offset,
                     double    *y_offset)
{
  g_return_if_fail (LF_IS_PAINTER (self));
  if (scale)
    *scale = self->scale;
  if (x_offset)
    *x_offset = self->x_offset;
  if (y_offset)
    *y_offset = self->y_offset;
}

gboolean
lf_painter_get_bounds (LfPainter         *self,
                       cairo_rectangle_t *bounds)
{
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

  g_return_val_if_fail (LF_IS_PAINTER (self), FALSE);
  _lf_painter_ensure_model (self);
  for (guint i = 0; i < self->nodes->len; i++)
    {
      const cairo_rectangle_t *r = &lf_pnode (self, i)->rect;
      x0 = MIN (x0, r->x);
      y0 = MIN (y0, r->y - 32);           /* badges and retry loops above */
      x1 = MAX (x1, r->x + r->width);
      y1 = MAX (y1, r->y + r->height);
    }
  for (guint i = 0; i < self->edges->len; i++)
    {
      const LfPEdge *e = lf_pedge (self, i);
      for (guint s = 0; e->valid && s <= LF_EDGE_SAMPLES; s++)
        {
          x0 = MIN (x0, e->samples[s].x - 8);
          x1 = MAX (x1, e->samples[s].x + 8);
          y1 = MAX (y1, e->samples[s].y + 8);
        }
    }
  if (x0 > x1)
    return FALSE;
  if (bounds)
    *bounds = (cairo_rectangle_t) { x0, y0, x1 - x0, y1 - y0 };
  return TRUE;
}

void
lf_painter_fit (LfPainter               *self,
                const cairo_rectangle_t *area,
                double                   margin,
                double                   max_scale)
{
  cairo_rectangle_t b;
  double w, h, scale;

  g_return_if_fail (LF_IS_PAINTER (self));
  g_return_if_fail (area != NULL);
  w = MAX (area->width - 2 * margin, 1);
  h = MAX (area->height - 2 * margin, 1);
  if (!lf_painter_get_bounds (self, &b))
    {
      lf_painter_set_view (self, 1, area->x + margin, area->y + margin);
      return;
    }
  scale = MIN (w / MAX (b.width, 1), h / MAX (b.height, 1));
  if (max_scale > 0)
    scale = MIN (scale, max_scale);
  lf_painter_set_view (self, scale,
                       area->x + margin + (w - b.width * scale) / 2 - b.x * scale,
                       area->y + margin + (h - b.height * scale) / 2 - b.y * scale);
}

void
lf_painter_view_to_model (LfPainter *self,
                          double    *x,
                          double    *y)
{
  g_return_if_fail (LF_IS_PAINTER (self));
  *x = (*x - self->x_offset) / self->scale;
  *y = (*y - self->y_offset) / self->scale;
}

void
lf_painter_model_to_view (LfPainter *self,
                          double    *x,
                          double    *y)
{
  g_return_if_fail (LF_IS_PAINTER (self));
  *x = *x * self->scale + self->x_offset;
  *y = *y * self->scale + self->y_offset;
}

/* ---- drawing ---------------------------------------------------------------------- */

static gboolean
lf_target_is_vector (cairo_t *cr)
{
  switch (cairo_surface_get_type (cairo_get_target (cr)))
    {
    case CAIRO_SURFACE_TYPE_PDF:
    case CAIRO_SURFACE_TYPE_PS:
    case CAIRO_SURFACE_TYPE_SVG:
    case CAIRO_SURFACE_TYPE_RECORDING:
    case CAIRO_SURFACE_TYPE_SCRIPT:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
lf_painter_cache_valid (LfPainter *self,
                        int        width,
                        int        height,
                        double     ds)
{
  return self->cache != NULL && self->cache_generation == self->generation &&
         self->cache_width == width && self->cache_height == height &&
         self->cache_device_scale == ds && self->cache_scale == self->scale &&
         self->cache_x == self->x_offset && self->cache_y == self->y_offset;
}

static void
lf_painter_ensure_cache (LfPainter *self,
                         cairo_t   *target_cr,
                         int        width,
                         int        height)
{
  double ds = 1, dsy = 1;
  cairo_t *cr;

  cairo_surface_get_device_scale (cairo_get_target (target_cr), &ds, &dsy);
  if (lf_painter_cache_valid (self, width, height, ds))
    return;
  g_clear_pointer (&self->cache, cairo_surface_destroy);
  self->cache = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) ceil (width * ds),
                                            (int) ceil (height * ds));
  cairo_surface_set_device_scale (self->cache, ds, ds);
  cr = cairo_create (self->cache);
  _lf_painter_paint_static (self, cr, width, height, FALSE);
  cairo_destroy (cr);
  self->cache_generation = self->generation;
  self->cache_width = width;
  self->cache_height = height;
  self->cache_device_scale = ds;
  self->cache_scale = self->scale;
  self->cache_x = self->x_offset;
  self->cache_y = self->y_offset;
}

void
lf_painter_draw_static (LfPainter *self,
                        cairo_t   *cr,
                        int        width,
                        int        height)
{
  g_return_if_fail (LF_IS_PAINTER (self));
  g_return_if_fail (cr != NULL);
  _lf_painter_ensure_model (self);
  cairo_save (cr);
  _lf_painter_paint_static (self, cr, width, height, lf_target_is_vector (cr));
  cairo_restore (cr);
}

void
lf_painter_draw_live (LfPainter *self,
                      cairo_t   *cr,
                      int        width,
                      int        height,
                      LfVisual  *visual)
{
  g_return_if_fail (LF_IS_PAINTER (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (visual == NULL || LF_IS_VISUAL (visual));
  _lf_painter_ensure_model (self);
  cairo_save (cr);
  _lf_painter_paint_live (self, cr, width, height, visual, lf_target_is_vector (cr));
  cairo_restore (cr);
}

void
lf_painter_draw (LfPainter *self,
                 cairo_t   *cr,
                 int        width,
                 int        height,
                 LfVisual  *visual)
{
  g_return_if_fail (LF_IS_PAINTER (self));
  g_return_if_fail (cr != NULL);

  if (width <= 0 || height <= 0)
    return;
  _lf_painter_ensure_model (self);
  if (lf_target_is_vector (cr))
    lf_painter_draw_static (self, cr, width, height);
  else
    {
      lf_painter_ensure_cache (self, cr, width, height);
      cairo_save (cr);
      cairo_set_source_surface (cr, self->cache, 0, 0);
      cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
      cairo_rectangle (cr, 0, 0, width, height);
      cairo_fill (cr);
      cairo_restore (cr);
    }
  lf_painter_draw_live (self, cr, width, height, visual);
}

/* ---- hit-testing ------------------------------------------------------------------ */

const char *
lf_painter_node_at (LfPainter *self,
                    double     x,
                    double     y)
{
  g_return_val_if_fail (LF_IS_PAINTER (self), NULL);
  _lf_painter_ensure_model (self);
  lf_painter_view_to_model (self, &x, &y);
  for (guint i = self->nodes->len; i-- > 0;)   /* topmost (last drawn) first */
    {
      const LfPNode *n = lf_pnode (self, i);
      if (x >= n->rect.x && x < n->rect.x + n->rect.width &&
          y >= n->rect.y && y < n->rect.y + n->rect.height)
        return n->node->id;
    }
  return NULL;
}

void
lf_painter_set_selected_message (LfPainter *self,
                                 guint32    msg)
{
  g_return_if_fail (LF_IS_PAINTER (self));
  self->selected_msg = msg;
}

guint32
lf_painter_get_selected_message (LfPainter *self)
{
  g_return_val_if_fail (LF_IS_PAINTER (self), 0);
  return self->selected_msg;
}

static const LfMachine *
lf_painter_machine (LfPainter  *self,
                    const char *node_id)
{
  guint i = GPOINTER_TO_UINT (node_id ? g_hash_table_lookup (self->node_by_id, node_id) : NULL);

  if (i == 0 || i > self->n_machines || self->machines[i - 1].kind == LF_MACHINE_NONE)
    return NULL;
  return &self->machines[i - 1];
}

guint
lf_painter_get_tray_rows (LfPainter  *self,
                          const char *node_id)
{
  const LfMachine *m;

  g_return_val_if_fail (LF_IS_PAINTER (self), 0);
  m = lf_painter_machine (self, node_id);
  return m ? m->rows : 0;
}

gboolean
lf_painter_get_tray_row (LfPainter          *self,
                         const char         *node_id,
                         guint               row,
                         cairo_rectangle_t  *rect,
                         const char        **note)
{
  const LfMachine *m;
  double x, y, h;

  g_return_val_if_fail (LF_IS_PAINTER (self), FALSE);
  m = lf_painter_machine (self, node_id);
  if (m == NULL || row >= m->rows)
    return FALSE;
  h = (m->tray.height - 2 * LF_TRAY_PAD) / m->rows;
  x = m->tray.x;
  y = m->tray.y + LF_TRAY_PAD + row * h;
  lf_painter_model_to_view (self, &x, &y);
  if (rect)
    *rect = (cairo_rectangle_t) { x, y, m->tray.width * self->scale, h * self->scale };
  if (note)
    *note = m->notes[row];
  return TRUE;
}

const char *
lf_painter_edge_at (LfPainter *self,
                    double     x,
                    double     y,
                    double     tolerance)
{
  const char *best = NULL;
  double best_d;

  g_return_val_if_fail (LF_IS_PAINTER (self), NULL);
  _lf_painter_ensure_model (self);
  lf_painter_view_to_model (self, &x, &y);
  best_d = tolerance / self->scale;
  for (guint i = 0; i < self->edges->len; i++)
    {
      const LfPEdge *e = lf_pedge (self, i);
      double d;
      if (!e->valid)
        continue;
      d = _lf_pedge_distance (e, x, y);
      if (d <= best_d)
        best_d = d, best = e->edge->id;
    }
  return best;
}

gboolean
lf_painter_get_node_rect (LfPainter         *self,
                          const char        *node_id,
                          cairo_rectangle_t *rect)
{
  guint i;
  const LfPNode *n;

  g_return_val_if_fail (LF_IS_PAINTER (self), FALSE);
  _lf_painter_ensure_model (self);
  i = GPOINTER_TO_UINT (g_hash_table_lookup (self->node_by_id, node_id));
  if (i == 0)
    return FALSE;
  n = lf_pnode (self, i - 1);
  if (rect)
    *rect = (cairo_rectangle_t) { n->rect.x * self->scale + self->x_offset,
                                  n->rect.y * self->scale + self->y_offset,
                                  n->rect.width * self->scale, n->rect.height * self->scale };
  return TRUE;
}

gboolean
lf_painter_get_badge_rect (LfPainter         *self,
                           const char        *node_id,
                           LfBadge            badge,
                           cairo_rectangle_t *rect)
{
  guint i;
  const cairo_rectangle_t *r;

  g_return_val_if_fail (LF_IS_PAINTER (self), FALSE);
  g_return_val_if_fail (badge < LF_N_BADGES, FALSE);
  i = GPOINTER_TO_UINT (g_hash_table_lookup (self->node_by_id, node_id));
  if (i == 0 || self->model_dirty)
    return FALSE;
  r = &lf_pnode (self, i - 1)->badges[badge];
  if (r->width <= 0)
    return FALSE;
  if (rect)
    *rect = *r;
  return TRUE;
}

/* ---- life ------------------------------------------------------------------------- */

LfPainter *
lf_painter_new (void)
{
  return g_object_new (LF_TYPE_PAINTER, NULL);
}

static PangoFontDescription *
lf_font (double      px,
         PangoWeight weight)
{
  PangoFontDescription *desc = pango_font_description_new ();

  pango_font_description_set_family (desc, FONT_FAMILY);
  pango_font_description_set_weight (desc, weight);
  pango_font_description_set_absolute_size (desc, px * PANGO_SCALE);
  return desc;
}

static void
lf_painter_finalize (GObject *object)
{
  LfPainter *self = (LfPainter *) object;

  g_array_unref (self->nodes);
  g_free (self->machines);
  g_array_unref (self->edges);
  g_hash_table_unref (self->node_by_id);
  g_hash_table_unref (self->edge_by_id);
  g_clear_pointer (&self->cache, cairo_surface_destroy);
  g_clear_pointer (&self->visual_edge_map, g_free);
  g_clear_pointer (&self->visual_node_map, g_free);
  g_clear_pointer (&self->icons, lf_icon_cache_free);
  g_clear_pointer (&self->sprites, lf_sprites_free);
  g_clear_pointer (&self->label_font, pango_font_description_free);
  g_clear_pointer (&self->subtitle_font, pango_font_description_free);
  g_clear_pointer (&self->badge_font, pango_font_description_free);
  g_clear_object (&self->pango);
  g_clear_object (&self->visual);
  g_clear_object (&self->scenario);
  G_OBJECT_CLASS (lf_painter_parent_class)->finalize (object);
}

static void
lf_painter_class_init (LfPainterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lf_painter_finalize;
}

static void
lf_painter_init (LfPainter *self)
{
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Unhinted outlines: the same text at every zoom, on screen and in exports alike. */
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  self->pango = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  pango_cairo_context_set_font_options (self->pango, options);
  pango_cairo_context_set_resolution (self->pango, 96);
  cairo_font_options_destroy (options);

  self->label_font = lf_font (LABEL_PX, PANGO_WEIGHT_BOLD);
  self->subtitle_font = lf_font (SUBTITLE_PX, PANGO_WEIGHT_NORMAL);
  self->badge_font = lf_font (BADGE_PX, PANGO_WEIGHT_BOLD);
  self->nodes = g_array_new (FALSE, TRUE, sizeof (LfPNode));
  g_array_set_clear_func (self->nodes, (GDestroyNotify) lf_pnode_clear);
  self->edges = g_array_new (FALSE, TRUE, sizeof (LfPEdge));
  self->node_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->edge_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->icons = lf_icon_cache_new (NULL);
  self->sprites = lf_sprites_new ();
  self->scale = 1;
  self->style = LF_PAINTER_STYLE_LIGHT;
  _lf_palette_init (&self->palette, self->style);
  self->model_dirty = TRUE;
}
