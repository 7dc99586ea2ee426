/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lf-canvas"

#include <math.h>

#include "lf-canvas.h"

/* LfCanvas is where the diagram of a scenario will be drawn. For now it shows a
 * dotted grid and the scenario's title with a short caption below it. The grid is
 * one repeat node, so its cost does not grow with the size of the window, and the
 * text layouts are cached until the text, the font or the width changes.
 */

#define GRID_SPACING   24.0
#define DOT_SIZE        3.0
#define DOT_ALPHA       0.16
#define TEXT_MARGIN    32
#define TEXT_GAP        8.0
#define TEXT_PADDING   12.0
#define MAX_TEXT_LINES  3
#define CAPTION_ALPHA   0.55

struct _LfCanvas
{
  GtkWidget    parent_instance;

  /* Owned */
  char        *title;
  char        *caption;
  PangoLayout *title_layout;
  PangoLayout *caption_layout;

  int          layout_width;
  guint        show_grid : 1;
};

G_DEFINE_FINAL_TYPE (LfCanvas, lf_canvas, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_CAPTION,
  PROP_SHOW_GRID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* g_set_str() arrived in GLib 2.76; we target 2.74. */
static gboolean
lf_canvas_set_string (char       **field,
                      const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
lf_canvas_invalidate_layouts (LfCanvas *self)
{
  g_clear_object (&self->title_layout);
  g_clear_object (&self->caption_layout);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static PangoLayout *
lf_canvas_create_layout (LfCanvas   *self,
                         const char *text,
                         double      scale,
                         int         weight)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_scale_new (scale));
  pango_attr_list_insert (attrs, pango_attr_weight_new (weight));
  pango_layout_set_attributes (layout, attrs);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_height (layout, -MAX_TEXT_LINES);
  pango_attr_list_unref (attrs);

  return layout;
}

static void
lf_canvas_ensure_layouts (LfCanvas *self,
                          int       width)
{
  int text_width = MAX (width - 2 * TEXT_MARGIN, 1) * PANGO_SCALE;

  if (self->title_layout == NULL && self->title != NULL)
    self->title_layout = lf_canvas_create_layout (self, self->title, 1.8, PANGO_WEIGHT_HEAVY);
  if (self->caption_layout == NULL && self->caption != NULL)
    self->caption_layout = lf_canvas_create_layout (self, self->caption, 1.0, PANGO_WEIGHT_NORMAL);

  if (self->title_layout != NULL)
    pango_layout_set_width (self->title_layout, text_width);
  if (self->caption_layout != NULL)
    pango_layout_set_width (self->caption_layout, text_width);
  self->layout_width = width;
}

/* Where the title and caption go: their top, and the rectangle around them that the
 * grid leaves empty, snapped to the grid's cells so that no dot is cut in half. */
typedef struct {
  float            title_y;
  float            caption_y;
  graphene_rect_t  hole;
} LfCanvasText;

static void
lf_canvas_layout_extents (PangoLayout     *layout,
                          float            y,
                          graphene_rect_t *extents)
{
  PangoRectangle logical;
  graphene_rect_t rect;

  pango_layout_get_pixel_extents (layout, NULL, &logical);
  rect = GRAPHENE_RECT_INIT (TEXT_MARGIN + logical.x, y + logical.y, logical.width, logical.height);

  if (graphene_rect_get_width (extents) <= 0)
    *extents = rect;
  else
    graphene_rect_union (extents, &rect, extents);
}

static void
lf_canvas_place_text (LfCanvas     *self,
                      int           width,
                      int           height,
                      LfCanvasText *text)
{
  graphene_rect_t extents = GRAPHENE_RECT_INIT (0, 0, 0, 0);
  int title_height = 0;
  int caption_height = 0;
  float gap;
  float ox = fmodf (width / 2.0f, GRID_SPACING) - GRID_SPACING / 2;
  float oy = fmodf (height / 2.0f, GRID_SPACING) - GRID_SPACING / 2;
  float x0, y0, x1, y1;

  if (self->title_layout != NULL)
    pango_layout_get_pixel_size (self->title_layout, NULL, &title_height);
  if (self->caption_layout != NULL)
    pango_layout_get_pixel_size (self->caption_layout, NULL, &caption_height);

  gap = (title_height > 0 && caption_height > 0) ? TEXT_GAP : 0;
  text->title_y = floorf ((height - title_height - gap - caption_height) / 2.0f);
  text->caption_y = text->title_y + title_height + gap;

  if (self->title_layout != NULL)
    lf_canvas_layout_extents (self->title_layout, text->title_y, &extents);
  if (self->caption_layout != NULL)
    lf_canvas_layout_extents (self->caption_layout, text->caption_y, &extents);

  if (graphene_rect_get_width (&extents) <= 0)
    {
      text->hole = GRAPHENE_RECT_INIT (0, 0, 0, 0);
      return;
    }

  graphene_rect_inset (&extents, -TEXT_PADDING, -TEXT_PADDING);
  x0 = ox + floorf ((extents.origin.x - ox) / GRID_SPACING) * GRID_SPACING;
  y0 = oy + floorf ((extents.origin.y - oy) / GRID_SPACING) * GRID_SPACING;
  x1 = ox + ceilf ((extents.origin.x + extents.size.width - ox) / GRID_SPACING) * GRID_SPACING;
  y1 = oy + ceilf ((extents.origin.y + extents.size.height - oy) / GRID_SPACING) * GRID_SPACING;
  text->hole = GRAPHENE_RECT_INIT (x0, y0, x1 - x0, y1 - y0);
}

static void
lf_canvas_snapshot_dots (GtkSnapshot           *snapshot,
                         const graphene_rect_t *area,
                         const graphene_rect_t *tile,
                         const GdkRGBA         *colour)
{
  graphene_rect_t dot = GRAPHENE_RECT_INIT (tile->origin.x + (GRID_SPACING - DOT_SIZE) / 2,
                                            tile->origin.y + (GRID_SPACING - DOT_SIZE) / 2,
                                            DOT_SIZE, DOT_SIZE);
  GskRoundedRect round;

  if (area->size.width <= 0 || area->size.height <= 0)
    return;

  gsk_rounded_rect_init_from_rect (&round, &dot, DOT_SIZE / 2);

  gtk_snapshot_push_repeat (snapshot, area, tile);
  gtk_snapshot_push_rounded_clip (snapshot, &round);
  gtk_snapshot_append_color (snapshot, colour, &dot);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_pop (snapshot);
}

/* One tile with a dot in its centre, repeated over the widget but around @hole. A dot
 * sits on the widget's centre so that the grid looks the same on both sides. */
static void
lf_canvas_snapshot_grid (GtkSnapshot           *snapshot,
                         int                    width,
                         int                    height,
                         const graphene_rect_t *hole,
                         const GdkRGBA         *fg)
{
  GdkRGBA colour = { fg->red, fg->green, fg->blue, fg->alpha * DOT_ALPHA };
  graphene_rect_t tile = GRAPHENE_RECT_INIT (fmodf (width / 2.0f, GRID_SPACING) - GRID_SPACING / 2,
                                             fmodf (height / 2.0f, GRID_SPACING) - GRID_SPACING / 2,
                                             GRID_SPACING, GRID_SPACING);
  float top = CLAMP (hole->origin.y, 0, height);
  float bottom = CLAMP (hole->origin.y + hole->size.height, top, height);
  float left = CLAMP (hole->origin.x, 0, width);
  float right = CLAMP (hole->origin.x + hole->size.width, left, width);

  if (hole->size.width <= 0 || hole->size.height <= 0)
    {
      lf_canvas_snapshot_dots (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height), &tile, &colour);
      return;
    }

  lf_canvas_snapshot_dots (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, top), &tile, &colour);
  lf_canvas_snapshot_dots (snapshot, &GRAPHENE_RECT_INIT (0, bottom, width, height - bottom),
                           &tile, &colour);
  lf_canvas_snapshot_dots (snapshot, &GRAPHENE_RECT_INIT (0, top, left, bottom - top),
                           &tile, &colour);
  lf_canvas_snapshot_dots (snapshot, &GRAPHENE_RECT_INIT (right, top, width - right, bottom - top),
                           &tile, &colour);
}

static void
lf_canvas_snapshot_layout (GtkSnapshot   *snapshot,
                           PangoLayout   *layout,
                           float          y,
                           const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (TEXT_MARGIN, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
lf_canvas_snapshot (GtkWidget   *widget,
                    GtkSnapshot *snapshot)
{
  LfCanvas *self = LF_CANVAS (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  LfCanvasText text;
  GdkRGBA fg;
  GdkRGBA dim;

  if (width <= 0 || height <= 0)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  dim = (GdkRGBA) { fg.red, fg.green, fg.blue, fg.alpha * CAPTION_ALPHA };

  if (width != self->layout_width || self->title_layout == NULL || self->caption_layout == NULL)
    lf_canvas_ensure_layouts (self, width);
  lf_canvas_place_text (self, width, height, &text);

  if (self->show_grid)
    lf_canvas_snapshot_grid (snapshot, width, height, &text.hole, &fg);

  if (self->title_layout != NULL)
    lf_canvas_snapshot_layout (snapshot, self->title_layout, text.title_y, &fg);
  if (self->caption_layout != NULL)
    lf_canvas_snapshot_layout (snapshot, self->caption_layout, text.caption_y, &dim);
}

static void
lf_canvas_measure (GtkWidget      *widget,
                   GtkOrientation  orientation,
                   int             for_size,
                   int            *minimum,
                   int            *natural,
                   int            *minimum_baseline,
                   int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 160 : 120;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 640 : 400;
}

static void
lf_canvas_css_changed (GtkWidget         *widget,
                       GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (lf_canvas_parent_class)->css_changed (widget, change);

  /* The font may have changed; the layouts are rebuilt on the next frame. */
  lf_canvas_invalidate_layouts (LF_CANVAS (widget));
}

static void
lf_canvas_system_setting_changed (GtkWidget        *widget,
                                  GtkSystemSetting  setting)
{
  GTK_WIDGET_CLASS (lf_canvas_parent_class)->system_setting_changed (widget, setting);

  lf_canvas_invalidate_layouts (LF_CANVAS (widget));
}

static void
lf_canvas_finalize (GObject *object)
{
  LfCanvas *self = LF_CANVAS (object);

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->caption, g_free);
  g_clear_object (&self->title_layout);
  g_clear_object (&self->caption_layout);

  G_OBJECT_CLASS (lf_canvas_parent_class)->finalize (object);
}

static void
lf_canvas_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  LfCanvas *self = LF_CANVAS (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_CAPTION:
      g_value_set_string (value, self->caption);
      break;

    case PROP_SHOW_GRID:
      g_value_set_boolean (value, self->show_grid);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_canvas_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  LfCanvas *self = LF_CANVAS (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      lf_canvas_set_title (self, g_value_get_string (value));
      break;

    case PROP_CAPTION:
      lf_canvas_set_caption (self, g_value_get_string (value));
      break;

    case PROP_SHOW_GRID:
      lf_canvas_set_show_grid (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_canvas_class_init (LfCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = lf_canvas_finalize;
  object_class->get_property = lf_canvas_get_property;
  object_class->set_property = lf_canvas_set_property;

  widget_class->snapshot = lf_canvas_snapshot;
  widget_class->measure = lf_canvas_measure;
  widget_class->css_changed = lf_canvas_css_changed;
  widget_class->system_setting_changed = lf_canvas_system_setting_changed;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAPTION] =
    g_param_spec_string ("caption", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_GRID] =
    g_param_spec_boolean ("show-grid", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "lf-canvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
lf_canvas_init (LfCanvas *self)
{
  self->show_grid = TRUE;
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
}

GtkWidget *
lf_canvas_new (void)
{
  return g_object_new (LF_TYPE_CANVAS, NULL);
}

const char *
lf_canvas_get_title (LfCanvas *self)
{
  g_return_val_if_fail (LF_IS_CANVAS (self), NULL);

  return self->title;
}

/**
 * lf_canvas_set_title:
 * @self: a canvas
 * @title: (nullable): the scenario's title, drawn large in the middle
 */
void
lf_canvas_set_title (LfCanvas   *self,
                     const char *title)
{
  g_return_if_fail (LF_IS_CANVAS (self));

  if (!lf_canvas_set_string (&self->title, title))
    return;

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title ? title : "",
                                  -1);
  lf_canvas_invalidate_layouts (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
lf_canvas_get_caption (LfCanvas *self)
{
  g_return_val_if_fail (LF_IS_CANVAS (self), NULL);

  return self->caption;
}

/**
 * lf_canvas_set_caption:
 * @self: a canvas
 * @caption: (nullable): a short dim line below the title
 */
void
lf_canvas_set_caption (LfCanvas   *self,
                       const char *caption)
{
  g_return_if_fail (LF_IS_CANVAS (self));

  if (!lf_canvas_set_string (&self->caption, caption))
    return;

  lf_canvas_invalidate_layouts (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPTION]);
}

gboolean
lf_canvas_get_show_grid (LfCanvas *self)
{
  g_return_val_if_fail (LF_IS_CANVAS (self), FALSE);

  return self->show_grid;
}

void
lf_canvas_set_show_grid (LfCanvas *self,
                         gboolean  show_grid)
{
  g_return_if_fail (LF_IS_CANVAS (self));

  show_grid = !!show_grid;
  if (self->show_grid == show_grid)
    return;

  self->show_grid = show_grid;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_GRID]);
}
