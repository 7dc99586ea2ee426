/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* lf-walkthrough-recorder.c: record mode (see lf-walkthrough-recorder.h) */
#define G_LOG_DOMAIN "lf-walkthrough-recorder"

#include "lf-walkthrough-recorder.h"

#include <pango/pango.h>
#include <string.h>

struct _LfWalkthroughRecorder {
  GObject     parent_instance;
  LfSession  *session;
  gboolean    recording;
  GPtrArray  *steps;       /* JsonObject* */
  LfTime      last_at;     /* of the last step, for merging an instant's actions */
  JsonNode   *original;    /* the scenario when recording started (JSON) */
  JsonNode   *seen;        /* the scenario as last compared (JSON) */
  JsonNode   *base;        /* the scenario as loaded (JSON), kept while not recording */
  gulong      ids[6];
};

G_DEFINE_FINAL_TYPE (LfWalkthroughRecorder, lf_walkthrough_recorder, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* json_node_copy shares objects and arrays; snapshots must not. */
static JsonNode *
deep_copy (JsonNode *node)
{
  JsonNode *copy;

  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *src = json_node_get_object (node), *dst = json_object_new ();
      g_autoptr(GList) keys = json_object_get_members (src);
      for (GList *l = keys; l; l = l->next)
        json_object_set_member (dst, l->data, deep_copy (json_object_get_member (src, l->data)));
      copy = json_node_init_object (json_node_alloc (), dst);
      json_object_unref (dst);
      return copy;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *src = json_node_get_array (node), *dst = json_array_new ();
      for (guint i = 0; i < json_array_get_length (src); i++)
        json_array_add_element (dst, deep_copy (json_array_get_element (src, i)));
      copy = json_node_init_array (json_node_alloc (), dst);
      json_array_unref (dst);
      return copy;
    }
  return json_node_copy (node);
}

static JsonNode *
object_node (JsonObject *obj)
{
  JsonNode *node = json_node_init_object (json_node_alloc (), obj);
  JsonNode *copy = deep_copy (node);

  json_node_unref (node);
  return copy;
}

/* "12.345678s": exact to the microsecond (lf_time_parse_duration reads it back). */
static char *
format_at (LfTime t)
{
  g_autofree char *frac = NULL;
  char *p;

  if (t % G_USEC_PER_SEC == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT "s", t / G_USEC_PER_SEC);
  frac = g_strdup_printf ("%06" G_GINT64_FORMAT, t % G_USEC_PER_SEC);
  for (p = frac + strlen (frac); p > frac && p[-1] == '0'; p--)
    p[-1] = '\0';
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%ss", t / G_USEC_PER_SEC, frac);
}

static JsonNode *
scenario_json (LfSession *session)
{
  LfScenario *scenario = lf_session_get_scenario (session);
  gsize len = 0;
  g_autofree char *data = scenario ? lf_scenario_to_data (scenario, &len) : NULL;

  return data ? json_from_string (data, NULL) : NULL;
}

/* The step for this instant: the last one when it is at the same time, else a new one. */
static JsonObject *
step_now (LfWalkthroughRecorder *self)
{
  LfTime now = lf_session_get_now (self->session);
  JsonObject *step;
  g_autofree char *at = NULL;

  if (self->steps->len > 0 && self->last_at == now)
    return g_ptr_array_index (self->steps, self->steps->len - 1);
  step = json_object_new ();
  at = format_at (now);
  json_object_set_string_member (step, "title", "");
  json_object_set_string_member (step, "text", "");
  json_object_set_string_member (step, "at", at);
  /* played back, a step plays unless it says pause: a moment captured while paused
   * (a selection, a change) stays paused */
  if (!lf_session_get_playing (self->session))
    json_object_set_boolean_member (step, "pause", TRUE);
  g_ptr_array_add (self->steps, step);
  self->last_at = now;
  return step;
}

static void
changed (LfWalkthroughRecorder *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

/* ---- live changes: the scenario compared with how it was ------------------------------ */

static void
add_change (LfWalkthroughRecorder *self, const char *id, const char *key, JsonNode *value)
{
  JsonObject *step = step_now (self);
  JsonArray *set = json_object_has_member (step, "set") ? json_object_get_array_member (step, "set") : NULL;
  JsonObject *change = json_object_new ();
  g_autofree char *path = g_strdup_printf ("%s.%s", id, key);

  if (set == NULL)
    {
      set = json_array_new ();
      json_object_set_array_member (step, "set", set);
    }
  /* a later change of the same path in the same instant replaces it */
  for (guint i = 0; i < json_array_get_length (set); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (set, i), "path"), path) == 0)
      {
        json_array_remove_element (set, i);
        break;
      }
  json_object_set_string_member (change, "path", path);
  json_object_set_member (change, "value", value ? deep_copy (value) : json_node_new (JSON_NODE_NULL));
  json_array_add_object_element (set, change);
}

/* Every key of before/after that differs, as changes of id.key. */
static void
diff_props (LfWalkthroughRecorder *self, const char *id, JsonObject *before, JsonObject *after,
            const char *const *skip)
{
  g_autoptr(GList) keys = after ? json_object_get_members (after) : NULL;
  g_autoptr(GList) old_keys = before ? json_object_get_members (before) : NULL;

  for (GList *l = keys; l; l = l->next)
    {
      JsonNode *a = json_object_get_member (after, l->data);
      JsonNode *b = before ? json_object_get_member (before, l->data) : NULL;

      if (skip && g_strv_contains (skip, l->data))
        continue;
      if (b == NULL || !json_node_equal (a, b))
        add_change (self, id, l->data, a);
    }
  for (GList *l = old_keys; l; l = l->next)
    if (!(skip && g_strv_contains (skip, l->data)) && (after == NULL || !json_object_has_member (after, l->data)))
      add_change (self, id, l->data, NULL);
}

static void
snapshot_add (JsonObject *snapshot, const char *id, JsonObject *obj)
{
  json_object_set_member (snapshot, id, object_node (obj));
}

/* Everything a live change can touch, by id: settings, each node's and edge's props,
 * each workload item and fault. */
static JsonNode *
take_snapshot (LfScenario *scenario)
{
  JsonObject *snapshot;
  JsonNode *node;
  JsonArray *lists[2];
  GPtrArray *nodes, *edges;

  if (scenario == NULL)
    return NULL;
  snapshot = json_object_new ();
  snapshot_add (snapshot, "settings", lf_scenario_get_settings (scenario));
  nodes = lf_scenario_get_nodes (scenario);
  for (guint i = 0; i < nodes->len; i++)
    snapshot_add (snapshot, ((LfNode *) nodes->pdata[i])->id, ((LfNode *) nodes->pdata[i])->props);
  edges = lf_scenario_get_edges (scenario);
  for (guint i = 0; i < edges->len; i++)
    snapshot_add (snapshot, ((LfEdge *) edges->pdata[i])->id, ((LfEdge *) edges->pdata[i])->props);
  lists[0] = lf_scenario_get_workload (scenario);
  lists[1] = lf_scenario_get_faults (scenario);
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < json_array_get_length (lists[l]); i++)
      {
        JsonObject *item = json_array_get_object_element (lists[l], i);
        const char *id = item ? json_object_get_string_member_with_default (item, "id", NULL) : NULL;
        if (id != NULL)
          snapshot_add (snapshot, id, item);
      }
  node = json_node_init_object (json_node_alloc (), snapshot);
  json_object_unref (snapshot);
  return node;
}

static void
capture_changes (LfWalkthroughRecorder *self)
{
  static const char *const skip[] = { "id", NULL };
  g_autoptr(JsonNode) now = take_snapshot (lf_session_get_scenario (self->session));
  g_autoptr(GList) ids = NULL;
  JsonObject *a, *b;

  if (now == NULL || self->seen == NULL || json_node_equal (now, self->seen))
    return;
  a = json_node_get_object (now);
  b = json_node_get_object (self->seen);
  ids = json_object_get_members (a);
  for (GList *l = ids; l; l = l->next)
    {
      JsonNode *before = json_object_get_member (b, l->data);
      diff_props (self, l->data,
                  before && JSON_NODE_HOLDS_OBJECT (before) ? json_node_get_object (before) : NULL,
                  json_object_get_object_member (a, l->data), skip);
    }
  json_node_unref (self->seen);
  self->seen = g_steal_pointer (&now);
  changed (self);
}

/* ---- session signals -------------------------------------------------------------- */

static void
on_advanced (LfSession *session, LfWalkthroughRecorder *self)
{
  if (self->recording)
    capture_changes (self);
}

static void
on_playing (LfSession *session, GParamSpec *pspec, LfWalkthroughRecorder *self)
{
  JsonObject *step;

  if (!self->recording)
    return;
  step = step_now (self);
  if (lf_session_get_playing (session))
    json_object_remove_member (step, "pause");
  else
    json_object_set_boolean_member (step, "pause", TRUE);
  changed (self);
}

static void
on_speed (LfSession *session, GParamSpec *pspec, LfWalkthroughRecorder *self)
{
  if (!self->recording)
    return;
  json_object_set_double_member (step_now (self), "speed", lf_session_get_speed (session));
  changed (self);
}

/* A selected node or edge is ringed and the camera glides to it. */
static void
on_selected (LfSession *session, GParamSpec *pspec, LfWalkthroughRecorder *self)
{
  const char *id = lf_session_get_selected (session);
  JsonObject *step;
  JsonArray *highlight;

  if (!self->recording || id == NULL)
    return;
  step = step_now (self);
  highlight = json_array_new ();
  json_array_add_string_element (highlight, id);
  json_object_set_array_member (step, "highlight", highlight);
  json_object_set_string_member (step, "focus", id);
  changed (self);
}

/* Back to t = 0 (reset, or a seek backwards): a step there. */
static void
on_restarted (LfSession *session, LfWalkthroughRecorder *self)
{
  if (!self->recording)
    return;
  step_now (self);
  changed (self);
}

/* A new scenario: it is the one the steps will be saved into; steps recorded over
 * another one mean nothing here, so a recording ends and its steps go. */
static void
on_scenario (LfSession *session, GParamSpec *pspec, LfWalkthroughRecorder *self)
{
  g_clear_pointer (&self->base, json_node_unref);
  self->base = scenario_json (session);
  if (!self->recording && self->steps->len == 0 && self->original == NULL)
    return;
  /* the same scenario again (the player going back to it as loaded): nothing is lost */
  if (self->base && self->original && json_node_equal (self->base, self->original))
    return;
  self->recording = FALSE;
  g_ptr_array_set_size (self->steps, 0);
  g_clear_pointer (&self->original, json_node_unref);
  g_clear_pointer (&self->seen, json_node_unref);
  self->last_at = -1;
  changed (self);
}

/* ---- API -------------------------------------------------------------------------- */

/* The snapshot of the scenario as loaded, so that live changes made before recording
 * began are part of the first step. */
static JsonNode *
base_snapshot (LfWalkthroughRecorder *self)
{
  g_autofree char *data = NULL;
  g_autoptr(LfScenario) base = NULL;
  gsize len = 0;

  if (self->original == NULL)
    return take_snapshot (lf_session_get_scenario (self->session));
  data = json_to_string (self->original, FALSE);
  len = strlen (data);
  base = lf_scenario_load_from_data (data, (gssize) len, NULL, NULL, NULL);
  return base ? take_snapshot (base) : take_snapshot (lf_session_get_scenario (self->session));
}

void
lf_walkthrough_recorder_start (LfWalkthroughRecorder *self)
{
  JsonObject *step;

  g_return_if_fail (LF_IS_WALKTHROUGH_RECORDER (self));
  if (self->recording || lf_session_get_scenario (self->session) == NULL)
    return;
  if (self->original == NULL)
    self->original = self->base ? deep_copy (self->base) : scenario_json (self->session);
  g_clear_pointer (&self->seen, json_node_unref);
  self->seen = self->steps->len == 0 ? base_snapshot (self)
                                     : take_snapshot (lf_session_get_scenario (self->session));
  self->recording = TRUE;
  self->last_at = -1;   /* resuming begins a step of its own */
  step = step_now (self);
  json_object_set_double_member (step, "speed", lf_session_get_speed (self->session));
  if (!lf_session_get_playing (self->session))
    json_object_set_boolean_member (step, "pause", TRUE);
  capture_changes (self);
  changed (self);
}

void
lf_walkthrough_recorder_stop (LfWalkthroughRecorder *self)
{
  g_return_if_fail (LF_IS_WALKTHROUGH_RECORDER (self));
  if (!self->recording)
    return;
  capture_changes (self);
  self->recording = FALSE;
  changed (self);
}

gboolean
lf_walkthrough_recorder_step (LfWalkthroughRecorder *self)
{
  LfSession *session;
  gboolean moved;

  g_return_val_if_fail (LF_IS_WALKTHROUGH_RECORDER (self), FALSE);
  session = self->session;
  lf_session_set_playing (session, FALSE);
  moved = lf_session_step (session);
  /* the rest of the instant: played back, a step at this time begins after all of it */
  if (moved)
    lf_session_seek (session, lf_session_get_now (session));
  if (self->recording)
    {
      step_now (self);
      changed (self);
    }
  return moved;
}

void
lf_walkthrough_recorder_clear (LfWalkthroughRecorder *self)
{
  g_return_if_fail (LF_IS_WALKTHROUGH_RECORDER (self));
  self->recording = FALSE;
  g_ptr_array_set_size (self->steps, 0);
  g_clear_pointer (&self->original, json_node_unref);
  g_clear_pointer (&self->seen, json_node_unref);
  self->last_at = -1;
  changed (self);
}

gboolean lf_walkthrough_recorder_get_recording (LfWalkthroughRecorder *self) { return self->recording; }
guint lf_walkthrough_recorder_get_n_steps (LfWalkthroughRecorder *self) { return self->steps->len; }
LfSession *lf_walkthrough_recorder_get_session (LfWalkthroughRecorder *self) { return self->session; }

JsonObject *
lf_walkthrough_recorder_get_step (LfWalkthroughRecorder *self, guint index)
{
  g_return_val_if_fail (index < self->steps->len, NULL);
  return g_ptr_array_index (self->steps, index);
}

void
lf_walkthrough_recorder_set_text (LfWalkthroughRecorder *self, guint index, const char *title, const char *text)
{
  JsonObject *step;

  g_return_if_fail (index < self->steps->len);
  step = g_ptr_array_index (self->steps, index);
  if (title)
    json_object_set_string_member (step, "title", title);
  if (text)
    json_object_set_string_member (step, "text", text);
  changed (self);
}

void
lf_walkthrough_recorder_remove (LfWalkthroughRecorder *self, guint index)
{
  g_return_if_fail (index < self->steps->len);
  g_ptr_array_remove_index (self->steps, index);
  self->last_at = -1;
  changed (self);
}

void
lf_walkthrough_recorder_move (LfWalkthroughRecorder *self, guint from, guint to)
{
  gpointer step;

  g_return_if_fail (from < self->steps->len && to < self->steps->len);
  if (from == to)
    return;
  step = g_ptr_array_steal_index (self->steps, from);
  g_ptr_array_insert (self->steps, (int) to, step);
  self->last_at = -1;
  changed (self);
}

/* ---- narration --------------------------------------------------------------------- */

gboolean
lf_walkthrough_check_markup (const char *text,
                             GError    **error)
{
  g_autoptr(GError) local = NULL;

  if (text == NULL || pango_parse_markup (text, -1, 0, NULL, NULL, NULL, &local))
    return TRUE;
  g_set_error_literal (error, G_MARKUP_ERROR, local ? local->code : G_MARKUP_ERROR_PARSE,
                       local ? local->message : "invalid markup");
  return FALSE;
}

int
lf_walkthrough_recorder_find_bad_text (LfWalkthroughRecorder *self,
                                       GError               **error)
{
  g_return_val_if_fail (LF_IS_WALKTHROUGH_RECORDER (self), -1);
  for (guint i = 0; i < self->steps->len; i++)
    {
      JsonObject *step = g_ptr_array_index (self->steps, i);

      if (!lf_walkthrough_check_markup (json_object_get_string_member_with_default (step, "text", ""), error))
        return (int) i;
    }
  return -1;
}

/* ---- saving ------------------------------------------------------------------------ */

JsonNode *
lf_walkthrough_recorder_build (LfWalkthroughRecorder *self)
{
  JsonObject *walkthrough = json_object_new ();
  JsonArray *steps = json_array_new ();
  JsonNode *node;

  for (guint i = 0; i < self->steps->len; i++)
    json_array_add_element (steps, object_node (g_ptr_array_index (self->steps, i)));
  json_object_set_array_member (walkthrough, "steps", steps);
  node = json_node_init_object (json_node_alloc (), walkthrough);
  json_object_unref (walkthrough);
  return node;
}

/* The file's JSON with `walkthrough` replaced (a new string, ending in a newline). */
static char *
with_walkthrough (JsonNode *root, JsonNode *walkthrough, gsize *length)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  gsize len = 0;
  char *out;

  json_object_set_member (json_node_get_object (root), "walkthrough", deep_copy (walkthrough));
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, &len);
  out = g_strconcat (text, "\n", NULL);
  if (length)
    *length = len + 1;
  return out;
}

char *
lf_walkthrough_recorder_to_scenario_data (LfWalkthroughRecorder *self, gsize *length)
{
  g_autoptr(JsonNode) root = self->original ? deep_copy (self->original)
                           : self->base ? deep_copy (self->base) : scenario_json (self->session);
  g_autoptr(JsonNode) walkthrough = lf_walkthrough_recorder_build (self);

  g_return_val_if_fail (root != NULL && JSON_NODE_HOLDS_OBJECT (root), NULL);
  return with_walkthrough (root, walkthrough, length);
}

gboolean
lf_walkthrough_write_scenario (LfScenario *scenario,
                               JsonNode   *walkthrough,
                               GFile      *file,
                               GError    **error)
{
  gsize len = 0, out_len = 0;
  g_autofree char *data = NULL, *out = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (scenario != NULL && walkthrough != NULL && G_IS_FILE (file), FALSE);
  data = lf_scenario_to_data (scenario, &len);
  root = data ? json_from_string (data, error) : NULL;
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      if (error && *error == NULL)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "the scenario is not a JSON object");
      return FALSE;
    }
  out = with_walkthrough (root, walkthrough, &out_len);
  /* written to a temporary file next to it, then renamed over it */
  return g_file_replace_contents (file, out, out_len, NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, error);
}

gboolean
lf_walkthrough_recorder_save (LfWalkthroughRecorder *self,
                              GFile                 *file,
                              GError               **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) markup = NULL;
  gsize len = 0;
  int bad;

  g_return_val_if_fail (LF_IS_WALKTHROUGH_RECORDER (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  if ((bad = lf_walkthrough_recorder_find_bad_text (self, &markup)) >= 0)
    {
      g_set_error (error, G_MARKUP_ERROR, markup->code, "step %d: %s", bad + 1, markup->message);
      return FALSE;
    }
  data = lf_walkthrough_recorder_to_scenario_data (self, &len);
  if (data == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "no scenario to save into");
      return FALSE;
    }
  return g_file_replace_contents (file, data, len, NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, error);
}

/* ---- GObject ---------------------------------------------------------------------- */

static void
lf_walkthrough_recorder_dispose (GObject *object)
{
  LfWalkthroughRecorder *self = LF_WALKTHROUGH_RECORDER (object);

  if (self->session)
    {
      for (guint i = 0; i < G_N_ELEMENTS (self->ids); i++)
        g_clear_signal_handler (&self->ids[i], self->session);
      g_clear_object (&self->session);
    }
  G_OBJECT_CLASS (lf_walkthrough_recorder_parent_class)->dispose (object);
}

static void
lf_walkthrough_recorder_finalize (GObject *object)
{
  LfWalkthroughRecorder *self = LF_WALKTHROUGH_RECORDER (object);

  g_ptr_array_unref (self->steps);
  g_clear_pointer (&self->original, json_node_unref);
  g_clear_pointer (&self->seen, json_node_unref);
  g_clear_pointer (&self->base, json_node_unref);
  G_OBJECT_CLASS (lf_walkthrough_recorder_parent_class)->finalize (object);
}

static void
lf_walkthrough_recorder_class_init (LfWalkthroughRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lf_walkthrough_recorder_dispose;
  object_class->finalize = lf_walkthrough_recorder_finalize;
  /* the steps changed (one added, edited, removed or moved) */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
lf_walkthrough_recorder_init (LfWalkthroughRecorder *self)
{
  self->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  self->last_at = -1;
}

LfWalkthroughRecorder *
lf_walkthrough_recorder_new (LfSession *session)
{
  LfWalkthroughRecorder *self;

  g_return_val_if_fail (LF_IS_SESSION (session), NULL);
  self = g_object_new (LF_TYPE_WALKTHROUGH_RECORDER, NULL);
  self->session = g_object_ref (session);
  self->ids[0] = g_signal_connect (session, "advanced", G_CALLBACK (on_advanced), self);
  self->ids[1] = g_signal_connect (session, "notify::playing", G_CALLBACK (on_playing), self);
  self->ids[2] = g_signal_connect (session, "notify::speed", G_CALLBACK (on_speed), self);
  self->ids[3] = g_signal_connect (session, "notify::selected", G_CALLBACK (on_selected), self);
  self->ids[4] = g_signal_connect (session, "restarted", G_CALLBACK (on_restarted), self);
  self->ids[5] = g_signal_connect (session, "notify::scenario", G_CALLBACK (on_scenario), self);
  self->base = scenario_json (session);
  return self;
}
