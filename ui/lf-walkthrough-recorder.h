/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* lf-walkthrough-recorder.h: record mode — while the author plays, pauses, changes the
 * speed, selects and moves fault sliders or edits props, each action is captured at its
 * simulated time as a walkthrough step; the author then gives the steps a title and a
 * text, deletes or reorders them, and saves them into the scenario. GTK-free.
 *
 * What is captured, each as a step with `at` = the simulated time of the action (actions
 * at the same instant make one step):
 *   - pause → "pause": true; play → a step without pause; a speed change → "speed";
 *   - a selected node or edge → "focus";
 *   - any live change to the scenario (lf_session_set_value, from the inspector or the
 *     fault panel) → "set": [{"path": "ID.PROP", "value": …}] (the format extension of
 *     lf-walkthrough.h), found by comparing the scenario with how it was.
 * Played back, the steps seek to the same instants and apply the same changes, so the
 * run is the same, byte for byte. (An instant is whole: everything due at that time has
 * run, as after a frame — stepping single events by hand may stop mid-instant.) */
#pragma once

#include <json-glib/json-glib.h>

#include "lf-session.h"

G_BEGIN_DECLS

#define LF_TYPE_WALKTHROUGH_RECORDER (lf_walkthrough_recorder_get_type ())
G_DECLARE_FINAL_TYPE (LfWalkthroughRecorder, lf_walkthrough_recorder, LF, WALKTHROUGH_RECORDER, GObject)

LfWalkthroughRecorder *lf_walkthrough_recorder_new        (LfSession *session);
/* Starts capturing (the first step is the current moment, speed and pause state). */
void        lf_walkthrough_recorder_start      (LfWalkthroughRecorder *self);
void        lf_walkthrough_recorder_stop       (LfWalkthroughRecorder *self);
gboolean    lf_walkthrough_recorder_get_recording (LfWalkthroughRecorder *self);

/* The steps so far (JSON objects of the walkthrough format; "changed" is emitted). */
guint       lf_walkthrough_recorder_get_n_steps (LfWalkthroughRecorder *self);
JsonObject *lf_walkthrough_recorder_get_step   (LfWalkthroughRecorder *self, guint index);
void        lf_walkthrough_recorder_set_text   (LfWalkthroughRecorder *self, guint index,
                                                const char *title, const char *text);
void        lf_walkthrough_recorder_remove     (LfWalkthroughRecorder *self, guint index);
void        lf_walkthrough_recorder_move       (LfWalkthroughRecorder *self, guint from, guint to);

/* {"steps": [...]} (a new node). */
JsonNode   *lf_walkthrough_recorder_build      (LfWalkthroughRecorder *self);
/* The scenario as loaded (before any live change: the recorded steps make them) with
 * this walkthrough in place of its own, as file data for lf_scenario_load_from_data or
 * to write out. */
char       *lf_walkthrough_recorder_to_scenario_data (LfWalkthroughRecorder *self, gsize *length);

G_END_DECLS
