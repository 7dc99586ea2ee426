/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* lf-canvas-private.h: the designer's half of LfCanvas (lf-canvas-edit.c), called from the
 * canvas's gesture, drawing and allocation code. Each _lf_canvas_edit_* input hook returns
 * TRUE when the designer took the event (the view then does not pan or select). */
#pragma once

#include "lf-canvas.h"

G_BEGIN_DECLS

typedef struct _LfCanvasEdit LfCanvasEdit;

LfCanvasEdit *_lf_canvas_edit_new          (LfCanvas *canvas);
void          _lf_canvas_edit_free         (LfCanvasEdit *edit);
LfCanvasEdit *_lf_canvas_get_edit          (LfCanvas *self);
void          _lf_canvas_invalidate        (LfCanvas *self);
/* A card's rounded outline, pad pixels outside it (selection, highlight, ports' targets). */
void          _lf_canvas_outline_rect      (cairo_t *cr, const cairo_rectangle_t *r, double zoom, double pad);
/* An edit begins: the view stops following the diagram's extent (no auto-fit). */
void          _lf_canvas_freeze_view       (LfCanvas *self);
/* The painter's scenario changed under the canvas (the session restarted). */
gboolean      _lf_canvas_edit_owns_scenario (LfCanvas *self);

gboolean      _lf_canvas_edit_press        (LfCanvas *self, int n_press, double x, double y);
gboolean      _lf_canvas_edit_drag_begin   (LfCanvas *self, double x, double y, GdkModifierType state);
gboolean      _lf_canvas_edit_drag_update  (LfCanvas *self, double x, double y, GdkModifierType state);
gboolean      _lf_canvas_edit_drag_end     (LfCanvas *self, double x, double y, GdkModifierType state);
gboolean      _lf_canvas_edit_cancel       (LfCanvas *self);
/* The cursor for the pointer at (x, y), NULL when the designer has no opinion. */
const char   *_lf_canvas_edit_motion       (LfCanvas *self, double x, double y);
void          _lf_canvas_edit_draw         (LfCanvas *self, cairo_t *cr);
void          _lf_canvas_edit_size_allocate (LfCanvas *self);
void          _lf_canvas_edit_session_selected (LfCanvas *self);
void          _lf_canvas_edit_class_init   (GtkWidgetClass *widget_class);
void          _lf_canvas_edit_init         (LfCanvas *self);
void          _lf_canvas_edit_dispose      (LfCanvas *self);
GtkWidget    *_lf_canvas_edit_get_menu     (LfCanvas *self);   /* NULL until first shown */

G_END_DECLS
