/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lf-application.h"
#include "lf-canvas.h"
#include "lf-document.h"
#include "lf-node-palette.h"
#include "lf-session.h"
#include "lf-start-page.h"
#include "lf-video.h"

G_BEGIN_DECLS

#define LF_TYPE_WINDOW (lf_window_get_type ())

G_DECLARE_FINAL_TYPE (LfWindow, lf_window, LF, WINDOW, AdwApplicationWindow)

LfWindow   *lf_window_new                 (LfApplication *application);
gboolean    lf_window_open_file           (LfWindow      *self,
                                           GFile         *file);
GFile      *lf_window_get_file            (LfWindow      *self);
const char *lf_window_get_scenario_title  (LfWindow      *self);
gboolean    lf_window_export              (LfWindow      *self,
                                           GFile         *file);
void        lf_window_show_library        (LfWindow      *self);
LfSession  *lf_window_get_session         (LfWindow      *self);
LfCanvas   *lf_window_get_canvas          (LfWindow      *self);
LfStartPage *lf_window_get_start_page     (LfWindow      *self);
/* Walkthroughs (a scenario's narrated tour): the window's player over its session, and
 * the narration card shown over the canvas while the tour is on (win.show-tour). */
LfWalkthrough *lf_window_get_walkthrough  (LfWindow      *self);
GtkWidget  *lf_window_get_tour_card       (LfWindow      *self);
gboolean    lf_window_get_tour_shown      (LfWindow      *self);
/* Deep links (`--step N`, `--at T`): a step by index from 0 (FALSE when out of range),
 * or a simulated time (the step that is on at that time, then the clock runs to it). */
gboolean    lf_window_go_to_step          (LfWindow      *self,
                                           guint          index);
void        lf_window_go_to_time          (LfWindow      *self,
                                           LfTime         at);

/* Records the walkthrough as a WebM video and/or PNG frames (lf_video_export in a
 * thread, from the scenario as loaded in the window), with a progress dialog whose
 * Cancel cancels it, and says how it went in a toast. win.export-video asks for the
 * settings first (LfVideoDialog). */
void        lf_window_export_video_async  (LfWindow            *self,
                                           GFile               *file,
                                           int                  width,
                                           int                  height,
                                           int                  fps,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
void        lf_window_export_video_settings_async (LfWindow              *self,
                                                   const LfVideoSettings *settings,
                                                   GCancellable          *cancellable,
                                                   GAsyncReadyCallback    callback,
                                                   gpointer               user_data);
gboolean    lf_window_export_video_finish (LfWindow            *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* The designer: the document this window edits (NULL on the start page before any),
 * a new empty one, saving, and restoring what a crash left. */
LfDocument *lf_window_get_document        (LfWindow      *self);
LfNodePalette *lf_window_get_palette      (LfWindow      *self);
void        lf_window_new_document        (LfWindow      *self);
gboolean    lf_window_save_to_file        (LfWindow      *self,
                                           GFile         *file);
/* A toast offering to restore @n autosaves (app.restore-autosaves). */
void        lf_window_offer_restore       (LfWindow         *self,
                                           guint             n);
gboolean    lf_window_restore_autosave    (LfWindow         *self,
                                           const LfAutosave *autosave,
                                           GError          **error);

/* The simulated clock as the header bar shows it: mm:ss.s (h:mm:ss.s past an hour). */
char       *lf_window_format_clock        (LfTime         t);

G_END_DECLS
