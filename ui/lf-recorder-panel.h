/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* lf-recorder-panel.h: the side panel "Recording" — record mode's steps as the author
 * captures them (LfWalkthroughRecorder over the window's session): each with its moment
 * and what was captured, an editable title and narration (Pango markup, checked as it is
 * typed), move up / down, drag to reorder, delete; Start / Stop and Save.
 *
 * Actions (on the panel): recorder.toggle starts or stops recording, recorder.save
 * writes the steps as the scenario's walkthrough into its file — or asks for a file
 * (Save As) when the scenario is one of the bundled, read-only library's or its file
 * cannot be written. Outcomes are toasted in the nearest AdwToastOverlay. */
#pragma once

#include <adwaita.h>

#include "lf-walkthrough-recorder.h"

G_BEGIN_DECLS

#define LF_TYPE_RECORDER_PANEL (lf_recorder_panel_get_type ())
G_DECLARE_FINAL_TYPE (LfRecorderPanel, lf_recorder_panel, LF, RECORDER_PANEL, AdwBin)

/* How Save writes (the window routes it through its document): the walkthrough
 * ({"steps": […]}) into file; on failure FALSE with an error, G_IO_ERROR_FAILED_HANDLED
 * when the function said why itself. Without one, lf_walkthrough_recorder_save. */
typedef gboolean (*LfRecorderSaveFunc) (JsonNode  *walkthrough,
                                        GFile     *file,
                                        gpointer   user_data,
                                        GError   **error);

GtkWidget             *lf_recorder_panel_new          (LfSession       *session);
void                   lf_recorder_panel_set_save_func (LfRecorderPanel   *self,
                                                        LfRecorderSaveFunc func,
                                                        gpointer           user_data);
LfWalkthroughRecorder *lf_recorder_panel_get_recorder (LfRecorderPanel *self);
/* Files under this folder (the bundled scenarios) are never written: Save asks. */
void                   lf_recorder_panel_set_library_dir (LfRecorderPanel *self,
                                                          const char      *dir);
/* Would Save ask for a file? */
gboolean               lf_recorder_panel_needs_save_as (LfRecorderPanel *self);
/* Writes the steps into file (the scenario as loaded, its walkthrough replaced), and
 * toasts how it went; "saved" is emitted on success. */
gboolean               lf_recorder_panel_save_to      (LfRecorderPanel *self,
                                                       GFile           *file,
                                                       GError         **error);

G_END_DECLS
