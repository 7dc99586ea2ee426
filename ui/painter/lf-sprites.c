/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lf-painter"

#include <math.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "lf-painter-private.h"   /* _lf_rounded_rect */
#include "lf-sprites.h"

/* Characters the live numbers use: counts ("1.2k"), rates ("12/s"), batch sizes, and the
 * machinery's labels and notes ("g2", "#1", "async", "retry in 1m 05s", "back in 18 s"). */
static const char glyph_set[] = "0123456789.kM+/s×·≡✕⊘↻ abcdefghilmnoprtuy#½";

#define MAX_GLYPHS   64
#define RING          1.5   /* logical pixels of background-coloured ring around a token */
#define MAX_CACHED  256     /* pills and rings kept before the cache starts over */

typedef struct {
  gunichar ch;
  int      x;               /* device pixels into the atlas */
  int      w;
} Glyph;

/* Where blits go between begin and end. */
typedef struct {
  cairo_t         *cr;
  gboolean         direct;
  cairo_surface_t *target;
  guchar          *data;
  int              stride;
  double           ox, oy;          /* device offset */
  int              x0, y0, x1, y1;  /* clip, device pixels */
  int              dx0, dy0, dx1, dy1;   /* what was touched */
} Blit;

struct _LfSprites
{
  cairo_surface_t *tokens[LF_N_TOKEN_KINDS][2];
  cairo_surface_t *atlas[LF_SPRITE_TEXT_COLORS];
  GHashTable      *cache;           /* "pill:…" / "ring:…" → cairo_surface_t */
  Glyph            glyphs[MAX_GLYPHS];
  guint            n_glyphs;
  int              atlas_height;    /* device pixels */
  double           ds;
  double           pill_height;     /* logical */
  Blit             blit;

  /* What the surfaces were drawn for */
  char            *key_font;
  double           key_px;
  double           key_radius;
  LfColor          key_colors[LF_N_TOKEN_KINDS + 1 + LF_SPRITE_TEXT_COLORS];
};

LfSprites *
lf_sprites_new (void)
{
  LfSprites *self = g_new0 (LfSprites, 1);

  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) cairo_surface_destroy);
  self->ds = 1;
  return self;
}

static void
lf_sprites_clear (LfSprites *self)
{
  for (guint k = 0; k < LF_N_TOKEN_KINDS; k++)
    for (guint b = 0; b < 2; b++)
      g_clear_pointer (&self->tokens[k][b], cairo_surface_destroy);
  for (guint c = 0; c < LF_SPRITE_TEXT_COLORS; c++)
    g_clear_pointer (&self->atlas[c], cairo_surface_destroy);
  g_hash_table_remove_all (self->cache);
}

void
lf_sprites_free (LfSprites *self)
{
  if (self == NULL)
    return;
  lf_sprites_clear (self);
  g_hash_table_unref (self->cache);
  g_free (self->key_font);
  g_free (self);
}

/* ---- drawing the sprites ---------------------------------------------------------- */

static cairo_surface_t *
new_surface (int    w,
             int    h,
             double ds)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, MAX (w, 1), MAX (h, 1));
  cairo_surface_set_device_scale (s, ds, ds);
  return s;
}

static void
set_color (cairo_t       *cr,
           const LfColor *c)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, c->a);
}

/* A disc (a batch: a rounded square) in a ring of the background colour. */
static cairo_surface_t *
render_token (double         radius,
              double         ds,
              const LfColor *fill,
              const LfColor *ring,
              gboolean       batch)
{
  double outer = radius + RING + (batch ? 1.0 : 0.0);
  int px = (int) ceil (2 * (outer + 1) * ds);
  cairo_surface_t *s = new_surface (px, px, ds);
  cairo_t *cr = cairo_create (s);
  double c = px / ds / 2, inner = outer - RING;

  if (batch)
    _lf_rounded_rect (cr, c - outer, c - outer, 2 * outer, 2 * outer, outer * 0.45);
  else
    cairo_arc (cr, c, c, outer, 0, 2 * G_PI);
  set_color (cr, ring);
  cairo_fill (cr);
  if (batch)
    _lf_rounded_rect (cr, c - inner, c - inner, 2 * inner, 2 * inner, inner * 0.4);
  else
    cairo_arc (cr, c, c, inner, 0, 2 * G_PI);
  set_color (cr, fill);
  cairo_fill (cr);
  cairo_destroy (cr);
  return s;
}

/* One row of glyphs per text colour, each glyph in its own cell. */
static void
render_atlas (LfSprites                  *self,
              PangoContext               *context,
              const PangoFontDescription *font,
              double                      px,
              const LfColor              *text)
{
  g_autoptr(PangoLayout) layout = pango_layout_new (context);
  g_autoptr(PangoFontDescription) desc = pango_font_description_copy (font);
  int x = 0;

  pango_font_description_set_absolute_size (desc, MAX (px * self->ds, 1) * PANGO_SCALE);
  pango_layout_set_font_description (layout, desc);
  self->n_glyphs = 0;
  self->atlas_height = 0;
  for (const char *p = glyph_set; *p && self->n_glyphs < MAX_GLYPHS; p = g_utf8_next_char (p))
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

      set_color (cr, &text[c]);
      for (guint i = 0; i < self->n_glyphs; i++)
        {
          char buf[8] = { 0 };
          g_unichar_to_utf8 (self->glyphs[i].ch, buf);
          pango_layout_set_text (layout, buf, -1);
          cairo_move_to (cr, self->glyphs[i].x, 0);
          pango_cairo_show_layout (cr, layout);
        }
      cairo_destroy (cr);
      cairo_surface_set_device_scale (s, self->ds, self->ds);
      self->atlas[c] = s;
    }
}

gboolean
lf_sprites_prepare (LfSprites                  *self,
                    PangoContext               *context,
                    const PangoFontDescription *font,
                    double                      px,
                    double                      radius,
                    double                      pill_height,
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
      self->key_radius == radius && self->pill_height == pill_height &&
      g_strcmp0 (self->key_font, font_key) == 0 && memcmp (colors, self->key_colors, sizeof colors) == 0)
    return FALSE;

  lf_sprites_clear (self);
  self->ds = device_scale;
  self->key_px = px;
  self->key_radius = radius;
  self->pill_height = pill_height;
  memcpy (self->key_colors, colors, sizeof colors);
  g_free (self->key_font);
  self->key_font = g_steal_pointer (&font_key);
  for (guint k = 0; k < LF_N_TOKEN_KINDS; k++)
    for (guint b = 0; b < 2; b++)
      self->tokens[k][b] = render_token (radius, device_scale, &tokens[k], ring, b);
  render_atlas (self, context, font, px, text);
  return TRUE;
}

/* ---- blitting --------------------------------------------------------------------- */

gboolean
lf_sprites_begin (LfSprites *self,
                  cairo_t   *cr)
{
  Blit *b = &self->blit;
  cairo_surface_t *target = cairo_get_group_target (cr);
  double sx = 1, sy = 1, cx0, cy0, cx1, cy1;
  cairo_format_t format;

  memset (b, 0, sizeof *b);
  b->cr = cr;
  if (cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_IMAGE ||
      cairo_get_operator (cr) != CAIRO_OPERATOR_OVER)
    return FALSE;
  format = cairo_image_surface_get_format (target);
  cairo_surface_get_device_scale (target, &sx, &sy);
  if ((format != CAIRO_FORMAT_ARGB32 && format != CAIRO_FORMAT_RGB24) || sx != self->ds || sy != self->ds)
    return FALSE;
  cairo_surface_get_device_offset (target, &b->ox, &b->oy);
  cairo_clip_extents (cr, &cx0, &cy0, &cx1, &cy1);
  b->x0 = MAX ((int) ceil (cx0 * sx + b->ox), 0);
  b->y0 = MAX ((int) ceil (cy0 * sy + b->oy), 0);
  b->x1 = MIN ((int) floor (cx1 * sx + b->ox), cairo_image_surface_get_width (target));
  b->y1 = MIN ((int) floor (cy1 * sy + b->oy), cairo_image_surface_get_height (target));
  cairo_surface_flush (target);
  b->data = cairo_image_surface_get_data (target);
  if (b->data == NULL)
    return FALSE;
  b->stride = cairo_image_surface_get_stride (target);
  b->target = target;
  b->direct = TRUE;
  b->dx0 = b->dy0 = G_MAXINT;
  b->dx1 = b->dy1 = G_MININT;
  return TRUE;
}

void
lf_sprites_end (LfSprites *self)
{
  Blit *b = &self->blit;

  if (b->direct && b->dx0 < b->dx1 && b->dy0 < b->dy1)
    cairo_surface_mark_dirty_rectangle (b->target, b->dx0, b->dy0, b->dx1 - b->dx0, b->dy1 - b->dy0);
  memset (b, 0, sizeof *b);
}

/* OVER, premultiplied: d = s + d × (255 − sa) / 255, two channels at a time. */
static inline guint32
over (guint32 s,
      guint32 d)
{
  guint32 ia = 255 - (s >> 24), rb, ag;

  rb = (d & 0xff00ff) * ia + 0x800080;
  rb = ((rb + ((rb >> 8) & 0xff00ff)) >> 8) & 0xff00ff;
  ag = ((d >> 8) & 0xff00ff) * ia + 0x800080;
  ag = (ag + ((ag >> 8) & 0xff00ff)) & 0xff00ff00;
  return s + rb + ag;
}

static inline guint32
scale_pixel (guint32 s,
             guint32 a)     /* 0…256 */
{
  guint32 rb = ((s & 0xff00ff) * a >> 8) & 0xff00ff;
  guint32 ag = (((s >> 8) & 0xff00ff) * a) & 0xff00ff00;
  return rb | ag;
}

static void
blit_direct (Blit            *b,
             cairo_surface_t *src,
             int              sx,
             int              sy,
             int              w,
             int              h,
             int              dx,
             int              dy,
             double           alpha)
{
  const guchar *sdata = cairo_image_surface_get_data (src);
  int sstride = cairo_image_surface_get_stride (src);
  guint32 a = (guint32) CLAMP (alpha * 256.0 + 0.5, 0, 256);
  int x0 = MAX (dx, b->x0), y0 = MAX (dy, b->y0);
  int x1 = MIN (dx + w, b->x1), y1 = MIN (dy + h, b->y1);

  if (x0 >= x1 || y0 >= y1 || a == 0)
    return;
  for (int y = y0; y < y1; y++)
    {
      guint32 *d = (guint32 *) (b->data + (gsize) y * b->stride) + x0;
      const guint32 *s = (const guint32 *) (sdata + (gsize) (sy + y - dy) * sstride) + sx + (x0 - dx);
      for (int x = x0; x < x1; x++, d++, s++)
        {
          guint32 p = a < 256 ? scale_pixel (*s, a) : *s;
          if (p >> 24 == 255)
            *d = p;
          else if (p != 0)
            *d = over (p, *d);
        }
    }
  b->dx0 = MIN (b->dx0, x0), b->dy0 = MIN (b->dy0, y0);
  b->dx1 = MAX (b->dx1, x1), b->dy1 = MAX (b->dy1, y1);
}

/* Part (sx, sy, w, h; device pixels) of src, its top-left at logical (x, y). */
static void
blit (LfSprites       *self,
      cairo_surface_t *src,
      int              sx,
      int              sy,
      int              w,
      int              h,
      double           x,
      double           y,
      double           alpha)
{
  Blit *b = &self->blit;
  double ds = self->ds;

  if (b->direct)
    {
      cairo_surface_flush (src);
      blit_direct (b, src, sx, sy, w, h, (int) lround (x * ds + b->ox), (int) lround (y * ds + b->oy), alpha);
      return;
    }
  x = round (x * ds) / ds;
  y = round (y * ds) / ds;
  cairo_save (b->cr);
  cairo_set_source_surface (b->cr, src, x - sx / ds, y - sy / ds);
  cairo_rectangle (b->cr, x, y, w / ds, h / ds);
  if (alpha >= 1)
    cairo_fill (b->cr);
  else
    {
      cairo_clip (b->cr);
      cairo_paint_with_alpha (b->cr, alpha);
    }
  cairo_restore (b->cr);
}

static void
blit_whole (LfSprites       *self,
            cairo_surface_t *src,
            double           x,
            double           y,
            double           alpha)
{
  blit (self, src, 0, 0, cairo_image_surface_get_width (src), cairo_image_surface_get_height (src),
        x, y, alpha);
}

void
lf_sprites_draw_token (LfSprites   *self,
                       LfTokenKind  kind,
                       gboolean     batch,
                       double       x,
                       double       y)
{
  cairo_surface_t *s = self->tokens[kind][batch ? 1 : 0];
  double half = cairo_image_surface_get_width (s) / self->ds / 2;

  blit_whole (self, s, x - half, y - half, 1.0);
}

/* ---- text ------------------------------------------------------------------------- */

static const Glyph *
find_glyph (LfSprites *self,
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
      const Glyph *g = find_glyph (self, g_utf8_get_char (p));
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
                      guint       color,
                      double      x,
                      double      y,
                      const char *text)
{
  cairo_surface_t *atlas = self->atlas[MIN (color, LF_SPRITE_TEXT_COLORS - 1)];

  x = round (x * self->ds) / self->ds;
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      const Glyph *g = find_glyph (self, g_utf8_get_char (p));
      if (g == NULL)
        continue;
      blit (self, atlas, g->x, 0, g->w, self->atlas_height, x, y, 1.0);
      x += g->w / self->ds;
    }
}

/* ---- pills and rings -------------------------------------------------------------- */

static guint32
pack (const LfColor *c)
{
  if (c == NULL)
    return 0;
  return (guint32) lround (c->a * 255) << 24 | (guint32) lround (c->r * 255) << 16 |
         (guint32) lround (c->g * 255) << 8 | (guint32) lround (c->b * 255);
}

static void
cache_insert (LfSprites       *self,
              char            *key,
              cairo_surface_t *s)
{
  if (g_hash_table_size (self->cache) >= MAX_CACHED)
    g_hash_table_remove_all (self->cache);
  g_hash_table_insert (self->cache, key, s);
}

void
lf_sprites_draw_pill (LfSprites     *self,
                      const LfColor *fill,
                      const LfColor *border,
                      double         x,
                      double         y,
                      double         w)
{
  int wpx = (int) lround (w * self->ds), hpx = (int) lround (self->pill_height * self->ds);
  char *key = g_strdup_printf ("pill:%08x:%08x:%d:%d", pack (fill), pack (border), wpx, hpx);
  cairo_surface_t *s = g_hash_table_lookup (self->cache, key);

  if (s == NULL)
    {
      double lw = w, lh = self->pill_height;
      cairo_t *cr;

      s = new_surface (wpx, hpx, self->ds);
      cr = cairo_create (s);
      _lf_rounded_rect (cr, 0.5, 0.5, lw - 1, lh - 1, (lh - 1) / 2);
      set_color (cr, fill);
      if (border != NULL)
        {
          cairo_fill_preserve (cr);
          cairo_set_line_width (cr, 1);
          set_color (cr, border);
          cairo_stroke (cr);
        }
      else
        cairo_fill (cr);
      cairo_destroy (cr);
      cache_insert (self, key, s);
    }
  else
    g_free (key);
  blit_whole (self, s, x, y, 1.0);
}

void
lf_sprites_draw_ring (LfSprites     *self,
                      const LfColor *color,
                      double         x,
                      double         y,
                      double         w,
                      double         h,
                      double         radius,
                      double         line,
                      double         alpha)
{
  double pad = line / 2 + 1;
  int wpx = (int) ceil ((w + 2 * pad) * self->ds), hpx = (int) ceil ((h + 2 * pad) * self->ds);
  char *key = g_strdup_printf ("ring:%08x:%d:%d:%.2f:%.2f", pack (color), wpx, hpx, radius, line);
  cairo_surface_t *s = g_hash_table_lookup (self->cache, key);

  if (s == NULL)
    {
      cairo_t *cr;

      s = new_surface (wpx, hpx, self->ds);
      cr = cairo_create (s);
      _lf_rounded_rect (cr, pad, pad, w, h, radius);
      cairo_set_line_width (cr, line);
      set_color (cr, color);
      cairo_stroke (cr);
      cairo_destroy (cr);
      cache_insert (self, key, s);
    }
  else
    g_free (key);
  blit_whole (self, s, x - pad, y - pad, alpha);
}
