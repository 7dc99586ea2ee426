/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lf-canvas.h"
#include "lf-document.h"
#include "lf-inspector.h"
#include "lf-node-palette.h"
#include "lf-session.h"
#include "lf-start-page.h"
#include "lf-walkthrough.h"
#include "lf-window.h"

G_BEGIN_DECLS

struct _LfWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwWindowTitle       *window_title;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  LfStartPage          *start_page;
  AdwFlap              *flap;
  LfCanvas             *canvas;
  AdwViewStack         *panel_stack;
  GtkWidget            *transport;
  GtkWidget            *panel_button;
  GtkButton            *play_button;
  GtkMenuButton        *speed_button;
  GtkScale             *speed_scale;
  GtkAdjustment        *speed_adjustment;
  GtkLabel             *clock_label;
  GtkOverlay           *canvas_overlay;
  GtkWidget            *tour_button;
  GtkWidget            *zoom_box;
  GtkRevealer          *palette_revealer;
  LfNodePalette        *palette;
  GtkWidget            *palette_button;

  /* Owned */
  LfSession            *session;
  GSettings            *settings;
  GtkFileChooserNative *file_chooser;
  GtkFileChooserNative *export_chooser;
  char                 *scenario_title;
  LfInspector          *inspector;        /* borrowed: in the panel stack */

  /* The designer (lf-window-design.c): the document this window edits */
  LfDocument           *document;
  GtkFileChooserNative *save_chooser;
  char                 *design_error;     /* why the design cannot run, or NULL */
  AdwToast             *design_toast;     /* weak */
  AdwToast             *undo_toast;       /* weak: the toast whose Undo is the latest step */
  gboolean              close_after_save;
  gboolean              close_confirmed;
  gboolean              replace_unsaved;
  guint                 inhibit_cookie;
  gboolean              inspector_detached; /* recording: inspector edits go to the run only */   /* logout inhibited while there are unsaved changes */  /* Reload confirmed: open over unsaved changes */

  /* The walkthrough: the player, its card (a reference: it is in the overlay only while
   * the tour is shown) and the card's key shortcuts (borrowed, see the key handler). */
  LfWalkthrough        *walkthrough;
  GtkWidget            *tour_card;
  GtkShortcutController *tour_shortcuts;
  gboolean              show_tour;

  /* Video export */
  GtkFileChooserNative *video_chooser;
  GCancellable         *video_cancellable;
  GtkWindow            *video_dialog;
  GtkProgressBar       *video_progress;
  guint                 video_progress_id;
  gint                  video_permille;    /* atomic, written by the export thread */

  /* Record mode: the side panel's "Recording" page (LfRecorderPanel) */
  GtkWidget            *recorder_panel;
};

void _lf_window_class_actions_init (LfWindowClass *klass);
void _lf_window_actions_init       (LfWindow      *self);
void _lf_window_actions_update     (LfWindow      *self);
void _lf_window_update_transport   (LfWindow      *self);
void _lf_window_update_tour        (LfWindow      *self);
gboolean _lf_window_get_recording  (LfWindow      *self);
void     _lf_window_record_init    (LfWindow      *self);
gboolean _lf_window_tour_key       (LfWindow      *self,
                                    guint          keyval,
                                    GdkModifierType state);

void     _lf_window_set_document         (LfWindow   *self,
                                          LfDocument *document,
                                          gboolean    restart);
void     _lf_window_update_title         (LfWindow   *self);
char    *_lf_window_dup_file_stem        (LfWindow   *self);
void     _lf_window_reload               (LfWindow   *self);
void     _lf_window_class_design_init    (LfWindowClass *klass);
void     _lf_window_design_init          (LfWindow   *self,
                                          const char *icon_dir);
void     _lf_window_design_dispose       (LfWindow   *self);
void     _lf_window_design_actions_update (LfWindow  *self);
gboolean _lf_window_design_close_request (LfWindow   *self);

G_END_DECLS
