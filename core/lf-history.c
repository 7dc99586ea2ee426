/* lf-history.c: snapshot-based undo history of one LfScenario (see lf-history.h) */
#include "lf-history.h"

#include <string.h>
#include <gio/gio.h>

typedef struct {
  char *label;
  char *before;   /* GRefString */
  char *after;    /* GRefString */
} Step;

struct _LfHistory {
  GObject     parent_instance;

  LfScenario *scenario;
  gulong      changed_id;
  GQueue      undo;          /* Step*, head = most recent */
  GQueue      redo;          /* Step*, head = next to redo */
  char       *current;       /* GRefString: the scenario as last recorded */
  char       *saved;         /* GRefString: as at the last mark_saved */

  gboolean    in_group;
  char       *group_label;
  char       *group_before;  /* GRefString */
  gboolean    group_changed; /* a "changed" arrived inside the group */
  gboolean    restoring;     /* our own lf_scenario_restore */

  /* what the properties last said, to notify only on a change */
  gboolean    was_can_undo, was_can_redo, was_dirty, was_in_group;
  const char *was_undo_label, *was_redo_label;
};

enum {
  PROP_0,
  PROP_SCENARIO,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_UNDO_LABEL,
  PROP_REDO_LABEL,
  PROP_DIRTY,
  PROP_IN_GROUP,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

G_DEFINE_FINAL_TYPE (LfHistory, lf_history, G_TYPE_OBJECT)

static void
step_free (Step *step)
{
  g_free (step->label);
  g_ref_string_release (step->before);
  g_ref_string_release (step->after);
  g_free (step);
}

static char *
snapshot (LfHistory *self)
{
  g_autofree char *data = lf_scenario_to_data (self->scenario, NULL);

  return g_ref_string_new (data);
}

static gboolean
same (const char *a, const char *b)
{
  return a == b || (a != NULL && b != NULL && strcmp (a, b) == 0);
}

static void
set_ref_string (char **where, char *value)   /* takes value */
{
  if (*where != NULL)
    g_ref_string_release (*where);
  *where = value;
}

/* Notifies the properties whose value changed since the last call */
static void
update (LfHistory *self)
{
  gboolean can_undo = lf_history_can_undo (self);
  gboolean can_redo = lf_history_can_redo (self);
  gboolean dirty = lf_history_is_dirty (self);
  const char *undo_label = lf_history_get_undo_label (self);
  const char *redo_label = lf_history_get_redo_label (self);

  g_object_freeze_notify (G_OBJECT (self));
  if (can_undo != self->was_can_undo)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CAN_UNDO]);
  if (can_redo != self->was_can_redo)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CAN_REDO]);
  if (dirty != self->was_dirty)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DIRTY]);
  if (self->in_group != self->was_in_group)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_IN_GROUP]);
  /* labels are owned by steps: compare by pointer (a new step is a new string) */
  if (undo_label != self->was_undo_label)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_UNDO_LABEL]);
  if (redo_label != self->was_redo_label)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_REDO_LABEL]);
  self->was_can_undo = can_undo;
  self->was_can_redo = can_redo;
  self->was_dirty = dirty;
  self->was_in_group = self->in_group;
  self->was_undo_label = undo_label;
  self->was_redo_label = redo_label;
  g_object_thaw_notify (G_OBJECT (self));
}

/* Records before → after (both GRefStrings, taken) as the newest step */
static void
push (LfHistory *self, const char *label, char *before, char *after)
{
  Step *step = g_new0 (Step, 1);

  step->label = g_strdup (label);
  step->before = before;
  step->after = g_ref_string_acquire (after);
  g_queue_push_head (&self->undo, step);
  g_queue_clear_full (&self->redo, (GDestroyNotify) step_free);
  while (self->undo.length > LF_HISTORY_MAX_STEPS)
    step_free (g_queue_pop_tail (&self->undo));
  set_ref_string (&self->current, after);
}

/* A change that emitted nothing becomes a step of its own */
static void
record_stray (LfHistory *self)
{
  char *now = snapshot (self);

  if (same (now, self->current))
    g_ref_string_release (now);
  else
    push (self, "Change", g_ref_string_acquire (self->current), now);
}

static void
on_changed (LfScenario *scenario,
            guint       flags,
            LfHistory  *self)
{
  char *now;

  if (self->restoring)
    return;
  if (self->in_group)
    {
      self->group_changed = TRUE;
      update (self);
      return;
    }
  now = snapshot (self);
  if (same (now, self->current))
    g_ref_string_release (now);
  else
    push (self, (flags & (LF_CHANGE_STRUCTURE | LF_CHANGE_PROPS)) ? "Change" : "Move",
          g_ref_string_acquire (self->current), now);
  update (self);
}

static void
restore (LfHistory *self, const char *text)
{
  g_autoptr(GError) error = NULL;

  self->restoring = TRUE;
  if (!lf_scenario_restore (self->scenario, text, strlen (text), &error))
    g_critical ("lf_history: cannot restore a snapshot: %s", error->message);
  self->restoring = FALSE;
}

/* ---------------------------------------------------------------------------------------
 * GObject
 */

static void
lf_history_dispose (GObject *object)
{
  LfHistory *self = LF_HISTORY (object);

  if (self->scenario != NULL)
    g_clear_signal_handler (&self->changed_id, self->scenario);
  g_clear_object (&self->scenario);
  G_OBJECT_CLASS (lf_history_parent_class)->dispose (object);
}

static void
lf_history_finalize (GObject *object)
{
  LfHistory *self = LF_HISTORY (object);

  g_queue_clear_full (&self->undo, (GDestroyNotify) step_free);
  g_queue_clear_full (&self->redo, (GDestroyNotify) step_free);
  set_ref_string (&self->current, NULL);
  set_ref_string (&self->saved, NULL);
  set_ref_string (&self->group_before, NULL);
  g_free (self->group_label);
  G_OBJECT_CLASS (lf_history_parent_class)->finalize (object);
}

static void
lf_history_constructed (GObject *object)
{
  LfHistory *self = LF_HISTORY (object);

  G_OBJECT_CLASS (lf_history_parent_class)->constructed (object);
  g_return_if_fail (self->scenario != NULL);
  self->current = snapshot (self);
  self->saved = g_ref_string_acquire (self->current);
  self->changed_id = g_signal_connect (self->scenario, "changed", G_CALLBACK (on_changed), self);
}

static void
lf_history_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  LfHistory *self = LF_HISTORY (object);

  switch (prop_id)
    {
    case PROP_SCENARIO:
      g_value_set_object (value, self->scenario);
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, lf_history_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, lf_history_can_redo (self));
      break;
    case PROP_UNDO_LABEL:
      g_value_set_string (value, lf_history_get_undo_label (self));
      break;
    case PROP_REDO_LABEL:
      g_value_set_string (value, lf_history_get_redo_label (self));
      break;
    case PROP_DIRTY:
      g_value_set_boolean (value, lf_history_is_dirty (self));
      break;
    case PROP_IN_GROUP:
      g_value_set_boolean (value, self->in_group);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_history_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  LfHistory *self = LF_HISTORY (object);

  switch (prop_id)
    {
    case PROP_SCENARIO:
      self->scenario = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_history_class_init (LfHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = lf_history_dispose;
  object_class->finalize = lf_history_finalize;
  object_class->constructed = lf_history_constructed;
  object_class->get_property = lf_history_get_property;
  object_class->set_property = lf_history_set_property;

  props[PROP_SCENARIO] = g_param_spec_object ("scenario", NULL, NULL, LF_TYPE_SCENARIO,
                                              G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY
                                              | G_PARAM_STATIC_STRINGS);
  props[PROP_CAN_UNDO] = g_param_spec_boolean ("can-undo", NULL, NULL, FALSE, ro);
  props[PROP_CAN_REDO] = g_param_spec_boolean ("can-redo", NULL, NULL, FALSE, ro);
  props[PROP_UNDO_LABEL] = g_param_spec_string ("undo-label", NULL, NULL, NULL, ro);
  props[PROP_REDO_LABEL] = g_param_spec_string ("redo-label", NULL, NULL, NULL, ro);
  props[PROP_DIRTY] = g_param_spec_boolean ("dirty", NULL, NULL, FALSE, ro);
  props[PROP_IN_GROUP] = g_param_spec_boolean ("in-group", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
lf_history_init (LfHistory *self)
{
  g_queue_init (&self->undo);
  g_queue_init (&self->redo);
}

/* ---------------------------------------------------------------------------------------
 * API
 */

LfHistory *
lf_history_new (LfScenario *scenario)
{
  g_return_val_if_fail (LF_IS_SCENARIO (scenario), NULL);
  return g_object_new (LF_TYPE_HISTORY, "scenario", scenario, NULL);
}

LfScenario *
lf_history_get_scenario (LfHistory *self)
{
  g_return_val_if_fail (LF_IS_HISTORY (self), NULL);
  return self->scenario;
}

gboolean
lf_history_begin (LfHistory   *self,
                  const char  *label,
                  GError     **error)
{
  g_return_val_if_fail (LF_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (label != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->in_group)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY, "cannot begin “%s” while “%s” is open",
                   label, self->group_label);
      return FALSE;
    }
  record_stray (self);
  self->in_group = TRUE;
  self->group_changed = FALSE;
  self->group_label = g_strdup (label);
  self->group_before = g_ref_string_acquire (self->current);
  update (self);
  return TRUE;
}

static void
end_group (LfHistory *self)
{
  self->in_group = FALSE;
  self->group_changed = FALSE;
  g_clear_pointer (&self->group_label, g_free);
  set_ref_string (&self->group_before, NULL);
}

gboolean
lf_history_commit (LfHistory *self)
{
  char *now;
  gboolean recorded = FALSE;

  g_return_val_if_fail (LF_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (self->in_group, FALSE);

  now = snapshot (self);
  if (same (now, self->group_before))
    g_ref_string_release (now);
  else
    {
      push (self, self->group_label, g_ref_string_acquire (self->group_before), now);
      recorded = TRUE;
    }
  end_group (self);
  update (self);
  return recorded;
}

void
lf_history_rollback (LfHistory *self)
{
  g_autofree char *now = NULL;

  g_return_if_fail (LF_IS_HISTORY (self));
  g_return_if_fail (self->in_group);

  now = lf_scenario_to_data (self->scenario, NULL);
  if (!same (now, self->group_before))
    restore (self, self->group_before);
  set_ref_string (&self->current, g_ref_string_acquire (self->group_before));
  end_group (self);
  update (self);
}

gboolean
lf_history_in_group (LfHistory *self)
{
  g_return_val_if_fail (LF_IS_HISTORY (self), FALSE);
  return self->in_group;
}

gboolean
lf_history_apply (LfHistory     *self,
                  const char    *label,
                  LfHistoryFunc  func,
                  gpointer       data)
{
  g_return_val_if_fail (LF_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (!lf_history_begin (self, label, NULL))
    g_return_val_if_reached (FALSE);
  func (self->scenario, data);
  return lf_history_commit (self);
}

gboolean
lf_history_undo (LfHistory *self)
{
  Step *step;

  g_return_val_if_fail (LF_IS_HISTORY (self), FALSE);

  if (self->in_group)
    return FALSE;
  record_stray (self);
  if ((step = g_queue_pop_head (&self->undo)) == NULL)
    return FALSE;
  restore (self, step->before);
  set_ref_string (&self->current, g_ref_string_acquire (step->before));
  g_queue_push_head (&self->redo, step);
  update (self);
  return TRUE;
}

gboolean
lf_history_redo (LfHistory *self)
{
  Step *step;

  g_return_val_if_fail (LF_IS_HISTORY (self), FALSE);

  if (self->in_group)
    return FALSE;
  record_stray (self);   /* an unrecorded change clears the redo stack, as any new change does */
  if ((step = g_queue_pop_head (&self->redo)) == NULL)
    {
      update (self);
      return FALSE;
    }
  restore (self, step->after);
  set_ref_string (&self->current, g_ref_string_acquire (step->after));
  g_queue_push_head (&self->undo, step);
  update (self);
  return TRUE;
}

gboolean
lf_history_can_undo (LfHistory *self)
{
  g_return_val_if_fail (LF_IS_HISTORY (self), FALSE);
  return !self->in_group && self->undo.length > 0;
}

gboolean
lf_history_can_redo (LfHistory *self)
{
  g_return_val_if_fail (LF_IS_HISTORY (self), FALSE);
  return !self->in_group && self->redo.length > 0;
}

const char *
lf_history_get_undo_label (LfHistory *self)
{
  Step *step;

  g_return_val_if_fail (LF_IS_HISTORY (self), NULL);
  step = g_queue_peek_head (&self->undo);
  return step != NULL ? step->label : NULL;
}

const char *
lf_history_get_redo_label (LfHistory *self)
{
  Step *step;

  g_return_val_if_fail (LF_IS_HISTORY (self), NULL);
  step = g_queue_peek_head (&self->redo);
  return step != NULL ? step->label : NULL;
}

guint
lf_history_get_n_undo (LfHistory *self)
{
  g_return_val_if_fail (LF_IS_HISTORY (self), 0);
  return self->undo.length;
}

guint
lf_history_get_n_redo (LfHistory *self)
{
  g_return_val_if_fail (LF_IS_HISTORY (self), 0);
  return self->redo.length;
}

gboolean
lf_history_is_dirty (LfHistory *self)
{
  g_return_val_if_fail (LF_IS_HISTORY (self), FALSE);
  return (self->in_group && self->group_changed) || !same (self->current, self->saved);
}

void
lf_history_mark_saved (LfHistory *self)
{
  g_return_if_fail (LF_IS_HISTORY (self));

  if (self->in_group)
    set_ref_string (&self->saved, snapshot (self));
  else
    {
      record_stray (self);
      set_ref_string (&self->saved, g_ref_string_acquire (self->current));
    }
  update (self);
}

void
lf_history_clear (LfHistory *self)
{
  g_return_if_fail (LF_IS_HISTORY (self));
  g_return_if_fail (!self->in_group);

  g_queue_clear_full (&self->undo, (GDestroyNotify) step_free);
  g_queue_clear_full (&self->redo, (GDestroyNotify) step_free);
  set_ref_string (&self->current, snapshot (self));
  set_ref_string (&self->saved, g_ref_string_acquire (self->current));
  update (self);
}
