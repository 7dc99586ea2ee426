/* lf-scenario.h: the scenario file `lambdaflow/1` (spec/scenario-format.md)
 *
 * A scenario keeps each node's, edge's, workload item's and fault's settings as the
 * JSON object the file holds (so load → save → load is exact and unknown keys survive),
 * and offers typed readers that fall back on the defaults of lf-aws-limits.h.
 * Validation reports every problem with its JSON path, never only the first.
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "lf-time.h"

G_BEGIN_DECLS

typedef enum {
  LF_NODE_UNKNOWN = 0,
  LF_NODE_CLIENT,
  LF_NODE_API_GATEWAY,
  LF_NODE_ALB,
  LF_NODE_S3_BUCKET,
  LF_NODE_SNS_TOPIC,
  LF_NODE_EVENTBRIDGE_BUS,
  LF_NODE_KINESIS_STREAM,
  LF_NODE_DYNAMODB_TABLE,
  LF_NODE_SQS_QUEUE,
  LF_NODE_LAMBDA_FUNCTION,
  LF_N_NODE_TYPES
} LfNodeType;

typedef enum {
  LF_EDGE_UNKNOWN = 0,
  LF_EDGE_INVOKE,
  LF_EDGE_INTEGRATION,
  LF_EDGE_NOTIFICATION,
  LF_EDGE_SUBSCRIPTION,
  LF_EDGE_RULE,
  LF_EDGE_EVENT_SOURCE_MAPPING,
  LF_EDGE_DLQ,
  LF_EDGE_ON_SUCCESS,
  LF_EDGE_ON_FAILURE,
  LF_EDGE_REDRIVE,
  LF_EDGE_SENDS,
  LF_N_EDGE_TYPES
} LfEdgeType;

typedef enum {
  LF_SEVERITY_WARNING,
  LF_SEVERITY_ERROR,
} LfSeverity;

typedef struct {
  LfSeverity severity;
  char      *path;     /* "nodes[3].props.batch_size", or "line 4:17" for syntax */
  char      *message;  /* "11 is out of range for an SQS FIFO queue (1–10)" */
} LfProblem;

void lf_problem_free (LfProblem *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LfProblem, lf_problem_free)

/* Format extension (spec/scenario-format.md gives no range): a node's `x` and `y` are
 * finite numbers within ±LF_SCENARIO_COORDINATE_MAX canvas units; anything else is an
 * error naming the JSON path (a node far away, or at NaN, left the canvas empty). */
#define LF_SCENARIO_COORDINATE_MAX 1000000.0

typedef struct {
  char       *id;
  LfNodeType  type;
  char       *label;
  double      x, y;
  JsonObject *props;     /* never NULL */
} LfNode;

typedef struct {
  char       *id;
  LfEdgeType  type;
  char       *from;      /* a node id, or for on_failure an ESM edge id */
  char       *to;
  JsonObject *props;     /* never NULL */
} LfEdge;

typedef struct {
  char  *action;
  char  *resource;       /* node id or "*" */
} LfAllow;

typedef struct {
  char       *id;
  GStrv       managed_policies;
  GPtrArray  *allow;     /* LfAllow* */
} LfRole;

#define LF_TYPE_SCENARIO (lf_scenario_get_type ())
G_DECLARE_FINAL_TYPE (LfScenario, lf_scenario, LF, SCENARIO, GObject)

LfScenario *lf_scenario_new             (void);
LfScenario *lf_scenario_load_from_file  (const char  *path,
                                         GPtrArray  **problems,   /* out, LfProblem*, may be NULL */
                                         GError     **error);
LfScenario *lf_scenario_load_from_data  (const char  *data,
                                         gssize       length,
                                         const char  *filename,   /* for messages, may be NULL */
                                         GPtrArray  **problems,
                                         GError     **error);
char       *lf_scenario_to_data         (LfScenario  *self, gsize *length);
gboolean    lf_scenario_save_to_file    (LfScenario  *self, const char *path, GError **error); /* atomic */
gboolean    lf_scenario_equal           (LfScenario  *a, LfScenario *b);

/* Every problem (errors and warnings), each with its JSON path. */
GPtrArray  *lf_scenario_validate        (LfScenario  *self);
gboolean    lf_problems_have_errors     (GPtrArray   *problems);

/* --set ID.PROP=VALUE, settings.KEY=VALUE, or top-level KEY=VALUE (seed, duration).
 * VALUE is parsed as JSON if it parses, else taken as a string. */
gboolean    lf_scenario_set             (LfScenario  *self, const char *path, const char *value, GError **error);

const char *lf_scenario_get_title       (LfScenario *self);
const char *lf_scenario_get_description (LfScenario *self);
guint64     lf_scenario_get_seed        (LfScenario *self);
void        lf_scenario_set_seed        (LfScenario *self, guint64 seed);
LfTime      lf_scenario_get_duration    (LfScenario *self);
void        lf_scenario_set_duration    (LfScenario *self, LfTime duration);
JsonObject *lf_scenario_get_settings    (LfScenario *self);   /* never NULL */
GPtrArray  *lf_scenario_get_nodes       (LfScenario *self);   /* LfNode*, owned */
GPtrArray  *lf_scenario_get_edges       (LfScenario *self);   /* LfEdge*, owned */
GPtrArray  *lf_scenario_get_roles       (LfScenario *self);   /* LfRole*, owned */
JsonArray  *lf_scenario_get_workload    (LfScenario *self);   /* of objects, never NULL */
JsonArray  *lf_scenario_get_faults      (LfScenario *self);   /* of objects, never NULL */
JsonNode   *lf_scenario_get_walkthrough (LfScenario *self);   /* may be NULL */

LfNode     *lf_scenario_find_node       (LfScenario *self, const char *id);
LfEdge     *lf_scenario_find_edge       (LfScenario *self, const char *id);
LfRole     *lf_scenario_find_role       (LfScenario *self, const char *id);

/* Model building (the designer and tests use these) */
LfNode     *lf_scenario_add_node        (LfScenario *self, const char *id, LfNodeType type, double x, double y);
LfEdge     *lf_scenario_add_edge        (LfScenario *self, const char *id, LfEdgeType type, const char *from, const char *to);

/* Editing (the designer's commands; each emits "changed" once).
 *
 * "changed" (LfScenario *self, guint flags): flags are LfChangeFlags. STRUCTURE: nodes, edges,
 * roles, workload or faults were added or removed (pointers from the getters may be stale);
 * PROPS: a value changed (props, labels, settings, title, seed, …); LAYOUT: only positions.
 * Code that edits a props object in place calls lf_scenario_changed itself. */
typedef enum {
  LF_CHANGE_STRUCTURE = 1 << 0,
  LF_CHANGE_PROPS     = 1 << 1,
  LF_CHANGE_LAYOUT    = 1 << 2,
  LF_CHANGE_ALL       = 0x7,
} LfChangeFlags;

void        lf_scenario_changed         (LfScenario *self, LfChangeFlags flags);

/* A role with these managed policies (NULL-terminated, may be NULL) and no allows; NULL when
 * the id is taken. One "changed" (STRUCTURE). */
LfRole     *lf_scenario_add_role        (LfScenario *self, const char *id,
                                         const char * const *managed_policies);
gboolean    lf_scenario_remove_role     (LfScenario *self, const char *id);
/* Appends a workload item or a fault (an object whose "id" is free; the scenario takes a
 * reference). One "changed" (STRUCTURE). */
gboolean    lf_scenario_add_workload_item (LfScenario *self, JsonObject *item, GError **error);
gboolean    lf_scenario_add_fault       (LfScenario *self, JsonObject *fault, GError **error);
/* Removes the workload item or fault with this id. */
gboolean    lf_scenario_remove_item     (LfScenario *self, const char *id);

/* Removes the node and everything that refers to it: its edges, the on_success/on_failure
 * edges hanging off those edges, workload items and faults targeting it, role `allow`
 * entries whose resource it is, and walkthrough references (dropped from `highlight`;
 * a `focus` on it is removed; an `until.node` on it is removed, so the step waits for the
 * kind at any node). FALSE when no node has the id. */
gboolean    lf_scenario_remove_node     (LfScenario *self, const char *id);
/* Removes the edge, on_success/on_failure edges whose `from` is it, and walkthrough references */
gboolean    lf_scenario_remove_edge     (LfScenario *self, const char *id);
gboolean    lf_scenario_move_node       (LfScenario *self, const char *id, double x, double y);
/* NULL or "" removes the label */
gboolean    lf_scenario_set_label       (LfScenario *self, const char *id, const char *label);
/* Renames a node, edge or role and every reference to it (edges, on_failure from an ESM,
 * workload and fault targets, allow resources, function roles, walkthrough steps).
 * FALSE when new_id is malformed or taken. */
gboolean    lf_scenario_rename_id       (LfScenario *self, const char *old_id, const char *new_id,
                                         GError **error);
/* `prefix` when no node, edge, role, workload item or fault has it, else prefix-2, prefix-3, … */
char       *lf_scenario_unique_id       (LfScenario *self, const char *prefix);
/* Replaces the whole content from a saved text, in place (the object stays; node and edge
 * pointers do not). On failure the scenario is unchanged. Emits "changed" (ALL). */
gboolean    lf_scenario_restore         (LfScenario *self, const char *data, gsize length, GError **error);

/* Copy and paste (duplicate is copy then paste): the nodes named and the edges among them
 * (with on_failure edges of copied ESMs) as a `lambdaflow/1` text, so it can cross windows
 * through the clipboard. Paste adds them with fresh ids (the old id when free, else id-2, …),
 * offset by dx, dy; a function keeps its `role` when the role exists here. `new_ids` (may be
 * NULL) gets the new node ids in order. One "changed". */
char       *lf_scenario_copy            (LfScenario *self, const char *const *node_ids);
gboolean    lf_scenario_paste           (LfScenario *self, const char *data, gsize length,
                                         double dx, double dy, GStrv *new_ids, GError **error);

/* Connection rules (spec/scenario-format.md "Edges"): the LfEdgeType values that may join
 * `from_id` (a node, or for on_failure an event_source_mapping edge) to `to_id`, in the
 * order of the spec's table. When none, `why_not` (may be NULL) gets the reason with its
 * rule id, else NULL. A type is legal when the validator would report no error for it:
 * node types, FIFO targets, one DLQ/destination/redrive per source, SQS-4. */
GArray     *lf_scenario_edge_types_between (LfScenario *self, const char *from_id, const char *to_id,
                                            char **why_not);
/* Creates the edge with AWS's defaults (an event source mapping gets batch_size for its
 * source and starting_position TRIM_HORIZON for streams) and, when the function has a named
 * role, adds what the edge needs to it: the managed policy for an ESM's source, an allow
 * {action, resource} for a write (DLQ, destination, sends). One "changed" emission. */
LfEdge     *lf_scenario_connect         (LfScenario *self, const char *from_id, const char *to_id,
                                         LfEdgeType type, GError **error);

const char *lf_node_type_to_string      (LfNodeType type);
LfNodeType  lf_node_type_from_string    (const char *text);
const char *lf_edge_type_to_string      (LfEdgeType type);
LfEdgeType  lf_edge_type_from_string    (const char *text);

/* Typed readers of a props (or workload/fault/settings) object. Each returns `def` when
 * the key is absent; values are assumed validated (an unparsable one also gives `def`). */
LfTime      lf_props_get_duration  (JsonObject *props, const char *key, LfTime def);
gint64      lf_props_get_int       (JsonObject *props, const char *key, gint64 def);
double      lf_props_get_double    (JsonObject *props, const char *key, double def);
gboolean    lf_props_get_bool      (JsonObject *props, const char *key, gboolean def);
const char *lf_props_get_string    (JsonObject *props, const char *key, const char *def);
gboolean    lf_props_has           (JsonObject *props, const char *key);
double      lf_props_get_rate      (JsonObject *props, const char *key, double def); /* per second */
gint64      lf_props_get_size      (JsonObject *props, const char *key, gint64 def);  /* bytes */

G_END_DECLS
