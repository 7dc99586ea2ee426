/* lf-scenario-private.h: what lf-scenario.c and lf-scenario-validate.c share */
#pragma once

#include "lf-scenario.h"

G_BEGIN_DECLS

#define LF_SCENARIO_FORMAT "lambdaflow/1"

/* What a node, edge or role object held that its public struct cannot: keys the model does
 * not know (kept in file order, so they survive a round trip), known keys whose value had
 * the wrong JSON type, a type name that names no type, or the whole element when it was not
 * an object. Saving writes these back; validation reports them. */
typedef struct {
  JsonObject *extra;      /* never NULL */
  char       *raw_type;  /* "type" as written when it names no LfNodeType / LfEdgeType */
  JsonNode   *raw;       /* the element itself when it is not a JSON object */
} LfExtra;

struct _LfScenario {
  GObject     parent_instance;

  JsonObject *root;       /* every top-level key except nodes, edges and roles (when arrays) */
  GPtrArray  *nodes;      /* LfNode* */
  GPtrArray  *edges;      /* LfEdge* */
  GPtrArray  *roles;      /* LfRole* */
  gboolean    nodes_present;

  /* LfExtra per node/edge, keyed by its props object, per role keyed by its allow array;
   * the key is referenced so that its address is never reused while the entry lives. */
  GHashTable *extras;

  /* returned by the getters when the file holds a value of the wrong type */
  JsonObject *settings_fallback;
  JsonArray  *workload_fallback;
  JsonArray  *faults_fallback;
};

LfExtra    *_lf_scenario_node_extra   (LfScenario *self, LfNode *node);  /* may be NULL */
LfExtra    *_lf_scenario_edge_extra   (LfScenario *self, LfEdge *edge);  /* may be NULL */
LfExtra    *_lf_scenario_role_extra   (LfScenario *self, LfRole *role);  /* may be NULL */

/* The keys lf_scenario_set may change, from the tables of lf-scenario-validate.c */
GStrv       _lf_scenario_node_keys     (LfNode *node);
GStrv       _lf_scenario_edge_keys     (LfScenario *self, LfEdge *edge);
GStrv       _lf_scenario_workload_keys (void);
GStrv       _lf_scenario_fault_keys    (JsonObject *fault);
GStrv       _lf_scenario_settings_keys (void);

/* The candidate closest to `word` by edit distance when it is close enough to be a typo */
const char *_lf_suggest               (const char *word, const char *const *candidates);

/* Depth of JSON nesting: FALSE, with the line and column of the bracket, when deeper than
 * `max_depth`. Strings are skipped, so this runs before a parser can recurse. */
gboolean    _lf_json_depth_ok          (const char *data, gsize length, guint max_depth,
                                        guint *line, guint *column);

/* Number text as the serializer writes it (shortest exact), for messages */
char       *_lf_json_value_to_text     (JsonNode *node);

/* Connection rules, from the tables of lf-scenario-validate.c. `from_edge` is set (and
 * `from` NULL) for an on_failure from an event source mapping's edge. */
typedef enum {
  LF_EDGE_LEGAL,
  LF_EDGE_WRONG_NODES,   /* the edge type never joins these node types */
  LF_EDGE_REFUSED,       /* it would, but a rule refuses this pair (FIFO, one DLQ, SQS-4, …) */
} LfEdgeLegality;

LfEdgeLegality _lf_edge_legality      (LfScenario *self, LfEdgeType type, LfNode *from,
                                       LfEdge *from_edge, LfNode *to, char **why_not);
/* Why no edge type joins these nodes at all, naming what `from` does connect to */
char       *_lf_edge_none_between      (LfNode *from, LfNode *to);
/* What the function's role needs for `edge`: `actions` (space-separated) on `resource`, and
 * the managed policy that grants them all for an ESM (NULL for writes). FALSE when the edge
 * needs nothing from a role. */
gboolean    _lf_edge_needs             (LfScenario *self, LfEdge *edge, LfNode **function,
                                        const char **actions, const char **managed,
                                        const char **resource);
/* [A-Za-z0-9_-]{1,64} */
gboolean    _lf_id_is_valid            (const char *id);
gboolean    _lf_role_grants            (LfRole *role, const char *action, const char *resource);

LfProblem  *_lf_problem_new            (LfSeverity severity, const char *path, const char *message);

G_END_DECLS
