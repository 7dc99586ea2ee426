/* lf-session.h: one window's view-model (STYLE.md §12) — the scenario, its simulation
 * and visual state, the clock and playback, the selection, and the recent trace as a list
 * model. Every panel binds to the session, never to another panel. GTK-free: GObject and
 * GIO only, so it is tested without a display. */
#pragma once

#include <gio/gio.h>

#include "lf-scenario.h"
#include "lf-sim.h"
#include "lf-visual.h"

G_BEGIN_DECLS

#define LF_SESSION_SPEED_MIN   0.1
#define LF_SESSION_SPEED_MAX   1000.0
/* Most wall time one frame's simulation may take (lf_session_advance, and the tour's
 * lf_walkthrough_advance); the clock lags rather than the UI stalling. The clock is
 * looked at every LF_SESSION_FRAME_CHUNK events. Where a frame stops never changes what
 * the simulation does: the trace is the same whatever the frame pacing. */
#define LF_SESSION_FRAME_BUDGET_US 8000
#define LF_SESSION_FRAME_CHUNK     16
/* Trace records kept for the event log. */
#define LF_SESSION_LOG_LIMIT   20000

/* One trace record for the event log (a GListModel item). */
#define LF_TYPE_LOG_ITEM (lf_log_item_get_type ())
G_DECLARE_FINAL_TYPE (LfLogItem, lf_log_item, LF, LOG_ITEM, GObject)

LfTime        lf_log_item_get_time    (LfLogItem *self);
guint64       lf_log_item_get_seq     (LfLogItem *self);
LfRecordKind  lf_log_item_get_kind    (LfLogItem *self);
const char   *lf_log_item_get_kind_name (LfLogItem *self);
const char   *lf_log_item_get_at      (LfLogItem *self);   /* node or edge id */
guint32       lf_log_item_get_msg     (LfLogItem *self);   /* msg, or the first of msgs; 0 */
const char   *lf_log_item_get_json    (LfLogItem *self);   /* the JSON Lines record */
/* Does the record concern this message (msg, parent or one of msgs)? */
gboolean      lf_log_item_mentions    (LfLogItem *self, guint32 msg);

#define LF_TYPE_SESSION (lf_session_get_type ())
G_DECLARE_FINAL_TYPE (LfSession, lf_session, LF, SESSION, GObject)

LfSession  *lf_session_new              (void);
/* Loads a scenario file; on a JSON or I/O error, or a scenario with errors, returns FALSE
 * and leaves the session as it was. Problems (warnings too) are kept for the UI. */
gboolean    lf_session_load_file        (LfSession *self, GFile *file, GError **error);
/* Takes a scenario (validated by the caller) and starts over at t = 0, paused. */
gboolean    lf_session_set_scenario     (LfSession *self, LfScenario *scenario, GError **error);
LfScenario *lf_session_get_scenario     (LfSession *self);   /* the simulation's own copy */
GFile      *lf_session_get_file         (LfSession *self);
GPtrArray  *lf_session_get_problems     (LfSession *self);   /* LfProblem*, may be empty */
/* Every problem (errors and warnings) of the last lf_session_load_file that failed; the
 * GError it set names at most three. Empty when it failed otherwise (I/O, syntax). */
GPtrArray  *lf_session_get_load_problems (LfSession *self);
LfSim      *lf_session_get_sim          (LfSession *self);
LfVisual   *lf_session_get_visual       (LfSession *self);

/* Playback */
gboolean    lf_session_get_playing      (LfSession *self);
void        lf_session_set_playing      (LfSession *self, gboolean playing);
double      lf_session_get_speed        (LfSession *self);
void        lf_session_set_speed        (LfSession *self, double speed);  /* clamped */
LfTime      lf_session_get_now          (LfSession *self);
LfTime      lf_session_get_duration     (LfSession *self);
gboolean    lf_session_get_finished     (LfSession *self);
/* Advances by wall_us × speed of simulated time (a frame). Stops playing at the end. */
void        lf_session_advance          (LfSession *self, gint64 wall_us);
/* To the next event; FALSE when there is none before the end. */
gboolean    lf_session_step             (LfSession *self);
/* Runs straight to t (seek forward; backwards resets then runs). */
void        lf_session_seek             (LfSession *self, LfTime t);
/* Runs forward towards t for at most the frame budget of wall time: TRUE when it got
 * there (the clock reads t), FALSE when the budget ran out first (the clock reads the
 * last event's time; more events of that instant may be left). t before now does
 * nothing. */
gboolean    lf_session_run_bounded      (LfSession *self, LfTime t);
/* The log, the visual and "advanced" catch up with a simulation run directly (lf_sim_step,
 * lf_sim_run_until on lf_session_get_sim). */
void        lf_session_refresh          (LfSession *self);
/* The frame budget (default LF_SESSION_FRAME_BUDGET_US; tests make it tiny). */
void        lf_session_set_frame_budget (LfSession *self, gint64 wall_us);
gint64      lf_session_get_frame_budget (LfSession *self);
void        lf_session_reset            (LfSession *self);
/* A live change at the current simulated time (lf_sim_set). */
gboolean    lf_session_set_value        (LfSession *self, const char *path, const char *value, GError **error);

/* Selection: at most one node or edge, and a message */
const char *lf_session_get_selected     (LfSession *self);
void        lf_session_set_selected     (LfSession *self, const char *node_or_edge_id);
guint32     lf_session_get_selected_message (LfSession *self);
void        lf_session_set_selected_message (LfSession *self, guint32 msg);

/* The last LF_SESSION_LOG_LIMIT trace records, oldest first (LfLogItem). */
GListModel *lf_session_get_log          (LfSession *self);

G_END_DECLS
