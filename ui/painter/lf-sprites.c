/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lf-painter"

#include <math.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "lf-sprites.h"

/* Characters the live numbers use: counts ("1.2k"), rates ("12/s"), batch sizes. */
static const char glyph_set[] = "0123456789.kM+/s×·≡✕⊘↻ ";

#define MAX_GLYPHS 32
#define RING        1.5    /* logical pixels of contrasting ring around a token */

typedef struct {
  gunichar ch;
  int      x;              /* device pixels into the atlas */
  int      w;
} Glyph;

struct _LfSprites
{
  cairo_surface_t *tokens[LF_N_TOKEN_KINDS][2];
  cairo_surface_t *atlas[LF_SPRITE_TEXT_COLORS];
  Glyph            glyphs[MAX_GLYPHS];
  guint            n_glyphs;
  int              atlas_height;   /* device pixels */
  double           ds;

  /* What the surfaces were drawn for */
  char            *key_font;
  double           key_px;
  double           key_radius;
  LfColor          key_colors[LF_N_TOKEN_KINDS + 1 + LF_SPRITE_TEXT_COLORS];
};

LfSprites *
lf_sprites_new (void)
{
  return g_new0 (LfSprites, 1);
}

static void
lf_sprites_clear (LfSprites *self)
{
  for (guint k = 0; k < LF_N_TOKEN_KINDS; k++)
    for (guint b = 0; b < 2; b++)
      g_clear_pointer (&self->tokens[k][b], cairo_surface_destroy);
  for (guint c = 0; c < LF_SPRITE_TEXT_COLORS; c++)
    g_clear_pointer (&self->atlas[c], cairo_surface_destroy);
}

void
lf_sprites_free (LfSprites *self)
{
  if (self == NULL)
    return;
  lf_sprites_clear (self);
  g_free (self->key_font);
  g_free (self);
}

static cairo_surface_t *
lf_sprites_new_surface (int    w,
                        int    h,
                        double ds)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, MAX (w, 1), MAX (h, 1));
  cairo_surface_set_device_scale (s, ds, ds);
  return s;
}

static void
rounded_square (cairo_t *cr,
                double   c,
                double   half,
                double   r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, c + half - r, c - half + r, r, -G_PI / 2, 0);
  cairo_arc (cr, c + half - r, c + half - r, r, 0, G_PI / 2);
  cairo_arc (cr, c - half + r, c + half - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, c - half + r, c - half + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* A disc (a batch: a rounded square) in a ring of the background colour. */
static cairo_surface_t *
lf_sprites_render_token (double         radius,
                         double         ds,
                         const LfColor *fill,
                         const LfColor *ring,
                         gboolean       batch)
{
  double outer = radius + RING + (batch ? 1.0 : 0.0);
  int px = (int) ceil (2 * (outer + 1) * ds);
  cairo_surface_t *s = lf_sprites_new_surface (px, px, ds);
  cairo_t *cr = cairo_create (s);
  double c = px / ds / 2, inner = outer - RING;

  if (batch)
    rounded_square (cr, c, outer, outer * 0.45);
  else
    cairo_arc (cr, c, c, outer, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, ring->r, ring->g, ring->b, ring->a);
  cairo_fill (cr);
  if (batch)
    rounded_square (cr, c, inner, inner * 0.4);
  else
    cairo_arc (cr, c, c, inner, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, fill->r, fill->g, fill->b, fill->a);
  cairo_fill (cr);
  cairo_destroy (cr);
  return s;
}

/* One row of glyphs per text colour, each glyph in its own cell. */
static void
lf_sprites_render_atlas (LfSprites                  *self,
                         PangoContext               *context,
                         const PangoFontDescription *font,
                         double                      px,
                         const LfColor              *text)
{
  g_autoptr(PangoLayout) layout = pango_layout_new (context);
  g_autoptr(PangoFontDescription) desc = pango_font_description_copy (font);
  double ds = self->ds;
  int x = 0;
  const char *p;

  pango_font_description_set_absolute_size (desc, px * ds * PANGO_SCALE);
  pango_layout_set_font_description (layout, desc);
  self->n_glyphs = 0;
  self->atlas_height = 0;
  for (p = glyph_set; *p && self->n_glyphs < MAX_GLYPHS; p = g_utf8_next_char (p))
    {
      Glyph *g = &self->glyphs[self->n_glyphs++];
      PangoRectangle logical;

      pango_layout_set_text (layout, p, (int) (g_utf8_next_char (p) - p));
      pango_layout_get_pixel_extents (layout, NULL, &logical);
      g->ch = g_utf8_get_char (p);
      g->x = x;
      g->w = MAX (logical.width, 1);
      x += g->w + 2;
      self->atlas_height = MAX (self->atlas_height, logical.height);
    }
  for (guint c = 0; c < LF_SPRITE_TEXT_COLORS; c++)
    {
      cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, MAX (x, 1),
                                                       MAX (self->atlas_height, 1));
      cairo_t *cr = cairo_create (s);

      cairo_set_source_rgba (cr, text[c].r, text[c].g, text[c].b, text[c].a);
      for (guint i = 0; i < self->n_glyphs; i++)
        {
          char buf[8] = { 0 };
          g_unichar_to_utf8 (self->glyphs[i].ch, buf);
          pango_layout_set_text (layout, buf, -1);
          cairo_move_to (cr, self->glyphs[i].x, 0);
          pango_cairo_show_layout (cr, layout);
        }
      cairo_destroy (cr);
      cairo_surface_set_device_scale (s, ds, ds);
      self->atlas[c] = s;
    }
}

gboolean
lf_sprites_prepare (LfSprites                  *self,
                    PangoContext               *context,
                    const PangoFontDescription *font,
                    double                      px,
                    double                      radius,
                    double                      device_scale,
                    const LfColor              *tokens,
                    const LfColor              *ring,
                    const LfColor              *text)
{
  g_autofree char *font_key = pango_font_description_to_string (font);
  LfColor colors[G_N_ELEMENTS (self->key_colors)];

  memcpy (colors, tokens, sizeof (LfColor) * LF_N_TOKEN_KINDS);
  colors[LF_N_TOKEN_KINDS] = *ring;
  memcpy (colors + LF_N_TOKEN_KINDS + 1, text, sizeof (LfColor) * LF_SPRITE_TEXT_COLORS);
  if (self->atlas[0] != NULL && self->ds == device_scale && self->key_px == px &&
      self->key_radius == radius && g_strcmp0 (self->key_font, font_key) == 0 &&
      memcmp (colors, self->key_colors, sizeof colors) == 0)
    return FALSE;

  lf_sprites_clear (self);
  self->ds = device_scale;
  self->key_px = px;
  self->key_radius = radius;
  memcpy (self->key_colors, colors, sizeof colors);
  g_free (self->key_font);
  self->key_font = g_steal_pointer (&font_key);
  for (guint k = 0; k < LF_N_TOKEN_KINDS; k++)
    for (guint b = 0; b < 2; b++)
      self->tokens[k][b] = lf_sprites_render_token (radius, device_scale, &tokens[k], ring, b);
  lf_sprites_render_atlas (self, context, font, px, text);
  return TRUE;
}

static inline double
snap (double v,
      double ds)
{
  return round (v * ds) / ds;
}

void
lf_sprites_draw_token (LfSprites   *self,
                       cairo_t     *cr,
                       LfTokenKind  kind,
                       gboolean     batch,
                       double       x,
                       double       y)
{
  cairo_surface_t *s = self->tokens[kind][batch ? 1 : 0];
  double w = cairo_image_surface_get_width (s) / self->ds;
  double h = cairo_image_surface_get_height (s) / self->ds;

  x = snap (x - w / 2, self->ds);
  y = snap (y - h / 2, self->ds);
  cairo_set_source_surface (cr, s, x, y);
  cairo_rectangle (cr, x, y, w, h);
  cairo_fill (cr);
}

static const Glyph *
lf_sprites_glyph (LfSprites *self,
                  gunichar   ch)
{
  for (guint i = 0; i < self->n_glyphs; i++)
    if (self->glyphs[i].ch == ch)
      return &self->glyphs[i];
  return NULL;
}

double
lf_sprites_text_width (LfSprites  *self,
                       const char *text)
{
  int w = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      const Glyph *g = lf_sprites_glyph (self, g_utf8_get_char (p));
      if (g != NULL)
        w += g->w;
    }
  return w / self->ds;
}

double
lf_sprites_text_height (LfSprites *self)
{
  return self->atlas_height / self->ds;
}

void
lf_sprites_draw_text (LfSprites  *self,
                      cairo_t    *cr,
                      guint       color,
                      double      x,
                      double      y,
                      const char *text)
{
  cairo_surface_t *atlas = self->atlas[MIN (color, LF_SPRITE_TEXT_COLORS - 1)];
  double h = self->atlas_height / self->ds;

  x = snap (x, self->ds);
  y = snap (y, self->ds);
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      const Glyph *g = lf_sprites_glyph (self, g_utf8_get_char (p));
      if (g == NULL)
        continue;
      cairo_set_source_surface (cr, atlas, x - g->x / self->ds, y);
      cairo_rectangle (cr, x, y, g->w / self->ds, h);
      cairo_fill (cr);
      x += g->w / self->ds;
    }
}
