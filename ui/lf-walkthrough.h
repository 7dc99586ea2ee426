/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* lf-walkthrough.h: the narrated walkthrough player's engine over an LfSession
 * (spec/scenario-format.md, "Walkthrough"). GTK-free: GObject only, so that it runs
 * headless in tests and in `lambdaflow-sim video`.
 *
 * Steps run in order. Beginning step i:
 *   1. `at`: the session seeks to that simulated time (backwards re-runs from t = 0 with
 *      the live changes made so far, as lf_session_seek does); without `at` the step
 *      starts where the previous one ended.
 *   2. `set`: its changes are applied at that moment, in order (lf_session_set_value).
 *   3. `speed` sets the transport's speed when the step is shown (gone to, or moved on
 *      to); a step without `speed` leaves the speed as it is — the user's choice stays.
 *      `pause` stops the transport (otherwise it plays).
 * The step then waits:
 *   - `until {kind, node}`: for the first trace record of that kind at that node or edge
 *     (`node` may name an edge: an ESM's retry is at the edge) after the step began; the
 *     step ends just after that record's instant (every event at the same time is run);
 *   - `until "user"`: for the user (lf_walkthrough_next); the simulation does not move on
 *     its own account;
 *   - no `until`: until the next step's `at` when that is later, else it is done at once.
 *
 * Going to a step is exact: the session is put back to the scenario as loaded and every
 * step up to it is begun and ended in order, so lf_walkthrough_go_to (i) always reaches
 * the same state, byte for byte, however it was reached before.
 *
 * Format extension (backward compatible; older readers ignore the keys):
 *   "set": [{"path": "worker.timeout", "value": "10s"}, …]   a step's live changes, with
 *          the paths of `--set` (ID.PROP, settings.KEY); value is a string, number, bool,
 *          object or null (null restores the default), applied when the step begins.
 *   "dwell": video only (already in the spec): how long a "user" step, or a paused one,
 *          holds in a video, default "4s" of video.
 */
#pragma once

#include <glib-object.h>

#include "lf-session.h"

G_BEGIN_DECLS

#define LF_WALKTHROUGH_DEFAULT_DWELL (4 * G_USEC_PER_SEC)
/* Play-through shows a step at least this long (wall time) before going on. */
#define LF_WALKTHROUGH_MIN_STEP_TIME (3 * G_USEC_PER_SEC)

typedef enum {
  LF_UNTIL_NONE,      /* the next step's `at`, or at once */
  LF_UNTIL_RECORD,    /* a trace record of a kind at a node or edge */
  LF_UNTIL_USER,      /* the user moves on */
} LfUntil;

typedef struct {
  char *path;         /* "worker.timeout" */
  char *value;        /* JSON text or a bare string, as lf_session_set_value takes */
} LfWalkthroughChange;

typedef struct {
  char         *title;
  char         *text;           /* Pango markup */
  GStrv         highlight;      /* node and edge ids, never NULL */
  char         *focus;          /* a node or edge id, or NULL */
  gboolean      has_at;
  LfTime        at;
  LfUntil       until;
  LfRecordKind  until_kind;     /* LF_UNTIL_RECORD */
  char         *until_id;       /* node or edge id; NULL matches any */
  double        speed;          /* 0: unchanged */
  gboolean      pause;
  LfTime        dwell;          /* video: how long a "user" or paused step holds */
  GPtrArray    *changes;        /* LfWalkthroughChange*, never NULL */
} LfWalkthroughStep;

#define LF_TYPE_WALKTHROUGH (lf_walkthrough_get_type ())
G_DECLARE_FINAL_TYPE (LfWalkthrough, lf_walkthrough, LF, WALKTHROUGH, GObject)

/* Follows the session's scenario (a new scenario reloads the steps, current −1). */
LfWalkthrough   *lf_walkthrough_new            (LfSession *session);
LfSession       *lf_walkthrough_get_session    (LfWalkthrough *self);
guint            lf_walkthrough_get_n_steps    (LfWalkthrough *self);
/* The scenario as loaded (before any live change, the steps' or the user's); NULL
 * without one. */
LfScenario      *lf_walkthrough_get_scenario   (LfWalkthrough *self);
/* −1 before the first step is begun. */
int              lf_walkthrough_get_current    (LfWalkthrough *self);
const LfWalkthroughStep *lf_walkthrough_get_step (LfWalkthrough *self, guint index);
/* Problems with the steps (an unknown record kind, a bad `set`): the steps still load,
 * the bad parts are left out. LfProblem*, may be empty. */
GPtrArray       *lf_walkthrough_get_problems   (LfWalkthrough *self);

/* Exact: back to the scenario as loaded, then steps 0 … index in order. When the player
 * is on a step before index and nothing else moved the session since, it goes on from
 * there instead (the same state, sooner). FALSE when index is out of range. */
gboolean         lf_walkthrough_go_to          (LfWalkthrough *self, guint index);
/* The same, bounded: for the window. The replay runs in slices of at most
 * LF_WALKTHROUGH_SLICE_US of wall time on the default main context (an idle source), so
 * the UI stays live; the first slice runs at once, and most jumps land within it.
 * Requests made while a replay is on its way are coalesced: it goes on to the last one
 * when it has not passed it yet, else starts over. "pending" is the step it goes to (−1
 * when none); the state it lands in is go_to's, byte for byte. The clock, a seek or a
 * reset made by someone else cancels it (current stays where the replay was). */
#define LF_WALKTHROUGH_SLICE_US 8000
gboolean         lf_walkthrough_request        (LfWalkthrough *self, guint index);
int              lf_walkthrough_get_pending    (LfWalkthrough *self);
/* The step after or before the one shown (or the one a replay goes to), bounded. A next
 * step after the clock was moved by hand goes on from there (lf_walkthrough_next). */
gboolean         lf_walkthrough_request_next   (LfWalkthrough *self);
gboolean         lf_walkthrough_request_previous (LfWalkthrough *self);
/* How far the replay is, 0 … 1 (1 when none). */
double           lf_walkthrough_get_progress   (LfWalkthrough *self);
void             lf_walkthrough_set_slice      (LfWalkthrough *self, gint64 wall_us);
/* Ends the current step (runs to its `until` record) and begins the next one. While a
 * replay is on its way, next and previous go (at once) to the step after or before its
 * target. */
gboolean         lf_walkthrough_next           (LfWalkthrough *self);
gboolean         lf_walkthrough_previous       (LfWalkthrough *self);
/* Is the current step's wait over (its record seen, its `at` reached)? A "user" step
 * never is; nor is one whose record never comes before the end of the run. */
gboolean         lf_walkthrough_get_step_done  (LfWalkthrough *self);
/* Did the current step's wait run into the end of the run? */
gboolean         lf_walkthrough_get_finished   (LfWalkthrough *self);
/* The simulated time at which the current step began. */
LfTime           lf_walkthrough_get_step_start (LfWalkthrough *self);

/* Play-through: when a step's wait is over, the next step begins by itself once the step
 * has been shown for the minimum time (the clock holds meanwhile); "user" steps and
 * paused ones still wait for the user. Off, the transport stops where the wait ends. */
void             lf_walkthrough_set_play_through (LfWalkthrough *self, gboolean play_through);
/* While hidden the tour does not follow the clock: a finished wait stops nothing. */
void             lf_walkthrough_set_following (LfWalkthrough *self, gboolean following);
gboolean         lf_walkthrough_get_play_through (LfWalkthrough *self);
void             lf_walkthrough_set_min_step_time (LfWalkthrough *self, gint64 wall_us);

/* While a walkthrough is shown, the frame clock calls this instead of
 * lf_session_advance: it advances wall_us × speed of simulated time when the session is
 * playing, but stops exactly where the current step's wait ends (the record's instant,
 * the next step's `at`), then stops the transport or, in play-through, begins the next
 * step. Returns TRUE when the clock moved or a step changed.
 * (If the frame clock keeps calling lf_session_advance, the steps still follow, a frame
 * late: the transport stops, or play-through moves on, just after the wait ends.) */
gboolean         lf_walkthrough_advance        (LfWalkthrough *self, gint64 wall_us);

G_END_DECLS
