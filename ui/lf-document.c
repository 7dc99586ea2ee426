/*
 * Copyright (C) 2026 The Lambda Flow developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* lf-document.c: the edited scenario, its history, file, dirty state and autosave */

#define G_LOG_DOMAIN "lf-document"

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "lf-document.h"
#include "lf-error.h"

#define AUTOSAVE_GROUP "Autosave"

struct _LfDocument
{
  GObject     parent_instance;

  LfScenario *scenario;
  LfHistory  *history;
  GFile      *file;

  char       *autosave_dir;
  char       *autosave_id;
  char       *autosave_path;      /* written at least once */
  char       *autosave_info_path;
  guint       autosave_id_source;
  guint       autosave_delay_ms;

  /* Removed once this document has written its own autosave (a restore's). */
  char       *inherited_path;
  char       *inherited_info_path;

  gboolean    restored_dirty;     /* restored from an autosave, not saved since */
  gboolean    autosave_current;   /* the autosave holds the present state */
  gboolean    last_dirty;

  char       *etag;             /* the file as last read or written */

  /* The last value edit, to fold a quick series on one value into one step */
  char       *last_path;
  gint64      last_edit_us;
  guint       last_edit_steps;
};

G_DEFINE_FINAL_TYPE (LfDocument, lf_document, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SCENARIO,
  PROP_HISTORY,
  PROP_FILE,
  PROP_DIRTY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- autosave files ---------------------------------------------------------------- */

void
lf_autosave_free (LfAutosave *autosave)
{
  if (autosave == NULL)
    return;
  g_free (autosave->path);
  g_free (autosave->info_path);
  g_free (autosave->uri);
  g_free (autosave->title);
  g_free (autosave);
}

void
lf_autosave_discard (const LfAutosave *autosave)
{
  g_return_if_fail (autosave != NULL);

  g_unlink (autosave->path);
  g_unlink (autosave->info_path);
}

char *
lf_document_default_autosave_dir (void)
{
  return g_build_filename (g_get_user_state_dir (), "lambdaflow", "autosave", NULL);
}

static void
remove_autosave_files (LfDocument *self)
{
  if (self->autosave_path != NULL)
    g_unlink (self->autosave_path);
  if (self->autosave_info_path != NULL)
    g_unlink (self->autosave_info_path);
  g_clear_pointer (&self->autosave_path, g_free);
  g_clear_pointer (&self->autosave_info_path, g_free);
}

static void
remove_inherited_files (LfDocument *self)
{
  if (self->inherited_path != NULL)
    g_unlink (self->inherited_path);
  if (self->inherited_info_path != NULL)
    g_unlink (self->inherited_info_path);
  g_clear_pointer (&self->inherited_path, g_free);
  g_clear_pointer (&self->inherited_info_path, g_free);
}

static gboolean
write_autosave (LfDocument  *self,
                GError     **error)
{
  g_autoptr(GKeyFile) info = g_key_file_new ();
  g_autofree char *path = NULL;
  g_autofree char *info_path = NULL;
  g_autofree char *info_data = NULL;
  g_autofree char *title = NULL;
  gsize info_len;

  if (self->autosave_dir == NULL)
    return TRUE;
  if (g_mkdir_with_parents (self->autosave_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the autosave folder %s: %s"),
                   self->autosave_dir, g_strerror (saved_errno));
      return FALSE;
    }

  if (self->autosave_id == NULL)
    self->autosave_id = g_uuid_string_random ();
  path = g_strdup_printf ("%s/%s.lflow.json", self->autosave_dir, self->autosave_id);
  info_path = g_strdup_printf ("%s/%s.autosave", self->autosave_dir, self->autosave_id);

  /* The scenario first: an info file always has its scenario beside it. */
  if (!lf_scenario_save_to_file (self->scenario, path, error))
    return FALSE;

  title = lf_document_dup_title (self);
  if (self->file != NULL)
    {
      g_autofree char *uri = g_file_get_uri (self->file);
      g_key_file_set_string (info, AUTOSAVE_GROUP, "uri", uri);
    }
  g_key_file_set_string (info, AUTOSAVE_GROUP, "title", title);
  g_key_file_set_int64 (info, AUTOSAVE_GROUP, "saved", g_get_real_time ());
  info_data = g_key_file_to_data (info, &info_len, NULL);
  if (!g_file_set_contents_full (info_path, info_data, (gssize) info_len,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return FALSE;

  g_free (self->autosave_path);
  self->autosave_path = g_steal_pointer (&path);
  g_free (self->autosave_info_path);
  self->autosave_info_path = g_steal_pointer (&info_path);
  self->autosave_current = TRUE;
  remove_inherited_files (self);
  g_debug ("autosaved %s", self->autosave_path);

  return TRUE;
}

static gboolean
autosave_timeout_cb (gpointer user_data)
{
  LfDocument *self = LF_DOCUMENT (user_data);
  g_autoptr(GError) error = NULL;

  self->autosave_id_source = 0;
  if (!lf_document_autosave_now (self, &error))
    g_warning ("Autosave failed: %s", error->message);

  return G_SOURCE_REMOVE;
}

static void
schedule_autosave (LfDocument *self)
{
  if (self->autosave_dir == NULL || self->autosave_id_source != 0 ||
      !lf_document_get_dirty (self) || self->autosave_current)
    return;

  /* Not restarted by later changes: continuous editing still saves every delay. */
  self->autosave_id_source = g_timeout_add (self->autosave_delay_ms, autosave_timeout_cb, self);
  g_source_set_name_by_id (self->autosave_id_source, "[lambdaflow] autosave");
}

/* ---- dirty ------------------------------------------------------------------------- */

static void
update_dirty (LfDocument *self)
{
  gboolean dirty = lf_document_get_dirty (self);

  if (!dirty)
    {
      /* Back at the saved state: nothing to recover. */
      g_clear_handle_id (&self->autosave_id_source, g_source_remove);
      remove_autosave_files (self);
      self->autosave_current = FALSE;
    }
  else
    schedule_autosave (self);

  if (dirty != self->last_dirty)
    {
      self->last_dirty = dirty;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRTY]);
    }
}

static void
scenario_changed_cb (LfDocument *self)
{
  self->autosave_current = FALSE;
  update_dirty (self);
}

static void
history_dirty_cb (LfDocument *self)
{
  update_dirty (self);
}

/* ---- the file on disk -------------------------------------------------------------- */

static char *
query_etag (GFile *file)
{
  g_autoptr(GFileInfo) info = NULL;

  if (file == NULL)
    return NULL;
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_ETAG_VALUE, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  return info ? g_strdup (g_file_info_get_etag (info)) : NULL;
}

gboolean
lf_document_file_changed_on_disk (LfDocument *self)
{
  g_autofree char *now = NULL;

  g_return_val_if_fail (LF_IS_DOCUMENT (self), FALSE);

  if (self->file == NULL || self->etag == NULL)
    return FALSE;
  now = query_etag (self->file);
  return now != NULL && g_strcmp0 (now, self->etag) != 0;
}

/* ---- public ------------------------------------------------------------------------ */

LfDocument *
lf_document_new (LfScenario *scenario,
                 GFile      *file)
{
  g_return_val_if_fail (LF_IS_SCENARIO (scenario), NULL);
  g_return_val_if_fail (file == NULL || G_IS_FILE (file), NULL);

  return g_object_new (LF_TYPE_DOCUMENT, "scenario", scenario, "file", file, NULL);
}

LfDocument *
lf_document_new_empty (void)
{
  g_autoptr(LfScenario) scenario = NULL;
  static const char empty[] = "{\"format\": \"lambdaflow/1\", \"nodes\": []}";

  scenario = lf_scenario_load_from_data (empty, -1, NULL, NULL, NULL);
  g_assert (scenario != NULL);

  return lf_document_new (scenario, NULL);
}

LfScenario *
lf_document_get_scenario (LfDocument *self)
{
  g_return_val_if_fail (LF_IS_DOCUMENT (self), NULL);

  return self->scenario;
}

LfHistory *
lf_document_get_history (LfDocument *self)
{
  g_return_val_if_fail (LF_IS_DOCUMENT (self), NULL);

  return self->history;
}

GFile *
lf_document_get_file (LfDocument *self)
{
  g_return_val_if_fail (LF_IS_DOCUMENT (self), NULL);

  return self->file;
}

char *
lf_document_dup_title (LfDocument *self)
{
  const char *title;

  g_return_val_if_fail (LF_IS_DOCUMENT (self), NULL);

  title = lf_scenario_get_title (self->scenario);
  if (title != NULL && *title != '\0')
    return g_strdup (title);
  if (self->file != NULL)
    {
      g_autofree char *name = g_file_get_basename (self->file);

      if (name != NULL && g_str_has_suffix (name, ".lflow.json"))
        name[strlen (name) - strlen (".lflow.json")] = '\0';
      if (name != NULL && *name != '\0')
        return g_steal_pointer (&name);
    }

  return g_strdup (_("Untitled Architecture"));
}

gboolean
lf_document_get_dirty (LfDocument *self)
{
  g_return_val_if_fail (LF_IS_DOCUMENT (self), FALSE);

  return self->restored_dirty || lf_history_is_dirty (self->history);
}

gboolean
lf_document_needs_save_as (LfDocument *self)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFile) parent = NULL;

  g_return_val_if_fail (LF_IS_DOCUMENT (self), TRUE);

  if (self->file == NULL || !g_file_is_native (self->file))
    return TRUE;

  info = g_file_query_info (self->file, G_FILE_ATTRIBUTE_ACCESS_CAN_WRITE,
                            G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (info != NULL)
    return !g_file_info_get_attribute_boolean (info, G_FILE_ATTRIBUTE_ACCESS_CAN_WRITE);

  /* Gone since it was opened: writable when its folder is. */
  parent = g_file_get_parent (self->file);
  info = parent ? g_file_query_info (parent, G_FILE_ATTRIBUTE_ACCESS_CAN_WRITE,
                                     G_FILE_QUERY_INFO_NONE, NULL, NULL) : NULL;
  return info == NULL || !g_file_info_get_attribute_boolean (info, G_FILE_ATTRIBUTE_ACCESS_CAN_WRITE);
}

gboolean
lf_document_save_as (LfDocument  *self,
                     GFile       *file,
                     GError     **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (LF_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Cannot save to %s: only local files are supported"), uri);
      return FALSE;
    }
  if (!lf_scenario_save_to_file (self->scenario, path, error))
    return FALSE;

  if (self->file == NULL || !g_file_equal (self->file, file))
    {
      g_set_object (&self->file, file);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
    }
  self->restored_dirty = FALSE;
  g_free (self->etag);
  self->etag = query_etag (self->file);
  remove_inherited_files (self);
  lf_history_mark_saved (self->history);
  update_dirty (self);

  return TRUE;
}

gboolean
lf_document_save (LfDocument  *self,
                  GError     **error)
{
  g_return_val_if_fail (LF_IS_DOCUMENT (self), FALSE);

  if (self->file == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("The architecture has no file yet: use Save As"));
      return FALSE;
    }

  return lf_document_save_as (self, self->file, error);
}

static guint
count_errors (GPtrArray *problems)
{
  guint n = 0;

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    n += ((LfProblem *) g_ptr_array_index (problems, i))->severity == LF_SEVERITY_ERROR;
  return n;
}

gboolean
lf_document_set_value (LfDocument  *self,
                       const char  *path,
                       const char  *value,
                       GError     **error)
{
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(LfScenario) trial = NULL;
  g_autofree char *data = NULL;
  g_autofree char *label = NULL;
  gsize length;
  const char *dot;

  g_return_val_if_fail (LF_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (path != NULL && value != NULL, FALSE);

  /* Tried on a copy first: a refused value never touches the document (no rollback, no
   * restore, nothing for the views to rebuild under the caller). */
  data = lf_scenario_to_data (self->scenario, &length);
  trial = lf_scenario_new ();
  if (!lf_scenario_restore (trial, data, length, error))
    return FALSE;
  if (!lf_scenario_set (trial, path, value, error))
    return FALSE;
  before = lf_scenario_validate (self->scenario);
  after = lf_scenario_validate (trial);
  if (count_errors (after) > count_errors (before))
    {
      g_autoptr(GHashTable) known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      LfProblem *first = NULL;

      for (guint i = 0; i < before->len; i++)
        {
          LfProblem *p = g_ptr_array_index (before, i);

          g_hash_table_add (known, g_strconcat (p->path, "\t", p->message, NULL));
        }
      for (guint i = 0; i < after->len && first == NULL; i++)
        {
          LfProblem *p = g_ptr_array_index (after, i);
          g_autofree char *key = g_strconcat (p->path, "\t", p->message, NULL);

          if (p->severity == LF_SEVERITY_ERROR && !g_hash_table_contains (known, key))
            first = p;
        }
      for (guint i = 0; i < after->len && first == NULL; i++)
        if (((LfProblem *) g_ptr_array_index (after, i))->severity == LF_SEVERITY_ERROR)
          first = g_ptr_array_index (after, i);
      g_set_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE, "%s: %s",
                   first ? first->path : path, first ? first->message : _("not allowed here"));
      return FALSE;
    }

  /* Clicks on a spin button's + are one gesture: a change of the same value within
   * LF_DOCUMENT_EDIT_MERGE_US of the last, with nothing done in between, replaces that step
   * (undo takes it back to where the series began). */
  if (g_strcmp0 (self->last_path, path) == 0 &&
      g_get_monotonic_time () - self->last_edit_us < LF_DOCUMENT_EDIT_MERGE_US &&
      lf_history_get_n_undo (self->history) == self->last_edit_steps &&
      !lf_history_can_redo (self->history) && !lf_history_in_group (self->history))
    lf_history_undo (self->history);

  dot = strrchr (path, '.');
  label = g_strdup_printf (_("Change %s"), dot ? dot + 1 : path);
  if (!lf_history_begin (self->history, label, error))
    return FALSE;
  lf_scenario_set (self->scenario, path, value, NULL);
  lf_history_commit (self->history);
  g_free (self->last_path);
  self->last_path = g_strdup (path);
  self->last_edit_us = g_get_monotonic_time ();
  self->last_edit_steps = lf_history_get_n_undo (self->history);
  update_dirty (self);
  return TRUE;
}

gboolean
lf_document_undo (LfDocument *self)
{
  gboolean done;

  g_return_val_if_fail (LF_IS_DOCUMENT (self), FALSE);

  done = lf_history_undo (self->history);
  update_dirty (self);
  return done;
}

gboolean
lf_document_redo (LfDocument *self)
{
  gboolean done;

  g_return_val_if_fail (LF_IS_DOCUMENT (self), FALSE);

  done = lf_history_redo (self->history);
  update_dirty (self);
  return done;
}

void
lf_document_set_autosave_dir (LfDocument *self,
                              const char *dir)
{
  g_return_if_fail (LF_IS_DOCUMENT (self));

  if (g_strcmp0 (self->autosave_dir, dir) == 0)
    return;
  g_clear_handle_id (&self->autosave_id_source, g_source_remove);
  remove_autosave_files (self);
  g_free (self->autosave_dir);
  self->autosave_dir = g_strdup (dir);
  self->autosave_current = FALSE;
  schedule_autosave (self);
}

void
lf_document_set_autosave_delay (LfDocument *self,
                                guint       delay_ms)
{
  g_return_if_fail (LF_IS_DOCUMENT (self));

  self->autosave_delay_ms = delay_ms;
}

const char *
lf_document_get_autosave_path (LfDocument *self)
{
  g_return_val_if_fail (LF_IS_DOCUMENT (self), NULL);

  return self->autosave_path;
}

gboolean
lf_document_autosave_now (LfDocument  *self,
                          GError     **error)
{
  g_return_val_if_fail (LF_IS_DOCUMENT (self), FALSE);

  g_clear_handle_id (&self->autosave_id_source, g_source_remove);
  if (self->autosave_dir == NULL || !lf_document_get_dirty (self) || self->autosave_current)
    return TRUE;

  return write_autosave (self, error);
}

void
lf_document_discard_autosave (LfDocument *self)
{
  g_return_if_fail (LF_IS_DOCUMENT (self));

  g_clear_handle_id (&self->autosave_id_source, g_source_remove);
  remove_autosave_files (self);
  remove_inherited_files (self);
  self->autosave_current = FALSE;
}

static int
compare_autosaves (gconstpointer a,
                   gconstpointer b)
{
  const LfAutosave *x = *(LfAutosave * const *) a;
  const LfAutosave *y = *(LfAutosave * const *) b;

  return (x->saved < y->saved) - (x->saved > y->saved);
}

GPtrArray *
lf_document_find_autosaves (const char *dir)
{
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) lf_autosave_free);
  g_autoptr(GDir) gdir = NULL;
  const char *name;

  g_return_val_if_fail (dir != NULL, found);

  if ((gdir = g_dir_open (dir, 0, NULL)) == NULL)
    return found;

  while ((name = g_dir_read_name (gdir)) != NULL)
    {
      g_autoptr(GKeyFile) info = g_key_file_new ();
      g_autofree char *info_path = NULL;
      g_autofree char *path = NULL;
      g_autofree char *stem = NULL;
      LfAutosave *autosave;

      if (!g_str_has_suffix (name, ".autosave"))
        continue;
      info_path = g_build_filename (dir, name, NULL);
      stem = g_strndup (name, strlen (name) - strlen (".autosave"));
      path = g_strdup_printf ("%s/%s.lflow.json", dir, stem);
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) ||
          !g_key_file_load_from_file (info, info_path, G_KEY_FILE_NONE, NULL))
        continue;

      autosave = g_new0 (LfAutosave, 1);
      autosave->path = g_steal_pointer (&path);
      autosave->info_path = g_steal_pointer (&info_path);
      autosave->uri = g_key_file_get_string (info, AUTOSAVE_GROUP, "uri", NULL);
      autosave->title = g_key_file_get_string (info, AUTOSAVE_GROUP, "title", NULL);
      if (autosave->title == NULL)
        autosave->title = g_strdup (_("Untitled Architecture"));
      autosave->saved = g_key_file_get_int64 (info, AUTOSAVE_GROUP, "saved", NULL);
      g_ptr_array_add (found, autosave);
    }

  g_ptr_array_sort (found, compare_autosaves);
  return found;
}

LfDocument *
lf_document_new_from_autosave (const LfAutosave  *autosave,
                               GError           **error)
{
  g_autoptr(LfScenario) scenario = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  LfDocument *self;

  g_return_val_if_fail (autosave != NULL, NULL);

  if ((scenario = lf_scenario_load_from_file (autosave->path, &problems, error)) == NULL)
    return NULL;
  if (autosave->uri != NULL)
    file = g_file_new_for_uri (autosave->uri);

  self = lf_document_new (scenario, file);
  self->restored_dirty = TRUE;
  self->last_dirty = TRUE;
  self->inherited_path = g_strdup (autosave->path);
  self->inherited_info_path = g_strdup (autosave->info_path);

  return self;
}

/* ---- the session ------------------------------------------------------------------- */

/* Scenario text without what the session may change on its own (faults, through the fault
 * panel) or what does not affect a run (positions, labels, the walkthrough). */
static char *
run_relevant_text (LfScenario *scenario)
{
  g_autofree char *data = lf_scenario_to_data (scenario, NULL);
  g_autoptr(JsonNode) root = json_from_string (data, NULL);
  JsonObject *object;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return g_steal_pointer (&data);

  object = json_node_get_object (root);
  json_object_remove_member (object, "faults");
  json_object_remove_member (object, "walkthrough");
  if (json_object_has_member (object, "nodes"))
    {
      JsonArray *nodes = json_object_get_array_member (object, "nodes");

      for (guint i = 0; nodes != NULL && i < json_array_get_length (nodes); i++)
        {
          JsonObject *node = json_array_get_object_element (nodes, i);

          json_object_remove_member (node, "x");
          json_object_remove_member (node, "y");
          json_object_remove_member (node, "label");
        }
    }

  return json_to_string (root, FALSE);
}

/* Sets every member of @from that differs in @to, through the session: ID.KEY. */
static gboolean
apply_props (LfSession   *session,
             const char  *prefix,
             JsonObject  *from,
             JsonObject  *to)
{
  g_autoptr(GList) members = json_object_get_members (from);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *value = json_object_get_member (from, key);
      JsonNode *current = json_object_get_member (to, key);
      g_autofree char *text = NULL;
      g_autofree char *path = NULL;

      if (current != NULL && json_node_equal (value, current))
        continue;

      text = json_to_string (value, FALSE);
      path = g_strdup_printf ("%s.%s", prefix, key);
      if (!lf_session_set_value (session, path, text, NULL))
        return FALSE;
    }

  /* A value the document no longer sets goes back to its default (JSON null removes it) */
  {
    g_autoptr(GList) present = json_object_get_members (to);

    for (GList *l = present; l != NULL; l = l->next)
      {
        g_autofree char *path = NULL;

        if (json_object_has_member (from, l->data))
          continue;
        path = g_strdup_printf ("%s.%s", prefix, (const char *) l->data);
        if (!lf_session_set_value (session, path, "null", NULL))
          return FALSE;
      }
  }

  return TRUE;
}

/* The same nodes (id, type) and edges (id, type, ends), in the same order. */
static gboolean
same_shape (LfScenario *a,
            LfScenario *b)
{
  GPtrArray *na = lf_scenario_get_nodes (a), *nb = lf_scenario_get_nodes (b);
  GPtrArray *ea = lf_scenario_get_edges (a), *eb = lf_scenario_get_edges (b);

  if (na->len != nb->len || ea->len != eb->len)
    return FALSE;
  for (guint i = 0; i < na->len; i++)
    {
      LfNode *x = g_ptr_array_index (na, i), *y = g_ptr_array_index (nb, i);

      if (x->type != y->type || g_strcmp0 (x->id, y->id) != 0)
        return FALSE;
    }
  for (guint i = 0; i < ea->len; i++)
    {
      LfEdge *x = g_ptr_array_index (ea, i), *y = g_ptr_array_index (eb, i);

      if (x->type != y->type || g_strcmp0 (x->id, y->id) != 0 ||
          g_strcmp0 (x->from, y->from) != 0 || g_strcmp0 (x->to, y->to) != 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
restart (LfDocument  *self,
         LfSession   *session,
         GError     **error)
{
  g_autofree char *selected = g_strdup (lf_session_get_selected (session));
  gboolean playing = lf_session_get_playing (session);
  LfScenario *scenario;

  if (!lf_session_set_scenario (session, self->scenario, error))
    return FALSE;

  scenario = lf_session_get_scenario (session);
  if (selected != NULL &&
      (lf_scenario_find_node (scenario, selected) != NULL ||
       lf_scenario_find_edge (scenario, selected) != NULL))
    lf_session_set_selected (session, selected);
  if (playing && !lf_session_get_finished (session))
    lf_session_set_playing (session, TRUE);

  return TRUE;
}

gboolean
lf_document_sync_session (LfDocument    *self,
                          LfSession     *session,
                          LfChangeFlags  flags,
                          GError       **error)
{
  LfScenario *running;
  GPtrArray *nodes;
  GPtrArray *edges;
  g_autofree char *want = NULL;
  g_autofree char *have = NULL;

  g_return_val_if_fail (LF_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (LF_IS_SESSION (session), FALSE);

  running = lf_session_get_scenario (session);
  if (running == NULL)
    return restart (self, session, error);
  /* An undo or redo reports every kind of change (it restores the whole scenario): only a
   * different set of nodes or edges is a new architecture; anything else is tried live and
   * the comparison at the end catches what cannot be. */
  if ((flags & LF_CHANGE_STRUCTURE) != 0)
    {
      if (!same_shape (self->scenario, running))
        return restart (self, session, error);
      flags |= LF_CHANGE_PROPS | LF_CHANGE_LAYOUT;
    }

  nodes = lf_scenario_get_nodes (self->scenario);
  edges = lf_scenario_get_edges (self->scenario);

  /* Positions and labels: only the picture. */
  for (guint i = 0; i < nodes->len; i++)
    {
      LfNode *node = g_ptr_array_index (nodes, i);
      LfNode *there = lf_scenario_find_node (running, node->id);

      if (there == NULL)
        return restart (self, session, error);
      if (there->x != node->x || there->y != node->y)
        lf_scenario_move_node (running, node->id, node->x, node->y);
      if (g_strcmp0 (there->label, node->label) != 0)
        lf_scenario_set_label (running, node->id, node->label);
    }

  if ((flags & LF_CHANGE_PROPS) == 0)
    return TRUE;

  /* Values, live. */
  for (guint i = 0; i < nodes->len; i++)
    {
      LfNode *node = g_ptr_array_index (nodes, i);

      if (!apply_props (session, node->id, node->props,
                        lf_scenario_find_node (running, node->id)->props))
        return restart (self, session, error);
    }
  for (guint i = 0; i < edges->len; i++)
    {
      LfEdge *edge = g_ptr_array_index (edges, i);
      LfEdge *there = lf_scenario_find_edge (running, edge->id);

      if (there == NULL || !apply_props (session, edge->id, edge->props, there->props))
        return restart (self, session, error);
    }
  if (!apply_props (session, "settings", lf_scenario_get_settings (self->scenario),
                    lf_scenario_get_settings (running)))
    return restart (self, session, error);

  /* Anything else (a removed value, the seed, roles, workload): start over. */
  want = run_relevant_text (self->scenario);
  have = run_relevant_text (running);
  if (!g_str_equal (want, have))
    return restart (self, session, error);

  return TRUE;
}

/* ---- GObject ----------------------------------------------------------------------- */

static void
lf_document_constructed (GObject *object)
{
  LfDocument *self = LF_DOCUMENT (object);

  G_OBJECT_CLASS (lf_document_parent_class)->constructed (object);

  if (self->scenario == NULL)
    {
      g_autoptr(LfDocument) empty = lf_document_new_empty ();

      self->scenario = g_object_ref (empty->scenario);
    }
  self->history = lf_history_new (self->scenario);
  self->etag = query_etag (self->file);
  g_signal_connect_object (self->scenario, "changed", G_CALLBACK (scenario_changed_cb),
                           self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (self->history, "notify::dirty", G_CALLBACK (history_dirty_cb),
                           self, G_CONNECT_SWAPPED);
}

static void
lf_document_dispose (GObject *object)
{
  LfDocument *self = LF_DOCUMENT (object);

  g_clear_handle_id (&self->autosave_id_source, g_source_remove);

  G_OBJECT_CLASS (lf_document_parent_class)->dispose (object);
}

static void
lf_document_finalize (GObject *object)
{
  LfDocument *self = LF_DOCUMENT (object);

  g_clear_object (&self->history);
  g_clear_object (&self->scenario);
  g_clear_object (&self->file);
  g_free (self->autosave_dir);
  g_free (self->autosave_id);
  g_free (self->autosave_path);
  g_free (self->autosave_info_path);
  g_free (self->inherited_path);
  g_free (self->inherited_info_path);
  g_free (self->last_path);
  g_free (self->etag);

  G_OBJECT_CLASS (lf_document_parent_class)->finalize (object);
}

static void
lf_document_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  LfDocument *self = LF_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_SCENARIO:
      g_value_set_object (value, self->scenario);
      break;
    case PROP_HISTORY:
      g_value_set_object (value, self->history);
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_DIRTY:
      g_value_set_boolean (value, lf_document_get_dirty (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_document_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  LfDocument *self = LF_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_SCENARIO:
      self->scenario = g_value_dup_object (value);
      break;
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lf_document_class_init (LfDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = lf_document_constructed;
  object_class->dispose = lf_document_dispose;
  object_class->finalize = lf_document_finalize;
  object_class->get_property = lf_document_get_property;
  object_class->set_property = lf_document_set_property;

  properties[PROP_SCENARIO] =
    g_param_spec_object ("scenario", NULL, NULL, LF_TYPE_SCENARIO,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HISTORY] =
    g_param_spec_object ("history", NULL, NULL, LF_TYPE_HISTORY,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  properties[PROP_DIRTY] =
    g_param_spec_boolean ("dirty", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lf_document_init (LfDocument *self)
{
  self->autosave_delay_ms = LF_DOCUMENT_AUTOSAVE_DELAY_MS;
}
