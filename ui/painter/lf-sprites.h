/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* lf-sprites.h: pre-rendered token sprites and a glyph atlas for live numbers
 *
 * DESIGN.md: an anti-aliased circle costs ~4.5 µs and a new PangoLayout per label per
 * frame 4–5× a cached one. So tokens are blitted from small image surfaces drawn once
 * per zoom level, and the numbers of badges and band rates are blitted glyph by glyph
 * from an atlas. Positions snap to device pixels, which keeps the blits on pixman's
 * fast path. Everything is drawn in the cairo user space of an identity matrix.
 */
#pragma once

#include <cairo.h>
#include <pango/pango.h>

#include "lf-visual.h"

G_BEGIN_DECLS

typedef struct {
  double r, g, b, a;
} LfColor;

#define LF_SPRITE_TEXT_COLORS 4

typedef struct _LfSprites LfSprites;

LfSprites *lf_sprites_new          (void);
void       lf_sprites_free         (LfSprites *self);
/* Redraws what changed: token sprites at `radius` logical pixels, glyphs of `font` at
 * `px` logical pixels, for a surface of device_scale. Returns TRUE when it redrew. */
gboolean   lf_sprites_prepare      (LfSprites                  *self,
                                    PangoContext               *context,
                                    const PangoFontDescription *font,
                                    double                      px,
                                    double                      radius,
                                    double                      device_scale,
                                    const LfColor              *tokens,   /* LF_N_TOKEN_KINDS */
                                    const LfColor              *ring,
                                    const LfColor              *text);    /* LF_SPRITE_TEXT_COLORS */
/* A token centred at (x, y); batch tokens are rounded squares. */
void       lf_sprites_draw_token   (LfSprites *self, cairo_t *cr, LfTokenKind kind, gboolean batch,
                                    double x, double y);
double     lf_sprites_text_width   (LfSprites *self, const char *text);
double     lf_sprites_text_height  (LfSprites *self);
/* Text with its top-left at (x, y); characters outside the atlas are skipped. */
void       lf_sprites_draw_text    (LfSprites *self, cairo_t *cr, guint color, double x, double y,
                                    const char *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LfSprites, lf_sprites_free)

G_END_DECLS
