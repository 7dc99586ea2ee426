/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* lf-walkthrough.c: the walkthrough player's engine (see lf-walkthrough.h) */
#define G_LOG_DOMAIN "lf-walkthrough"

#include "lf-walkthrough.h"

#include <math.h>
#include <string.h>

#include "lf-error.h"

/* ---- steps ------------------------------------------------------------------------ */

static void
change_free (LfWalkthroughChange *change)
{
  g_free (change->path);
  g_free (change->value);
  g_free (change);
}

static void
step_free (LfWalkthroughStep *step)
{
  g_free (step->title);
  g_free (step->text);
  g_strfreev (step->highlight);
  g_free (step->focus);
  g_free (step->until_id);
  g_ptr_array_unref (step->changes);
  g_free (step);
}

static void
add_problem (GPtrArray  *problems,
             LfSeverity  severity,
             char       *path,      /* taken */
             const char *fmt,
             ...) G_GNUC_PRINTF (4, 5);

static void
add_problem (GPtrArray  *problems,
             LfSeverity  severity,
             char       *path,
             const char *fmt,
             ...)
{
  LfProblem *p = g_new0 (LfProblem, 1);
  va_list args;

  va_start (args, fmt);
  p->severity = severity;
  p->path = path;
  p->message = g_strdup_vprintf (fmt, args);
  va_end (args);
  g_ptr_array_add (problems, p);
}

/* A duration: "30s" or a bare integer of seconds. */
static gboolean
node_get_duration (JsonNode *node,
                   LfTime   *out)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return lf_time_parse_duration (json_node_get_string (node), out, NULL);
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *out = json_node_get_int (node) * G_USEC_PER_SEC;
      return TRUE;
    }
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      *out = (LfTime) llround (json_node_get_double (node) * G_USEC_PER_SEC);
      return TRUE;
    }
  return FALSE;
}

static gboolean
record_kind_from_string (const char   *text,
                         LfRecordKind *kind)
{
  for (int k = 0; k < LF_N_RECORD_KINDS; k++)
    if (g_strcmp0 (text, lf_record_kind_to_string ((LfRecordKind) k)) == 0)
      {
        *kind = (LfRecordKind) k;
        return TRUE;
      }
  return FALSE;
}

static void
parse_changes (LfWalkthroughStep *step,
               JsonNode          *set,
               const char        *path,
               GPtrArray         *problems)
{
  JsonArray *array;

  if (set == NULL || JSON_NODE_HOLDS_NULL (set))
    return;
  if (!JSON_NODE_HOLDS_ARRAY (set))
    {
      add_problem (problems, LF_SEVERITY_WARNING, g_strdup_printf ("%s.set", path),
                   "expected an array of {\"path\": …, \"value\": …}; ignored");
      return;
    }
  array = json_node_get_array (set);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *obj = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      JsonNode *value = obj ? json_object_get_member (obj, "value") : NULL;
      const char *target = obj ? lf_props_get_string (obj, "path", NULL) : NULL;
      LfWalkthroughChange *change;

      if (target == NULL || value == NULL)
        {
          add_problem (problems, LF_SEVERITY_WARNING, g_strdup_printf ("%s.set[%u]", path, i),
                       "a change needs a string \"path\" and a \"value\"; ignored");
          continue;
        }
      change = g_new0 (LfWalkthroughChange, 1);
      change->path = g_strdup (target);
      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
        change->value = g_strdup (json_node_get_string (value));
      else
        change->value = json_to_string (value, FALSE);
      g_ptr_array_add (step->changes, change);
    }
}

static LfWalkthroughStep *
parse_step (JsonObject *obj,
            const char *path,
            GPtrArray  *problems)
{
  LfWalkthroughStep *step = g_new0 (LfWalkthroughStep, 1);
  JsonNode *until = json_object_get_member (obj, "until");
  JsonNode *highlight = json_object_get_member (obj, "highlight");
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  step->title = g_strdup (lf_props_get_string (obj, "title", ""));
  step->text = g_strdup (lf_props_get_string (obj, "text", ""));
  step->focus = g_strdup (lf_props_get_string (obj, "focus", NULL));
  step->has_at = node_get_duration (json_object_get_member (obj, "at"), &step->at);
  if (step->has_at && step->at < 0)
    step->at = 0;
  step->speed = lf_props_get_double (obj, "speed", 0.0);
  if (step->speed < 0)
    step->speed = 0;
  step->pause = lf_props_get_bool (obj, "pause", FALSE);
  if (!node_get_duration (json_object_get_member (obj, "dwell"), &step->dwell) || step->dwell < 0)
    step->dwell = LF_WALKTHROUGH_DEFAULT_DWELL;
  if (highlight != NULL && JSON_NODE_HOLDS_ARRAY (highlight))
    {
      JsonArray *array = json_node_get_array (highlight);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *e = json_array_get_element (array, i);
          if (JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING)
            g_strv_builder_add (ids, json_node_get_string (e));
        }
    }
  step->highlight = g_strv_builder_end (ids);
  step->until = LF_UNTIL_NONE;
  if (until != NULL && JSON_NODE_HOLDS_VALUE (until) &&
      g_strcmp0 (json_node_get_string (until), "user") == 0)
    step->until = LF_UNTIL_USER;
  else if (until != NULL && JSON_NODE_HOLDS_OBJECT (until))
    {
      JsonObject *u = json_node_get_object (until);
      const char *kind = lf_props_get_string (u, "kind", NULL);

      if (record_kind_from_string (kind, &step->until_kind))
        {
          step->until = LF_UNTIL_RECORD;
          step->until_id = g_strdup (lf_props_get_string (u, "node", NULL));
        }
      else
        add_problem (problems, LF_SEVERITY_WARNING, g_strdup_printf ("%s.until.kind", path),
                     "unknown trace record kind `%s`; the step does not wait", kind ? kind : "");
    }
  step->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
  parse_changes (step, json_object_get_member (obj, "set"), path, problems);
  return step;
}

/* ---- the trace matcher -------------------------------------------------------------
 *
 * The simulation has no way to remove a trace function, so the one we add points to a
 * small matcher that the simulation owns; the walkthrough detaches from it when it goes. */

typedef struct {
  LfWalkthrough *owner;
} Matcher;

struct _LfWalkthrough {
  GObject     parent_instance;
  gboolean    not_following;  /* hidden: the clock is the user's, steps do not steer */
  LfSession  *session;
  LfScenario *pristine;     /* the scenario as loaded, before any live change */
  GPtrArray  *steps;        /* LfWalkthroughStep* */
  GPtrArray  *problems;     /* LfProblem* */
  GPtrArray  *undo;         /* LfWalkthroughChange*: old values of applied changes, in order */
  Matcher    *matcher;      /* owned by the current sim */
  int         current;
  LfTime      step_start;
  double      speed;        /* the transport speed the steps set so far */
  gboolean    waiting;      /* the current step's record may match now */
  gboolean    matched;
  gboolean    finished;     /* the wait ran into the end of the run */
  gboolean    canonical;    /* nothing but the walkthrough moved the session since */
  gboolean    play_through;
  gboolean    done_seen;    /* the current step's wait was seen over (or was at its start) */
  gint64      step_wall;    /* wall time the current step has been shown while playing */
  gint64      step_mono;    /* g_get_monotonic_time () when it began */
  gint64      min_step_time;
  guint       busy;         /* the walkthrough itself is driving the session */
  gulong      advanced_id, restarted_id, scenario_id;
  /* a bounded replay (lf_walkthrough_request): steps begun and ended in slices */
  int         pending;      /* the step it goes to, −1: none */
  int         replay_step;  /* the step it is at */
  gboolean    replay_begun; /* replay_step is begun (its wait is what runs next) */
  guint       replay_source;
  gint64      slice_us;
  gint64      deadline;     /* of the slice running now, 0: none (synchronous) */
};

G_DEFINE_FINAL_TYPE (LfWalkthrough, lf_walkthrough, G_TYPE_OBJECT)

enum { PROP_0, PROP_CURRENT, PROP_PLAY_THROUGH, PROP_PENDING, N_PROPS };
enum { STEP_CHANGED, STEP_DONE, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
matcher_free (Matcher *matcher)
{
  if (matcher->owner)
    matcher->owner->matcher = NULL;
  g_free (matcher);
}

static void
on_record (const LfRecord *record,
           gpointer        user_data)
{
  Matcher *matcher = user_data;
  LfWalkthrough *self = matcher->owner;
  const LfWalkthroughStep *step;

  if (self == NULL || !self->waiting || self->matched || self->current < 0)
    return;
  step = g_ptr_array_index (self->steps, self->current);
  if (step->until != LF_UNTIL_RECORD || record->kind != step->until_kind)
    return;
  if (step->until_id == NULL || g_strcmp0 (record->node, step->until_id) == 0 ||
      g_strcmp0 (record->edge, step->until_id) == 0)
    self->matched = TRUE;
}

static void
attach_matcher (LfWalkthrough *self)
{
  LfSim *sim = lf_session_get_sim (self->session);
  Matcher *matcher;

  if (self->matcher)
    self->matcher->owner = NULL;
  self->matcher = NULL;
  if (sim == NULL)
    return;
  matcher = g_object_get_data (G_OBJECT (sim), "lf-walkthrough-matcher");
  if (matcher == NULL)
    {
      matcher = g_new0 (Matcher, 1);
      g_object_set_data_full (G_OBJECT (sim), "lf-walkthrough-matcher", matcher,
                              (GDestroyNotify) matcher_free);
      lf_sim_add_trace_func (sim, on_record, matcher);
    }
  else if (matcher->owner && matcher->owner != self)
    matcher->owner->matcher = NULL;
  matcher->owner = self;
  self->matcher = matcher;
}

static LfScenario *
copy_scenario (LfScenario *scenario)
{
  gsize len = 0;
  g_autofree char *data = lf_scenario_to_data (scenario, &len);

  return lf_scenario_load_from_data (data, (gssize) len, NULL, NULL, NULL);
}

/* Is `path` something lf_session_set_value can change: ID.PROP with a node, edge,
 * workload or fault id, or settings.KEY? */
static gboolean
change_path_known (LfScenario *scenario,
                   const char *path)
{
  const char *dot = strchr (path, '.');
  g_autofree char *id = dot ? g_strndup (path, (gsize) (dot - path)) : NULL;
  JsonArray *lists[2] = { lf_scenario_get_workload (scenario), lf_scenario_get_faults (scenario) };

  if (id == NULL || dot[1] == '\0')
    return FALSE;
  if (g_str_equal (id, "settings") || lf_scenario_find_node (scenario, id) || lf_scenario_find_edge (scenario, id))
    return TRUE;
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < json_array_get_length (lists[l]); i++)
      {
        JsonObject *item = json_array_get_object_element (lists[l], i);
        if (item && g_strcmp0 (lf_props_get_string (item, "id", NULL), id) == 0)
          return TRUE;
      }
  return FALSE;
}

static void
check_changes (LfWalkthrough *self,
               LfScenario    *scenario)
{
  for (guint i = 0; i < self->steps->len; i++)
    {
      LfWalkthroughStep *step = g_ptr_array_index (self->steps, i);

      for (guint k = 0; k < step->changes->len;)
        {
          LfWalkthroughChange *change = g_ptr_array_index (step->changes, k);

          if (change_path_known (scenario, change->path))
            {
              k++;
              continue;
            }
          add_problem (self->problems, LF_SEVERITY_WARNING,
                       g_strdup_printf ("walkthrough.steps[%u].set", i),
                       "`%s` is not ID.PROP (a node, edge, workload or fault id) nor settings.KEY; "
                       "ignored", change->path);
          g_ptr_array_remove_index (step->changes, k);
        }
    }
}

static void
load_steps (LfWalkthrough *self)
{
  LfScenario *scenario = lf_session_get_scenario (self->session);
  JsonNode *walkthrough = scenario ? lf_scenario_get_walkthrough (scenario) : NULL;
  JsonNode *steps = NULL;

  g_ptr_array_set_size (self->steps, 0);
  g_ptr_array_set_size (self->problems, 0);
  g_ptr_array_set_size (self->undo, 0);
  g_clear_object (&self->pristine);
  self->current = -1;
  self->canonical = FALSE;
  self->waiting = self->matched = self->finished = FALSE;
  self->speed = 1.0;
  if (scenario != NULL)
    self->pristine = copy_scenario (scenario);
  if (walkthrough != NULL && JSON_NODE_HOLDS_OBJECT (walkthrough))
    steps = json_object_get_member (json_node_get_object (walkthrough), "steps");
  if (steps == NULL || !JSON_NODE_HOLDS_ARRAY (steps))
    return;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (steps)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (steps), i);
      g_autofree char *path = g_strdup_printf ("walkthrough.steps[%u]", i);

      if (JSON_NODE_HOLDS_OBJECT (element))
        g_ptr_array_add (self->steps, parse_step (json_node_get_object (element), path, self->problems));
    }
  check_changes (self, scenario);
}

static void     note_done (LfWalkthrough *self);
static void     cancel_replay (LfWalkthrough *self);
static gboolean has_next  (LfWalkthrough *self);
static gboolean next_step (LfWalkthrough *self, gboolean live);

/* ---- session signals -------------------------------------------------------------- */

/* Someone else moved the clock (the canvas's frame clock calling lf_session_advance,
 * a step or seek by hand): no longer exact, but the steps still follow it — a wait that
 * is over stops the transport, or in play-through moves on to the next step once the
 * step has been shown for the minimum time. */
static void
on_session_moved (LfSession     *session,
                  LfWalkthrough *self)
{
  if (self->busy > 0)
    return;
  cancel_replay (self);
  if (self->not_following)
    return;
  self->canonical = FALSE;
  if (self->current < 0 || !self->waiting)
    return;
  note_done (self);
  if (self->play_through && has_next (self) && lf_walkthrough_get_step_done (self) &&
      lf_session_get_playing (self->session) &&
      g_get_monotonic_time () - self->step_mono >= self->min_step_time)
    next_step (self, TRUE);
}

static void
on_session_restarted (LfSession     *session,
                      LfWalkthrough *self)
{
  if (self->busy > 0)
    return;
  cancel_replay (self);
  self->canonical = FALSE;
  self->waiting = FALSE;
}

static void
on_scenario_changed (LfSession     *session,
                     GParamSpec    *pspec,
                     LfWalkthrough *self)
{
  attach_matcher (self);
  if (self->busy > 0)
    return;
  cancel_replay (self);
  load_steps (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
  g_signal_emit (self, signals[STEP_CHANGED], 0, self->current);
}

/* ---- changes and their undo --------------------------------------------------------- */

/* The JSON text a `--set` path holds now in the simulation's scenario; "null" when unset. */
static char *
current_text (LfScenario *scenario,
              const char *path)
{
  const char *dot = strchr (path, '.');
  g_autofree char *id = dot ? g_strndup (path, (gsize) (dot - path)) : g_strdup (path);
  JsonObject *obj = NULL;
  JsonArray *lists[2] = { lf_scenario_get_workload (scenario), lf_scenario_get_faults (scenario) };
  JsonNode *value;
  LfNode *node;
  LfEdge *edge;

  if (dot == NULL)
    return g_strdup ("null");
  if (g_str_equal (id, "settings"))
    obj = lf_scenario_get_settings (scenario);
  else if ((node = lf_scenario_find_node (scenario, id)))
    obj = node->props;
  else if ((edge = lf_scenario_find_edge (scenario, id)))
    obj = edge->props;
  for (guint l = 0; obj == NULL && l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; obj == NULL && i < json_array_get_length (lists[l]); i++)
      {
        JsonObject *item = json_array_get_object_element (lists[l], i);
        if (item && g_strcmp0 (lf_props_get_string (item, "id", NULL), id) == 0)
          obj = item;
      }
  value = obj ? json_object_get_member (obj, dot + 1) : NULL;
  return value ? json_to_string (value, FALSE) : g_strdup ("null");
}

static void
apply_changes (LfWalkthrough     *self,
               const LfWalkthroughStep *step)
{
  for (guint i = 0; i < step->changes->len; i++)
    {
      LfWalkthroughChange *change = g_ptr_array_index (step->changes, i);
      LfScenario *scenario = lf_session_get_scenario (self->session);
      g_autofree char *old = current_text (scenario, change->path);
      g_autoptr(GError) error = NULL;
      LfWalkthroughChange *undo;

      if (!lf_session_set_value (self->session, change->path, change->value, &error))
        {
          g_warning ("walkthrough step %d: %s=%s: %s", self->current, change->path,
                     change->value, error->message);
          continue;
        }
      undo = g_new0 (LfWalkthroughChange, 1);
      undo->path = g_strdup (change->path);
      undo->value = g_steal_pointer (&old);
      g_ptr_array_add (self->undo, undo);
    }
}

/* Back to the scenario as loaded at t = 0: undoes our changes, and when something else
 * changed the scenario too, starts the session over from a copy of the original. */
static void
restart_pristine (LfWalkthrough *self)
{
  LfScenario *scenario;

  for (guint i = self->undo->len; i-- > 0;)
    {
      LfWalkthroughChange *undo = g_ptr_array_index (self->undo, i);
      lf_session_set_value (self->session, undo->path, undo->value, NULL);
    }
  g_ptr_array_set_size (self->undo, 0);
  scenario = lf_session_get_scenario (self->session);
  if (self->pristine && scenario && !lf_scenario_equal (scenario, self->pristine))
    {
      g_autoptr(LfScenario) copy = copy_scenario (self->pristine);
      lf_session_set_scenario (self->session, copy, NULL);
    }
  else
    lf_session_reset (self->session);
}

/* ---- the steps' moments ------------------------------------------------------------ */

static const LfWalkthroughStep *
step_at (LfWalkthrough *self,
         int            index)
{
  return index >= 0 && (guint) index < self->steps->len ? g_ptr_array_index (self->steps, index) : NULL;
}

/* When a no-`until` step ends: the next step's `at` when that is later than now. */
static gboolean
next_at (LfWalkthrough *self,
         LfTime        *at)
{
  const LfWalkthroughStep *next = step_at (self, self->current + 1);

  if (next == NULL || !next->has_at || next->at <= self->step_start)
    return FALSE;
  *at = next->at;
  return TRUE;
}

gboolean
lf_walkthrough_get_step_done (LfWalkthrough *self)
{
  const LfWalkthroughStep *step = step_at (self, self->current);
  LfTime at;

  if (step == NULL)
    return FALSE;
  switch (step->until)
    {
    case LF_UNTIL_RECORD:
      return self->matched;
    case LF_UNTIL_USER:
      return FALSE;
    case LF_UNTIL_NONE:
    default:
      return !next_at (self, &at) || lf_session_get_now (self->session) >= at;
    }
}

/* Moves the session's clock to t. While a replay is on its way, forward moves run the
 * simulation only: the log, the visual and the "advanced" signal catch up once, when
 * it lands (replay_landed), not at every step on the way. */
static void
seek (LfWalkthrough *self,
      LfTime         t)
{
  LfSim *sim = lf_session_get_sim (self->session);

  t = CLAMP (t, 0, lf_session_get_duration (self->session));
  if (self->pending >= 0 && t >= lf_sim_get_now (sim))
    lf_sim_run_until (sim, t, 0);
  else
    lf_session_seek (self->session, t);
}

/* Events run between two looks at the clock in a bounded slice. */
#define SLICE_EVENTS LF_SESSION_FRAME_CHUNK

/* Is the slice running now over? Never in a synchronous run (no deadline). */
static gboolean
out_of_time (LfWalkthrough *self)
{
  return self->deadline > 0 && g_get_monotonic_time () >= self->deadline;
}

/* Runs every event up to t, at most until the slice's deadline; TRUE when done. The
 * caller then seeks to t (which runs nothing more): chunks make no difference to the
 * simulation, which stops between two events either way. */
static gboolean
run_bounded (LfWalkthrough *self,
             LfTime         t)
{
  LfSim *sim = lf_session_get_sim (self->session);

  t = MIN (t, lf_session_get_duration (self->session));
  if (self->deadline == 0)
    return TRUE;
  while (lf_sim_next_event_time (sim) <= t)
    {
      lf_sim_run_until (sim, t, SLICE_EVENTS);
      if (lf_sim_next_event_time (sim) <= t && out_of_time (self))
        return FALSE;
    }
  return TRUE;
}

/* Runs event by event until the current step's record or time `limit`; on a match, runs
 * the rest of that instant. TRUE on a match. FALSE with *more set when the slice ran out
 * first (nothing else done: call again). */
static gboolean
run_to_record_bounded (LfWalkthrough *self,
                       LfTime         limit,
                       gboolean      *more)
{
  LfSim *sim = lf_session_get_sim (self->session);
  LfTime duration = lf_session_get_duration (self->session);
  guint n = 0;

  *more = FALSE;
  limit = MIN (limit, duration);
  while (!self->matched && lf_sim_next_event_time (sim) <= limit)
    {
      lf_sim_step (sim);
      if (++n % SLICE_EVENTS == 0 && !self->matched && out_of_time (self))
        {
          *more = TRUE;
          return FALSE;
        }
    }
  if (self->matched)
    seek (self, lf_sim_get_now (sim));
  else
    {
      seek (self, limit);
      if (limit >= duration)
        self->finished = TRUE;
    }
  return self->matched;
}

/* Ends the current step's wait (its record; a later `at` is the next step's business).
 * FALSE when the slice ran out first (call again). */
static gboolean
complete_step (LfWalkthrough *self)
{
  const LfWalkthroughStep *step = step_at (self, self->current);
  gboolean more = FALSE;

  if (step != NULL && step->until == LF_UNTIL_RECORD && !self->matched && !self->finished)
    run_to_record_bounded (self, G_MAXINT64, &more);
  if (more)
    return FALSE;
  self->waiting = FALSE;
  return TRUE;
}

/* live: a step whose `at` has already passed begins where the clock is (play-through
 * following a clock that someone else drives) instead of re-running to it. shown: the
 * step is the one the user lands on (not one replayed on the way): its `speed`, if it
 * names one, and its `pause` reach the transport. FALSE when the slice ran out before
 * the step's `at` (nothing begun: call again). */
static gboolean
begin_step (LfWalkthrough *self,
            int            index,
            gboolean       live,
            gboolean       shown)
{
  const LfWalkthroughStep *step = step_at (self, index);

  self->waiting = self->matched = self->finished = FALSE;
  if (step->has_at && !live && self->deadline > 0)
    {
      /* an `at` before now runs again from t = 0 with the changes made so far (what
       * lf_session_seek does), in slices too */
      if (step->at < lf_session_get_now (self->session))
        lf_session_reset (self->session);
      if (!run_bounded (self, step->at))
        return FALSE;
    }
  self->current = index;
  if (step->has_at && !(live && step->at <= lf_session_get_now (self->session)))
    seek (self, step->at);
  apply_changes (self, step);
  /* only a step that names a speed sets it: otherwise the user's choice stays */
  if (step->speed > 0)
    self->speed = step->speed;
  if (shown && step->speed > 0)
    lf_session_set_speed (self->session, step->speed);
  if (shown)
    lf_session_set_playing (self->session, !step->pause);
  self->step_start = lf_session_get_now (self->session);
  self->waiting = TRUE;
  self->step_wall = 0;
  self->step_mono = g_get_monotonic_time ();
  self->done_seen = lf_walkthrough_get_step_done (self);
  return TRUE;
}

static void
step_changed (LfWalkthrough *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
  g_signal_emit (self, signals[STEP_CHANGED], 0, self->current);
}

/* Where a replay to `index` starts: on from the current step when the player is exactly
 * on an earlier one, else from the scenario as loaded (the session is put back to it). */
static void
replay_start (LfWalkthrough *self,
              guint          index)
{
  if (self->canonical && self->current >= 0 && self->current < (int) index)
    {
      self->replay_step = self->current;
      self->replay_begun = TRUE;
    }
  else
    {
      self->waiting = FALSE;
      self->current = -1;
      self->busy++;
      restart_pristine (self);
      self->busy--;
      self->speed = 1.0;
      self->replay_step = 0;
      self->replay_begun = FALSE;
    }
}

/* Can the replay on its way still stop at index exactly (not begun yet, or not passed)? */
static gboolean
replay_reaches (LfWalkthrough *self,
                guint          index)
{
  return (int) index > self->replay_step || ((int) index == self->replay_step && !self->replay_begun);
}

/* Runs the replay towards self->pending until it lands (TRUE) or the slice's deadline. */
static gboolean
replay_run (LfWalkthrough *self)
{
  gboolean landed = FALSE;

  self->busy++;
  for (;;)
    {
      if (!self->replay_begun)
        {
          if (!begin_step (self, self->replay_step, FALSE, FALSE))
            break;
          self->replay_begun = TRUE;
        }
      if (self->replay_step >= self->pending)
        {
          landed = TRUE;
          break;
        }
      if (!complete_step (self))
        break;
      self->replay_step++;
      self->replay_begun = FALSE;
    }
  self->busy--;
  return landed;
}

/* The step landed on reaches the transport: its speed when it names one (the user's
 * choice stays otherwise), and playing unless it pauses. */
static void
replay_landed (LfWalkthrough *self)
{
  const LfWalkthroughStep *step = step_at (self, self->current);

  self->busy++;
  lf_session_refresh (self->session);   /* the log and the visual catch up */
  if (step->speed > 0)
    lf_session_set_speed (self->session, step->speed);
  lf_session_set_playing (self->session, !step->pause);
  self->busy--;
  g_clear_handle_id (&self->replay_source, g_source_remove);
  self->pending = -1;
  self->deadline = 0;
  self->canonical = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
  step_changed (self);
}

gboolean
lf_walkthrough_go_to (LfWalkthrough *self,
                      guint          index)
{
  g_return_val_if_fail (LF_IS_WALKTHROUGH (self), FALSE);
  if (index >= self->steps->len || lf_session_get_sim (self->session) == NULL)
    return FALSE;
  g_clear_handle_id (&self->replay_source, g_source_remove);
  if (!(self->pending >= 0 && replay_reaches (self, index)))
    replay_start (self, index);
  self->pending = (int) index;
  self->deadline = 0;
  replay_run (self);
  replay_landed (self);
  return TRUE;
}

static gboolean
replay_slice_cb (gpointer data)
{
  LfWalkthrough *self = data;

  self->deadline = g_get_monotonic_time () + self->slice_us;
  if (replay_run (self))
    {
      self->replay_source = 0;
      replay_landed (self);
      return G_SOURCE_REMOVE;
    }
  self->deadline = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
  return G_SOURCE_CONTINUE;
}

gboolean
lf_walkthrough_request (LfWalkthrough *self,
                        guint          index)
{
  g_return_val_if_fail (LF_IS_WALKTHROUGH (self), FALSE);
  if (index >= self->steps->len || lf_session_get_sim (self->session) == NULL)
    return FALSE;
  if (self->pending >= 0 && replay_reaches (self, index))
    {
      /* coalesced: the replay on its way goes there instead */
      self->pending = (int) index;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
      return TRUE;
    }
  /* behind a replay on its way (start over), or a new one */
  replay_start (self, index);
  self->pending = (int) index;
  /* the first slice at once: most jumps land within it */
  self->deadline = g_get_monotonic_time () + self->slice_us;
  if (replay_run (self))
    {
      replay_landed (self);
      return TRUE;
    }
  self->deadline = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
  if (self->replay_source == 0)
    self->replay_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, replay_slice_cb, self, NULL);
  return TRUE;
}

gboolean
lf_walkthrough_request_next (LfWalkthrough *self)
{
  g_return_val_if_fail (LF_IS_WALKTHROUGH (self), FALSE);
  if (self->pending >= 0)
    return lf_walkthrough_request (self, (guint) MIN (self->pending + 1, (int) self->steps->len - 1));
  if (self->current < 0)
    return lf_walkthrough_request (self, 0);
  if ((guint) self->current + 1 >= self->steps->len)
    return FALSE;
  if (self->canonical)
    return lf_walkthrough_request (self, (guint) self->current + 1);
  return next_step (self, FALSE);       /* following a clock moved by hand: on from here */
}

gboolean
lf_walkthrough_request_previous (LfWalkthrough *self)
{
  int base;

  g_return_val_if_fail (LF_IS_WALKTHROUGH (self), FALSE);
  base = self->pending >= 0 ? self->pending : self->current;
  if (base < 0)
    return FALSE;
  return lf_walkthrough_request (self, (guint) MAX (base - 1, 0));
}

int
lf_walkthrough_get_pending (LfWalkthrough *self)
{
  g_return_val_if_fail (LF_IS_WALKTHROUGH (self), -1);
  return self->pending;
}

double
lf_walkthrough_get_progress (LfWalkthrough *self)
{
  const LfWalkthroughStep *target;
  LfTime now, goal;

  g_return_val_if_fail (LF_IS_WALKTHROUGH (self), 1.0);
  if (self->pending < 0)
    return 1.0;
  /* by simulated time: the target step's `at`, or where the steps before it began */
  target = step_at (self, self->pending);
  now = lf_sim_get_now (lf_session_get_sim (self->session));
  goal = target->has_at ? target->at : 0;
  for (int i = self->pending; goal == 0 && i >= 0; i--)
    if (step_at (self, i)->has_at)
      goal = step_at (self, i)->at;
  if (goal <= 0)
    return (double) self->replay_step / (self->pending + 1);
  return CLAMP ((double) now / (double) goal, 0.0, 0.99);
}

void
lf_walkthrough_set_slice (LfWalkthrough *self,
                          gint64         wall_us)
{
  g_return_if_fail (LF_IS_WALKTHROUGH (self));
  self->slice_us = MAX (wall_us, 1);
}

static void
cancel_replay (LfWalkthrough *self)
{
  if (self->pending < 0)
    return;
  g_clear_handle_id (&self->replay_source, g_source_remove);
  self->pending = -1;
  self->deadline = 0;
  self->canonical = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
  step_changed (self);
}

static gboolean
next_step (LfWalkthrough *self,
           gboolean       live)
{
  if (self->current < 0)
    return lf_walkthrough_go_to (self, 0);
  if ((guint) self->current + 1 >= self->steps->len)
    return FALSE;
  if (self->pending >= 0)
    return lf_walkthrough_go_to (self, (guint) MIN (self->pending + 1, (int) self->steps->len - 1));
  self->busy++;
  complete_step (self);
  begin_step (self, self->current + 1, live, TRUE);
  self->busy--;
  step_changed (self);
  return TRUE;
}

gboolean
lf_walkthrough_next (LfWalkthrough *self)
{
  g_return_val_if_fail (LF_IS_WALKTHROUGH (self), FALSE);
  return next_step (self, FALSE);
}

gboolean
lf_walkthrough_previous (LfWalkthrough *self)
{
  g_return_val_if_fail (LF_IS_WALKTHROUGH (self), FALSE);
  if (self->pending >= 0)
    return lf_walkthrough_go_to (self, (guint) MAX (self->pending - 1, 0));
  if (self->current <= 0)
    return self->current == 0 ? lf_walkthrough_go_to (self, 0) : FALSE;
  return lf_walkthrough_go_to (self, (guint) self->current - 1);
}

/* A wait that is over: say so once; without play-through the transport stops there. */
static void
note_done (LfWalkthrough *self)
{
  if (self->done_seen || !lf_walkthrough_get_step_done (self))
    return;
  self->done_seen = TRUE;
  g_signal_emit (self, signals[STEP_DONE], 0, self->current);
  if (!self->play_through)
    lf_session_set_playing (self->session, FALSE);
}

static gboolean
has_next (LfWalkthrough *self)
{
  return self->current >= 0 && (guint) self->current + 1 < self->steps->len;
}

gboolean
lf_walkthrough_advance (LfWalkthrough *self,
                        gint64         wall_us)
{
  const LfWalkthroughStep *step = step_at (self, self->current);
  LfTime now, target, at, duration;

  g_return_val_if_fail (LF_IS_WALKTHROUGH (self), FALSE);
  if (self->pending >= 0)
    return FALSE;                       /* a replay owns the clock until it lands */
  if (step == NULL)
    {
      if (!lf_session_get_playing (self->session))
        return FALSE;
      lf_session_advance (self->session, wall_us);
      return TRUE;
    }
  if (!lf_session_get_playing (self->session) || wall_us <= 0)
    return FALSE;
  self->step_wall += wall_us;
  if (self->play_through && has_next (self) && lf_walkthrough_get_step_done (self))
    {
      /* hold the moment until the step has been shown long enough, then go on: the
       * clock does not move meanwhile, so play-through stays exact */
      if (self->step_wall >= self->min_step_time)
        next_step (self, FALSE);
      return TRUE;
    }
  duration = lf_session_get_duration (self->session);
  now = lf_session_get_now (self->session);
  target = MIN (duration, now + (LfTime) llround ((double) wall_us * lf_session_get_speed (self->session)));
  self->busy++;
  /* every way bounded by the session's frame budget, like lf_session_advance: the clock
   * lags rather than the frame stalling (where a frame stops changes nothing else) */
  if (lf_walkthrough_get_step_done (self) || step->until == LF_UNTIL_USER)
    {
      /* playing on freely: no longer the state the steps alone would reach */
      lf_session_run_bounded (self->session, target);
      self->canonical = FALSE;
    }
  else if (step->until == LF_UNTIL_RECORD)
    {
      gboolean more = FALSE;

      self->deadline = g_get_monotonic_time () + lf_session_get_frame_budget (self->session);
      run_to_record_bounded (self, target, &more);
      self->deadline = 0;
      if (more)     /* out of time: the next frame goes on; the UI catches up now */
        lf_session_refresh (self->session);
    }
  else if (next_at (self, &at))
    lf_session_run_bounded (self->session, MIN (target, at));
  if (lf_session_get_finished (self->session))
    lf_session_set_playing (self->session, FALSE);
  self->busy--;
  note_done (self);
  return TRUE;
}

/* ---- accessors ---------------------------------------------------------------------- */

LfSession *lf_walkthrough_get_session (LfWalkthrough *self) { return self->session; }
guint lf_walkthrough_get_n_steps (LfWalkthrough *self) { return self->steps->len; }
int lf_walkthrough_get_current (LfWalkthrough *self) { return self->current; }
GPtrArray *lf_walkthrough_get_problems (LfWalkthrough *self) { return self->problems; }
gboolean lf_walkthrough_get_finished (LfWalkthrough *self) { return self->finished; }
LfTime lf_walkthrough_get_step_start (LfWalkthrough *self) { return self->step_start; }
gboolean lf_walkthrough_get_play_through (LfWalkthrough *self) { return self->play_through; }
LfScenario *lf_walkthrough_get_scenario (LfWalkthrough *self) { return self->pristine; }

const LfWalkthroughStep *
lf_walkthrough_get_step (LfWalkthrough *self,
                         guint          index)
{
  g_return_val_if_fail (LF_IS_WALKTHROUGH (self), NULL);
  return step_at (self, (int) index);
}

void
lf_walkthrough_set_min_step_time (LfWalkthrough *self,
                                  gint64         wall_us)
{
  g_return_if_fail (LF_IS_WALKTHROUGH (self));
  self->min_step_time = MAX (wall_us, 0);
}

void
lf_walkthrough_set_play_through (LfWalkthrough *self,
                                 gboolean       play_through)
{
  g_return_if_fail (LF_IS_WALKTHROUGH (self));
  play_through = !!play_through;
  if (self->play_through == play_through)
    return;
  self->play_through = play_through;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAY_THROUGH]);
}

/* ---- GObject ------------------------------------------------------------------------ */

static void
lf_walkthrough_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LfWalkthrough *self = LF_WALKTHROUGH (object);

  switch (prop_id)
    {
    case PROP_CURRENT: g_value_set_int (value, self->current); break;
    case PROP_PLAY_THROUGH: g_value_set_boolean (value, self->play_through); break;
    case PROP_PENDING: g_value_set_int (value, self->pending); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_walkthrough_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  LfWalkthrough *self = LF_WALKTHROUGH (object);

  switch (prop_id)
    {
    case PROP_PLAY_THROUGH: lf_walkthrough_set_play_through (self, g_value_get_boolean (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_walkthrough_dispose (GObject *object)
{
  LfWalkthrough *self = (LfWalkthrough *) object;

  if (self->matcher)
    self->matcher->owner = NULL;
  self->matcher = NULL;
  g_clear_handle_id (&self->replay_source, g_source_remove);
  self->pending = -1;
  if (self->session)
    {
      g_clear_signal_handler (&self->advanced_id, self->session);
      g_clear_signal_handler (&self->restarted_id, self->session);
      g_clear_signal_handler (&self->scenario_id, self->session);
      g_clear_object (&self->session);
    }
  G_OBJECT_CLASS (lf_walkthrough_parent_class)->dispose (object);
}

static void
lf_walkthrough_finalize (GObject *object)
{
  LfWalkthrough *self = (LfWalkthrough *) object;

  g_ptr_array_unref (self->steps);
  g_ptr_array_unref (self->problems);
  g_ptr_array_unref (self->undo);
  g_clear_object (&self->pristine);
  G_OBJECT_CLASS (lf_walkthrough_parent_class)->finalize (object);
}

static void
lf_walkthrough_class_init (LfWalkthroughClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = lf_walkthrough_get_property;
  object_class->set_property = lf_walkthrough_set_property;
  object_class->dispose = lf_walkthrough_dispose;
  object_class->finalize = lf_walkthrough_finalize;

  properties[PROP_CURRENT] =
    g_param_spec_int ("current", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PLAY_THROUGH] =
    g_param_spec_boolean ("play-through", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* the step a bounded replay is going to, −1 none; notified at each slice (progress) */
  properties[PROP_PENDING] =
    g_param_spec_int ("pending", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (int index): a step began (or the steps were reloaded: −1) */
  signals[STEP_CHANGED] = g_signal_new ("step-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  /* (int index): the current step's wait ended while playing (lf_walkthrough_advance) */
  signals[STEP_DONE] = g_signal_new ("step-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
}

static void
lf_walkthrough_init (LfWalkthrough *self)
{
  self->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) lf_problem_free);
  self->undo = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
  self->current = -1;
  self->speed = 1.0;
  self->min_step_time = LF_WALKTHROUGH_MIN_STEP_TIME;
  self->pending = -1;
  self->slice_us = LF_WALKTHROUGH_SLICE_US;
}

LfWalkthrough *
lf_walkthrough_new (LfSession *session)
{
  LfWalkthrough *self;

  g_return_val_if_fail (LF_IS_SESSION (session), NULL);
  self = g_object_new (LF_TYPE_WALKTHROUGH, NULL);
  self->session = g_object_ref (session);
  self->advanced_id = g_signal_connect (session, "advanced", G_CALLBACK (on_session_moved), self);
  self->restarted_id = g_signal_connect (session, "restarted", G_CALLBACK (on_session_restarted), self);
  self->scenario_id = g_signal_connect (session, "notify::scenario", G_CALLBACK (on_scenario_changed), self);
  attach_matcher (self);
  load_steps (self);
  return self;
}

void
lf_walkthrough_set_following (LfWalkthrough *self,
                              gboolean       following)
{
  g_return_if_fail (LF_IS_WALKTHROUGH (self));
  self->not_following = !following;
}
