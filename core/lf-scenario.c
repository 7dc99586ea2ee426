/* lf-scenario.c: load, save and edit a `lambdaflow/1` scenario (spec/scenario-format.md)
 *
 * Nodes, edges and roles are held in their public structs; everything else keeps the JSON
 * the file held, so that load → save → load is exact and unknown keys survive. What a public
 * struct cannot hold (unknown keys, values of the wrong type) is kept in an LfExtra beside
 * it, written back on save and reported by lf_scenario_validate.
 */
#include "lf-scenario-private.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#include "lf-aws-limits.h"
#include "lf-error.h"

G_DEFINE_FINAL_TYPE (LfScenario, lf_scenario, G_TYPE_OBJECT)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ---------------------------------------------------------------------------------------
 * Type names
 */

static const char *const node_type_names[LF_N_NODE_TYPES] = {
  [LF_NODE_UNKNOWN]          = "unknown",
  [LF_NODE_CLIENT]           = "client",
  [LF_NODE_API_GATEWAY]      = "api_gateway",
  [LF_NODE_ALB]              = "alb",
  [LF_NODE_S3_BUCKET]        = "s3_bucket",
  [LF_NODE_SNS_TOPIC]        = "sns_topic",
  [LF_NODE_EVENTBRIDGE_BUS]  = "eventbridge_bus",
  [LF_NODE_KINESIS_STREAM]   = "kinesis_stream",
  [LF_NODE_DYNAMODB_TABLE]   = "dynamodb_table",
  [LF_NODE_SQS_QUEUE]        = "sqs_queue",
  [LF_NODE_LAMBDA_FUNCTION]  = "lambda_function",
};

static const char *const edge_type_names[LF_N_EDGE_TYPES] = {
  [LF_EDGE_UNKNOWN]              = "unknown",
  [LF_EDGE_INVOKE]               = "invoke",
  [LF_EDGE_INTEGRATION]          = "integration",
  [LF_EDGE_NOTIFICATION]         = "notification",
  [LF_EDGE_SUBSCRIPTION]         = "subscription",
  [LF_EDGE_RULE]                 = "rule",
  [LF_EDGE_EVENT_SOURCE_MAPPING] = "event_source_mapping",
  [LF_EDGE_DLQ]                  = "dlq",
  [LF_EDGE_ON_SUCCESS]           = "on_success",
  [LF_EDGE_ON_FAILURE]           = "on_failure",
  [LF_EDGE_REDRIVE]              = "redrive",
  [LF_EDGE_SENDS]                = "sends",
};

const char *
lf_node_type_to_string (LfNodeType type)
{
  if ((guint) type >= LF_N_NODE_TYPES)
    return node_type_names[LF_NODE_UNKNOWN];
  return node_type_names[type];
}

LfNodeType
lf_node_type_from_string (const char *text)
{
  for (guint i = 1; text != NULL && i < LF_N_NODE_TYPES; i++)
    if (g_str_equal (text, node_type_names[i]))
      return (LfNodeType) i;
  return LF_NODE_UNKNOWN;
}

const char *
lf_edge_type_to_string (LfEdgeType type)
{
  if ((guint) type >= LF_N_EDGE_TYPES)
    return edge_type_names[LF_EDGE_UNKNOWN];
  return edge_type_names[type];
}

LfEdgeType
lf_edge_type_from_string (const char *text)
{
  for (guint i = 1; text != NULL && i < LF_N_EDGE_TYPES; i++)
    if (g_str_equal (text, edge_type_names[i]))
      return (LfEdgeType) i;
  return LF_EDGE_UNKNOWN;
}

/* ---------------------------------------------------------------------------------------
 * Model structs and their extras
 */

static void
lf_node_free (LfNode *node)
{
  g_free (node->id);
  g_free (node->label);
  g_clear_pointer (&node->props, json_object_unref);
  g_free (node);
}

static void
lf_edge_free (LfEdge *edge)
{
  g_free (edge->id);
  g_free (edge->from);
  g_free (edge->to);
  g_clear_pointer (&edge->props, json_object_unref);
  g_free (edge);
}

static void
lf_allow_free (LfAllow *allow)
{
  g_free (allow->action);
  g_free (allow->resource);
  g_free (allow);
}

static void
lf_role_free (LfRole *role)
{
  g_free (role->id);
  g_strfreev (role->managed_policies);
  g_clear_pointer (&role->allow, g_ptr_array_unref);
  g_free (role);
}

typedef struct {
  gpointer       key;
  GDestroyNotify key_unref;
  LfExtra        extra;
} ExtraEntry;

static void
extra_entry_free (gpointer data)
{
  ExtraEntry *entry = data;

  g_clear_pointer (&entry->extra.extra, json_object_unref);
  g_clear_pointer (&entry->extra.raw, json_node_unref);
  g_free (entry->extra.raw_type);
  entry->key_unref (entry->key);
  g_free (entry);
}

static LfExtra *
extra_new (void)
{
  ExtraEntry *entry = g_new0 (ExtraEntry, 1);

  entry->extra.extra = json_object_new ();
  return &entry->extra;
}

static void
extra_discard (LfExtra *extra)
{
  ExtraEntry *entry = (ExtraEntry *) ((char *) extra - G_STRUCT_OFFSET (ExtraEntry, extra));

  json_object_unref (extra->extra);
  g_clear_pointer (&extra->raw, json_node_unref);
  g_free (extra->raw_type);
  g_free (entry);
}

static gboolean
extra_is_empty (LfExtra *extra)
{
  return json_object_get_size (extra->extra) == 0 && extra->raw_type == NULL && extra->raw == NULL;
}

/* Keep `extra` for the item whose key object is `key` (or drop it when empty). */
static void
extra_attach (LfScenario     *self,
              LfExtra        *extra,
              gpointer        key,
              gpointer      (*key_ref) (gpointer),
              GDestroyNotify  key_unref)
{
  ExtraEntry *entry = (ExtraEntry *) ((char *) extra - G_STRUCT_OFFSET (ExtraEntry, extra));

  if (extra_is_empty (extra) || key == NULL)
    {
      extra_discard (extra);
      return;
    }
  entry->key = key_ref (key);
  entry->key_unref = key_unref;
  g_hash_table_replace (self->extras, key, entry);
}

static LfExtra *
extra_lookup (LfScenario *self, gconstpointer key)
{
  ExtraEntry *entry = key != NULL ? g_hash_table_lookup (self->extras, key) : NULL;

  return entry != NULL ? &entry->extra : NULL;
}

LfExtra *
_lf_scenario_node_extra (LfScenario *self, LfNode *node)
{
  return extra_lookup (self, node->props);
}

LfExtra *
_lf_scenario_edge_extra (LfScenario *self, LfEdge *edge)
{
  return extra_lookup (self, edge->props);
}

LfExtra *
_lf_scenario_role_extra (LfScenario *self, LfRole *role)
{
  return extra_lookup (self, role->allow);
}

/* ---------------------------------------------------------------------------------------
 * GObject
 */

static void
lf_scenario_finalize (GObject *object)
{
  LfScenario *self = LF_SCENARIO (object);

  g_clear_pointer (&self->nodes, g_ptr_array_unref);
  g_clear_pointer (&self->edges, g_ptr_array_unref);
  g_clear_pointer (&self->roles, g_ptr_array_unref);
  g_clear_pointer (&self->extras, g_hash_table_unref);
  g_clear_pointer (&self->root, json_object_unref);
  g_clear_pointer (&self->settings_fallback, json_object_unref);
  g_clear_pointer (&self->workload_fallback, json_array_unref);
  g_clear_pointer (&self->faults_fallback, json_array_unref);

  G_OBJECT_CLASS (lf_scenario_parent_class)->finalize (object);
}

static void
lf_scenario_class_init (LfScenarioClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lf_scenario_finalize;

  /* changed (guint flags): LfChangeFlags; see lf-scenario.h */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

void
lf_scenario_changed (LfScenario    *self,
                     LfChangeFlags  flags)
{
  g_return_if_fail (LF_IS_SCENARIO (self));
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, (guint) flags);
}

static void
lf_scenario_init (LfScenario *self)
{
  self->root = json_object_new ();
  json_object_set_string_member (self->root, "format", LF_SCENARIO_FORMAT);
  self->nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) lf_node_free);
  self->edges = g_ptr_array_new_with_free_func ((GDestroyNotify) lf_edge_free);
  self->roles = g_ptr_array_new_with_free_func ((GDestroyNotify) lf_role_free);
  self->nodes_present = TRUE;
  self->extras = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, extra_entry_free);
}

LfScenario *
lf_scenario_new (void)
{
  return g_object_new (LF_TYPE_SCENARIO, NULL);
}

/* ---------------------------------------------------------------------------------------
 * JSON → model
 */

static gboolean
holds_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
holds_number (JsonNode *node)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

static void
keep_extra (LfExtra *extra, const char *key, JsonNode *value)
{
  json_object_set_member (extra->extra, key, json_node_copy (value));
}

static void
read_node_member (LfNode *node, LfExtra *extra, const char *key, JsonNode *value)
{
  if (g_str_equal (key, "id") && holds_string (value))
    node->id = g_strdup (json_node_get_string (value));
  else if (g_str_equal (key, "type") && holds_string (value))
    {
      node->type = lf_node_type_from_string (json_node_get_string (value));
      if (node->type == LF_NODE_UNKNOWN)
        extra->raw_type = g_strdup (json_node_get_string (value));
    }
  else if (g_str_equal (key, "label") && holds_string (value))
    node->label = g_strdup (json_node_get_string (value));
  else if (g_str_equal (key, "x") && holds_number (value))
    node->x = json_node_get_double (value);
  else if (g_str_equal (key, "y") && holds_number (value))
    node->y = json_node_get_double (value);
  else if (g_str_equal (key, "props") && JSON_NODE_HOLDS_OBJECT (value))
    {
      json_object_unref (node->props);
      node->props = json_object_ref (json_node_get_object (value));
    }
  else
    keep_extra (extra, key, value);
}

static void
read_edge_member (LfEdge *edge, LfExtra *extra, const char *key, JsonNode *value)
{
  if (g_str_equal (key, "id") && holds_string (value))
    edge->id = g_strdup (json_node_get_string (value));
  else if (g_str_equal (key, "type") && holds_string (value))
    {
      edge->type = lf_edge_type_from_string (json_node_get_string (value));
      if (edge->type == LF_EDGE_UNKNOWN)
        extra->raw_type = g_strdup (json_node_get_string (value));
    }
  else if (g_str_equal (key, "from") && holds_string (value))
    edge->from = g_strdup (json_node_get_string (value));
  else if (g_str_equal (key, "to") && holds_string (value))
    edge->to = g_strdup (json_node_get_string (value));
  else if (g_str_equal (key, "props") && JSON_NODE_HOLDS_OBJECT (value))
    {
      json_object_unref (edge->props);
      edge->props = json_object_ref (json_node_get_object (value));
    }
  else
    keep_extra (extra, key, value);
}

static LfNode *
node_from_json (LfScenario *self, JsonNode *element)
{
  LfNode *node = g_new0 (LfNode, 1);
  LfExtra *extra = extra_new ();

  node->props = json_object_new ();
  if (!JSON_NODE_HOLDS_OBJECT (element))
    extra->raw = json_node_copy (element);
  else
    {
      JsonObject *obj = json_node_get_object (element);
      g_autoptr(GList) members = json_object_get_members (obj);

      for (GList *l = members; l != NULL; l = l->next)
        read_node_member (node, extra, l->data, json_object_get_member (obj, l->data));
    }
  extra_attach (self, extra, node->props, (gpointer) json_object_ref,
                (GDestroyNotify) json_object_unref);
  return node;
}

static LfEdge *
edge_from_json (LfScenario *self, JsonNode *element)
{
  LfEdge *edge = g_new0 (LfEdge, 1);
  LfExtra *extra = extra_new ();

  edge->props = json_object_new ();
  if (!JSON_NODE_HOLDS_OBJECT (element))
    extra->raw = json_node_copy (element);
  else
    {
      JsonObject *obj = json_node_get_object (element);
      g_autoptr(GList) members = json_object_get_members (obj);

      for (GList *l = members; l != NULL; l = l->next)
        read_edge_member (edge, extra, l->data, json_object_get_member (obj, l->data));
    }
  extra_attach (self, extra, edge->props, (gpointer) json_object_ref,
                (GDestroyNotify) json_object_unref);
  return edge;
}

/* An array of strings, or NULL when the value is anything else */
static GStrv
strv_from_json (JsonNode *value)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (value))
    return NULL;
  array = json_node_get_array (value);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!holds_string (element))
        return NULL;
      g_strv_builder_add (builder, json_node_get_string (element));
    }
  return g_strv_builder_end (builder);
}

/* An allow entry in its exact shape {"action": "…", "resource": "…"}, else NULL */
static LfAllow *
allow_from_json (JsonNode *element)
{
  JsonObject *obj;
  JsonNode *action, *resource;
  LfAllow *allow;

  if (!JSON_NODE_HOLDS_OBJECT (element))
    return NULL;
  obj = json_node_get_object (element);
  action = json_object_get_member (obj, "action");
  resource = json_object_get_member (obj, "resource");
  if (json_object_get_size (obj) != 2 || action == NULL || resource == NULL
      || !holds_string (action) || !holds_string (resource))
    return NULL;
  allow = g_new0 (LfAllow, 1);
  allow->action = g_strdup (json_node_get_string (action));
  allow->resource = g_strdup (json_node_get_string (resource));
  return allow;
}

/* Every well-formed entry becomes typed; when any is not, the array as written is kept in
 * the extras too (saving writes it back, validation reports the bad entries). */
static void
read_role_allow (LfRole *role, LfExtra *extra, JsonNode *value)
{
  JsonArray *array;
  gboolean all_typed = TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (value))
    {
      keep_extra (extra, "allow", value);
      return;
    }
  array = json_node_get_array (value);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      LfAllow *allow = allow_from_json (json_array_get_element (array, i));

      if (allow != NULL)
        g_ptr_array_add (role->allow, allow);
      else
        all_typed = FALSE;
    }
  if (!all_typed)
    keep_extra (extra, "allow", value);
}

static void
read_role_member (LfRole *role, LfExtra *extra, const char *key, JsonNode *value)
{
  GStrv policies;

  if (g_str_equal (key, "id") && holds_string (value))
    role->id = g_strdup (json_node_get_string (value));
  else if (g_str_equal (key, "managed_policies") && (policies = strv_from_json (value)) != NULL)
    {
      g_strfreev (role->managed_policies);
      role->managed_policies = policies;
    }
  else if (g_str_equal (key, "allow"))
    read_role_allow (role, extra, value);
  else
    keep_extra (extra, key, value);
}

static LfRole *
role_new (void)
{
  LfRole *role = g_new0 (LfRole, 1);

  role->allow = g_ptr_array_new_with_free_func ((GDestroyNotify) lf_allow_free);
  return role;
}

static LfRole *
role_from_json (LfScenario *self, JsonNode *element)
{
  LfRole *role = role_new ();
  LfExtra *extra = extra_new ();

  if (!JSON_NODE_HOLDS_OBJECT (element))
    extra->raw = json_node_copy (element);
  else
    {
      JsonObject *obj = json_node_get_object (element);
      g_autoptr(GList) members = json_object_get_members (obj);

      for (GList *l = members; l != NULL; l = l->next)
        read_role_member (role, extra, l->data, json_object_get_member (obj, l->data));
    }
  extra_attach (self, extra, role->allow, (gpointer) g_ptr_array_ref,
                (GDestroyNotify) g_ptr_array_unref);
  return role;
}

typedef gpointer (*ItemFromJson) (LfScenario *self, JsonNode *element);

static void
read_items (LfScenario *self, GPtrArray *into, JsonArray *array, ItemFromJson from_json)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (into, from_json (self, json_array_get_element (array, i)));
}

/* nodes, edges and roles become typed when they are arrays; all else stays JSON in root */
static void
scenario_read_root (LfScenario *self, JsonObject *obj)
{
  g_autoptr(GList) members = json_object_get_members (obj);

  self->nodes_present = FALSE;
  json_object_remove_member (self->root, "format");
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *value = json_object_get_member (obj, key);
      gboolean is_array = JSON_NODE_HOLDS_ARRAY (value);

      if (g_str_equal (key, "nodes") && is_array)
        {
          read_items (self, self->nodes, json_node_get_array (value), (ItemFromJson) node_from_json);
          self->nodes_present = TRUE;
        }
      else if (g_str_equal (key, "edges") && is_array)
        read_items (self, self->edges, json_node_get_array (value), (ItemFromJson) edge_from_json);
      else if (g_str_equal (key, "roles") && is_array)
        read_items (self, self->roles, json_node_get_array (value), (ItemFromJson) role_from_json);
      else
        json_object_set_member (self->root, key, json_node_copy (value));
    }
}

/* ---------------------------------------------------------------------------------------
 * Loading
 */

gboolean
_lf_json_depth_ok (const char *data,
                   gsize       length,
                   guint       max_depth,
                   guint      *line,
                   guint      *column)
{
  guint depth = 0, ln = 1, col = 0;
  gboolean in_string = FALSE, escaped = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      col++;
      if (c == '\n')
        {
          ln++;
          col = 0;
        }
      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if ((c == '{' || c == '[') && ++depth > max_depth)
        {
          if (line != NULL)
            *line = ln;
          if (column != NULL)
            *column = col;
          return FALSE;
        }
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }
  return TRUE;
}

static void
set_problems (GPtrArray **problems, LfProblem *problem)
{
  if (problems == NULL)
    {
      lf_problem_free (problem);
      return;
    }
  *problems = g_ptr_array_new_with_free_func ((GDestroyNotify) lf_problem_free);
  g_ptr_array_add (*problems, problem);
}

/* A failure before there is a scenario: one problem for the app, the same text in error */
static LfScenario *
load_failed (GPtrArray  **problems,
             GError     **error,
             LfError      code,
             const char  *path,
             const char  *message)
{
  set_problems (problems, _lf_problem_new (LF_SEVERITY_ERROR, path, message));
  g_set_error_literal (error, LF_ERROR, code, message);
  return NULL;
}

/* json-glib says "<data>:3:8: Parse error: …"; ours is "FILE:3:8: …" */
static LfScenario *
parse_failed (const char  *name,
              GError      *json_error,
              GPtrArray  **problems,
              GError     **error)
{
  const char *text = json_error->message;
  g_autofree char *message = NULL;
  g_autofree char *where = NULL;
  guint line = 0, column = 0;

  if (g_str_has_prefix (text, "<data>:"))
    text += strlen ("<data>:");
  if (sscanf (text, "%u:%u:", &line, &column) == 2)
    where = g_strdup_printf ("line %u:%u", line, column);
  message = g_strdup_printf ("%s:%s", name, text);
  return load_failed (problems, error, LF_ERROR_PARSE, where != NULL ? where : "", message);
}

static gboolean
check_format (const char *name, JsonNode *root, GPtrArray **problems, GError **error)
{
  g_autofree char *message = NULL;
  JsonNode *format;

  if (root == NULL)
    {
      message = g_strdup_printf ("%s: the file is empty", name);
      load_failed (problems, error, LF_ERROR_PARSE, "", message);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      message = g_strdup_printf ("%s: not a Lambda Flow scenario: the top level must be an "
                                 "object with \"format\": \"" LF_SCENARIO_FORMAT "\"", name);
      load_failed (problems, error, LF_ERROR_VERSION, "", message);
      return FALSE;
    }
  format = json_object_get_member (json_node_get_object (root), "format");
  if (format == NULL)
    message = g_strdup_printf ("%s: missing \"format\"; expected \"" LF_SCENARIO_FORMAT "\"", name);
  else if (!holds_string (format))
    message = g_strdup_printf ("%s: \"format\" must be the string \"" LF_SCENARIO_FORMAT "\"", name);
  else if (!g_str_equal (json_node_get_string (format), LF_SCENARIO_FORMAT))
    message = g_strdup_printf ("%s: unsupported format \"%s\"; this version reads \""
                               LF_SCENARIO_FORMAT "\"", name, json_node_get_string (format));
  if (message == NULL)
    return TRUE;
  load_failed (problems, error, LF_ERROR_VERSION, "format", message);
  return FALSE;
}

LfScenario *
lf_scenario_load_from_data (const char  *data,
                            gssize       length,
                            const char  *filename,
                            GPtrArray  **problems,
                            GError     **error)
{
  const char *name = filename != NULL ? filename : "<data>";
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) json_error = NULL;
  g_autofree char *message = NULL;
  g_autoptr(LfScenario) self = NULL;
  JsonNode *root;
  guint line, column;
  gsize size;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (problems != NULL)
    *problems = NULL;
  if (data == NULL)
    data = "";
  size = length < 0 ? strlen (data) : (gsize) length;
  if (size > (gsize) LF_SCENARIO_MAX_BYTES)
    {
      message = g_strdup_printf ("%s: the file is %" G_GSIZE_FORMAT " bytes; a scenario may "
                                 "hold at most 64 MiB", name, size);
      return load_failed (problems, error, LF_ERROR_TOO_LARGE, "", message);
    }
  if (!_lf_json_depth_ok (data, size, LF_SCENARIO_MAX_DEPTH, &line, &column))
    {
      g_autofree char *where = g_strdup_printf ("line %u:%u", line, column);

      message = g_strdup_printf ("%s:%u:%u: nested deeper than %d levels", name, line, column,
                                 LF_SCENARIO_MAX_DEPTH);
      return load_failed (problems, error, LF_ERROR_TOO_LARGE, where, message);
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, (gssize) size, &json_error))
    return parse_failed (name, json_error, problems, error);
  root = json_parser_get_root (parser);
  if (!check_format (name, root, problems, error))
    return NULL;

  self = lf_scenario_new ();
  scenario_read_root (self, json_node_get_object (root));
  if (problems != NULL)
    *problems = lf_scenario_validate (self);
  return g_steal_pointer (&self);
}

LfScenario *
lf_scenario_load_from_file (const char  *path,
                            GPtrArray  **problems,
                            GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GError) local_error = NULL;
  GStatBuf st;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (problems != NULL)
    *problems = NULL;
  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      message = g_strdup_printf ("%s: %s", path, g_strerror (saved));
      return load_failed (problems, error, LF_ERROR_IO, "", message);
    }
  if ((guint64) st.st_size > (guint64) LF_SCENARIO_MAX_BYTES)
    {
      message = g_strdup_printf ("%s: the file is %" G_GUINT64_FORMAT " bytes; a scenario may "
                                 "hold at most 64 MiB", path, (guint64) st.st_size);
      return load_failed (problems, error, LF_ERROR_TOO_LARGE, "", message);
    }
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    return load_failed (problems, error, LF_ERROR_IO, "", local_error->message);
  return lf_scenario_load_from_data (contents, (gssize) length, path, problems, error);
}

/* ---------------------------------------------------------------------------------------
 * Serialization: pretty JSON, 2-space indent, keys of nodes, edges and roles and the top
 * level in a fixed order (unknown keys after them, in file order), props in file order.
 */

static void write_value (GString *out, JsonNode *node, guint indent);

static void
write_string (GString *out, const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:
          if (c < 0x20 || c == 0x7f)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

static void
format_double_precision (char *buf, gsize size, double value, int precision)
{
  switch (precision)
    {
    case 15: g_ascii_formatd (buf, (int) size, "%.15g", value); break;
    case 16: g_ascii_formatd (buf, (int) size, "%.16g", value); break;
    default: g_ascii_formatd (buf, (int) size, "%.17g", value); break;
    }
}

/* The shortest text that reads back as the same double, always with a `.` or exponent so
 * that it reads back as a double; infinities as 1e999 (JSON has no inf). */
static void
write_double (GString *out, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    {
      g_string_append (out, "null");
      return;
    }
  if (isinf (value))
    {
      g_string_append (out, value > 0 ? "1e999" : "-1e999");
      return;
    }
  for (int precision = 15; precision <= 17; precision++)
    {
      format_double_precision (buf, sizeof buf, value, precision);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }
  g_string_append (out, buf);
  if (strpbrk (buf, ".eE") == NULL)
    g_string_append (out, ".0");
}

static void
write_scalar (GString *out, JsonNode *node)
{
  GType type = json_node_get_value_type (node);

  if (type == G_TYPE_STRING)
    write_string (out, json_node_get_string (node));
  else if (type == G_TYPE_DOUBLE || type == G_TYPE_FLOAT)
    write_double (out, json_node_get_double (node));
  else if (type == G_TYPE_BOOLEAN)
    g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
  else
    g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
}

static void
indent_to (GString *out, guint indent)
{
  for (guint i = 0; i < indent; i++)
    g_string_append (out, "  ");
}

static void
write_object (GString *out, JsonObject *obj, guint indent)
{
  g_autoptr(GList) members = json_object_get_members (obj);

  if (members == NULL)
    {
      g_string_append (out, "{}");
      return;
    }
  g_string_append (out, "{\n");
  for (GList *l = members; l != NULL; l = l->next)
    {
      indent_to (out, indent + 1);
      write_string (out, l->data);
      g_string_append (out, ": ");
      write_value (out, json_object_get_member (obj, l->data), indent + 1);
      g_string_append (out, l->next != NULL ? ",\n" : "\n");
    }
  indent_to (out, indent);
  g_string_append_c (out, '}');
}

static gboolean
array_is_flat (JsonArray *array)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNodeType type = JSON_NODE_TYPE (json_array_get_element (array, i));

      if (type == JSON_NODE_OBJECT || type == JSON_NODE_ARRAY)
        return FALSE;
    }
  return TRUE;
}

/* Arrays of scalars on one line ("events": ["s3:ObjectCreated:*"]), others one per line */
static void
write_array (GString *out, JsonArray *array, guint indent)
{
  guint n = json_array_get_length (array);
  gboolean flat = array_is_flat (array);

  if (n == 0)
    {
      g_string_append (out, "[]");
      return;
    }
  g_string_append (out, flat ? "[" : "[\n");
  for (guint i = 0; i < n; i++)
    {
      if (!flat)
        indent_to (out, indent + 1);
      write_value (out, json_array_get_element (array, i), indent + 1);
      if (i + 1 < n)
        g_string_append (out, flat ? ", " : ",\n");
    }
  if (!flat)
    {
      g_string_append_c (out, '\n');
      indent_to (out, indent);
    }
  g_string_append_c (out, ']');
}

static void
write_value (GString *out, JsonNode *node, guint indent)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      write_object (out, json_node_get_object (node), indent);
      break;
    case JSON_NODE_ARRAY:
      write_array (out, json_node_get_array (node), indent);
      break;
    case JSON_NODE_VALUE:
      write_scalar (out, node);
      break;
    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

char *
_lf_json_value_to_text (JsonNode *node)
{
  GString *out = g_string_new (NULL);

  if (node != NULL && holds_string (node))
    g_string_append (out, json_node_get_string (node));
  else if (node != NULL)
    write_value (out, node, 0);
  return g_string_free (out, FALSE);
}

/* The typed value, unless the file held this key with another type: then that, as written */
static void
put (JsonObject *obj, LfExtra *extra, const char *key, JsonNode *typed)
{
  JsonNode *kept = extra != NULL ? json_object_get_member (extra->extra, key) : NULL;

  if (kept != NULL)
    {
      json_object_set_member (obj, key, json_node_copy (kept));
      g_clear_pointer (&typed, json_node_unref);
    }
  else if (typed != NULL)
    json_object_set_member (obj, key, typed);
}

static void
put_rest (JsonObject *obj, LfExtra *extra)
{
  g_autoptr(GList) members = NULL;

  if (extra == NULL)
    return;
  members = json_object_get_members (extra->extra);
  for (GList *l = members; l != NULL; l = l->next)
    if (!json_object_has_member (obj, l->data))
      json_object_set_member (obj, l->data,
                              json_node_copy (json_object_get_member (extra->extra, l->data)));
}

static JsonNode *
string_node (const char *text)
{
  return text != NULL ? json_node_init_string (json_node_alloc (), text) : NULL;
}

/* Whole numbers as integers (canvas positions are written as 120, not 120.0) */
static JsonNode *
coordinate_node (double value)
{
  if (isfinite (value) && value == floor (value) && fabs (value) < 1e15)
    return json_node_init_int (json_node_alloc (), (gint64) value);
  return json_node_init_double (json_node_alloc (), value);
}


/* A node that owns the object or array it wraps (json_node_init_* takes its own ref) */
static JsonNode *
node_take_object (JsonObject *obj)
{
  JsonNode *node = json_node_init_object (json_node_alloc (), obj);

  json_object_unref (obj);
  return node;
}

static JsonNode *
node_take_array (JsonArray *array)
{
  JsonNode *node = json_node_init_array (json_node_alloc (), array);

  json_array_unref (array);
  return node;
}

/* a node over a props object the model keeps (a new reference, not a copy) */
static JsonNode *
object_node (JsonObject *obj)
{
  return json_node_init_object (json_node_alloc (), obj);
}

static JsonNode *
type_node (LfExtra *extra, const char *name)
{
  if (name != NULL)
    return string_node (name);
  return string_node (extra != NULL ? extra->raw_type : NULL);
}

static JsonNode *
node_to_json (LfScenario *self, LfNode *node)
{
  LfExtra *extra = _lf_scenario_node_extra (self, node);
  JsonObject *obj;

  if (extra != NULL && extra->raw != NULL)
    return json_node_copy (extra->raw);
  obj = json_object_new ();
  put (obj, extra, "id", string_node (node->id));
  put (obj, extra, "type",
       type_node (extra, node->type != LF_NODE_UNKNOWN ? lf_node_type_to_string (node->type) : NULL));
  put (obj, extra, "label", string_node (node->label));
  put (obj, extra, "x", coordinate_node (node->x));
  put (obj, extra, "y", coordinate_node (node->y));
  put (obj, extra, "props", object_node (node->props));
  put_rest (obj, extra);
  return node_take_object (obj);
}

static JsonNode *
edge_to_json (LfScenario *self, LfEdge *edge)
{
  LfExtra *extra = _lf_scenario_edge_extra (self, edge);
  JsonObject *obj;

  if (extra != NULL && extra->raw != NULL)
    return json_node_copy (extra->raw);
  obj = json_object_new ();
  put (obj, extra, "id", string_node (edge->id));
  put (obj, extra, "type",
       type_node (extra, edge->type != LF_EDGE_UNKNOWN ? lf_edge_type_to_string (edge->type) : NULL));
  put (obj, extra, "from", string_node (edge->from));
  put (obj, extra, "to", string_node (edge->to));
  put (obj, extra, "props", object_node (edge->props));
  put_rest (obj, extra);
  return node_take_object (obj);
}

static JsonNode *
strv_node (GStrv strv)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_array_add_string_element (array, strv[i]);
  return node_take_array (array);
}

static JsonNode *
allow_node (GPtrArray *allow)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; allow != NULL && i < allow->len; i++)
    {
      LfAllow *entry = g_ptr_array_index (allow, i);
      JsonObject *obj = json_object_new ();

      if (entry->action != NULL)
        json_object_set_string_member (obj, "action", entry->action);
      if (entry->resource != NULL)
        json_object_set_string_member (obj, "resource", entry->resource);
      json_array_add_object_element (array, obj);
    }
  return node_take_array (array);
}

static JsonNode *
role_to_json (LfScenario *self, LfRole *role)
{
  LfExtra *extra = _lf_scenario_role_extra (self, role);
  JsonObject *obj;

  if (extra != NULL && extra->raw != NULL)
    return json_node_copy (extra->raw);
  obj = json_object_new ();
  put (obj, extra, "id", string_node (role->id));
  put (obj, extra, "managed_policies",
       role->managed_policies != NULL ? strv_node (role->managed_policies) : NULL);
  put (obj, extra, "allow",
       role->allow != NULL && role->allow->len > 0 ? allow_node (role->allow) : NULL);
  put_rest (obj, extra);
  return node_take_object (obj);
}

typedef JsonNode *(*ItemToJson) (LfScenario *self, gpointer item);

static JsonNode *
items_to_json (LfScenario *self, GPtrArray *items, ItemToJson to_json)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < items->len; i++)
    json_array_add_element (array, to_json (self, g_ptr_array_index (items, i)));
  return node_take_array (array);
}

static gboolean
node_is_empty (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    return json_object_get_size (json_node_get_object (node)) == 0;
  if (JSON_NODE_HOLDS_ARRAY (node))
    return json_array_get_length (json_node_get_array (node)) == 0;
  return FALSE;
}

/* Copy a root key if present; `drop_empty` leaves out {} and [] (the defaults) */
static void
put_root (JsonObject *out, JsonObject *root, const char *key, gboolean drop_empty)
{
  JsonNode *value = json_object_get_member (root, key);

  if (value != NULL && !(drop_empty && node_is_empty (value)))
    json_object_set_member (out, key, json_node_copy (value));
}

/* nodes, edges, roles: as written when the file held a non-array, else the model */
static void
put_items (JsonObject *out, LfScenario *self, const char *key, GPtrArray *items,
           ItemToJson to_json, gboolean drop_empty)
{
  JsonNode *kept = json_object_get_member (self->root, key);

  if (kept != NULL)
    json_object_set_member (out, key, json_node_copy (kept));
  else if (!(drop_empty && items->len == 0))
    json_object_set_member (out, key, items_to_json (self, items, to_json));
}

static JsonObject *
scenario_to_json (LfScenario *self)
{
  static const char *const ordered[] = {
    "format", "title", "description", "seed", "duration", "settings",
    "nodes", "edges", "roles", "workload", "faults", "walkthrough", NULL
  };
  JsonObject *out = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (self->root);

  json_object_set_string_member (out, "format", LF_SCENARIO_FORMAT);
  put_root (out, self->root, "title", FALSE);
  put_root (out, self->root, "description", FALSE);
  put_root (out, self->root, "seed", FALSE);
  put_root (out, self->root, "duration", FALSE);
  put_root (out, self->root, "settings", TRUE);
  put_items (out, self, "nodes", self->nodes, (ItemToJson) node_to_json, FALSE);
  put_items (out, self, "edges", self->edges, (ItemToJson) edge_to_json, FALSE);
  put_items (out, self, "roles", self->roles, (ItemToJson) role_to_json, TRUE);
  put_root (out, self->root, "workload", TRUE);
  put_root (out, self->root, "faults", TRUE);
  put_root (out, self->root, "walkthrough", FALSE);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (ordered, l->data))
      put_root (out, self->root, l->data, FALSE);
  return out;
}

char *
lf_scenario_to_data (LfScenario *self,
                     gsize      *length)
{
  g_autoptr(JsonObject) obj = NULL;
  GString *out;

  g_return_val_if_fail (LF_IS_SCENARIO (self), NULL);

  obj = scenario_to_json (self);
  out = g_string_new (NULL);
  write_object (out, obj, 0);
  g_string_append_c (out, '\n');
  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}

gboolean
lf_scenario_save_to_file (LfScenario  *self,
                          const char  *path,
                          GError     **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  g_return_val_if_fail (LF_IS_SCENARIO (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = lf_scenario_to_data (self, &length);
  if (!g_file_set_contents_full (path, data, (gssize) length,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0666, &local_error))
    {
      g_set_error (error, LF_ERROR, LF_ERROR_IO, "%s", local_error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
lf_scenario_equal (LfScenario *a,
                   LfScenario *b)
{
  g_autofree char *text_a = NULL;
  g_autofree char *text_b = NULL;

  g_return_val_if_fail (LF_IS_SCENARIO (a), FALSE);
  g_return_val_if_fail (LF_IS_SCENARIO (b), FALSE);

  if (a == b)
    return TRUE;
  text_a = lf_scenario_to_data (a, NULL);
  text_b = lf_scenario_to_data (b, NULL);
  return g_str_equal (text_a, text_b);
}

/* ---------------------------------------------------------------------------------------
 * --set
 */

/* JSON when the text parses as JSON ("5", "true", "\"x\"", "{…}"), else the text itself */
static JsonNode *
parse_set_value (const char *value)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length = strlen (value);

  if (_lf_json_depth_ok (value, length, LF_SCENARIO_MAX_DEPTH, NULL, NULL)
      && json_parser_load_from_data (parser, value, (gssize) length, NULL)
      && json_parser_get_root (parser) != NULL)
    return json_node_copy (json_parser_get_root (parser));
  return string_node (value);
}

/* JSON null removes the key, so that the default applies again */
static void
set_member (JsonObject *obj, const char *key, JsonNode *value)
{
  if (JSON_NODE_HOLDS_NULL (value))
    {
      json_object_remove_member (obj, key);
      json_node_unref (value);
    }
  else
    json_object_set_member (obj, key, value);
}

static gboolean
unknown_key (GError     **error,
             const char  *key,
             const char  *owner,
             GStrv        known)
{
  const char *suggestion = _lf_suggest (key, (const char *const *) known);
  g_autofree char *list = g_strjoinv (", ", known);

  g_set_error (error, LF_ERROR, LF_ERROR_UNKNOWN_PATH,
               "unknown property `%s` for %s%s%s%s; known: %s", key, owner,
               suggestion != NULL ? "; did you mean `" : "",
               suggestion != NULL ? suggestion : "",
               suggestion != NULL ? "`?" : "", list);
  return FALSE;
}

static gboolean
set_in (JsonObject   *obj,
        const char   *key,
        const char   *value,
        GStrv         known,
        const char   *owner,
        GError      **error)
{
  if (!g_strv_contains ((const char *const *) known, key))
    return unknown_key (error, key, owner, known);
  set_member (obj, key, parse_set_value (value));
  return TRUE;
}

static gboolean
set_top_level (LfScenario  *self,
               const char  *key,
               const char  *value,
               GError     **error)
{
  static const char *const settable[] = { "seed", "duration", "title", "description", NULL };
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  LfTime duration;

  if (!g_strv_contains (settable, key))
    {
      g_set_error (error, LF_ERROR, LF_ERROR_UNKNOWN_PATH,
                   "unknown path `%s`: expected ID.PROP, settings.KEY, seed, duration, "
                   "title or description", key);
      return FALSE;
    }
  node = parse_set_value (value);
  text = _lf_json_value_to_text (node);
  if (JSON_NODE_HOLDS_NULL (node))
    ;   /* removing the key restores the default */
  else if (g_str_equal (key, "seed")
           && (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64
               || json_node_get_int (node) < 0))
    {
      g_set_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE,
                   "seed: `%s` is not a non-negative integer", value);
      return FALSE;
    }
  else if (g_str_equal (key, "duration")
           && (!lf_time_parse_duration (text, &duration, NULL) || duration <= 0))
    {
      g_set_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE,
                   "duration: `%s` is not a positive duration such as \"5m\"", value);
      return FALSE;
    }
  set_member (self->root, key, g_steal_pointer (&node));
  return TRUE;
}

static JsonObject *
find_item (JsonArray *array, const char *id)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonNode *item_id;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      item_id = json_object_get_member (json_node_get_object (element), "id");
      if (item_id != NULL && holds_string (item_id)
          && g_str_equal (json_node_get_string (item_id), id))
        return json_node_get_object (element);
    }
  return NULL;
}

static gboolean
set_settings (LfScenario *self, const char *key, const char *value, GError **error)
{
  g_auto(GStrv) known = _lf_scenario_settings_keys ();
  JsonNode *settings = json_object_get_member (self->root, "settings");

  if (settings == NULL || !JSON_NODE_HOLDS_OBJECT (settings))
    json_object_set_object_member (self->root, "settings", json_object_new ());
  return set_in (json_object_get_object_member (self->root, "settings"), key, value, known,
                 "settings", error);
}

static gboolean
set_by_id (LfScenario  *self,
           const char  *id,
           const char  *key,
           const char  *value,
           GError     **error)
{
  g_autofree char *owner = NULL;
  g_auto(GStrv) known = NULL;
  LfNode *node;
  LfEdge *edge;
  JsonObject *item;

  if ((node = lf_scenario_find_node (self, id)) != NULL)
    {
      known = _lf_scenario_node_keys (node);
      owner = g_strdup_printf ("%s `%s`", lf_node_type_to_string (node->type), id);
      return set_in (node->props, key, value, known, owner, error);
    }
  if ((edge = lf_scenario_find_edge (self, id)) != NULL)
    {
      known = _lf_scenario_edge_keys (self, edge);
      owner = g_strdup_printf ("%s edge `%s`", lf_edge_type_to_string (edge->type), id);
      return set_in (edge->props, key, value, known, owner, error);
    }
  if ((item = find_item (lf_scenario_get_workload (self), id)) != NULL)
    {
      known = _lf_scenario_workload_keys ();
      owner = g_strdup_printf ("workload `%s`", id);
      return set_in (item, key, value, known, owner, error);
    }
  if ((item = find_item (lf_scenario_get_faults (self), id)) != NULL)
    {
      known = _lf_scenario_fault_keys (item);
      owner = g_strdup_printf ("fault `%s`", id);
      return set_in (item, key, value, known, owner, error);
    }
  if (lf_scenario_find_role (self, id) != NULL)
    g_set_error (error, LF_ERROR, LF_ERROR_UNKNOWN_PATH,
                 "`%s` is a role; roles cannot be changed with --set", id);
  else
    g_set_error (error, LF_ERROR, LF_ERROR_UNKNOWN_PATH,
                 "unknown id `%s`: no node, edge, workload item or fault has it", id);
  return FALSE;
}

gboolean
lf_scenario_set (LfScenario  *self,
                 const char  *path,
                 const char  *value,
                 GError     **error)
{
  g_autofree char *id = NULL;
  const char *dot;
  gboolean ok;

  g_return_val_if_fail (LF_IS_SCENARIO (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE, "%s: the value is not UTF-8", path);
      return FALSE;
    }
  dot = strchr (path, '.');
  if (dot == NULL)
    ok = set_top_level (self, path, value, error);
  else
    {
      id = g_strndup (path, (gsize) (dot - path));
      if (g_str_equal (id, "settings"))
        ok = set_settings (self, dot + 1, value, error);
      else
        ok = set_by_id (self, id, dot + 1, value, error);
    }
  if (ok)
    lf_scenario_changed (self, LF_CHANGE_PROPS);
  return ok;
}

/* ---------------------------------------------------------------------------------------
 * Accessors
 */

static const char *
root_string (LfScenario *self, const char *key)
{
  JsonNode *node = json_object_get_member (self->root, key);

  return node != NULL && holds_string (node) ? json_node_get_string (node) : "";
}

const char *
lf_scenario_get_title (LfScenario *self)
{
  g_return_val_if_fail (LF_IS_SCENARIO (self), NULL);
  return root_string (self, "title");
}

const char *
lf_scenario_get_description (LfScenario *self)
{
  g_return_val_if_fail (LF_IS_SCENARIO (self), NULL);
  return root_string (self, "description");
}

guint64
lf_scenario_get_seed (LfScenario *self)
{
  gint64 seed;

  g_return_val_if_fail (LF_IS_SCENARIO (self), 1);
  seed = lf_props_get_int (self->root, "seed", 1);
  return seed >= 0 ? (guint64) seed : 1;
}

void
lf_scenario_set_seed (LfScenario *self,
                      guint64     seed)
{
  g_return_if_fail (LF_IS_SCENARIO (self));
  json_object_set_int_member (self->root, "seed", (gint64) MIN (seed, (guint64) G_MAXINT64));
  lf_scenario_changed (self, LF_CHANGE_PROPS);
}

LfTime
lf_scenario_get_duration (LfScenario *self)
{
  LfTime duration;

  g_return_val_if_fail (LF_IS_SCENARIO (self), LF_SCENARIO_DURATION_DEFAULT);
  duration = lf_props_get_duration (self->root, "duration", LF_SCENARIO_DURATION_DEFAULT);
  return duration > 0 ? duration : LF_SCENARIO_DURATION_DEFAULT;
}

void
lf_scenario_set_duration (LfScenario *self,
                          LfTime      duration)
{
  g_autofree char *text = NULL;

  g_return_if_fail (LF_IS_SCENARIO (self));
  text = lf_time_format (duration);
  json_object_set_string_member (self->root, "duration", text);
  lf_scenario_changed (self, LF_CHANGE_PROPS);
}

/* settings, workload and faults are created when absent; a value of the wrong type stays
 * (validation reports it, saving writes it back) and the caller gets a fallback instead. */
JsonObject *
lf_scenario_get_settings (LfScenario *self)
{
  JsonNode *node;

  g_return_val_if_fail (LF_IS_SCENARIO (self), NULL);
  node = json_object_get_member (self->root, "settings");
  if (node == NULL)
    {
      json_object_set_object_member (self->root, "settings", json_object_new ());
      node = json_object_get_member (self->root, "settings");
    }
  if (JSON_NODE_HOLDS_OBJECT (node))
    return json_node_get_object (node);
  if (self->settings_fallback == NULL)
    self->settings_fallback = json_object_new ();
  return self->settings_fallback;
}

static JsonArray *
root_array (LfScenario *self, const char *key, JsonArray **fallback)
{
  JsonNode *node = json_object_get_member (self->root, key);

  if (node == NULL)
    {
      json_object_set_array_member (self->root, key, json_array_new ());
      node = json_object_get_member (self->root, key);
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    return json_node_get_array (node);
  if (*fallback == NULL)
    *fallback = json_array_new ();
  return *fallback;
}

JsonArray *
lf_scenario_get_workload (LfScenario *self)
{
  g_return_val_if_fail (LF_IS_SCENARIO (self), NULL);
  return root_array (self, "workload", &self->workload_fallback);
}

JsonArray *
lf_scenario_get_faults (LfScenario *self)
{
  g_return_val_if_fail (LF_IS_SCENARIO (self), NULL);
  return root_array (self, "faults", &self->faults_fallback);
}

JsonNode *
lf_scenario_get_walkthrough (LfScenario *self)
{
  g_return_val_if_fail (LF_IS_SCENARIO (self), NULL);
  return json_object_get_member (self->root, "walkthrough");
}

GPtrArray *
lf_scenario_get_nodes (LfScenario *self)
{
  g_return_val_if_fail (LF_IS_SCENARIO (self), NULL);
  return self->nodes;
}

GPtrArray *
lf_scenario_get_edges (LfScenario *self)
{
  g_return_val_if_fail (LF_IS_SCENARIO (self), NULL);
  return self->edges;
}

GPtrArray *
lf_scenario_get_roles (LfScenario *self)
{
  g_return_val_if_fail (LF_IS_SCENARIO (self), NULL);
  return self->roles;
}

/* LfNode, LfEdge and LfRole all begin with their id */
static gpointer
find_by_id (GPtrArray  *items,
            const char *id)
{
  for (guint i = 0; i < items->len; i++)
    {
      gpointer item = g_ptr_array_index (items, i);
      if (g_strcmp0 (*(char **) item, id) == 0)
        return item;
    }
  return NULL;
}

G_STATIC_ASSERT (G_STRUCT_OFFSET (LfNode, id) == 0);
G_STATIC_ASSERT (G_STRUCT_OFFSET (LfEdge, id) == 0);
G_STATIC_ASSERT (G_STRUCT_OFFSET (LfRole, id) == 0);

LfNode *
lf_scenario_find_node (LfScenario *self,
                       const char *id)
{
  g_return_val_if_fail (LF_IS_SCENARIO (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  return find_by_id (self->nodes, id);
}

LfEdge *
lf_scenario_find_edge (LfScenario *self,
                       const char *id)
{
  g_return_val_if_fail (LF_IS_SCENARIO (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  return find_by_id (self->edges, id);
}

LfRole *
lf_scenario_find_role (LfScenario *self,
                       const char *id)
{
  g_return_val_if_fail (LF_IS_SCENARIO (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  return find_by_id (self->roles, id);
}

static LfNode *
add_node (LfScenario *self, const char *id, LfNodeType type, double x, double y)
{
  LfNode *node = g_new0 (LfNode, 1);

  node->id = g_strdup (id);
  node->type = type;
  node->x = x;
  node->y = y;
  node->props = json_object_new ();
  g_ptr_array_add (self->nodes, node);
  return node;
}

static LfEdge *
add_edge (LfScenario *self, const char *id, LfEdgeType type, const char *from, const char *to)
{
  LfEdge *edge = g_new0 (LfEdge, 1);

  edge->id = g_strdup (id);
  edge->type = type;
  edge->from = g_strdup (from);
  edge->to = g_strdup (to);
  edge->props = json_object_new ();
  g_ptr_array_add (self->edges, edge);
  return edge;
}

LfNode *
lf_scenario_add_node (LfScenario *self,
                      const char *id,
                      LfNodeType  type,
                      double      x,
                      double      y)
{
  LfNode *node;

  g_return_val_if_fail (LF_IS_SCENARIO (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  node = add_node (self, id, type, x, y);
  lf_scenario_changed (self, LF_CHANGE_STRUCTURE);
  return node;
}

LfEdge *
lf_scenario_add_edge (LfScenario *self,
                      const char *id,
                      LfEdgeType  type,
                      const char *from,
                      const char *to)
{
  LfEdge *edge;

  g_return_val_if_fail (LF_IS_SCENARIO (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  edge = add_edge (self, id, type, from, to);
  lf_scenario_changed (self, LF_CHANGE_STRUCTURE);
  return edge;
}

/* ---------------------------------------------------------------------------------------
 * Editing: the designer's commands
 */

static JsonArray *
root_array_if_any (LfScenario *self, const char *key)
{
  JsonNode *node = json_object_get_member (self->root, key);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gboolean
id_is_taken (LfScenario *self, const char *id)
{
  return lf_scenario_find_node (self, id) != NULL || lf_scenario_find_edge (self, id) != NULL
         || lf_scenario_find_role (self, id) != NULL
         || find_item (root_array_if_any (self, "workload"), id) != NULL
         || find_item (root_array_if_any (self, "faults"), id) != NULL;
}

char *
lf_scenario_unique_id (LfScenario *self,
                       const char *prefix)
{
  g_return_val_if_fail (LF_IS_SCENARIO (self), NULL);
  g_return_val_if_fail (prefix != NULL && *prefix != '\0', NULL);

  if (!id_is_taken (self, prefix))
    return g_strdup (prefix);
  for (guint n = 2;; n++)
    {
      char *id = g_strdup_printf ("%s-%u", prefix, n);

      if (!id_is_taken (self, id))
        return id;
      g_free (id);
    }
}

LfRole *
lf_scenario_add_role (LfScenario         *self,
                      const char         *id,
                      const char * const *managed_policies)
{
  LfRole *role;

  g_return_val_if_fail (LF_IS_SCENARIO (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (id_is_taken (self, id))
    return NULL;
  role = g_new0 (LfRole, 1);
  role->id = g_strdup (id);
  role->managed_policies = g_strdupv ((char **) (managed_policies ? managed_policies : (const char * const[]) { NULL }));
  role->allow = g_ptr_array_new_with_free_func ((GDestroyNotify) lf_allow_free);
  g_ptr_array_add (self->roles, role);
  lf_scenario_changed (self, LF_CHANGE_STRUCTURE);
  return role;
}

gboolean
lf_scenario_remove_role (LfScenario *self,
                         const char *id)
{
  g_return_val_if_fail (LF_IS_SCENARIO (self), FALSE);

  for (guint i = 0; i < self->roles->len; i++)
    if (g_strcmp0 (((LfRole *) g_ptr_array_index (self->roles, i))->id, id) == 0)
      {
        g_ptr_array_remove_index (self->roles, i);
        lf_scenario_changed (self, LF_CHANGE_STRUCTURE);
        return TRUE;
      }
  return FALSE;
}

static gboolean
add_root_item (LfScenario  *self,
               const char  *key,
               JsonObject  *item,
               GError     **error)
{
  const char *id = json_object_has_member (item, "id") ? json_object_get_string_member (item, "id") : NULL;

  if (id == NULL || *id == '\0' || id_is_taken (self, id))
    {
      g_set_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE, "%s: the id %s is missing or taken",
                   key, id ? id : "");
      return FALSE;
    }
  json_array_add_object_element (root_array (self, key, key[0] == 'w' ? &self->workload_fallback
                                                                        : &self->faults_fallback),
                                 json_object_ref (item));
  lf_scenario_changed (self, LF_CHANGE_STRUCTURE);
  return TRUE;
}

gboolean
lf_scenario_add_workload_item (LfScenario  *self,
                               JsonObject  *item,
                               GError     **error)
{
  g_return_val_if_fail (LF_IS_SCENARIO (self), FALSE);
  g_return_val_if_fail (item != NULL, FALSE);

  return add_root_item (self, "workload", item, error);
}

gboolean
lf_scenario_add_fault (LfScenario  *self,
                       JsonObject  *fault,
                       GError     **error)
{
  g_return_val_if_fail (LF_IS_SCENARIO (self), FALSE);
  g_return_val_if_fail (fault != NULL, FALSE);

  return add_root_item (self, "faults", fault, error);
}

gboolean
lf_scenario_remove_item (LfScenario *self,
                         const char *id)
{
  static const char *keys[] = { "workload", "faults" };

  g_return_val_if_fail (LF_IS_SCENARIO (self), FALSE);

  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      JsonArray *array = root_array_if_any (self, keys[k]);

      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_OBJECT (element) &&
              g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (element), "id", NULL), id) == 0)
            {
              json_array_remove_element (array, i);
              lf_scenario_changed (self, LF_CHANGE_STRUCTURE);
              return TRUE;
            }
        }
    }
  return FALSE;
}

/* Drops the items of a root array whose `target` is in `ids` */
static void
remove_targeting (LfScenario *self, const char *key, GHashTable *ids)
{
  JsonArray *array = root_array_if_any (self, key);

  for (guint i = array != NULL ? json_array_get_length (array) : 0; i-- > 0;)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *target;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      target = lf_props_get_string (json_node_get_object (element), "target", NULL);
      if (target != NULL && g_hash_table_contains (ids, target))
        json_array_remove_element (array, i);
    }
}

/* Walkthrough steps: the references to `ids` in highlight, focus and until.node are dropped,
 * or renamed to `new_id` */
static void
rewrite_step_refs (LfScenario *self, GHashTable *ids, const char *new_id)
{
  JsonNode *walkthrough = json_object_get_member (self->root, "walkthrough");
  JsonNode *steps;

  if (walkthrough == NULL || !JSON_NODE_HOLDS_OBJECT (walkthrough))
    return;
  steps = json_object_get_member (json_node_get_object (walkthrough), "steps");
  if (steps == NULL || !JSON_NODE_HOLDS_ARRAY (steps))
    return;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (steps)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (steps), i);
      JsonObject *step;
      JsonNode *highlight, *until;
      const char *focus;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      step = json_node_get_object (element);
      focus = lf_props_get_string (step, "focus", NULL);
      if (focus != NULL && g_hash_table_contains (ids, focus))
        {
          if (new_id != NULL)
            json_object_set_string_member (step, "focus", new_id);
          else
            json_object_remove_member (step, "focus");
        }
      highlight = json_object_get_member (step, "highlight");
      if (highlight != NULL && JSON_NODE_HOLDS_ARRAY (highlight))
        {
          JsonArray *array = json_node_get_array (highlight);

          for (guint h = json_array_get_length (array); h-- > 0;)
            {
              JsonNode *item = json_array_get_element (array, h);

              if (!holds_string (item) || !g_hash_table_contains (ids, json_node_get_string (item)))
                continue;
              if (new_id != NULL)
                json_node_set_string (item, new_id);
              else
                json_array_remove_element (array, h);
            }
        }
      until = json_object_get_member (step, "until");
      if (until != NULL && JSON_NODE_HOLDS_OBJECT (until))
        {
          JsonObject *obj = json_node_get_object (until);
          const char *node = lf_props_get_string (obj, "node", NULL);

          if (node == NULL || !g_hash_table_contains (ids, node))
            continue;
          if (new_id != NULL)
            json_object_set_string_member (obj, "node", new_id);
          else
            json_object_remove_member (obj, "node");
        }
    }
}

static void
remove_step_refs (LfScenario *self, GHashTable *ids)
{
  rewrite_step_refs (self, ids, NULL);
}

/* Removes the edges in `ids` and, transitively, the edges whose `from` is one of them */
static void
remove_edges (LfScenario *self, GHashTable *ids)
{
  gboolean grew = TRUE;

  while (grew)
    {
      grew = FALSE;
      for (guint i = 0; i < self->edges->len; i++)
        {
          LfEdge *edge = g_ptr_array_index (self->edges, i);

          if (edge->id != NULL && edge->from != NULL && g_hash_table_contains (ids, edge->from)
              && !g_hash_table_contains (ids, edge->id))
            {
              g_hash_table_add (ids, g_strdup (edge->id));
              grew = TRUE;
            }
        }
    }
  for (guint i = self->edges->len; i-- > 0;)
    {
      LfEdge *edge = g_ptr_array_index (self->edges, i);

      if (edge->id != NULL && g_hash_table_contains (ids, edge->id))
        {
          g_hash_table_remove (self->extras, edge->props);
          g_ptr_array_remove_index (self->edges, i);
        }
    }
}

gboolean
lf_scenario_remove_edge (LfScenario *self,
                         const char *id)
{
  g_autoptr(GHashTable) ids = NULL;

  g_return_val_if_fail (LF_IS_SCENARIO (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (lf_scenario_find_edge (self, id) == NULL)
    return FALSE;
  ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (ids, g_strdup (id));
  remove_edges (self, ids);
  remove_step_refs (self, ids);
  lf_scenario_changed (self, LF_CHANGE_STRUCTURE);
  return TRUE;
}

gboolean
lf_scenario_remove_node (LfScenario *self,
                         const char *id)
{
  g_autoptr(GHashTable) ids = NULL;
  LfNode *node;

  g_return_val_if_fail (LF_IS_SCENARIO (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if ((node = lf_scenario_find_node (self, id)) == NULL)
    return FALSE;
  ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < self->edges->len; i++)
    {
      LfEdge *edge = g_ptr_array_index (self->edges, i);

      if (edge->id != NULL && (g_strcmp0 (edge->from, id) == 0 || g_strcmp0 (edge->to, id) == 0))
        g_hash_table_add (ids, g_strdup (edge->id));
    }
  remove_edges (self, ids);
  g_hash_table_add (ids, g_strdup (id));
  remove_targeting (self, "workload", ids);
  remove_targeting (self, "faults", ids);
  remove_step_refs (self, ids);
  for (guint r = 0; r < self->roles->len; r++)
    {
      LfRole *role = g_ptr_array_index (self->roles, r);

      for (guint a = role->allow != NULL ? role->allow->len : 0; a-- > 0;)
        {
          LfAllow *allow = g_ptr_array_index (role->allow, a);

          if (g_strcmp0 (allow->resource, id) == 0)
            g_ptr_array_remove_index (role->allow, a);
        }
    }
  g_hash_table_remove (self->extras, node->props);
  g_ptr_array_remove (self->nodes, node);
  lf_scenario_changed (self, LF_CHANGE_STRUCTURE);
  return TRUE;
}

gboolean
lf_scenario_move_node (LfScenario *self,
                       const char *id,
                       double      x,
                       double      y)
{
  LfNode *node;

  g_return_val_if_fail (LF_IS_SCENARIO (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (isfinite (x) && isfinite (y), FALSE);

  if ((node = lf_scenario_find_node (self, id)) == NULL)
    return FALSE;
  if (node->x == x && node->y == y)
    return TRUE;
  node->x = x;
  node->y = y;
  lf_scenario_changed (self, LF_CHANGE_LAYOUT);
  return TRUE;
}

gboolean
lf_scenario_set_label (LfScenario *self,
                       const char *id,
                       const char *label)
{
  LfNode *node;

  g_return_val_if_fail (LF_IS_SCENARIO (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (label == NULL || g_utf8_validate (label, -1, NULL), FALSE);

  if ((node = lf_scenario_find_node (self, id)) == NULL)
    return FALSE;
  if (label != NULL && *label == '\0')
    label = NULL;
  if (g_strcmp0 (node->label, label) == 0)
    return TRUE;
  g_free (node->label);
  node->label = g_strdup (label);
  lf_scenario_changed (self, LF_CHANGE_PROPS);
  return TRUE;
}

static void
rename_target (LfScenario *self, const char *key, const char *old_id, const char *new_id)
{
  JsonArray *array = root_array_if_any (self, key);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *item;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      item = json_node_get_object (element);
      if (g_strcmp0 (lf_props_get_string (item, "target", NULL), old_id) == 0)
        json_object_set_string_member (item, "target", new_id);
    }
}

static void
rename_string (char **where, const char *old_id, const char *new_id)
{
  if (g_strcmp0 (*where, old_id) == 0)
    {
      g_free (*where);
      *where = g_strdup (new_id);
    }
}

gboolean
lf_scenario_rename_id (LfScenario  *self,
                       const char  *old_id,
                       const char  *new_id,
                       GError     **error)
{
  g_autoptr(GHashTable) ids = NULL;
  LfNode *node;
  LfEdge *edge;
  LfRole *role;

  g_return_val_if_fail (LF_IS_SCENARIO (self), FALSE);
  g_return_val_if_fail (old_id != NULL && new_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  node = lf_scenario_find_node (self, old_id);
  edge = node == NULL ? lf_scenario_find_edge (self, old_id) : NULL;
  role = node == NULL && edge == NULL ? lf_scenario_find_role (self, old_id) : NULL;
  if (node == NULL && edge == NULL && role == NULL)
    {
      g_set_error (error, LF_ERROR, LF_ERROR_UNKNOWN_PATH,
                   "unknown id `%s`: no node, edge or role has it", old_id);
      return FALSE;
    }
  if (g_str_equal (old_id, new_id))
    return TRUE;
  if (!_lf_id_is_valid (new_id))
    {
      g_set_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE,
                   "`%s` is not a valid id: 1 to 64 letters, digits, `_` or `-`", new_id);
      return FALSE;
    }
  if (id_is_taken (self, new_id))
    {
      g_set_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE,
                   "`%s` is already used (ids are unique across nodes, edges, roles, workload and "
                   "faults)", new_id);
      return FALSE;
    }

  for (guint i = 0; i < self->edges->len; i++)
    {
      LfEdge *other = g_ptr_array_index (self->edges, i);

      if (role == NULL)
        rename_string (&other->from, old_id, new_id);   /* a node, or an ESM's on_failure */
      if (node != NULL)
        rename_string (&other->to, old_id, new_id);
    }
  if (node != NULL)
    {
      rename_target (self, "workload", old_id, new_id);
      rename_target (self, "faults", old_id, new_id);
      for (guint r = 0; r < self->roles->len; r++)
        {
          LfRole *each = g_ptr_array_index (self->roles, r);

          for (guint a = 0; each->allow != NULL && a < each->allow->len; a++)
            rename_string (&((LfAllow *) g_ptr_array_index (each->allow, a))->resource, old_id, new_id);
        }
    }
  if (role != NULL)
    for (guint i = 0; i < self->nodes->len; i++)
      {
        LfNode *fn = g_ptr_array_index (self->nodes, i);

        if (fn->type == LF_NODE_LAMBDA_FUNCTION
            && g_strcmp0 (lf_props_get_string (fn->props, "role", NULL), old_id) == 0)
          json_object_set_string_member (fn->props, "role", new_id);
      }
  else
    {
      ids = g_hash_table_new (g_str_hash, g_str_equal);
      g_hash_table_add (ids, (gpointer) old_id);
      rewrite_step_refs (self, ids, new_id);
    }
  if (node != NULL)
    rename_string (&node->id, old_id, new_id);
  else if (edge != NULL)
    rename_string (&edge->id, old_id, new_id);
  else
    rename_string (&role->id, old_id, new_id);
  lf_scenario_changed (self, LF_CHANGE_STRUCTURE | LF_CHANGE_PROPS);
  return TRUE;
}

static JsonNode *deep_copy (JsonNode *node);

/* json_node_copy shares objects and arrays; a pasted node must not */
static JsonObject *
object_copy (JsonObject *obj)
{
  JsonObject *copy = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (obj);

  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (copy, l->data, deep_copy (json_object_get_member (obj, l->data)));
  return copy;
}

static JsonNode *
deep_copy (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *obj = object_copy (json_node_get_object (node));
      JsonNode *copy = json_node_init_object (json_node_alloc (), obj);

      json_object_unref (obj);
      return copy;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      JsonArray *copy = json_array_sized_new (json_array_get_length (array));
      JsonNode *result;

      for (guint i = 0; i < json_array_get_length (array); i++)
        json_array_add_element (copy, deep_copy (json_array_get_element (array, i)));
      result = json_node_init_array (json_node_alloc (), copy);
      json_array_unref (copy);
      return result;
    }
  return json_node_copy (node);
}

char *
lf_scenario_copy (LfScenario        *self,
                  const char *const *node_ids)
{
  g_autoptr(LfScenario) copy = NULL;
  g_autoptr(GHashTable) ids = NULL;
  gboolean grew = TRUE;

  g_return_val_if_fail (LF_IS_SCENARIO (self), NULL);
  g_return_val_if_fail (node_ids != NULL, NULL);

  copy = lf_scenario_new ();
  ids = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; node_ids[i] != NULL; i++)
    {
      LfNode *node = lf_scenario_find_node (self, node_ids[i]);
      LfNode *into;

      if (node == NULL || g_hash_table_contains (ids, node->id))
        continue;
      g_hash_table_add (ids, node->id);
      into = add_node (copy, node->id, node->type, node->x, node->y);
      into->label = g_strdup (node->label);
      json_object_unref (into->props);
      into->props = object_copy (node->props);
    }
  /* edges among the nodes, then on_failure edges of those edges, in file order */
  while (grew)
    {
      grew = FALSE;
      for (guint i = 0; i < self->edges->len; i++)
        {
          LfEdge *edge = g_ptr_array_index (self->edges, i);

          if (edge->id == NULL || edge->from == NULL || edge->to == NULL
              || g_hash_table_contains (ids, edge->id)
              || !g_hash_table_contains (ids, edge->from) || !g_hash_table_contains (ids, edge->to))
            continue;
          g_hash_table_add (ids, edge->id);
          grew = TRUE;
        }
    }
  for (guint i = 0; i < self->edges->len; i++)
    {
      LfEdge *edge = g_ptr_array_index (self->edges, i);
      LfEdge *into;

      if (edge->id == NULL || !g_hash_table_contains (ids, edge->id))
        continue;
      into = add_edge (copy, edge->id, edge->type, edge->from, edge->to);
      json_object_unref (into->props);
      into->props = object_copy (edge->props);
    }
  return lf_scenario_to_data (copy, NULL);
}

gboolean
lf_scenario_paste (LfScenario  *self,
                   const char  *data,
                   gsize        length,
                   double       dx,
                   double       dy,
                   GStrv       *new_ids,
                   GError     **error)
{
  g_autoptr(LfScenario) clip = NULL;
  g_autoptr(GHashTable) renamed = NULL;
  g_autoptr(GStrvBuilder) added = NULL;

  g_return_val_if_fail (LF_IS_SCENARIO (self), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (new_ids != NULL)
    *new_ids = NULL;
  clip = lf_scenario_load_from_data (data, (gssize) length, "clipboard", NULL, error);
  if (clip == NULL)
    return FALSE;
  renamed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  added = g_strv_builder_new ();
  for (guint i = 0; i < clip->nodes->len; i++)
    {
      LfNode *node = g_ptr_array_index (clip->nodes, i);
      const char *role;
      LfNode *into;
      char *id;

      if (node->id == NULL || node->type == LF_NODE_UNKNOWN || !_lf_id_is_valid (node->id)
          || g_hash_table_contains (renamed, node->id))
        continue;
      id = lf_scenario_unique_id (self, node->id);
      g_hash_table_insert (renamed, g_strdup (node->id), id);
      into = add_node (self, id, node->type, node->x + dx, node->y + dy);
      into->label = g_strdup (node->label);
      json_object_unref (into->props);
      into->props = object_copy (node->props);
      role = lf_props_get_string (into->props, "role", NULL);
      if (role != NULL && lf_scenario_find_role (self, role) == NULL)
        json_object_remove_member (into->props, "role");
      g_strv_builder_add (added, id);
    }
  /* edges whose ends were pasted; a second pass for on_failure edges from a pasted ESM */
  for (guint i = 0; i < 2 * clip->edges->len; i++)
    {
      LfEdge *edge = g_ptr_array_index (clip->edges, i % clip->edges->len);
      const char *from = edge->from != NULL ? g_hash_table_lookup (renamed, edge->from) : NULL;
      const char *to = edge->to != NULL ? g_hash_table_lookup (renamed, edge->to) : NULL;
      LfEdge *into;
      char *id;

      if (edge->id == NULL || edge->type == LF_EDGE_UNKNOWN || from == NULL || to == NULL
          || !_lf_id_is_valid (edge->id) || g_hash_table_contains (renamed, edge->id))
        continue;
      id = lf_scenario_unique_id (self, edge->id);
      g_hash_table_insert (renamed, g_strdup (edge->id), id);
      into = add_edge (self, id, edge->type, from, to);
      json_object_unref (into->props);
      into->props = object_copy (edge->props);
    }
  if (new_ids != NULL)
    *new_ids = g_strv_builder_end (added);
  lf_scenario_changed (self, LF_CHANGE_STRUCTURE);
  return TRUE;
}

#define SWAP(a, b) G_STMT_START { gpointer _t = (gpointer) (a); (a) = (b); (b) = _t; } G_STMT_END

gboolean
lf_scenario_restore (LfScenario  *self,
                     const char  *data,
                     gsize        length,
                     GError     **error)
{
  g_autoptr(LfScenario) other = NULL;
  gboolean present;

  g_return_val_if_fail (LF_IS_SCENARIO (self), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  other = lf_scenario_load_from_data (data, (gssize) length, NULL, NULL, error);
  if (other == NULL)
    return FALSE;
  SWAP (self->root, other->root);
  SWAP (self->nodes, other->nodes);
  SWAP (self->edges, other->edges);
  SWAP (self->roles, other->roles);
  SWAP (self->extras, other->extras);
  SWAP (self->settings_fallback, other->settings_fallback);
  SWAP (self->workload_fallback, other->workload_fallback);
  SWAP (self->faults_fallback, other->faults_fallback);
  present = self->nodes_present;
  self->nodes_present = other->nodes_present;
  other->nodes_present = present;
  lf_scenario_changed (self, LF_CHANGE_ALL);
  return TRUE;
}

#undef SWAP

/* ---------------------------------------------------------------------------------------
 * Connecting
 */

static gboolean
resolve_ends (LfScenario  *self,
              const char  *from_id,
              const char  *to_id,
              LfNode     **from,
              LfEdge     **from_edge,
              LfNode     **to,
              char       **why_not)
{
  *from = lf_scenario_find_node (self, from_id);
  *from_edge = *from == NULL ? lf_scenario_find_edge (self, from_id) : NULL;
  *to = lf_scenario_find_node (self, to_id);
  if (*from == NULL && *from_edge == NULL)
    *why_not = g_strdup_printf ("no node or event source mapping edge has id `%s`", from_id);
  else if (*to == NULL)
    *why_not = g_strdup_printf ("no node has id `%s`", to_id);
  else
    return TRUE;
  return FALSE;
}

GArray *
lf_scenario_edge_types_between (LfScenario  *self,
                                const char  *from_id,
                                const char  *to_id,
                                char       **why_not)
{
  GArray *types;
  g_autofree char *reason = NULL;
  g_autofree char *refusal = NULL;
  LfNode *from, *to;
  LfEdge *from_edge;

  g_return_val_if_fail (LF_IS_SCENARIO (self), NULL);
  g_return_val_if_fail (from_id != NULL && to_id != NULL, NULL);

  types = g_array_new (FALSE, FALSE, sizeof (LfEdgeType));
  if (why_not != NULL)
    *why_not = NULL;
  if (!resolve_ends (self, from_id, to_id, &from, &from_edge, &to, &reason))
    {
      if (why_not != NULL)
        *why_not = g_steal_pointer (&reason);
      return types;
    }
  for (LfEdgeType type = LF_EDGE_UNKNOWN + 1; type < LF_N_EDGE_TYPES; type++)
    {
      g_autofree char *why = NULL;
      LfEdgeLegality legality;

      if (from_edge != NULL && type != LF_EDGE_ON_FAILURE)
        continue;
      legality = _lf_edge_legality (self, type, from, from_edge, to, &why);
      if (legality == LF_EDGE_LEGAL)
        g_array_append_val (types, type);
      else if ((legality == LF_EDGE_REFUSED || from_edge != NULL) && refusal == NULL)
        refusal = g_steal_pointer (&why);
    }
  if (types->len == 0 && why_not != NULL)
    *why_not = refusal != NULL ? g_steal_pointer (&refusal) : _lf_edge_none_between (from, to);
  return types;
}

static void
role_add_policy (LfRole *role, const char *name)
{
  guint n = role->managed_policies != NULL ? g_strv_length (role->managed_policies) : 0;

  if (role->managed_policies != NULL
      && g_strv_contains ((const char *const *) role->managed_policies, name))
    return;
  role->managed_policies = g_renew (char *, role->managed_policies, n + 2);
  role->managed_policies[n] = g_strdup (name);
  role->managed_policies[n + 1] = NULL;
}

/* Like Infrastructure Composer: a named role gains what the new edge needs */
static gboolean
grant_for_edge (LfScenario *self, LfEdge *edge)
{
  LfNode *function = NULL;
  const char *actions = NULL, *managed = NULL, *resource = NULL, *role_id;
  g_auto(GStrv) needed = NULL;
  gboolean changed = FALSE;
  LfRole *role;

  if (!_lf_edge_needs (self, edge, &function, &actions, &managed, &resource))
    return FALSE;
  role_id = lf_props_get_string (function->props, "role", NULL);
  role = role_id != NULL ? lf_scenario_find_role (self, role_id) : NULL;
  if (role == NULL || role->allow == NULL)
    return FALSE;
  needed = g_strsplit (actions, " ", -1);
  for (guint i = 0; needed[i] != NULL; i++)
    {
      LfAllow *allow;

      if (_lf_role_grants (role, needed[i], resource))
        continue;
      changed = TRUE;
      if (managed != NULL)
        {
          role_add_policy (role, managed);
          break;
        }
      allow = g_new0 (LfAllow, 1);
      allow->action = g_strdup (needed[i]);
      allow->resource = g_strdup (resource);
      g_ptr_array_add (role->allow, allow);
    }
  return changed;
}

LfEdge *
lf_scenario_connect (LfScenario  *self,
                     const char  *from_id,
                     const char  *to_id,
                     LfEdgeType   type,
                     GError     **error)
{
  g_autofree char *why = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *id = NULL;
  LfNode *from, *to;
  LfEdge *from_edge, *edge;
  LfChangeFlags flags = LF_CHANGE_STRUCTURE;

  g_return_val_if_fail (LF_IS_SCENARIO (self), NULL);
  g_return_val_if_fail (from_id != NULL && to_id != NULL, NULL);
  g_return_val_if_fail (type > LF_EDGE_UNKNOWN && type < LF_N_EDGE_TYPES, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!resolve_ends (self, from_id, to_id, &from, &from_edge, &to, &why))
    {
      g_set_error (error, LF_ERROR, LF_ERROR_UNKNOWN_PATH, "%s", why);
      return NULL;
    }
  if (_lf_edge_legality (self, type, from, from_edge, to, &why) != LF_EDGE_LEGAL)
    {
      g_set_error (error, LF_ERROR, LF_ERROR_INVALID_VALUE, "%s", why);
      return NULL;
    }
  /* ids are at most 64 characters: room for "-NNNNN" */
  prefix = g_strdup_printf ("%.29s-%.28s", from_id, to_id);
  id = lf_scenario_unique_id (self, prefix);
  edge = add_edge (self, id, type, from_id, to_id);
  if (type == LF_EDGE_EVENT_SOURCE_MAPPING)
    {
      gboolean stream = from->type == LF_NODE_KINESIS_STREAM || from->type == LF_NODE_DYNAMODB_TABLE;

      json_object_set_int_member (edge->props, "batch_size",
                                  stream ? LF_ESM_BATCH_SIZE_STREAM_DEFAULT
                                         : LF_ESM_BATCH_SIZE_SQS_DEFAULT);
      if (stream)
        json_object_set_string_member (edge->props, "starting_position", "TRIM_HORIZON");
    }
  if (grant_for_edge (self, edge))
    flags |= LF_CHANGE_PROPS;
  lf_scenario_changed (self, flags);
  return edge;
}

/* ---------------------------------------------------------------------------------------
 * Typed readers. JSON null counts as absent.
 */

static JsonNode *
props_value (JsonObject *props, const char *key)
{
  JsonNode *node;

  if (props == NULL || key == NULL)
    return NULL;
  node = json_object_get_member (props, key);
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? node : NULL;
}

gboolean
lf_props_has (JsonObject *props,
              const char *key)
{
  JsonNode *node = props != NULL && key != NULL ? json_object_get_member (props, key) : NULL;

  return node != NULL && !JSON_NODE_HOLDS_NULL (node);
}

/* Whole seconds as microseconds, without overflowing */
static gboolean
seconds_to_time (double seconds, LfTime *out)
{
  double usec = seconds * 1e6;

  if (!isfinite (usec) || fabs (usec) >= 9.2e18)
    return FALSE;
  *out = (LfTime) llround (usec);
  return TRUE;
}

LfTime
lf_props_get_duration (JsonObject *props,
                       const char *key,
                       LfTime      def)
{
  JsonNode *node = props_value (props, key);
  LfTime value;

  if (node == NULL)
    return def;
  if (holds_string (node))
    return lf_time_parse_duration (json_node_get_string (node), &value, NULL) ? value : def;
  if (holds_number (node))
    return seconds_to_time (json_node_get_double (node), &value) ? value : def;
  return def;
}

gint64
lf_props_get_int (JsonObject *props,
                  const char *key,
                  gint64      def)
{
  JsonNode *node = props_value (props, key);
  double value;

  if (node == NULL || !holds_number (node))
    return def;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  value = json_node_get_double (node);
  if (value == floor (value) && fabs (value) < 9.2e18)
    return (gint64) value;
  return def;
}

double
lf_props_get_double (JsonObject *props,
                     const char *key,
                     double      def)
{
  JsonNode *node = props_value (props, key);

  return node != NULL && holds_number (node) ? json_node_get_double (node) : def;
}

gboolean
lf_props_get_bool (JsonObject *props,
                   const char *key,
                   gboolean    def)
{
  JsonNode *node = props_value (props, key);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return def;
  return json_node_get_boolean (node);
}

const char *
lf_props_get_string (JsonObject *props,
                     const char *key,
                     const char *def)
{
  JsonNode *node = props_value (props, key);

  return node != NULL && holds_string (node) ? json_node_get_string (node) : def;
}

double
lf_props_get_rate (JsonObject *props,
                   const char *key,
                   double      def)
{
  JsonNode *node = props_value (props, key);
  double value;

  if (node == NULL)
    return def;
  if (holds_string (node))
    return lf_time_parse_rate (json_node_get_string (node), &value, NULL) ? value : def;
  if (holds_number (node))
    return json_node_get_double (node);
  return def;
}

gint64
lf_props_get_size (JsonObject *props,
                   const char *key,
                   gint64      def)
{
  JsonNode *node = props_value (props, key);
  gint64 value;

  if (node == NULL)
    return def;
  if (holds_string (node))
    return lf_time_parse_size (json_node_get_string (node), &value, NULL) ? value : def;
  if (holds_number (node))
    return lf_props_get_int (props, key, def);
  return def;
}
