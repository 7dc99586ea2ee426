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
 *   - a selected node or edge → "highlight": [id] and "focus": id;
 *   - a step by hand (lf_walkthrough_recorder_step) or a reset to t = 0 → a step there;
 *   - any live change to the scenario (lf_session_set_value, from the inspector or the
 *     fault panel) → "set": [{"path": "ID.PROP", "value": …}] (the format extension of
 *     lf-walkthrough.h), found by comparing the scenario with how it was.
 * Played back, the steps seek to the same instants and apply the same changes, so the
 * run is the same, byte for byte. Live changes made before recording began are in the
 * first step's `set` (the file keeps the scenario as loaded); the run before that first
 * moment is then the plain one.
 *
 * The recorder follows the session's scenario: a new one (another file) ends a recording
 * and drops its steps; the same scenario put back as loaded (the player) keeps them. (An instant is whole: everything due at that time has
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
/* Drops every step (and ends a recording). */
void        lf_walkthrough_recorder_clear      (LfWalkthroughRecorder *self);
/* Steps the session to its next event and runs the rest of that instant (a recorded
 * moment is whole), paused; while recording, a step there. FALSE at the end. */
gboolean    lf_walkthrough_recorder_step       (LfWalkthroughRecorder *self);
LfSession  *lf_walkthrough_recorder_get_session (LfWalkthroughRecorder *self);
gboolean    lf_walkthrough_recorder_get_recording (LfWalkthroughRecorder *self);

/* The steps so far (JSON objects of the walkthrough format; "changed" is emitted). */
guint       lf_walkthrough_recorder_get_n_steps (LfWalkthroughRecorder *self);
JsonObject *lf_walkthrough_recorder_get_step   (LfWalkthroughRecorder *self, guint index);
void        lf_walkthrough_recorder_set_text   (LfWalkthroughRecorder *self, guint index,
                                                const char *title, const char *text);
void        lf_walkthrough_recorder_remove     (LfWalkthroughRecorder *self, guint index);
void        lf_walkthrough_recorder_move       (LfWalkthroughRecorder *self, guint from, guint to);

/* Narration is Pango markup: FALSE with the parser's message when it does not parse. */
gboolean    lf_walkthrough_check_markup        (const char *text, GError **error);
/* The first step whose text is not valid markup (its message in error), or −1. */
int         lf_walkthrough_recorder_find_bad_text (LfWalkthroughRecorder *self, GError **error);

/* {"steps": [...]} (a new node). */
JsonNode   *lf_walkthrough_recorder_build      (LfWalkthroughRecorder *self);
/* The scenario as loaded (before any live change: the recorded steps make them) with
 * this walkthrough in place of its own, as file data for lf_scenario_load_from_data or
 * to write out. */
char       *lf_walkthrough_recorder_to_scenario_data (LfWalkthroughRecorder *self, gsize *length);
/* Writes that to file, atomically (a temporary file renamed over it); refuses narration
 * that is not valid markup (G_MARKUP_ERROR, "step N: …"). */
gboolean    lf_walkthrough_recorder_save       (LfWalkthroughRecorder *self, GFile *file, GError **error);

/* The one place a walkthrough is written into a scenario file: scenario's own JSON (as
 * lf_scenario_to_data gives it, unknown keys kept) with `walkthrough` replaced, written
 * atomically to file. */
gboolean    lf_walkthrough_write_scenario      (LfScenario *scenario, JsonNode *walkthrough,
                                                GFile *file, GError **error);

G_END_DECLS
