/* lf-session.c: a window's view-model over one simulation */
#include "lf-session.h"

#include <math.h>
#include <string.h>

#include "lf-error.h"

/* ---- log items -------------------------------------------------------------------- */

/* A record copied out of the trace callback: its strings may be the caller's temporaries,
 * so those it does not share with the simulation are duplicated. */
typedef struct {
  LfRecord rec;
  char    *owned[4];         /* group, shard, partition_key, sequence */
  guint32 *msgs, *msgs2;
  gint64  *sizes;
} RecordCopy;

static void
record_copy_clear (RecordCopy *c)
{
  for (guint i = 0; i < G_N_ELEMENTS (c->owned); i++)
    g_clear_pointer (&c->owned[i], g_free);
  g_clear_pointer (&c->msgs, g_free);
  g_clear_pointer (&c->msgs2, g_free);
  g_clear_pointer (&c->sizes, g_free);
}

static void
record_copy_set (RecordCopy *c, const LfRecord *r)
{
  record_copy_clear (c);
  c->rec = *r;
  c->rec.group = c->owned[0] = g_strdup (r->group);
  c->rec.shard = c->owned[1] = g_strdup (r->shard);
  c->rec.partition_key = c->owned[2] = g_strdup (r->partition_key);
  c->rec.sequence = c->owned[3] = g_strdup (r->sequence);
  c->rec.msgs = c->msgs = r->n_msgs ? g_memdup2 (r->msgs, r->n_msgs * sizeof (guint32)) : NULL;
  c->rec.msgs2 = c->msgs2 = r->msgs2 ? g_memdup2 (r->msgs2, MAX (r->n_msgs2, 1) * sizeof (guint32)) : NULL;
  c->rec.sizes = c->sizes = r->n_sizes ? g_memdup2 (r->sizes, r->n_sizes * sizeof (gint64)) : NULL;
}


struct _LfLogItem {
  GObject       parent_instance;
  LfTime        t;
  guint64       seq;
  LfRecordKind  kind;
  char         *at;
  guint32       msg;
  guint32       parent;
  guint32      *msgs;
  guint         n_msgs;
  char         *json;         /* written when first asked for, from: */
  RecordCopy   *record;       /* its strings are the simulation's until then (see
                                 materialize_log) */
};

G_DEFINE_FINAL_TYPE (LfLogItem, lf_log_item, G_TYPE_OBJECT)

static void
lf_log_item_finalize (GObject *object)
{
  LfLogItem *self = (LfLogItem *) object;

  g_free (self->at);
  g_free (self->msgs);
  g_free (self->json);
  if (self->record)
    {
      record_copy_clear (self->record);
      g_free (self->record);
    }
  G_OBJECT_CLASS (lf_log_item_parent_class)->finalize (object);
}

static void
lf_log_item_class_init (LfLogItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lf_log_item_finalize;
}

static void
lf_log_item_init (LfLogItem *self)
{
}

/* Takes the copy over (it is left empty). The JSON is written when first asked for: a
 * frame at 1000× may make 20,000 items of which the log shows a screenful. */
static LfLogItem *
lf_log_item_new_take (RecordCopy *copy)
{
  LfLogItem *self = g_object_new (LF_TYPE_LOG_ITEM, NULL);
  const LfRecord *r = &copy->rec;

  self->t = r->t;
  self->seq = r->seq;
  self->kind = r->kind;
  self->at = g_strdup (r->node ? r->node : r->edge);
  self->msg = r->msg ? r->msg : (r->n_msgs ? r->msgs[0] : 0);
  self->parent = r->parent;
  self->msgs = r->n_msgs ? g_memdup2 (r->msgs, r->n_msgs * sizeof (guint32)) : NULL;
  self->n_msgs = r->n_msgs;
  self->record = g_memdup2 (copy, sizeof *copy);
  memset (copy, 0, sizeof *copy);
  return self;
}

const char *
lf_log_item_get_json (LfLogItem *self)
{
  if (self->json == NULL && self->record != NULL)
    {
      GString *text = g_string_sized_new (256);

      lf_record_to_json (&self->record->rec, text);
      self->json = g_string_free (text, FALSE);
      record_copy_clear (self->record);
      g_clear_pointer (&self->record, g_free);
    }
  return self->json ? self->json : "";
}

LfTime lf_log_item_get_time (LfLogItem *self) { return self->t; }
guint64 lf_log_item_get_seq (LfLogItem *self) { return self->seq; }
LfRecordKind lf_log_item_get_kind (LfLogItem *self) { return self->kind; }
const char *lf_log_item_get_kind_name (LfLogItem *self) { return lf_record_kind_to_string (self->kind); }
const char *lf_log_item_get_at (LfLogItem *self) { return self->at; }
guint32 lf_log_item_get_msg (LfLogItem *self) { return self->msg; }

gboolean
lf_log_item_mentions (LfLogItem *self,
                      guint32    msg)
{
  if (msg == 0)
    return FALSE;
  if (self->msg == msg || self->parent == msg)
    return TRUE;
  for (guint i = 0; i < self->n_msgs; i++)
    if (self->msgs[i] == msg)
      return TRUE;
  return FALSE;
}

/* ---- the session ------------------------------------------------------------------ */

struct _LfSession {
  GObject     parent_instance;
  LfScenario *scenario;      /* as loaded (the sim holds its own copy) */
  GFile      *file;
  GPtrArray  *problems;
  GPtrArray  *load_problems; /* of the last load that failed */
  LfSim      *sim;
  LfVisual   *visual;
  gboolean    playing;
  double      speed;
  char       *selected;
  guint32     selected_msg;
  GListStore *log;
  /* this frame's records, as cheap copies in a ring of at most LF_SESSION_LOG_LIMIT:
   * log items are made at the end of the frame for the ones the log keeps */
  RecordCopy *ring;
  guint       ring_head, ring_len;
  gint64      frame_budget;
  double      flush_us;      /* what a log item costs at the end of a frame (measured) */
};

G_DEFINE_FINAL_TYPE (LfSession, lf_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SCENARIO,
  PROP_PLAYING,
  PROP_SPEED,
  PROP_NOW,
  PROP_SELECTED,
  PROP_SELECTED_MESSAGE,
  N_PROPS
};

enum {
  ADVANCED,     /* the clock moved (a frame, a step, a seek) */
  RESTARTED,    /* a new scenario, or a reset to t = 0 */
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
on_record (const LfRecord *record, gpointer user_data)
{
  LfSession *self = user_data;
  guint slot;

  if (self->ring_len < LF_SESSION_LOG_LIMIT)
    slot = (self->ring_head + self->ring_len++) % LF_SESSION_LOG_LIMIT;
  else
    {
      slot = self->ring_head;       /* the oldest of this frame falls out */
      self->ring_head = (self->ring_head + 1) % LF_SESSION_LOG_LIMIT;
    }
  record_copy_set (&self->ring[slot], record);
}

static void
drop_pending (LfSession *self)
{
  for (guint i = 0; i < self->ring_len; i++)
    record_copy_clear (&self->ring[(self->ring_head + i) % LF_SESSION_LOG_LIMIT]);
  self->ring_head = self->ring_len = 0;
}

/* Items whose JSON is not written yet point at the simulation's strings (interned or its
 * scenario's), which a reset or a new simulation frees: the items of [from, to) that
 * someone besides the log holds (a row, a selection) get their JSON now. */
static void
materialize_log (LfSession *self, guint from, guint to)
{
  for (guint i = from; i < to; i++)
    {
      LfLogItem *item = g_list_model_get_item (G_LIST_MODEL (self->log), i);

      /* two refs: the store's and ours */
      if (G_OBJECT (item)->ref_count > 2)
        lf_log_item_get_json (item);
      g_object_unref (item);
    }
}

static void
materialize_all (LfSession *self)
{
  materialize_log (self, 0, g_list_model_get_n_items (G_LIST_MODEL (self->log)));
}

/* Splices this frame's records into the log and trims it to its limit. */
static void
flush_log (LfSession *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->log));
  guint add = self->ring_len, drop;
  g_autoptr(GPtrArray) items = NULL;

  gint64 t0;

  if (add == 0)
    return;
  t0 = g_get_monotonic_time ();
  items = g_ptr_array_new_full (add, g_object_unref);
  for (guint i = 0; i < add; i++)
    g_ptr_array_add (items, lf_log_item_new_take (&self->ring[(self->ring_head + i) % LF_SESSION_LOG_LIMIT]));
  drop_pending (self);
  drop = MIN (n, n + add > LF_SESSION_LOG_LIMIT ? n + add - LF_SESSION_LOG_LIMIT : 0);
  if (drop > 0)
    {
      materialize_log (self, 0, drop);
      g_list_store_splice (self->log, 0, drop, NULL, 0);
    }
  g_list_store_splice (self->log, n - drop, 0, items->pdata, add);
  if (add >= 100)   /* a moving average of the cost per item, for the frame budget */
    self->flush_us = 0.8 * self->flush_us + 0.2 * (double) (g_get_monotonic_time () - t0) / add;
}

static void
moved (LfSession *self)
{
  flush_log (self);
  if (self->visual)
    lf_visual_sync (self->visual);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOW]);
  g_signal_emit (self, signals[ADVANCED], 0);
}

static void
restart (LfSession *self)
{
  g_list_store_remove_all (self->log);
  drop_pending (self);
  self->selected_msg = 0;
  if (self->visual)
    lf_visual_reset (self->visual);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_MESSAGE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOW]);
  g_signal_emit (self, signals[RESTARTED], 0);
  moved (self);
}

gboolean
lf_session_set_scenario (LfSession   *self,
                         LfScenario  *scenario,
                         GError     **error)
{
  g_autoptr(LfSim) sim = NULL;

  g_return_val_if_fail (LF_IS_SESSION (self), FALSE);
  g_return_val_if_fail (LF_IS_SCENARIO (scenario), FALSE);
  if ((sim = lf_sim_new (scenario, error)) == NULL)
    return FALSE;
  lf_session_set_playing (self, FALSE);
  g_set_object (&self->scenario, scenario);
  g_clear_object (&self->visual);
  materialize_all (self);              /* before the old simulation's strings go */
  g_set_object (&self->sim, sim);
  self->visual = lf_visual_new_for_sim (self->sim);
  lf_visual_set_speed (self->visual, self->speed);
  lf_sim_add_trace_func (self->sim, on_record, self);
  g_clear_pointer (&self->selected, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCENARIO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
  restart (self);
  return TRUE;
}

gboolean
lf_session_load_file (LfSession  *self,
                      GFile      *file,
                      GError    **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *data = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(LfScenario) scenario = NULL;
  gsize len = 0;

  g_return_val_if_fail (LF_IS_SESSION (self), FALSE);
  g_clear_pointer (&self->load_problems, g_ptr_array_unref);
  if (path)
    scenario = lf_scenario_load_from_file (path, &problems, error);
  else if (g_file_load_contents (file, NULL, &data, &len, NULL, error))
    scenario = lf_scenario_load_from_data (data, (gssize) len, name, &problems, error);
  if (scenario == NULL || lf_problems_have_errors (problems))
    self->load_problems = problems ? g_ptr_array_ref (problems) : NULL;
  if (scenario == NULL)
    return FALSE;
  if (lf_problems_have_errors (problems))
    {
      GString *text = g_string_new (NULL);
      guint shown = 0;
      for (guint i = 0; i < problems->len && shown < 3; i++)
        {
          LfProblem *p = g_ptr_array_index (problems, i);
          if (p->severity != LF_SEVERITY_ERROR)
            continue;
          g_string_append_printf (text, "%s%s: %s", shown ? "; " : "", p->path, p->message);
          shown++;
        }
      g_set_error (error, LF_ERROR, LF_ERROR_INVALID_SCENARIO, "%s: %s", name, text->str);
      g_string_free (text, TRUE);
      return FALSE;
    }
  if (!lf_session_set_scenario (self, scenario, error))
    return FALSE;
  g_set_object (&self->file, file);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  self->problems = g_steal_pointer (&problems);
  return TRUE;
}

LfScenario *lf_session_get_scenario (LfSession *self) { return self->sim ? lf_sim_get_scenario (self->sim) : NULL; }
GFile *lf_session_get_file (LfSession *self) { return self->file; }
LfSim *lf_session_get_sim (LfSession *self) { return self->sim; }
LfVisual *lf_session_get_visual (LfSession *self) { return self->visual; }
GListModel *lf_session_get_log (LfSession *self) { return G_LIST_MODEL (self->log); }

GPtrArray *
lf_session_get_load_problems (LfSession *self)
{
  if (self->load_problems == NULL)
    self->load_problems = g_ptr_array_new_with_free_func ((GDestroyNotify) lf_problem_free);
  return self->load_problems;
}

GPtrArray *
lf_session_get_problems (LfSession *self)
{
  if (self->problems == NULL)
    self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) lf_problem_free);
  return self->problems;
}

gboolean
lf_session_get_playing (LfSession *self)
{
  return self->playing;
}

void
lf_session_set_playing (LfSession *self,
                        gboolean   playing)
{
  playing = playing && self->sim != NULL && !lf_session_get_finished (self);
  if (self->playing == playing)
    return;
  self->playing = playing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

double
lf_session_get_speed (LfSession *self)
{
  return self->speed;
}

void
lf_session_set_speed (LfSession *self,
                      double     speed)
{
  speed = CLAMP (speed, LF_SESSION_SPEED_MIN, LF_SESSION_SPEED_MAX);
  if (speed == self->speed)
    return;
  self->speed = speed;
  if (self->visual)
    lf_visual_set_speed (self->visual, speed);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
}

LfTime
lf_session_get_now (LfSession *self)
{
  return self->sim ? lf_sim_get_now (self->sim) : 0;
}

LfTime
lf_session_get_duration (LfSession *self)
{
  return self->sim ? lf_scenario_get_duration (lf_sim_get_scenario (self->sim)) : 0;
}

gboolean
lf_session_get_finished (LfSession *self)
{
  return self->sim == NULL || lf_session_get_now (self) >= lf_session_get_duration (self);
}

void
lf_session_advance (LfSession *self,
                    gint64     wall_us)
{
  LfTime target;

  if (self->sim == NULL || wall_us <= 0)
    return;
  target = MIN (lf_session_get_duration (self),
                lf_session_get_now (self) + (LfTime) llround ((double) wall_us * self->speed));
  lf_session_run_bounded (self, target);
  if (lf_session_get_finished (self))
    lf_session_set_playing (self, FALSE);
}

/* Runs every event up to t, looking at the clock every LF_SESSION_FRAME_CHUNK events, up
 * to the deadline (possibly within an instant: the next frame goes on with it). The
 * deadline counts what turning this frame's records into log items will cost at the end
 * of the frame (flush_log). */
static gboolean
run_until_deadline (LfSession *self, LfTime t, gint64 deadline)
{
  while (lf_sim_next_event_time (self->sim) <= t)
    {
      lf_sim_run_until (self->sim, t, LF_SESSION_FRAME_CHUNK);
      if (lf_sim_next_event_time (self->sim) <= t &&
          g_get_monotonic_time () + (gint64) (self->ring_len * self->flush_us) >= deadline)
        return FALSE;
    }
  lf_sim_run_until (self->sim, t, 0);     /* nothing left before t: the clock reads t */
  return TRUE;
}

void
lf_session_refresh (LfSession *self)
{
  if (self->sim != NULL)
    moved (self);
}

gboolean
lf_session_run_bounded (LfSession *self,
                        LfTime     t)
{
  gboolean reached;

  if (self->sim == NULL)
    return FALSE;
  t = MIN (t, lf_session_get_duration (self));
  if (t < lf_session_get_now (self))
    return FALSE;
  reached = run_until_deadline (self, t, g_get_monotonic_time () + self->frame_budget);
  moved (self);
  return reached;
}

void
lf_session_set_frame_budget (LfSession *self,
                             gint64     wall_us)
{
  self->frame_budget = MAX (wall_us, 1);
}

gint64
lf_session_get_frame_budget (LfSession *self)
{
  return self->frame_budget;
}

gboolean
lf_session_step (LfSession *self)
{
  if (self->sim == NULL || lf_sim_next_event_time (self->sim) > lf_session_get_duration (self))
    return FALSE;
  lf_sim_step (self->sim);
  moved (self);
  return TRUE;
}

void
lf_session_seek (LfSession *self,
                 LfTime     t)
{
  if (self->sim == NULL)
    return;
  t = CLAMP (t, 0, lf_session_get_duration (self));
  if (t < lf_session_get_now (self))
    lf_session_reset (self);
  lf_sim_run_until (self->sim, t, 0);
  moved (self);
}

void
lf_session_reset (LfSession *self)
{
  if (self->sim == NULL)
    return;
  lf_session_set_playing (self, FALSE);
  materialize_all (self);              /* before the interned strings go */
  lf_sim_reset (self->sim);
  restart (self);
}

gboolean
lf_session_set_value (LfSession   *self,
                      const char  *path,
                      const char  *value,
                      GError     **error)
{
  g_return_val_if_fail (self->sim != NULL, FALSE);
  if (!lf_sim_set (self->sim, path, value, error))
    return FALSE;
  moved (self);
  return TRUE;
}

const char *
lf_session_get_selected (LfSession *self)
{
  return self->selected;
}

void
lf_session_set_selected (LfSession  *self,
                         const char *id)
{
  if (g_strcmp0 (id, self->selected) == 0)
    return;
  g_free (self->selected);
  self->selected = g_strdup (id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

guint32
lf_session_get_selected_message (LfSession *self)
{
  return self->selected_msg;
}

void
lf_session_set_selected_message (LfSession *self,
                                 guint32    msg)
{
  if (msg == self->selected_msg)
    return;
  self->selected_msg = msg;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_MESSAGE]);
}

/* ---- GObject ---------------------------------------------------------------------- */

static void
lf_session_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LfSession *self = LF_SESSION (object);

  switch (prop_id)
    {
    case PROP_SCENARIO: g_value_set_object (value, lf_session_get_scenario (self)); break;
    case PROP_PLAYING: g_value_set_boolean (value, self->playing); break;
    case PROP_SPEED: g_value_set_double (value, self->speed); break;
    case PROP_NOW: g_value_set_int64 (value, lf_session_get_now (self)); break;
    case PROP_SELECTED: g_value_set_string (value, self->selected); break;
    case PROP_SELECTED_MESSAGE: g_value_set_uint (value, self->selected_msg); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_session_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  LfSession *self = LF_SESSION (object);

  switch (prop_id)
    {
    case PROP_PLAYING: lf_session_set_playing (self, g_value_get_boolean (value)); break;
    case PROP_SPEED: lf_session_set_speed (self, g_value_get_double (value)); break;
    case PROP_SELECTED: lf_session_set_selected (self, g_value_get_string (value)); break;
    case PROP_SELECTED_MESSAGE: lf_session_set_selected_message (self, g_value_get_uint (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_session_finalize (GObject *object)
{
  LfSession *self = (LfSession *) object;

  materialize_all (self);
  g_clear_object (&self->visual);
  g_clear_object (&self->sim);
  g_clear_object (&self->scenario);
  g_clear_object (&self->file);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->load_problems, g_ptr_array_unref);
  g_clear_pointer (&self->selected, g_free);
  g_object_unref (self->log);
  drop_pending (self);
  g_free (self->ring);
  G_OBJECT_CLASS (lf_session_parent_class)->finalize (object);
}

static void
lf_session_class_init (LfSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = lf_session_get_property;
  object_class->set_property = lf_session_set_property;
  object_class->finalize = lf_session_finalize;

  properties[PROP_SCENARIO] =
    g_param_spec_object ("scenario", NULL, NULL, LF_TYPE_SCENARIO,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SPEED] =
    g_param_spec_double ("speed", NULL, NULL, LF_SESSION_SPEED_MIN, LF_SESSION_SPEED_MAX, 1.0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NOW] =
    g_param_spec_int64 ("now", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SELECTED] =
    g_param_spec_string ("selected", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SELECTED_MESSAGE] =
    g_param_spec_uint ("selected-message", NULL, NULL, 0, G_MAXUINT32, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ADVANCED] = g_signal_new ("advanced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[RESTARTED] = g_signal_new ("restarted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
lf_session_init (LfSession *self)
{
  self->speed = 1.0;
  self->frame_budget = LF_SESSION_FRAME_BUDGET_US;
  self->flush_us = 1.0;
  self->log = g_list_store_new (LF_TYPE_LOG_ITEM);
  self->ring = g_new0 (RecordCopy, LF_SESSION_LOG_LIMIT);
}

LfSession *
lf_session_new (void)
{
  return g_object_new (LF_TYPE_SESSION, NULL);
}
