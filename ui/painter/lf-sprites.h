/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* lf-sprites.h: pre-rendered sprites for the live layer, and a fast way to put them down
 *
 * DESIGN.md: an anti-aliased circle costs ~4.5 µs, a rounded pill ~8 µs, and a new
 * PangoLayout per label per frame 4–5× a cached one. So tokens, pills (badges and edge
 * tags) and flash rings are drawn once per zoom level into small image surfaces, live
 * numbers are put together glyph by glyph from an atlas, and everything is blitted.
 *
 * Between lf_sprites_begin and lf_sprites_end, on an image surface (ARGB32 or RGB24)
 * whose device scale matches, blits composite straight into its pixels (~0.3 µs a
 * token instead of ~1 µs through cairo), clipped to the cairo clip at begin; nothing
 * else may draw on the surface meanwhile. Elsewhere (vector targets, other scales) they
 * go through cairo. Coordinates are the cairo user space of an identity matrix.
 */
#pragma once

#include <cairo.h>
#include <pango/pango.h>

#include "lf-visual.h"

G_BEGIN_DECLS

typedef struct {
  double r, g, b, a;
} LfColor;

#define LF_SPRITE_TEXT_COLORS 5

typedef struct _LfSprites LfSprites;

LfSprites *lf_sprites_new          (void);
void       lf_sprites_free         (LfSprites *self);
/* Redraws what changed: tokens of `radius`, glyphs of `font` at `px`, pills `pill_height`
 * high, all in logical pixels, for surfaces of device_scale. TRUE when it redrew. */
gboolean   lf_sprites_prepare      (LfSprites                  *self,
                                    PangoContext               *context,
                                    const PangoFontDescription *font,
                                    double                      px,
                                    double                      radius,
                                    double                      pill_height,
                                    double                      device_scale,
                                    const LfColor              *tokens,   /* LF_N_TOKEN_KINDS */
                                    const LfColor              *ring,
                                    const LfColor              *text);    /* LF_SPRITE_TEXT_COLORS */

/* The cairo context's matrix must be the identity; TRUE when blits go to pixels. */
gboolean   lf_sprites_begin        (LfSprites *self, cairo_t *cr);
void       lf_sprites_end          (LfSprites *self);

/* A token centred at (x, y); batch tokens are rounded squares. */
void       lf_sprites_draw_token   (LfSprites *self, LfTokenKind kind, gboolean batch, double x, double y);
double     lf_sprites_text_width   (LfSprites *self, const char *text);
double     lf_sprites_text_height  (LfSprites *self);
/* Text with its top-left at (x, y); characters outside the atlas are skipped. */
void       lf_sprites_draw_text    (LfSprites *self, guint color, double x, double y, const char *text);
/* A pill w × pill_height with its top-left at (x, y); border may be NULL. */
void       lf_sprites_draw_pill    (LfSprites *self, const LfColor *fill, const LfColor *border,
                                    double x, double y, double w);
/* A rounded ring (a flash around a card) of `line` width, faded by alpha. */
void       lf_sprites_draw_ring    (LfSprites *self, const LfColor *color, double x, double y,
                                    double w, double h, double radius, double line, double alpha);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LfSprites, lf_sprites_free)

G_END_DECLS
