/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "lf-document.h"
#include "lf-node-palette.h"
#include "lf-painter.h"
#include "lf-session.h"
#include "lf-walkthrough.h"

G_BEGIN_DECLS

#define LF_CANVAS_ZOOM_MIN 0.1
#define LF_CANVAS_ZOOM_MAX 4.0

#define LF_TYPE_CANVAS (lf_canvas_get_type ())

G_DECLARE_FINAL_TYPE (LfCanvas, lf_canvas, LF, CANVAS, GtkWidget)

GtkWidget  *lf_canvas_new            (void);
LfSession  *lf_canvas_get_session    (LfCanvas   *self);
void        lf_canvas_set_session    (LfCanvas   *self,
                                      LfSession  *session);
LfPainter  *lf_canvas_get_painter    (LfCanvas   *self);
void        lf_canvas_set_icon_dir   (LfCanvas   *self,
                                      const char *dir);

/* View */
double      lf_canvas_get_zoom       (LfCanvas   *self);
void        lf_canvas_zoom_at        (LfCanvas   *self,
                                      double      factor,
                                      double      x,
                                      double      y);
void        lf_canvas_zoom_by        (LfCanvas   *self,
                                      double      factor);
void        lf_canvas_zoom_reset     (LfCanvas   *self);
void        lf_canvas_pan            (LfCanvas   *self,
                                      double      dx,
                                      double      dy);
void        lf_canvas_fit            (LfCanvas   *self);

/* Hit-testing and selection, in widget coordinates */
const char *lf_canvas_hit_test       (LfCanvas   *self,
                                      double      x,
                                      double      y);
void        lf_canvas_select_at      (LfCanvas   *self,
                                      double      x,
                                      double      y);

/* Playback: what one frame of the tick callback does (tests call it directly). */
void        lf_canvas_tick           (LfCanvas   *self,
                                      gint64      wall_us);

/* Walkthrough: while one is set, the tick callback advances the session through
 * lf_walkthrough_advance (steps end exactly where they should) instead of
 * lf_session_advance. NULL: plain playback. */
void        lf_canvas_set_walkthrough (LfCanvas      *self,
                                       LfWalkthrough *walkthrough);
LfWalkthrough *lf_canvas_get_walkthrough (LfCanvas   *self);

/* Rings drawn around these nodes and edges (a walkthrough step's `highlight`); NULL or
 * empty: none. */
void        lf_canvas_set_highlight  (LfCanvas           *self,
                                      const char * const *ids);
const char * const *lf_canvas_get_highlight (LfCanvas *self);
/* Moves the view so that a node or edge is centred (in the area above the bottom
 * inset), keeping the zoom, but no further than keeps a diagram that fits whole on
 * screen; with @animate it glides there over about 400 ms. An id
 * that is not in the diagram does nothing. Before the canvas has a size the move is
 * made at the first frame. */
void        lf_canvas_focus          (LfCanvas   *self,
                                      const char *id,
                                      gboolean    animate);
/* Pixels at the bottom covered by an overlay (the narration card): fit and focus place
 * the diagram above them. */
void        lf_canvas_set_bottom_inset (LfCanvas *self,
                                        double    inset);
double      lf_canvas_get_bottom_inset (LfCanvas *self);

/* ---- Designer (lf-canvas-edit.c) ----------------------------------------------------
 *
 * With a document the canvas edits it: drag a palette item onto it to add a node (an
 * LfNodeTemplate drop), drag a node to move it (and the rest of the selection; snapped to a
 * LF_CANVAS_GRID grid unless Alt is held), drag from a node's port (the dot on its right
 * edge) to another node to connect them, Shift- or Ctrl-drag on the background for a rubber
 * band (Shift/Ctrl-click adds to or removes from the selection), double-click or F2 to
 * rename. A plain drag on the background still pans. Every gesture is one step of the
 * document's history. The painter draws the document's scenario; the session's run is the
 * window's business (lf_document_sync_session).
 *
 * "edit-refused" (const char *message): an edit the rules forbid (the reason, with its
 * rule id) or that failed; the window shows it in a toast. "edit-note" (const char *message):
 * an edit did more than it shows — a connection gave the function's named role the managed
 * policy or the permission it needs (one undo step with the edge). */
#define LF_CANVAS_GRID 16.0

void        lf_canvas_set_document   (LfCanvas   *self,
                                      LfDocument *document);
LfDocument *lf_canvas_get_document   (LfCanvas   *self);
/* The selected node and edge ids, in the order they were selected (the session's
 * `selected` is the last). */
GStrv       lf_canvas_dup_selection  (LfCanvas   *self);
void        lf_canvas_set_selection  (LfCanvas   *self,
                                      const char * const *ids);
void        lf_canvas_select_all     (LfCanvas   *self);
/* Adds a node of the template's kind with its card centred at (x, y) in widget
 * coordinates (NAN, NAN: the middle of the view), selects it; returns its id. */
char       *lf_canvas_add_node       (LfCanvas             *self,
                                      const LfNodeTemplate *template,
                                      double                x,
                                      double                y);
/* Connects two nodes (or an event source mapping edge to a destination) following the
 * spec's rules: one legal type is made at once, several open a popover asking which,
 * none emits "edit-refused" with the reason. TRUE when an edge was made or asked for. */
gboolean    lf_canvas_connect        (LfCanvas   *self,
                                      const char *from_id,
                                      const char *to_id);
/* Where the edge types being asked for are (the connect popover), NULL when none is open. */
GtkWidget  *lf_canvas_get_popover    (LfCanvas   *self);
gboolean    lf_canvas_delete_selection    (LfCanvas *self);
gboolean    lf_canvas_duplicate_selection (LfCanvas *self);
/* The selected nodes (and edges among them) as lambdaflow/1 text; NULL when no node is
 * selected. The clipboard variants use the display's clipboard, so they cross windows. */
char       *lf_canvas_copy_selection (LfCanvas   *self);
gboolean    lf_canvas_paste          (LfCanvas   *self,
                                      const char *data,
                                      GError    **error);
void        lf_canvas_copy_to_clipboard  (LfCanvas *self, gboolean cut);
void        lf_canvas_paste_from_clipboard (LfCanvas *self);
/* Opens the rename popover on a node (NULL: the last selected). */
void        lf_canvas_rename         (LfCanvas   *self,
                                      const char *id);
/* Applies a rename: a text that is a free, valid id renames the node (and every reference);
 * any other text becomes its label. One history step. */
gboolean    lf_canvas_rename_node    (LfCanvas   *self,
                                      const char *id,
                                      const char *text,
                                      GError    **error);
/* Snaps the selected nodes (all when none is selected) to the grid. */
gboolean    lf_canvas_align_to_grid  (LfCanvas   *self);
void        lf_canvas_set_snap_to_grid (LfCanvas *self,
                                        gboolean  snap);
/* Widget coordinates of a node's centre and of its out port (tests, input automation). */
gboolean    lf_canvas_get_node_center (LfCanvas   *self,
                                       const char *id,
                                       double     *x,
                                       double     *y);
gboolean    lf_canvas_get_port       (LfCanvas   *self,
                                      const char *id,
                                      double     *x,
                                      double     *y);

/* The last rendered frame and how many were rendered (tests, benchmarks). */
GdkTexture *lf_canvas_get_texture    (LfCanvas   *self);
guint       lf_canvas_get_n_renders  (LfCanvas   *self);

G_END_DECLS
